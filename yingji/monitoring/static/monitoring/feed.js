/* Live alarm feed of the cockpit. Alarm events arrive over Server-Sent Events (the
 * shared /events/stream, Redis pub/sub across processes), which sends each only to the
 * users whose scope covers the alarm. Events from the rules (raised, repeated,
 * recovered) carry the line the feed shows (``screen``); the people's steps do not, and
 * those alarms are re-read through the scoped API (an out-of-scope id is 404).
 * An alarm already in the feed moves to the top with its new state; the counts and the
 * open alarms per object are re-read from the page (?part=live) shortly after. */
(function () {
  "use strict";
  var feed = document.getElementById("alarm-feed");
  if (!feed) { return; }
  var api = feed.getAttribute("data-alarm-api");
  var liveUrl = feed.getAttribute("data-live-url");
  var badge = { 1: "red", 2: "orange", 3: "yellow" };
  // Times as the server shows them: Beijing time, "11-26 14:05:09".
  var clock = new Intl.DateTimeFormat("zh-CN", {
    timeZone: "Asia/Shanghai", month: "2-digit", day: "2-digit", hour: "2-digit",
    minute: "2-digit", second: "2-digit", hourCycle: "h23"
  });

  function when(iso) {
    var parts = {};
    clock.formatToParts(new Date(iso)).forEach(function (p) { parts[p.type] = p.value; });
    return parts.month + "-" + parts.day + " " + parts.hour + ":" + parts.minute + ":" + parts.second;
  }

  function render(alarm, verb) {
    var item = document.createElement("a");
    item.className = "list-group-item list-group-item-action";
    item.href = "/monitoring/alarms/" + alarm.id + "/";
    item.setAttribute("data-alarm-id", String(alarm.id));
    var meta = document.createElement("div");
    meta.className = "small text-secondary";
    meta.textContent = when(alarm.last_at) + " · " + alarm.enterprise_name + " · " + verb;
    var line = document.createElement("div");
    var tag = document.createElement("span");
    tag.className = "badge text-white me-1 bg-" + (badge[alarm.severity] || "secondary");
    tag.textContent = alarm.severity_display;
    line.appendChild(tag);
    line.appendChild(document.createTextNode(alarm.message));
    item.appendChild(meta);
    item.appendChild(line);
    var empty = feed.querySelector("[data-empty]");
    if (empty) { empty.remove(); }
    var shown = feed.querySelector("[data-alarm-id='" + alarm.id + "']");
    if (shown) { shown.remove(); }
    feed.insertBefore(item, feed.firstChild);
    while (feed.children.length > 50) { feed.removeChild(feed.lastChild); }
  }

  // Counts, groups and map colours: one re-read for a burst of events.
  var pending = null;
  function refresh() {
    if (!liveUrl || pending) { return; }
    pending = setTimeout(function () {
      fetch(liveUrl, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          pending = null;
          if (!html) { return; }
          var fresh = new DOMParser().parseFromString(html, "text/html");
          ["cockpit-counts", "alarm-groups"].forEach(function (id) {
            var now = document.getElementById(id);
            var next = fresh.getElementById(id);
            if (now && next) { now.replaceWith(document.importNode(next, true)); }
          });
          // The enterprises' live colours follow too.
          var map = window.YingjiMap && YingjiMap.get("monitoring-map");
          if (map) { map.reload(); }
        }, function () { pending = null; });
    }, 500);
  }

  var verbs = { "alarm.raised": "新报警", "alarm.repeated": "再次触发", "alarm.recovered": "已恢复",
                "alarm.acknowledge": "已签收", "alarm.feedback": "已反馈", "alarm.clear": "已消警",
                "alarm.close": "已关闭", "alarm.push": "已推送" };
  document.addEventListener("yingji:live", function (e) {
    var ev = e.detail || {};
    if (!ev.type || ev.type.indexOf("alarm.") !== 0 || !verbs[ev.type] || ev.type === "alarm.push") { return; }
    if (ev.screen) {
      render(ev.screen, verbs[ev.type]);
      refresh();
      return;
    }
    fetch(api + ev.object_id + "/", { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (alarm) {
        if (alarm) {
          render(alarm, verbs[ev.type]);
          refresh();
        }
      });
  });
})();
