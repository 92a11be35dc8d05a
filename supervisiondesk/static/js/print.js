// Printing from the browser: closed sections (<details>) print open, then
// close again. The print styles are in css/app.css (@media print).
(function () {
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.open = true;
      details.dataset.openedToPrint = "1";
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-opened-to-print]").forEach(function (details) {
      details.open = false;
      delete details.dataset.openedToPrint;
    });
  });
})();
