/* Governance's charts for charts.js: the work plan board's stacked bars, fed {"categories": [...],
 * "series": [{"name", "code", "data"}]}: one bar per department or district, one
 * segment per status (done, on time, late, not started). */
(function () {
  "use strict";
  var COLOURS = { done: "#2fb344", on_time: "#206bc4", late: "#d63939", not_started: "#9aa0ac" };
  function stack(data, element) {
    var categories = data.categories || [];
    element.style.height = Math.max(200, categories.length * 32 + 60) + "px";
    return {
      textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: categories,
               axisTick: { show: false }, axisLabel: { width: 120, overflow: "truncate" } },
      series: (data.series || []).map(function (s) {
        return { type: "bar", stack: "total", name: s.name, data: s.data, barMaxWidth: 18,
                 itemStyle: { color: COLOURS[s.code] } };
      })
    };
  }
  /* An indicator's monthly trend, fed {"months", "values", "target", "unit"}: the line
   * of the figures (a month without data is a gap) and the target as a dashed line. */
  function trend(data, element) {
    element.style.height = "260px";
    var unit = data.unit || "";
    var series = [{ type: "line", name: "指标值", data: data.values || [], connectNulls: false,
                    symbolSize: 7, label: { show: true, formatter: function (p) {
                      return p.value === null || p.value === undefined ? "" : p.value + unit; } } }];
    if (data.target !== null && data.target !== undefined) {
      series.push({ type: "line", name: "目标", symbol: "none",
                    data: (data.months || []).map(function () { return data.target; }),
                    lineStyle: { type: "dashed", color: "#d63939" }, itemStyle: { color: "#d63939" } });
    }
    return {
      textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.months || [] },
      yAxis: { type: "value", axisLabel: { formatter: "{value}" + unit } },
      series: series
    };
  }
  /* A consultation report part's monthly trend, fed {"months", "series": [{"name",
   * "unit", "values"}]}: one line per indicator, rates on the left axis and counts on
   * the right one when the part has both. */
  function lines(data, element) {
    element.style.height = "260px";
    var series = data.series || [];
    var units = [];
    series.forEach(function (s) { if (units.indexOf(s.unit) < 0) { units.push(s.unit); } });
    return {
      textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.months || [] },
      yAxis: units.slice(0, 2).map(function (unit) {
        return { type: "value", minInterval: unit === "%" ? 0 : 1, axisLabel: { formatter: "{value}" + unit } };
      }),
      series: series.map(function (s) {
        return { type: units.indexOf(s.unit) === 0 ? "line" : "bar", name: s.name, data: s.values,
                 yAxisIndex: Math.min(units.indexOf(s.unit), 1), connectNulls: false, symbolSize: 7 };
      })
    };
  }
  function register() {
    if (!window.YingjiCharts) { return; }
    window.YingjiCharts.builders["governance-stack"] = stack;
    window.YingjiCharts.builders["governance-trend"] = trend;
    window.YingjiCharts.builders["governance-lines"] = lines;
    document.querySelectorAll("[data-chart^='governance-']").forEach(function (element) {
      element.removeAttribute("data-chart-ready");
      window.YingjiCharts.init(element);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", register);
  } else {
    register();
  }
})();
