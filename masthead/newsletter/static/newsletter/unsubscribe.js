// The unsubscribe link in a mail works in one click: a reader's browser sends the page's form at once.
// A GET alone changes nothing (mail scanners fetch links without running pages); without JavaScript the
// button does the same.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-send-on-open]");
  if (form) form.requestSubmit();
});
