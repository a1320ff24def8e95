// Live events: one EventSource per page (loaded by the shell). Every event is
// re-dispatched on document as a "yingji:live" CustomEvent (detail = the event object,
// with its "type"), so page modules can react. A notification for the user bumps the
// unread badge ([data-unread-badge]), has the top-bar bells re-read their count and
// shows a toast with its title and link.
(function () {
  "use strict";
  if (window.yingjiLive || !window.EventSource || document.body.dataset.live === "off") { return; }
  var source = null;
  var lost = false;
  var retryDelay = 1000;
  var retryTimer = null;
  var LEVEL_CLASS = { urgent: "bg-red", warning: "bg-orange", info: "bg-azure" };
  var LEVEL_TITLE = { urgent: "紧急消息", warning: "提醒", info: "新消息" };

  function toastHost() {
    var host = document.getElementById("live-toasts");
    if (!host) {
      host = document.createElement("div");
      host.id = "live-toasts";
      host.className = "toast-container position-fixed bottom-0 end-0 p-3";
      host.setAttribute("aria-live", "polite");
      document.body.appendChild(host);
    }
    return host;
  }

  function showToast(note) {
    var toast = document.createElement("div");
    toast.className = "toast show";
    toast.setAttribute("role", "status");
    toast.dataset.notification = String(note.id || "");
    var head = document.createElement("div");
    head.className = "toast-header";
    var dot = document.createElement("span");
    dot.className = "badge me-2 " + (LEVEL_CLASS[note.level] || "bg-azure");
    var title = document.createElement("strong");
    title.className = "me-auto";
    title.textContent = LEVEL_TITLE[note.level] || "新消息";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("aria-label", "关闭");
    close.addEventListener("click", function () { toast.remove(); });
    head.append(dot, title, close);
    var body = document.createElement("div");
    body.className = "toast-body";
    var text = note.link ? document.createElement("a") : document.createElement("span");
    if (note.link) { text.href = note.link; }
    text.textContent = note.title || "";
    body.appendChild(text);
    toast.append(head, body);
    toastHost().appendChild(toast);
    // Urgent notices stay until closed; others leave after a while.
    if (note.level !== "urgent") { setTimeout(function () { toast.remove(); }, 10000); }
  }

  // The connection's state on <body data-live-state> and as a "yingji:live-state" event
  // (open / reconnecting). The browser retries a dropped stream by itself; when the
  // server answers an error instead (a restart behind a proxy: 502) the EventSource gives
  // up, so a new one is opened after a growing pause (1 s doubling, at most 30 s). After
  // a gap, "yingji:live-reconnected" tells pages to re-read what they show: events of
  // the gap were not received.
  function setState(state) {
    if (document.body.dataset.liveState === state) { return; }
    document.body.dataset.liveState = state;
    document.dispatchEvent(new CustomEvent("yingji:live-state", { detail: { state: state } }));
  }

  function onOpen() {
    retryDelay = 1000;
    setState("open");
    if (lost) {
      lost = false;
      document.dispatchEvent(new CustomEvent("yingji:live-reconnected"));
    }
  }

  function onError() {
    lost = true;
    setState("reconnecting");
    if (source && source.readyState === EventSource.CLOSED && !retryTimer) {
      retryTimer = setTimeout(function () {
        retryTimer = null;
        connect();
      }, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    }
  }

  function connect() {
    if (source) { source.close(); }
    source = new EventSource("/events/stream");
    source.onopen = onOpen;
    source.onerror = onError;
    source.onmessage = onMessage;
    window.yingjiLive = source;
  }

  function onMessage(e) {
    var detail;
    try { detail = JSON.parse(e.data); } catch (err) { return; }
    document.dispatchEvent(new CustomEvent("yingji:live", { detail: detail }));
    if (detail.type === "notification") {
      document.querySelectorAll("[data-unread-badge]").forEach(function (badge) {
        var count = parseInt(badge.textContent || "0", 10) || 0;
        badge.textContent = String(count + 1);
        badge.classList.remove("d-none");
      });
      showToast(detail);
      // The bells in the top bar re-read their count (htmx: "notifications-changed from:body").
      document.body.dispatchEvent(new CustomEvent("notifications-changed"));
    }
  }
  connect();
})();
