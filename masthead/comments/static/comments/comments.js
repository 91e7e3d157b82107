// Comment niceties only: every form works without this script.
(function () {
  "use strict";
  // Ask before destructive or reporting buttons (their text comes from the template, translated).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  // A refusal re-renders the page: bring the reader back to their kept text.
  var error = document.querySelector("[data-comments-error]");
  if (error) {
    var form = error.closest("form");
    var field = form && form.querySelector("textarea");
    error.scrollIntoView({ block: "center" });
    if (field) { field.focus(); }
  }
})();
