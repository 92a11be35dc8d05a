// One click copies the text in the format the case system expects; where the
// clipboard is not allowed, the text is selected to copy by hand.
// Loaded by supervision/cases/discussion_copy.html.
(function () {
  var text = document.getElementById("record-text");
  var html = document.getElementById("record-html");
  var feedback = document.getElementById("copy-feedback");
  function select(kind) {
    var selection = window.getSelection();
    selection.removeAllRanges();
    if (kind === "html") {
      var range = document.createRange();
      range.selectNodeContents(html);
      selection.addRange(range);
    } else {
      text.focus();
      text.select();
    }
    feedback.textContent = feedback.dataset.selected;
  }
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var kind = button.dataset.copy;
      if (!navigator.clipboard || !window.ClipboardItem) { select(kind); return; }
      var parts = {"text/plain": new Blob([text.value], {type: "text/plain"})};
      if (kind === "html") { parts["text/html"] = new Blob([html.innerHTML], {type: "text/html"}); }
      navigator.clipboard.write([new ClipboardItem(parts)]).then(
        function () { feedback.textContent = button.dataset.done; },
        function () { select(kind); }
      );
    });
  });
})();
