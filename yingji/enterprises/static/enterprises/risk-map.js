/* 四色风险图: one request for the filtered enterprises, one map layer per colour.
 * The page holds a json_script "risk-map-config" with {"map": id, "url": GeoJSON URL,
 * "layers": [{"colour", "name", "color"}]}. Popups are built here from the compact
 * feature properties (id, name, colour, grade). */
(function () {
  "use strict";

  var GRADES = { 1: "一级", 2: "二级", 3: "三级", 4: "四级" };

  function start() {
    var source = document.getElementById("risk-map-config");
    if (!source || !window.YingjiMap) {
      return;
    }
    var config = JSON.parse(source.textContent);
    window.YingjiMap.whenReady(config.map, function (map) {
      fetch(config.url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          var note = document.getElementById("risk-map-note");
          if (note && data.truncated) {
            note.hidden = false;
          }
          var added = [];
          config.layers.forEach(function (layer) {
            var features = (data.features || []).filter(function (f) {
              return (f.properties.colour || "") === layer.colour;
            }).map(function (f) {
              var p = f.properties;
              p.popup = p.name + "｜风险：" + layer.name + (p.grade ? "｜" + GRADES[p.grade] + "重大危险源" : "");
              return f;
            });
            if (features.length) {
              added.push(map.addGeoJSON(layer.name + "（" + features.length + "）",
                { type: "FeatureCollection", features: features }, { color: layer.color }));
            }
          });
          // The list reads from red down; on the map the most severe must be drawn last,
          // so that a red enterprise is never hidden under unassessed ones nearby.
          Promise.all(added).then(function (layers) {
            layers.reverse().forEach(function (layer) { layer.bringToFront(); });
            // Show what the filter selected: the map follows the matching enterprises.
            if (layers.length && map.map && window.L) {
              var bounds = window.L.featureGroup(layers).getBounds();
              if (bounds.isValid()) {
                map.map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
              }
            }
          });
        });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
