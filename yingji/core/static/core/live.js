// Live events: one EventSource per page. Every event is re-dispatched on document as
// a "yingji:live" CustomEvent (detail = the event object, with its "type"), so page
// modules can react; notifications bump the unread badge ([data-unread-badge]).
(function () {
  "use strict";
  if (!window.EventSource || document.body.dataset.live === "off") { return; }
  var source = new EventSource("/events/stream");
  source.onmessage = function (e) {
    var detail;
    try { detail = JSON.parse(e.data); } catch (err) { return; }
    document.dispatchEvent(new CustomEvent("yingji:live", { detail: detail }));
    if (detail.type === "notification") {
      document.querySelectorAll("[data-unread-badge]").forEach(function (badge) {
        var count = parseInt(badge.textContent || "0", 10) || 0;
        badge.textContent = String(count + 1);
        badge.classList.remove("d-none");
      });
    }
  };
  window.yingjiLive = source;
})();
