// Copies the new feed address; where the clipboard is not allowed, selects
// it to copy by hand. Loaded by calendars/feed.html when it shows the address.
(function () {
  var address = document.getElementById("feed-address");
  var feedback = document.getElementById("copy-feedback");
  var button = document.querySelector("[data-copy-feed]");
  if (!address || !button) { return; }
  function select() {
    address.focus();
    address.select();
    feedback.textContent = button.dataset.selected;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    if (!navigator.clipboard || !navigator.clipboard.writeText) { select(); return; }
    navigator.clipboard.writeText(address.value.trim()).then(
      function () { feedback.textContent = button.dataset.done; },
      select
    );
  });
})();
