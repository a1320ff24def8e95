/* Drawing a bulletin's target area on the edit page (templates/warnings/bulletin_edit.html).
 *
 * Each click on the map adds a corner; the polygon field (a GeoJSON Polygon, lon/lat)
 * follows as a closed ring once there are three corners, and is emptied below that.
 * "撤销上一点" removes the last corner, "清除范围" all of them; a polygon typed or
 * pasted into the field is drawn when the field changes. The server checks the
 * polygon again (closed, at least 3 points, inside China).
 */
(function () {
  "use strict";

  var input = document.querySelector("[data-polygon-input]");
  var status = document.getElementById("polygon-status");
  if (!input || !window.YingjiMap) {
    return;
  }

  function round(value) {
    return Math.round(value * 1e6) / 1e6;
  }

  function parse(text) {
    try {
      var geometry = JSON.parse(text);
      var ring = geometry && geometry.type === "Polygon" && geometry.coordinates[0];
      if (!Array.isArray(ring)) {
        return [];
      }
      var points = ring.map(function (p) { return [Number(p[0]), Number(p[1])]; });
      var last = points[points.length - 1];
      if (points.length > 1 && last[0] === points[0][0] && last[1] === points[0][1]) {
        points.pop();
      }
      return points;
    } catch (error) {
      return [];
    }
  }

  window.YingjiMap.whenReady("polygon-map", function (m) {
    var L = m.L;
    var corners = parse(input.value);
    var shape = L.layerGroup().addTo(m.map);

    function draw(fit) {
      shape.clearLayers();
      var latlngs = corners.map(function (p) { return [p[1], p[0]]; });
      if (latlngs.length >= 3) {
        L.polygon(latlngs, { color: "#d63939", weight: 2, fillOpacity: 0.25 }).addTo(shape);
      } else if (latlngs.length === 2) {
        L.polyline(latlngs, { color: "#d63939", weight: 2, dashArray: "4 4" }).addTo(shape);
      }
      latlngs.forEach(function (latlng, index) {
        L.circleMarker(latlng, {
          radius: 5, weight: 2, color: "#ffffff", fillColor: "#d63939", fillOpacity: 1,
          className: "polygon-corner"
        }).bindTooltip("第" + (index + 1) + "点").addTo(shape);
      });
      if (fit && latlngs.length >= 2) {
        m.map.fitBounds(L.latLngBounds(latlngs), { padding: [30, 30], maxZoom: 13, animate: false });
      }
      if (status) {
        status.textContent = corners.length >= 3
          ? "已绘制" + corners.length + "个点，保存后生效"
          : "已绘制" + corners.length + "个点，至少需要3个点";
      }
      m.element.setAttribute("data-corners", String(corners.length));
    }

    function write() {
      if (corners.length < 3) {
        input.value = "";
      } else {
        var ring = corners.concat([corners[0]]);
        input.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
      }
      draw(false);
    }

    m.map.on("click", function (event) {
      corners.push([round(event.latlng.lng), round(event.latlng.lat)]);
      write();
    });
    document.getElementById("polygon-undo").addEventListener("click", function () {
      corners.pop();
      write();
    });
    document.getElementById("polygon-clear").addEventListener("click", function () {
      corners = [];
      write();
    });
    input.addEventListener("change", function () {
      corners = parse(input.value);
      draw(true);
    });
    draw(true);
  });
})();
