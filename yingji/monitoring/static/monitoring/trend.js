/* Point trend chart (ECharts): the series from the trend API with the alarm thresholds
 * drawn as dashed lines (red: 高高/低低, orange: 高/低). */
(function () {
  "use strict";
  var loading = null;
  function loadEcharts(src) {
    if (window.echarts) { return Promise.resolve(window.echarts); }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = src; s.onload = function () { resolve(window.echarts); }; s.onerror = reject;
        document.head.appendChild(s);
      });
    }
    return loading;
  }

  // A round tick step giving about eight intervals over ``span``: 1, 2 or 5 × 10^n.
  function niceStep(span) {
    var raw = (span > 0 ? span : 1) / 8;
    var magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    var f = raw / magnitude;
    return magnitude * (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10);
  }

  function option(data) {
    var t = data.thresholds || {};
    var lines = [];
    [["hh", "高高", "#d63939"], ["h", "高", "#f76707"], ["l", "低", "#f76707"], ["ll", "低低", "#d63939"]]
      .forEach(function (d) {
        if (t[d[0]] !== null && t[d[0]] !== undefined) {
          lines.push({ yAxis: t[d[0]], name: d[1], lineStyle: { color: d[2], type: "dashed" },
                       label: { formatter: d[1] + " {c}", color: d[2] } });
        }
      });
    // The axis spans the data and every threshold, so the limits are always drawn, and
    // ends on round numbers (0–10, not 0.045–10.055).
    var values = data.series.map(function (p) { return p[1]; });
    lines.forEach(function (l) { values.push(l.yAxis); });
    var low = Math.min.apply(null, values.length ? values : [0]);
    var high = Math.max.apply(null, values.length ? values : [1]);
    var step = niceStep(high - low);
    var min = Math.floor(low / step) * step;
    var max = Math.ceil(high / step) * step;
    if (min === low && !(low >= 0 && min - step < 0)) { min -= step; }
    if (max === high) { max += step; }
    return {
      textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 70, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: "time" },
      yAxis: { type: "value", name: data.unit, min: +min.toFixed(6), max: +max.toFixed(6) },
      dataZoom: [{ type: "inside" }],
      series: [{
        type: "line", name: data.name, showSymbol: false, data: data.series.map(function (p) { return [p[0], p[1]]; }),
        markLine: { symbol: "none", silent: true, data: lines }
      }]
    };
  }

  document.querySelectorAll(".monitoring-trend").forEach(function (el) {
    var chart = null;
    function draw(url) {
      Promise.all([loadEcharts(el.getAttribute("data-echarts-src")),
                   fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); })])
        .then(function (res) {
          if (!chart) {
            chart = res[0].init(el);
            // data-drawn: the drawing (and its animation) is complete.
            chart.on("finished", function () { el.setAttribute("data-drawn", el.getAttribute("data-points")); });
          }
          el.removeAttribute("data-drawn");
          el.setAttribute("data-points", String(res[1].series.length));
          chart.setOption(option(res[1]), true);
        });
    }
    draw(el.getAttribute("data-trend-url"));
    document.querySelectorAll("[data-trend-hours]").forEach(function (button) {
      button.addEventListener("click", function () {
        document.querySelectorAll("[data-trend-hours]").forEach(function (b) { b.classList.remove("active"); });
        button.classList.add("active");
        draw(el.getAttribute("data-trend-url").split("?")[0] + "?hours=" + button.getAttribute("data-trend-hours"));
      });
    });
    window.addEventListener("resize", function () { if (chart) { chart.resize(); } });
  });
})();
