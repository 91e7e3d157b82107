/* Share bar: the links are plain links (no trackers, no third-party script); only "Copy link" needs this,
   so the button stays hidden where the clipboard cannot be written. */
(function () {
  var button = document.querySelector("[data-share-copy]");
  if (!button || !navigator.clipboard || !window.isSecureContext) return;
  var status = document.querySelector("[data-share-status]");
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(button.getAttribute("data-share-copy")).then(function () {
      status.textContent = button.getAttribute("data-copied");
    });
  });
})();
