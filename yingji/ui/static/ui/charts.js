/* Charts from data blocks: <div data-chart="bar" data-chart-source="ID"
 * data-echarts-src="…/echarts.min.js"> where ID is a json_script element holding
 * {"title": …, "items": [{"name": …, "value": …}]}. ECharts loads only on pages
 * that have a chart. Modules add chart kinds with YingjiCharts.builders[kind]. */
(function () {
  "use strict";

  var loading = null;

  function loadEcharts(src) {
    if (window.echarts) {
      return Promise.resolve(window.echarts);
    }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = function () { resolve(window.echarts); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  /* 1234567 -> "123.5万", 2.5e8 -> "2.5亿": value axes with large figures (people,
   * 万元) stay short enough not to run into each other. */
  function compact(value) {
    var n = Number(value);
    var abs = Math.abs(n);
    function trim(x) { return String(Math.round(x * 10) / 10); }
    if (abs >= 1e8) { return trim(n / 1e8) + "亿"; }
    if (abs >= 1e4) { return trim(n / 1e4) + "万"; }
    return String(Math.round(n * 100) / 100);
  }

  /* Bar labels keep the exact figure, grouped by thousands. */
  function exact(value) {
    return Number(value).toLocaleString("zh-CN", { maximumFractionDigits: 2 });
  }

  function bar(data, element) {
    var items = data.items || [];
    var max = items.reduce(function (m, i) { return Math.max(m, Math.abs(Number(i.value) || 0)); }, 0);
    element.style.height = Math.max(180, items.length * 30 + 40) + "px";
    return {
      color: ["#206bc4"],
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: exact },
      textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
      grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
      xAxis: {
        type: "value", minInterval: 1, splitNumber: 4, splitLine: { lineStyle: { color: "#e6e7e9" } },
        axisLabel: { formatter: compact, hideOverlap: true, rotate: max >= 1e6 ? 30 : 0 }
      },
      yAxis: {
        type: "category", inverse: true, data: items.map(function (i) { return i.name; }),
        axisTick: { show: false }, axisLabel: { width: 110, overflow: "truncate" }
      },
      series: [{
        type: "bar", name: data.title || "数量", barMaxWidth: 18,
        data: items.map(function (i) { return i.value; }),
        label: { show: true, position: "right", formatter: function (p) { return exact(p.value); } },
        itemStyle: { borderRadius: [0, 3, 3, 0] }
      }]
    };
  }

  var builders = { bar: bar };

  function init(element) {
    if (element.getAttribute("data-chart-ready")) {
      return;
    }
    element.setAttribute("data-chart-ready", "1");
    var source = document.getElementById(element.getAttribute("data-chart-source"));
    var build = builders[element.getAttribute("data-chart")];
    if (!source || !build) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var option = build(data, element);
    loadEcharts(element.getAttribute("data-echarts-src")).then(function (echarts) {
      var chart = echarts.init(element, null, { renderer: "canvas" });
      chart.setOption(option);
      window.addEventListener("resize", function () { chart.resize(); });
    }).catch(function () {
      element.textContent = "图表组件加载失败";
    });
  }

  function initAll(scope) {
    var root = scope && scope.querySelectorAll ? scope : document;
    Array.prototype.forEach.call(root.querySelectorAll("[data-chart]"), init);
  }

  window.YingjiCharts = { builders: builders, init: init, compact: compact };
  document.addEventListener("DOMContentLoaded", function () { initAll(document); });
  document.addEventListener("htmx:load", function (event) { initAll(event.target); });
})();
