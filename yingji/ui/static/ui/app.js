/* Page shell behaviour (no inline scripts: CSP is script-src 'self').
 * - CSRF token on every HTMX request (from the csrf-token meta tag, else the cookie)
 * - data-confirm on forms asks before submitting (delete buttons)
 * - select[data-autosubmit] submits its form on change
 * - an expired session during an HTMX request reloads to the login page
 * - failed HTMX requests show a Chinese message instead of doing nothing
 */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && meta.content && meta.content !== "NOTPROVIDED") {
      return meta.content;
    }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = csrfToken();
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form && form.getAttribute ? form.getAttribute("data-confirm") : null;
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("change", function (event) {
    var element = event.target;
    if (element && element.matches && element.matches("select[data-autosubmit]") && element.form) {
      if (element.form.requestSubmit) {
        element.form.requestSubmit();
      } else {
        element.form.submit();
      }
    }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.responseURL && new URL(xhr.responseURL).pathname.indexOf("/login") === 0) {
      event.detail.shouldSwap = false;
      window.location.href = xhr.responseURL;
      return;
    }
    // A list's boosted link (a toolbar's 导入, 统计 …) that leads to a page without the
    // list: swapping would empty the list and show nothing of that page, so go there.
    var target = event.detail.target;
    var verb = event.detail.requestConfig ? event.detail.requestConfig.verb : "";
    if (xhr && xhr.responseURL && target && target.id === "object-list" && verb === "get" &&
        xhr.status < 400 && (xhr.responseText || "").indexOf('id="object-list"') === -1) {
      event.detail.shouldSwap = false;
      window.location.href = xhr.responseURL;
    }
  });

  function showError(text) {
    var holder = document.querySelector(".page-body .container-xl") || document.body;
    var alert = document.createElement("div");
    alert.className = "alert alert-danger alert-dismissible";
    alert.setAttribute("role", "alert");
    alert.textContent = text;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("data-bs-dismiss", "alert");
    close.setAttribute("aria-label", "关闭");
    alert.appendChild(close);
    holder.insertBefore(alert, holder.firstChild);
  }

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    var text = status === 403 ? "您没有执行此操作的权限" :
      status === 404 ? "对象不存在，或不在您的数据范围内" : "操作未成功（错误 " + status + "），请刷新页面后重试";
    showError(text);
  });

  document.addEventListener("htmx:sendError", function () {
    showError("网络连接失败，请检查网络后重试");
  });
})();
