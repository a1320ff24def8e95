/* The work plan board's stacked bars for charts.js, fed {"categories": [...],
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
  function register() {
    if (!window.YingjiCharts) { return; }
    window.YingjiCharts.builders["governance-stack"] = stack;
    document.querySelectorAll("[data-chart='governance-stack']").forEach(function (element) {
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
