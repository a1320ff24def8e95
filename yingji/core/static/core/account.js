// Account pages: digits-only code inputs, copy-to-clipboard, 2FA countdown.
// Loaded as a file (CSP script-src 'self'); no inline script on these pages.
(function () {
  "use strict";

  function digitsOnly(input) {
    input.addEventListener("input", function () {
      var cleaned = input.value.replace(/[^0-9]/g, "").slice(0, 6);
      if (cleaned !== input.value) {
        input.value = cleaned;
      }
    });
  }

  function copyButton(button) {
    button.addEventListener("click", function () {
      var target = document.getElementById(button.getAttribute("data-copy-target"));
      if (!target) {
        return;
      }
      var text = target.value.replace(/\s+/g, "");
      var done = function () {
        var label = button.textContent;
        button.textContent = "已复制";
        window.setTimeout(function () { button.textContent = label; }, 1500);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done);
      } else {
        target.select();
        document.execCommand("copy");
        done();
      }
    });
  }

  function countdown(element) {
    var left = parseInt(element.getAttribute("data-countdown"), 10);
    var text = element.querySelector("[data-countdown-text]");
    if (isNaN(left) || !text) {
      return;
    }
    var timer = window.setInterval(function () {
      left -= 1;
      if (left <= 0) {
        window.clearInterval(timer);
        text.textContent = "0秒";
        element.classList.remove("text-secondary");
        element.classList.add("text-danger");
        element.textContent = "验证已超时，请返回重新输入用户名和密码。";
        return;
      }
      var minutes = Math.floor(left / 60);
      var seconds = left % 60;
      text.textContent = (minutes ? minutes + "分" : "") + seconds + "秒";
    }, 1000);
  }

  document.querySelectorAll("input[data-digits-only]").forEach(digitsOnly);
  document.querySelectorAll("[data-copy-target]").forEach(copyButton);
  document.querySelectorAll("[data-countdown]").forEach(countdown);
})();
