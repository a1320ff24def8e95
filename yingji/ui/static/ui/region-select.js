/* Region picker: a search box filling a <select> from the region autocomplete
 * endpoint (JSON). Markup comes from the RegionSelect widget
 * (templates/ui/widgets/region_select.html). Only regions inside the user's data
 * scope are returned; the server validates the choice again. */
(function () {
  "use strict";

  var LIMIT = 30;

  function init(root) {
    if (root.getAttribute("data-region-ready")) {
      return;
    }
    root.setAttribute("data-region-ready", "1");
    var input = root.querySelector("[data-region-search]");
    var select = root.querySelector("select");
    var hint = root.querySelector("[data-region-hint]");
    var url = root.getAttribute("data-search-url");
    if (!input || !select || !url) {
      return;
    }
    var timer = null;
    var sequence = 0;
    var emptyLabel = select.options.length && select.options[0].value === "" ? select.options[0].text : "请选择区划";

    function setHint(text) {
      if (hint) {
        hint.textContent = text;
      }
    }

    function fill(results) {
      var current = select.value;
      var currentText = current && select.selectedOptions.length ? select.selectedOptions[0].text : "";
      select.innerHTML = "";
      select.add(new Option(emptyLabel, "", !current, !current));
      if (current) {
        select.add(new Option(currentText, current, true, true));
      }
      results.forEach(function (region) {
        if (region.code !== current) {
          select.add(new Option(region.label, region.code));
        }
      });
      if (!results.length) {
        setHint("没有找到匹配的区划");
        select.size = 0;
        return;
      }
      setHint("找到 " + results.length + " 个区划，请在列表中点选" +
        (results.length >= LIMIT ? "（只显示前 " + LIMIT + " 个，请输入更完整的名称）" : ""));
      select.size = Math.min(select.options.length, 8);
    }

    function search() {
      var query = input.value.trim();
      if (!query) {
        setHint("");
        return;
      }
      var mine = ++sequence;
      setHint("正在搜索…");
      fetch(url + "?format=json&q=" + encodeURIComponent(query), {
        credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      }).then(function (data) {
        if (mine === sequence) {
          fill(data.results || []);
        }
      }).catch(function () {
        setHint("区划搜索失败，请稍后重试");
      });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 250);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        window.clearTimeout(timer);
        search();
      }
    });
    select.addEventListener("change", function () {
      select.size = 0;
      var chosen = select.selectedOptions.length ? select.selectedOptions[0] : null;
      setHint(chosen && chosen.value ? "已选择：" + chosen.text : "");
    });
  }

  function initAll(scope) {
    var root = scope && scope.querySelectorAll ? scope : document;
    Array.prototype.forEach.call(root.querySelectorAll("[data-region-select]"), init);
  }

  document.addEventListener("DOMContentLoaded", function () { initAll(document); });
  document.addEventListener("htmx:load", function (event) { initAll(event.target); });
})();
