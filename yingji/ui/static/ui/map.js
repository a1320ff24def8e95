/* The shared map component (templates/ui/components/map.html).
 *
 * Leaflet loads only on pages with a [data-map] element. The base is offline: the
 * district and county boundary polygons extracted at install time
 * (static/vendor/boundaries, yingji/ui/boundaries.py) that cover the user's scope
 * (data-scope), with their names as labels; the smallest polygon holding the scope is
 * outlined and the map fits the scope.
 * With a tile URL (YINGJI_MAP_TILE_URL) the tiles lie under the outlines. Where no
 * boundary file covers the scope, the centroids of the city and county regions in the
 * scope (data-regions-url) are drawn instead. Modules add GeoJSON layers either
 * declaratively (a json_script list of {"name", "url", "color"} named by
 * data-layers-source; with data-layer-panel the list becomes a layer switch with
 * legends, loaded one request at a time, points clustered) or from their own static JS:
 *
 *   YingjiMap.whenReady("main-map", function (m) {
 *     m.addGeoJSON("隐患", "/hazards/map.geojson", {color: "#d63939"});
 *   });
 *
 * Feature properties "name" (tooltip), "popup" or "lines" (plain text), "url" (a link to
 * the object) and "color" (instead of the layer's) are used.
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

  var scripts = {};

  function loadScript(src) {
    if (!scripts[src]) {
      scripts[src] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = function () { resolve(); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return scripts[src];
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
    this.map = L.map(element, { preferCanvas: true, attributionControl: true, maxZoom: 18 })
      .setView(center, zoom);
    this.map.attributionControl.setPrefix(false);
    L.control.scale({ imperial: false }).addTo(this.map);
    this.layers = null;
    // The boundaries get their own pane above the tiles and below every data layer, drawn
    // as SVG (the data layers use the canvas renderer).
    this.map.createPane("yingji-boundaries").style.zIndex = 250;
    // Region names above the polygons but under every marker and popup.
    this.map.createPane("yingji-labels").style.zIndex = 350;
    this.boundaryRenderer = L.svg({ pane: "yingji-boundaries" });
    this.tiled = Boolean(element.getAttribute("data-tile-url"));
    if (this.tiled) {
      L.tileLayer(element.getAttribute("data-tile-url"), {
        attribution: element.getAttribute("data-attribution") || "", maxZoom: 18
      }).addTo(this.map);
    } else {
      element.classList.add("yingji-map-offline");
    }
    this.base = this.loadBase();
    this.watchLabels();
  }

  // The boundary index sits beside Leaflet in the vendored folder; pages that build their
  // own map element (the public warnings page) find it from the Leaflet URL.
  function boundariesUrl(element) {
    var url = element.getAttribute("data-boundaries-url");
    if (url) {
      return url;
    }
    var leaflet = element.getAttribute("data-leaflet-src") || "";
    return leaflet ? leaflet.replace(/leaflet\/leaflet\.js.*$/, "boundaries/index.json") : "";
  }

  // The significant prefix of a 12-digit region code: 420100000000 → 4201.
  function prefix(code) {
    var text = String(code || "");
    var cuts = [2, 4, 6, 9];
    for (var i = 0; i < cuts.length; i++) {
      if (/^0*$/.test(text.slice(cuts[i]))) {
        return text.slice(0, cuts[i]);
      }
    }
    return text;
  }

  function overlaps(a, b) {
    return !a || !b || a.indexOf(b) === 0 || b.indexOf(a) === 0;
  }

  YingjiMap.prototype.loadBase = function () {
    var self = this;
    var element = this.element;
    var scope = prefix(element.getAttribute("data-scope"));
    var index = boundariesUrl(element);
    var boundaries = index ? fetchJSON(index).then(function (data) {
      var folder = index.replace(/[^/]*$/, "");
      var maps = (data.maps || []).filter(function (entry) { return overlaps(prefix(entry.code), scope); });
      if (!maps.length) {
        throw new Error("no boundaries for the scope");
      }
      return Promise.all(maps.map(function (entry) {
        return fetchJSON(folder + entry.file).then(function (geo) { return { entry: entry, data: geo }; });
      }));
    }) : Promise.reject(new Error("no boundary index"));
    return boundaries.then(function (loaded) {
      self.drawBoundaries(loaded, scope);
      self.map.attributionControl.addAttribution("底图：行政区划边界（演示数据）");
    }).catch(function () {
      if (!self.tiled) {
        self.map.attributionControl.addAttribution("离线底图：行政区划中心点");
        return self.loadRegions(element.getAttribute("data-regions-url"));
      }
      return null;
    });
  };

  YingjiMap.prototype.boundaryStyle = function (inside) {
    if (this.tiled) {
      return { color: inside ? "#1d4f91" : "#667382", weight: inside ? 1.5 : 1, opacity: 0.9,
               dashArray: inside ? null : "4 4", fill: false };
    }
    return inside
      ? { color: "#8797ad", weight: 1.2, fillColor: "#fbfaf5", fillOpacity: 1 }
      : { color: "#b8c1cc", weight: 1, fillColor: "#e8ebee", fillOpacity: 1 };
  };

  // Province maps (their cities) first, city maps (their districts) over them; a city
  // whose districts are drawn is not drawn as one polygon, but its outline is kept when
  // it is the user's scope.
  YingjiMap.prototype.drawBoundaries = function (loaded, scope) {
    var self = this;
    var L = this.L;
    var detailed = {};
    loaded.forEach(function (item) {
      if (item.entry.level >= 2) {
        detailed[prefix(item.entry.code)] = true;
      }
    });
    loaded.sort(function (a, b) { return a.entry.level - b.entry.level; });
    var inside = [];
    var around = [];  // the polygons that contain the scope; the smallest is outlined
    var labels = [];
    var group = L.featureGroup();
    loaded.forEach(function (item) {
      var features = (item.data.features || []).filter(function (f) {
        var code = prefix(f.properties.code);
        if (item.entry.level === 1 && detailed[code]) {
          if (scope && scope.indexOf(code) === 0) {
            around.push(f);
          }
          return false;
        }
        return true;
      });
      var layer = L.geoJSON({ type: "FeatureCollection", features: features }, {
        pane: "yingji-boundaries", renderer: self.boundaryRenderer, interactive: false,
        style: function (f) { return self.boundaryStyle(overlaps(prefix(f.properties.code), scope)); },
        onEachFeature: function (f, polygon) {
          var code = prefix(f.properties.code);
          var within = overlaps(code, scope);
          if (within) {
            inside.push(polygon);
          }
          if (scope && scope.indexOf(code) === 0) {
            around.push(f);
          }
          var c = f.properties.center;
          labels.push({
            latlng: c ? L.latLng(c[1], c[0]) : polygon.getBounds().getCenter(),
            name: f.properties.name, level: f.properties.level, within: within
          });
        }
      });
      group.addLayer(layer);
    });
    var longest = around.reduce(function (n, f) { return Math.max(n, prefix(f.properties.code).length); }, 0);
    var outlines = around.filter(function (f) { return prefix(f.properties.code).length === longest; });
    if (outlines.length) {
      group.addLayer(L.geoJSON({ type: "FeatureCollection", features: outlines }, {
        pane: "yingji-boundaries", renderer: self.boundaryRenderer, interactive: false,
        style: function () { return { color: "#1d4f91", weight: 2.5, fill: false }; }
      }));
    }
    group.addTo(this.map);
    this.boundaries = group;
    labels.forEach(function (label) {
      var tooltip = L.tooltip({
        permanent: true, direction: "center", interactive: false, pane: "yingji-labels",
        className: "region-label region-label-" + label.level + (label.within ? "" : " region-label-outside")
      }).setLatLng(label.latlng).setContent(label.name).addTo(self.map);
      var node = tooltip.getElement();
      if (node) {
        // Labels inside the scope win over their neighbours when they clash.
        node.setAttribute("data-rank", String((label.within ? 0 : 10) + 10 - label.level));
      }
    });
    if (!this.element.hasAttribute("data-keep-view")) {
      var fit = inside.length ? L.featureGroup(inside).getBounds() : group.getBounds();
      if (fit.isValid()) {
        this.map.fitBounds(fit, { padding: [16, 16], maxZoom: 12, animate: false });
      }
    }
    this.element.setAttribute("data-boundaries", String(labels.length));
    this.declutter();
  };

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
      return null;
    }
    return fetchJSON(url).then(function (data) {
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

  var COLOR = /^#[0-9a-fA-F]{3,8}$/;

  function colorOf(feature, fallback) {
    var c = feature && feature.properties && feature.properties.color;
    return typeof c === "string" && COLOR.test(c) ? c : fallback;
  }

  // A popup of plain text (never HTML from the data) with a link to the object.
  function popupBox(props) {
    var lines = props.lines || (props.popup ? String(props.popup).split("\n") : []);
    if (!lines.length && !props.url) {
      return null;
    }
    var box = document.createElement("div");
    box.className = "map-popup";
    if (props.lines && props.name) {
      var title = document.createElement("strong");
      title.textContent = String(props.name);
      box.appendChild(title);
    }
    lines.forEach(function (line) {
      if (line) {
        var row = document.createElement("div");
        row.textContent = String(line);
        box.appendChild(row);
      }
    });
    if (typeof props.url === "string" && props.url.charAt(0) === "/") {
      var link = document.createElement("a");
      link.href = props.url;
      link.textContent = "查看详情 ›";
      link.className = "map-popup-link";
      box.appendChild(link);
    }
    return box;
  }

  function bindFeature(feature, item) {
    var props = feature.properties || {};
    if (props.name) {
      item.bindTooltip(String(props.name));
    }
    var box = popupBox(props);
    if (box) {
      item.bindPopup(box);
    }
  }

  // The features of one layer: canvas circles, or DOM markers in a cluster group (the
  // cluster plugin animates and spiderfies markers, not canvas paths).
  YingjiMap.prototype.featureLayer = function (data, options) {
    var L = this.L;
    var color = (options && options.color) || "#d63939";
    var clustered = Boolean(options && options.cluster && L.markerClusterGroup);
    var geo = L.geoJSON(data, {
      style: function (feature) {
        var c = colorOf(feature, color);
        return { color: c, weight: 2, fillColor: c, fillOpacity: 0.2 };
      },
      pointToLayer: function (feature, latlng) {
        var c = colorOf(feature, color);
        if (clustered) {
          return L.marker(latlng, { icon: L.divIcon({
            className: "map-point", iconSize: [14, 14],
            html: '<span style="background:' + c + '"></span>'
          }) });
        }
        return L.circleMarker(latlng, {
          radius: 6, weight: 2, color: "#ffffff", fillColor: c, fillOpacity: 0.95
        });
      },
      onEachFeature: bindFeature
    });
    if (!clustered) {
      return geo;
    }
    // A cluster is a ring of its objects' colours in the legend's order (most severe
    // first), so the mix of a crowd shows before zooming in.
    var order = ((options && options.legend) || []).map(function (item) { return item.color; });
    var group = L.markerClusterGroup({
      chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 48,
      iconCreateFunction: function (cluster) {
        var n = cluster.getChildCount();
        var counts = {};
        cluster.getAllChildMarkers().forEach(function (marker) {
          var c = colorOf(marker.feature, color);
          counts[c] = (counts[c] || 0) + 1;
        });
        var colours = order.filter(function (c) { return counts[c]; });
        Object.keys(counts).forEach(function (c) {
          if (colours.indexOf(c) < 0) {
            colours.push(c);
          }
        });
        var done = 0;
        var stops = colours.map(function (c) {
          var from = (100 * done) / n;
          done += counts[c];
          return c + " " + from.toFixed(1) + "% " + ((100 * done) / n).toFixed(1) + "%";
        });
        var ring = stops.length > 1 ? "conic-gradient(" + stops.join(",") + ")" : (colours[0] || color);
        var size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 42 : 48;
        return L.divIcon({
          className: "map-cluster", iconSize: [size, size],
          html: '<span style="background:' + ring + '"><b>' + n + "</b></span>"
        });
      }
    });
    group.addLayers(geo.getLayers());
    return group;
  };

  YingjiMap.prototype.addGeoJSON = function (name, source, options) {
    var self = this;
    var L = this.L;
    var promise = typeof source === "string" ? fetchJSON(source) : Promise.resolve(source);
    return promise.then(function (data) {
      var layer = self.featureLayer(data, options || {}).addTo(self.map);
      if (!self.layers) {
        self.layers = L.control.layers(null, null, { collapsed: false }).addTo(self.map);
      }
      self.layers.addOverlay(layer, name);
      if (typeof source === "string") {
        self.sources = self.sources || [];
        self.sources.push({ url: source, layer: layer, options: options || {} });
      }
      return layer;
    });
  };

  // Re-read every layer loaded from a URL (live pages call it when their data change).
  YingjiMap.prototype.reload = function () {
    var self = this;
    return Promise.all((this.sources || []).map(function (entry) {
      return fetchJSON(entry.url).then(function (data) {
        entry.layer.clearLayers();
        if (entry.layer.addLayers) {
          entry.layer.addLayers(self.featureLayer(data, { color: entry.options.color }).getLayers());
        } else {
          entry.layer.addData(data);
        }
        return data;
      });
    }));
  };

  function swatch(color) {
    var mark = document.createElement("span");
    mark.className = "map-swatch";
    mark.style.background = COLOR.test(color) ? color : "#868e96";
    return mark;
  }

  // 综合一张图: a switch per layer with its swatch, count, legend and the number of
  // objects that have no coordinate. Layers are read one request at a time (parallel
  // requests of one session race on its row) and drawn when switched on.
  YingjiMap.prototype.addLayerPanel = function (list) {
    var self = this;
    var L = this.L;
    var panel = L.DomUtil.create("div", "map-layer-panel");
    L.DomEvent.disableClickPropagation(panel);
    L.DomEvent.disableScrollPropagation(panel);
    var head = L.DomUtil.create("div", "map-layer-head", panel);
    head.textContent = "图层";
    var toggle = L.DomUtil.create("button", "map-layer-toggle", head);
    toggle.type = "button";
    toggle.textContent = "收起";
    toggle.setAttribute("aria-expanded", "true");
    var body = L.DomUtil.create("div", "map-layer-body", panel);
    toggle.addEventListener("click", function () {
      var open = panel.classList.toggle("collapsed");
      toggle.textContent = open ? "展开" : "收起";
      toggle.setAttribute("aria-expanded", open ? "false" : "true");
    });
    if (this.element.clientWidth < 640) {  // a phone: the map first, the panel on demand
      panel.classList.add("collapsed");
      toggle.textContent = "展开";
      toggle.setAttribute("aria-expanded", "false");
    }
    var Control = L.Control.extend({ onAdd: function () { return panel; } });
    new Control({ position: "topright" }).addTo(this.map);
    this.panelLayers = {};
    if (!list.length) {
      L.DomUtil.create("div", "map-layer-note", body).textContent = "没有您可查看的业务图层";
    }
    var rows = list.map(function (spec) {
      var row = L.DomUtil.create("div", "map-layer", body);
      row.setAttribute("data-layer", spec.key || spec.name);
      var label = L.DomUtil.create("label", "map-layer-label", row);
      var box = L.DomUtil.create("input", "", label);
      box.type = "checkbox";
      box.checked = spec.visible !== false;
      label.appendChild(swatch(spec.color));
      var name = L.DomUtil.create("span", "map-layer-name", label);
      name.textContent = spec.name;
      var count = L.DomUtil.create("span", "map-layer-count", label);
      count.textContent = "…";
      if (spec.legend && spec.legend.length) {
        var legend = L.DomUtil.create("div", "map-layer-legend", row);
        spec.legend.forEach(function (item) {
          var entry = L.DomUtil.create("span", "map-legend-item", legend);
          entry.appendChild(swatch(item.color));
          entry.appendChild(document.createTextNode(item.label));
        });
      }
      var note = L.DomUtil.create("div", "map-layer-note", row);
      return { spec: spec, box: box, count: count, note: note, row: row };
    });
    var loaded = 0;
    var chain = Promise.resolve();

    function show(row, data) {
      var n = (data.features || []).length;
      row.count.textContent = String(n);
      var notes = [];
      if (data.unplaced) {
        notes.push(data.unplaced + " 个无坐标，未上图");
      }
      if (data.truncated) {
        notes.push("仅显示前 " + n + " 个");
      }
      row.note.textContent = notes.join("；");
      row.note.hidden = !notes.length;
    }

    function read(row) {
      return fetchJSON(row.spec.url).then(function (data) {
        var key = row.spec.key || row.spec.name;
        var layer = self.panelLayers[key];
        if (layer) {
          // A re-read (a live event): same layer object, new content.
          layer.clearLayers();
          var fresh = self.featureLayer(data, row.spec);
          if (layer.addLayers) {
            layer.addLayers(fresh.getLayers());
          } else {
            layer.addData(data);
          }
        } else {
          layer = self.featureLayer(data, row.spec);
          self.panelLayers[key] = layer;
          var apply = function () {
            if (row.box.checked) {
              layer.addTo(self.map);
            } else {
              self.map.removeLayer(layer);
            }
            row.row.classList.toggle("off", !row.box.checked);
          };
          row.box.addEventListener("change", apply);
          apply();
        }
        row.row.removeAttribute("data-error");
        show(row, data);
      }).catch(function (error) {
        row.row.setAttribute("data-error", String((error && error.message) || error));
        row.count.textContent = "!";
        row.note.textContent = "加载失败";
        row.note.hidden = false;
      });
    }

    rows.forEach(function (row) {
      chain = chain.then(function () { return read(row); }).then(function () {
        loaded += 1;
        self.element.setAttribute("data-layers-loaded", String(loaded));
      });
    });

    // A live event about an object of a layer's model re-reads that layer, shortly after
    // (a burst of events is one re-read) and in the same one-at-a-time queue.
    var due = {};
    document.addEventListener("yingji:live", function (event) {
      var type = event.detail && event.detail.object_type;
      rows.forEach(function (row) {
        if (!type || row.spec.model !== type || due[row.spec.model]) {
          return;
        }
        due[row.spec.model] = setTimeout(function () {
          delete due[row.spec.model];
          chain = chain.then(function () { return read(row); }).then(function () {
            self.element.setAttribute("data-layers-reread",
              String(Number(self.element.getAttribute("data-layers-reread") || 0) + 1));
          });
        }, 800);
      });
    });
    return chain;
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
      var list = block ? JSON.parse(block.textContent) : [];
      var cluster = element.getAttribute("data-cluster-src");
      var ready = cluster ? loadScript(cluster).catch(function () { return null; }) : Promise.resolve();
      return ready.then(function () {
        if (element.hasAttribute("data-layer-panel")) {
          instance.addLayerPanel(list);
        } else {
          // One request at a time: parallel requests of one session race on its row.
          list.reduce(function (chain, layer) {
            return chain.then(function () {
              return instance.addGeoJSON(layer.name, layer.url, layer).catch(function () {
                element.setAttribute("data-map-error", "图层“" + layer.name + "”加载失败");
              });
            });
          }, Promise.resolve());
        }
        (waiting[element.id] || []).forEach(function (callback) { callback(instance); });
        delete waiting[element.id];
      });
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
