// Warns a signed-in user before an idle session ends, offers to stay signed
// in, and goes to the sign-in page when the time is up. The server ends the
// session by itself (SESSION_IDLE_MINUTES): without JavaScript the pages work
// the same, with no warning. Tabs share the last activity through
// localStorage, so one busy tab keeps the others from warning.
(function () {
  "use strict";
  var body = document.body;
  var idleMs = parseInt(body.dataset.sessionIdleSeconds, 10) * 1000;
  var region = document.getElementById("session-timeout");
  var template = document.getElementById("session-timeout-template");
  if (!(idleMs > 0) || !region || !template) { return; }
  var warnMs = Math.min(120000, idleMs / 2);
  var key = "supervisiondesk.session.touched";
  var touched = Date.now();
  var timer = null;

  function shared() {
    try { return parseInt(window.localStorage.getItem(key), 10) || 0; } catch (e) { return 0; }
  }

  function touch() {
    touched = Date.now();
    try { window.localStorage.setItem(key, String(touched)); } catch (e) { /* private mode */ }
    tick();
  }

  // The banner (role="alert", its text translated in base.html's template)
  // is inserted when due, which is when screen readers announce it.
  function hide() {
    region.textContent = "";
  }

  function show() {
    if (region.firstElementChild) { return; }
    region.appendChild(template.content.cloneNode(true));
    region.querySelector("[data-keepalive]").addEventListener("click", stay);
  }

  function expire() {
    var here = window.location.pathname + window.location.search;
    window.location.assign(
      body.dataset.loginUrl + "?timeout=1&next=" + encodeURIComponent(here)
    );
  }

  function stay() {
    window.fetch(body.dataset.keepaliveUrl, {credentials: "same-origin", cache: "no-store"}).then(
      function (response) {
        if (response.ok) { hide(); touch(); } else { expire(); }
      },
      function () { /* offline: the warning stays up */ }
    );
  }

  function tick() {
    window.clearTimeout(timer);
    var remaining = Math.max(touched, shared()) + idleMs - Date.now();
    if (remaining <= 0) { expire(); return; }
    if (remaining <= warnMs) {
      show();
      timer = window.setTimeout(tick, Math.min(remaining, 1000));
    } else {
      hide();
      timer = window.setTimeout(tick, remaining - warnMs);
    }
  }

  window.addEventListener("storage", function (event) {
    if (event.key === key) { tick(); }
  });
  touch();
})();
