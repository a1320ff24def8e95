/* Live alarm feed of the cockpit. Alarm events arrive over Server-Sent Events (the
 * shared /events/stream, Redis pub/sub across processes); each is re-read through the
 * scoped API, so only alarms the user may see are shown (an out-of-scope id is 404). */
(function () {
  "use strict";
  var feed = document.getElementById("alarm-feed");
  if (!feed) { return; }
  var api = feed.getAttribute("data-alarm-api");
  var badge = { 1: "red", 2: "orange", 3: "yellow" };

  function render(alarm, verb) {
    var item = document.createElement("a");
    item.className = "list-group-item list-group-item-action";
    item.href = "/monitoring/alarms/" + alarm.id + "/";
    item.setAttribute("data-alarm-id", String(alarm.id));
    var meta = document.createElement("div");
    meta.className = "small text-secondary";
    meta.textContent = new Date(alarm.last_at).toLocaleString("zh-CN", { hour12: false }) + " · " +
      alarm.enterprise_name + " · " + verb;
    var line = document.createElement("div");
    var tag = document.createElement("span");
    tag.className = "badge text-white me-1 bg-" + (badge[alarm.severity] || "secondary");
    tag.textContent = alarm.state_display;
    line.appendChild(tag);
    line.appendChild(document.createTextNode(alarm.message));
    item.appendChild(meta);
    item.appendChild(line);
    var empty = feed.querySelector("[data-empty]");
    if (empty) { empty.remove(); }
    feed.insertBefore(item, feed.firstChild);
    while (feed.children.length > 50) { feed.removeChild(feed.lastChild); }
  }

  var verbs = { "alarm.raised": "新报警", "alarm.repeated": "再次触发", "alarm.recovered": "已恢复",
                "alarm.acknowledge": "已签收", "alarm.feedback": "已反馈", "alarm.clear": "已消警",
                "alarm.close": "已关闭", "alarm.push": "已推送" };
  document.addEventListener("yingji:live", function (e) {
    var ev = e.detail || {};
    if (!ev.type || ev.type.indexOf("alarm.") !== 0 || !verbs[ev.type] || ev.type === "alarm.push") { return; }
    fetch(api + ev.object_id + "/", { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (alarm) { if (alarm) { render(alarm, verbs[ev.type]); } });
  });
})();
