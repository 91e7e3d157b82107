/* View beacon: after the page has loaded, tell the server once and show its up-to-date count.
   Pages may come from a full-page cache, so the number rendered in them can be stale. */
(function () {
  "use strict";
  var box = document.querySelector("[data-pageviews][data-beacon]");
  if (!box || !window.fetch) return;

  function show(views) {
    var out = box.querySelector("[data-pageviews-count]");
    if (!out || typeof views !== "number") return;
    var lang = document.documentElement.lang || undefined;
    try { out.textContent = new Intl.NumberFormat(lang).format(views); }
    catch (e) { out.textContent = String(views); }
  }

  function send(again) {
    var body = { article: Number(box.getAttribute("data-article")) };
    if (again === true) body.again = true;
    fetch(box.getAttribute("data-beacon"), {
      method: "POST",
      credentials: "same-origin",
      keepalive: true,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (!data) return;
      show(data.views);
      // First visit: the server has just given this browser its visitor cookie; count under it.
      if (data.again && again !== true) send(true);
    }).catch(function () { /* the server-rendered number stays */ });
  }

  function afterLoad() {
    if (document.readyState === "complete") send();
    else window.addEventListener("load", send, { once: true });
  }

  // A prerendered page is not read until the reader actually opens it.
  if (document.prerendering) document.addEventListener("prerenderingchange", afterLoad, { once: true });
  else afterLoad();
})();
