/* Incidents pages: report countdowns, the intake form (subtypes by category, grade
 * preview, point picked on the map) and live refresh from the event stream. */
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function formatSeconds(total) {
    var h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60;
    return (h ? h + "小时" : "") + pad(m) + "分" + pad(s) + "秒";
  }

  function tickCountdowns() {
    var now = Date.now();
    document.querySelectorAll(".countdown[data-due]").forEach(function (el) {
      var due = Date.parse(el.getAttribute("data-due"));
      var left = Math.round((due - now) / 1000);
      el.textContent = left >= 0 ? "剩余" + formatSeconds(left) : "已超时" + formatSeconds(-left);
      el.classList.toggle("text-danger", left < 0);
      el.classList.toggle("text-warning", left >= 0 && left < 900);
    });
  }

  function intake(form) {
    var data = JSON.parse(document.getElementById("incident-subtypes").textContent);
    var category = form.querySelector("[name=category]");
    var subtype = form.querySelector("[name=subtype]");
    var options = Array.prototype.slice.call(subtype.options);
    function filterSubtypes() {
      var allowed = (data[category.value] || []).map(function (p) { return p[0]; });
      options.forEach(function (opt) {
        opt.hidden = opt.value !== "" && allowed.length > 0 && allowed.indexOf(opt.value) < 0;
      });
      if (subtype.value && allowed.indexOf(subtype.value) < 0) { subtype.value = ""; }
    }
    var card = document.getElementById("grade-preview");
    function show(key, text) {
      var el = card.querySelector("[data-preview=" + key + "]");
      if (el) { el.textContent = text; }
      return el;
    }
    var timer = null;
    function preview() {
      if (!category.value || !subtype.value) { return; }
      var params = new URLSearchParams();
      ["category", "subtype", "grade", "deaths", "missing", "serious_injuries", "injuries",
       "trapped", "loss_wan", "affected", "relocated", "longitude", "latitude", "address",
       "title", "caller_unit", "description"].forEach(function (name) {
        var field = form.querySelector("[name=" + name + "]");
        if (field && field.value) { params.set(name, field.value); }
      });
      fetch(form.getAttribute("data-preview-url") + "?" + params.toString(),
            { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (p) {
          show("error", p.error || "");
          if (p.error) { return; }
          show("grade_label", p.grade_label);
          show("basis", p.basis);
          var warning = show("warning", p.warning || "");
          warning.classList.toggle("d-none", !p.warning);
          show("first_minutes", String(p.first_minutes));
          show("followup_hours", String(p.followup_hours));
          show("report_to", p.report_to || "—");
          show("follow_up_days", p.follow_up_days ? p.follow_up_days + "日内伤亡变化须补报" : "不适用");
          show("enterprise", p.enterprise ? p.enterprise.name : (p.enterprise_question || "未匹配"));
        })
        .catch(function () { show("error", "研判服务暂不可用，登记不受影响"); });
    }
    function later() { clearTimeout(timer); timer = setTimeout(preview, 300); }
    category.addEventListener("change", function () { filterSubtypes(); later(); });
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    filterSubtypes();
    later();
    if (window.YingjiMap) {
      window.YingjiMap.whenReady("intake-map", function (m) {
        var marker = null;
        m.map.on("click", function (event) {
          var lon = form.querySelector("[name=longitude]");
          var lat = form.querySelector("[name=latitude]");
          lon.value = event.latlng.lng.toFixed(6);
          lat.value = event.latlng.lat.toFixed(6);
          if (marker) { marker.setLatLng(event.latlng); } else { marker = m.L.circleMarker(event.latlng, { radius: 8, color: "#d63939" }).addTo(m.map); }
          later();
        });
      });
    }
  }

  // The shell's one stream (core/live.js) re-dispatches every event as "yingji:live".
  function live(el) {
    var incident = el.getAttribute("data-incident");
    var pending = false;
    document.addEventListener("yingji:live", function (e) {
      var event = e.detail || {};
      if (!event.object_type || event.object_type.indexOf("incidents.") !== 0) { return; }
      if (incident && event.object_type === "incidents.incident" && event.object_id !== incident) { return; }
      if (pending) { return; }
      pending = true;
      var banner = document.getElementById("live-banner");
      if (!banner) {
        banner = document.createElement("div");
        banner.id = "live-banner";
        banner.className = "alert alert-info position-fixed bottom-0 end-0 m-3";
        banner.setAttribute("role", "status");
        document.body.appendChild(banner);
      }
      banner.textContent = "有新动态：" + event.summary + "（正在刷新）";
      var active = document.activeElement;
      var typing = active && (active.tagName === "INPUT" || active.tagName === "TEXTAREA" || active.tagName === "SELECT");
      if (typing) { banner.textContent = "有新动态：" + event.summary + "（保存后刷新页面查看）"; return; }
      setTimeout(function () { window.location.reload(); }, 1500);
    });
  }

  function commandMap() {
    var holder = document.getElementById("command-map-data");
    if (!holder || !window.YingjiMap) { return; }
    var layers = JSON.parse(document.getElementById("command-layers").textContent);
    window.YingjiMap.whenReady("command-map", function (m) {
      fetch(holder.getAttribute("data-url"), { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) { throw new Error("地图数据加载失败"); } return r.json(); })
        .then(function (data) {
          layers.forEach(function (layer) {
            var features = data.features.filter(function (f) {
              return layer.states.indexOf(f.properties.state) >= 0;
            });
            m.addGeoJSON(layer.name + "（" + features.length + "）",
                         { type: "FeatureCollection", features: features }, layer);
          });
        })
        .catch(function () { holder.textContent = "地图数据加载失败，请刷新页面"; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    commandMap();
    tickCountdowns();
    setInterval(tickCountdowns, 1000);
    var form = document.getElementById("intake-form");
    if (form) { intake(form); }
    var liveEl = document.getElementById("incident-live");
    if (liveEl) { live(liveEl); }
  });
})();
