// 我要举报: the real-name fields follow the chosen identity, "使用当前位置" and a click on
// the map fill the hidden coordinates, and the enterprise name offers the registry's
// public names (picking one fills the hidden enterprise id; typing again clears it).
(function () {
  "use strict";
  var form = document.querySelector("[data-tipoff-form]");
  if (!form) { return; }
  var lon = form.querySelector("input[name=longitude]");
  var lat = form.querySelector("input[name=latitude]");
  var located = form.querySelector("[data-located]");

  function setPlace(lng, la) {
    lon.value = lng.toFixed(6);
    lat.value = la.toFixed(6);
    located.textContent = "已定位：" + lon.value + "，" + lat.value;
  }

  var realName = form.querySelector("[data-real-name]");
  function follow() {
    var real = form.querySelector("input[name=identity][value=real]");
    realName.hidden = !(real && real.checked);
  }
  form.querySelectorAll("input[name=identity]").forEach(function (r) { r.addEventListener("change", follow); });
  follow();

  var locate = form.querySelector("[data-locate]");
  locate.addEventListener("click", function () {
    if (!navigator.geolocation) { located.textContent = "当前设备不支持定位，请填写详细地点"; return; }
    located.textContent = "正在定位…";
    navigator.geolocation.getCurrentPosition(function (p) { setPlace(p.coords.longitude, p.coords.latitude); },
      function () { located.textContent = "未能定位，请填写详细地点"; }, { timeout: 10000 });
  });

  var box = form.querySelector("[data-pick-map]");
  if (box) {
    var script = document.createElement("script");
    script.src = box.dataset.leafletSrc;
    script.onload = function () {
      var c = box.dataset.center.split(",").map(Number);
      var map = window.L.map(box).setView(c, 11);
      window.L.tileLayer(box.dataset.tileUrl, { attribution: box.dataset.attribution }).addTo(map);
      var marker = null;
      map.on("click", function (e) {
        if (marker) { marker.setLatLng(e.latlng); } else { marker = window.L.marker(e.latlng).addTo(map); }
        setPlace(e.latlng.lng, e.latlng.lat);
      });
    };
    document.head.appendChild(script);
  }

  var nameInput = form.querySelector("input[name=enterprise_name]");
  var idInput = form.querySelector("input[name=enterprise]");
  var results = form.querySelector("[data-enterprise-results]");
  var timer = null;
  function clear() { while (results.firstChild) { results.removeChild(results.firstChild); } }
  nameInput.setAttribute("autocomplete", "off");
  document.addEventListener("click", function (e) { if (!results.contains(e.target)) { clear(); } });
  nameInput.addEventListener("keydown", function (e) { if (e.key === "Escape") { clear(); } });
  nameInput.addEventListener("input", function () {
    idInput.value = "";
    clearTimeout(timer);
    var q = nameInput.value.trim();
    if (q.length < 2) { clear(); return; }
    timer = setTimeout(function () {
      fetch(results.dataset.url + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) {
          clear();
          data.results.forEach(function (row) {
            var item = document.createElement("button");
            item.type = "button";
            item.className = "list-group-item list-group-item-action";
            item.textContent = row.name + "（" + row.area + "）";
            item.addEventListener("click", function () {
              nameInput.value = row.name;
              idInput.value = row.id;
              clear();
            });
            results.appendChild(item);
          });
        })
        .catch(function () { clear(); });
    }, 300);
  });
})();
