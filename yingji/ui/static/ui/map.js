/* The shared map component (templates/ui/components/map.html).
 *
 * Leaflet loads only on pages with a [data-map] element. With a tile URL
 * (YINGJI_MAP_TILE_URL) it is the base layer; without one the map draws an offline
 * base: the centroids of the city and county regions in the user's scope as labelled
 * circles on a plain background. Modules add GeoJSON layers either declaratively
 * (a json_script list of {"name", "url", "color"} named by data-layers-source) or
 * from their own static JS:
 *
 *   YingjiMap.whenReady("main-map", function (m) {
 *     m.addGeoJSON("隐患", "/hazards/map.geojson", {color: "#d63939"});
 *   });
 *
 * Feature properties "name" (tooltip) and "popup" (plain text) are shown.
 * ``YingjiMap.get(id).reload()`` re-reads the layers loaded from URLs.
 */
(function () {
  "use strict";

  var loading = null;
  var instances = {};
  var waiting = {};

  function loadLeaflet(src) {
    if (window.L) {
      return Promise.resolve(window.L);
    }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = function () { resolve(window.L); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function fetchJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      });
  }

  function YingjiMap(element, L) {
    this.element = element;
    this.L = L;
    var center = (element.getAttribute("data-center") || "30.593,114.305").split(",").map(Number);
    var zoom = Number(element.getAttribute("data-zoom") || 9);
    this.map = L.map(element, { preferCanvas: true, attributionControl: true }).setView(center, zoom);
    this.map.attributionControl.setPrefix(false);
    L.control.scale({ imperial: false }).addTo(this.map);
    this.layers = null;
    var tiles = element.getAttribute("data-tile-url");
    if (tiles) {
      L.tileLayer(tiles, { attribution: element.getAttribute("data-attribution") || "", maxZoom: 18 })
        .addTo(this.map);
    } else {
      element.classList.add("yingji-map-offline");
      this.map.attributionControl.addAttribution("离线底图：行政区划中心点");
      this.loadRegions(element.getAttribute("data-regions-url"));
    }
    this.watchLabels();
  }

  YingjiMap.prototype.watchLabels = function () {
    var self = this;
    function update() {
      self.element.classList.toggle("show-county-labels", self.map.getZoom() >= 8);
      self.declutter();
    }
    this.map.on("zoomend moveend", update);
    update();
  };

  // Hide region labels that would overlap a label already shown; when counties are
  // labelled (zoomed in) they win over their city's label. Zooming in shows them again.
  YingjiMap.prototype.declutter = function () {
    var labels = Array.prototype.slice.call(this.element.querySelectorAll(".region-label"));
    labels.sort(function (a, b) {
      return Number(a.getAttribute("data-rank") || 9) - Number(b.getAttribute("data-rank") || 9);
    });
    var kept = [];
    labels.forEach(function (label) {
      label.classList.remove("region-label-hidden");
      var box = label.getBoundingClientRect();
      if (!box.width) {
        return;
      }
      var clash = kept.some(function (other) {
        return box.left < other.right && box.right > other.left &&
          box.top < other.bottom && box.bottom > other.top;
      });
      if (clash) {
        label.classList.add("region-label-hidden");
      } else {
        kept.push(box);
      }
    });
  };

  YingjiMap.prototype.loadRegions = function (url) {
    var self = this;
    var L = this.L;
    if (!url) {
      return;
    }
    fetchJSON(url).then(function (data) {
      var layer = L.geoJSON(data, {
        pointToLayer: function (feature, latlng) {
          var city = feature.properties.level <= 2;
          return L.circleMarker(latlng, {
            radius: city ? 7 : 5, weight: 2, color: "#ffffff",
            fillColor: city ? "#1d4f91" : "#4a86c5", fillOpacity: 0.95
          });
        },
        onEachFeature: function (feature, marker) {
          var city = feature.properties.level <= 2;
          marker.bindTooltip(feature.properties.name, {
            permanent: true, direction: city ? "top" : "right", offset: city ? [0, -8] : [6, 0],
            className: "region-label region-label-" + feature.properties.level
          });
        }
      }).addTo(self.map);
      layer.eachLayer(function (marker) {
        var tooltip = marker.getTooltip();
        var element = tooltip && tooltip.getElement();
        if (element) {
          element.setAttribute("data-rank", String(10 - marker.feature.properties.level));
        }
      });
      // data-keep-view: the page fits the map to its own layers (e.g. current warnings).
      if (data.features && data.features.length > 1 && !self.element.hasAttribute("data-keep-view")) {
        self.map.fitBounds(layer.getBounds(), { padding: [30, 30], maxZoom: 11, animate: false });
      }
      self.declutter();
    }).catch(function () {
      self.element.setAttribute("data-map-error", "区划底图加载失败");
    });
  };

  YingjiMap.prototype.addGeoJSON = function (name, source, options) {
    var self = this;
    var L = this.L;
    var color = (options && options.color) || "#d63939";
    var promise = typeof source === "string" ? fetchJSON(source) : Promise.resolve(source);
    return promise.then(function (data) {
      var layer = L.geoJSON(data, {
        style: function () { return { color: color, weight: 2, fillOpacity: 0.2 }; },
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, {
            radius: 6, weight: 2, color: "#ffffff", fillColor: color, fillOpacity: 0.95
          });
        },
        onEachFeature: function (feature, item) {
          var props = feature.properties || {};
          if (props.name) {
            item.bindTooltip(String(props.name));
          }
          if (props.popup) {
            var box = document.createElement("div");
            box.textContent = String(props.popup);
            item.bindPopup(box);
          }
        }
      }).addTo(self.map);
      if (!self.layers) {
        self.layers = L.control.layers(null, null, { collapsed: false }).addTo(self.map);
      }
      self.layers.addOverlay(layer, name);
      if (typeof source === "string") {
        self.sources = self.sources || [];
        self.sources.push({ url: source, layer: layer });
      }
      return layer;
    });
  };

  // Re-read every layer loaded from a URL (live pages call it when their data change).
  YingjiMap.prototype.reload = function () {
    return Promise.all((this.sources || []).map(function (entry) {
      return fetchJSON(entry.url).then(function (data) {
        entry.layer.clearLayers();
        entry.layer.addData(data);
      });
    }));
  };

  function init(element) {
    if (element.getAttribute("data-map-ready")) {
      return;
    }
    element.setAttribute("data-map-ready", "1");
    loadLeaflet(element.getAttribute("data-leaflet-src")).then(function (L) {
      var instance = new YingjiMap(element, L);
      instances[element.id] = instance;
      var source = element.getAttribute("data-layers-source");
      var block = source ? document.getElementById(source) : null;
      if (block) {
        JSON.parse(block.textContent).forEach(function (layer) {
          instance.addGeoJSON(layer.name, layer.url, layer);
        });
      }
      (waiting[element.id] || []).forEach(function (callback) { callback(instance); });
      delete waiting[element.id];
    }).catch(function () {
      element.textContent = "地图组件加载失败，请刷新页面重试";
    });
  }

  window.YingjiMap = {
    get: function (id) { return instances[id] || null; },
    whenReady: function (id, callback) {
      if (instances[id]) {
        callback(instances[id]);
      } else {
        (waiting[id] = waiting[id] || []).push(callback);
      }
    }
  };

  function initAll(scope) {
    var root = scope && scope.querySelectorAll ? scope : document;
    Array.prototype.forEach.call(root.querySelectorAll("[data-map]"), init);
  }

  document.addEventListener("DOMContentLoaded", function () { initAll(document); });
  document.addEventListener("htmx:load", function (event) { initAll(event.target); });
})();
