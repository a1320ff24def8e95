/* The public map of current warnings (templates/warnings/public_list.html).
 *
 * One request for the warnings' GeoJSON, split into one layer per level (red first),
 * each in its signal colour: a drawn polygon is filled, a warning for named regions is
 * a circle round each region's centre, sized by the region's level. The map then fits
 * the warnings; tapping an area opens its title, issuer, validity and a link.
 */
(function () {
  "use strict";

  var element = document.getElementById("warnings-map");
  var levelsBlock = document.getElementById("warnings-levels");
  if (!element || !levelsBlock || !window.YingjiMap) {
    return;
  }
  var levels = JSON.parse(levelsBlock.textContent);

  window.YingjiMap.whenReady("warnings-map", function (m) {
    fetch(element.getAttribute("data-warnings-url"), { headers: { "Accept": "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        var L = m.L;
        var control = L.control.layers(null, null, { collapsed: false }).addTo(m.map);
        return levels.map(function (level) {
          var features = data.features.filter(function (f) {
            return f.properties.level === level.level;
          });
          if (!features.length) {
            return null;
          }
          var style = { color: level.color, weight: 2, fillColor: level.color, fillOpacity: 0.3 };
          var layer = L.geoJSON({ type: "FeatureCollection", features: features }, {
            style: function () { return style; },
            // A warning for named regions: a circle about the size of the region.
            pointToLayer: function (feature, latlng) {
              return L.circle(latlng, Object.assign({ radius: feature.properties.radius || 1000 }, style));
            },
            onEachFeature: function (feature, item) {
              var box = document.createElement("div");
              box.style.whiteSpace = "pre-line";
              var link = document.createElement("a");
              link.href = feature.properties.url;
              link.textContent = "查看详情";
              box.appendChild(document.createTextNode(feature.properties.popup + "\n"));
              box.appendChild(link);
              item.bindTooltip(feature.properties.name);
              item.bindPopup(box);
            }
          }).addTo(m.map);
          control.addOverlay(layer, level.label + "（" + features.length + "）");
          return layer;
        }).filter(Boolean);
      })
      .then(function (layers) {
        element.setAttribute("data-warning-layers", String(layers.length));
        if (!layers.length) {
          return;
        }
        var bounds = layers[0].getBounds();
        layers.slice(1).forEach(function (layer) { bounds.extend(layer.getBounds()); });
        if (bounds.isValid()) {
          m.map.fitBounds(bounds, { padding: [24, 24], maxZoom: 12, animate: false });
        }
      })
      .catch(function () {
        element.setAttribute("data-map-error", "预警区域加载失败");
      });
  });
})();
