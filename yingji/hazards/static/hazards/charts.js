/* The month trend of the hazard analysis page: a line chart builder for charts.js,
 * fed {"months": [...], "series": [{"name", "data"}]}. */
(function () {
  "use strict";
  function line(data, element) {
    return {
      color: ["#d63939", "#2fb344"],
      textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.months || [] },
      yAxis: { type: "value", minInterval: 1 },
      series: (data.series || []).map(function (s) {
        return { type: "line", name: s.name, data: s.data, smooth: true };
      })
    };
  }
  function register() {
    if (!window.YingjiCharts) { return; }
    window.YingjiCharts.builders["hazard-line"] = line;
    var element = document.querySelector("[data-chart='hazard-line']");
    if (element) { element.removeAttribute("data-chart-ready"); window.YingjiCharts.init(element); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", register);
  } else {
    register();
  }
})();
