/* Typo reports: select text in the article, press Ctrl+Enter (or tap "Report an error"), send.
 * Progressive: without this script the page reads as before. Every string comes from the
 * page (json_script "typo-config"), so the dialog speaks the page's language. */
(function () {
  "use strict";
  var configNode = document.getElementById("typo-config");
  // The parts a reader may report: the article's header (headline, lead) and its body.
  var scopes = Array.prototype.slice.call(document.querySelectorAll("[data-typo-scope]"));
  if (!configNode || !scopes.length || !window.fetch || typeof HTMLDialogElement !== "function") return;
  var config = JSON.parse(configNode.textContent);
  var t = config.text;
  var CONTEXT = 100;
  var token = null;
  var pending = null; // the report captured from the current selection
  var lastFocus = null;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) node.textContent = text;
    return node;
  }

  // The dialog, built once. Text is always set with textContent: reader text never becomes markup.
  var dialog = el("dialog", { "class": "typo-dialog", "aria-labelledby": "typo-dialog-title" });
  var form = el("form", { "class": "typo-dialog__form", method: "dialog" });
  var title = el("h2", { id: "typo-dialog-title", "class": "typo-dialog__title" }, t.title);
  var reportPart = el("div", { "class": "typo-dialog__report" });
  var quote = el("blockquote", { "class": "typo-dialog__quote" });
  var commentLabel = el("label", { "for": "typo-comment", "class": "typo-dialog__label" }, t.comment + " ");
  commentLabel.appendChild(el("span", { "class": "typo-dialog__optional" }, t.commentHint));
  var comment = el("textarea", { id: "typo-comment", name: "comment", rows: "3", maxlength: String(config.maxComment) });
  var status = el("p", { "class": "typo-dialog__status", role: "status", "aria-live": "polite" });
  var actions = el("div", { "class": "typo-dialog__actions" });
  var send = el("button", { type: "submit", "class": "typo-dialog__send" }, t.send);
  var cancel = el("button", { type: "button", "class": "typo-dialog__cancel" }, t.cancel);
  reportPart.append(el("p", { "class": "typo-dialog__intro" }, t.intro), quote, commentLabel, comment);
  actions.append(send, cancel);
  form.append(title, reportPart, status, actions);
  dialog.appendChild(form);
  document.body.appendChild(dialog);

  var touchButton = el("button", { type: "button", "class": "typo-touch", hidden: "" }, t.button);
  document.body.appendChild(touchButton);

  function blockOf(node) {
    var element = node && (node.nodeType === 1 ? node : node.parentElement);
    var block = element && element.closest("[data-block-id]");
    return block && scopes.some(function (scope) { return scope.contains(block); }) ? block : null;
  }

  /* What is selected, where, and the text around it; or {error: ...}. */
  function capture() {
    var selection = window.getSelection();
    if (!selection || !selection.rangeCount || selection.isCollapsed) return { error: "empty" };
    var fragment = selection.toString();
    if (!fragment.trim()) return { error: "empty" };
    var range = selection.getRangeAt(0);
    var startBlock = blockOf(range.startContainer);
    // A triple-click ends the range at offset 0 of whatever follows the paragraph.
    var endBlock = blockOf(range.endContainer) || (range.endOffset === 0 ? startBlock : null);
    if (!startBlock || !endBlock) return { error: "outside" };
    if (fragment.trim().length > config.maxFragment) return { error: "tooLong" };
    var head = document.createRange();
    head.selectNodeContents(startBlock);
    head.setEnd(range.startContainer, range.startOffset);
    var tail = document.createRange();
    tail.selectNodeContents(endBlock);
    if (endBlock.contains(range.endContainer)) tail.setStart(range.endContainer, range.endOffset);
    var before = head.toString();
    var after = endBlock.contains(range.endContainer) ? tail.toString() : "";
    return {
      fragment: fragment.trim(),
      block: startBlock.getAttribute("data-block-id"),
      offset: before.length,
      before: before.slice(-CONTEXT),
      after: after.slice(0, CONTEXT)
    };
  }

  /* The fragment inside its sentence: context cut at the nearest sentence ends. */
  function showQuote(report) {
    var before = report.before.replace(/\s+/g, " ");
    var after = report.after.replace(/\s+/g, " ");
    var cut = Math.max(before.lastIndexOf(". "), before.lastIndexOf("! "), before.lastIndexOf("? "), before.lastIndexOf("… "));
    if (cut >= 0) before = before.slice(cut + 2);
    var end = after.search(/[.!?…]/);
    if (end >= 0) after = after.slice(0, end + 1);
    quote.textContent = "";
    quote.append(before, el("mark", {}, report.fragment), after);
  }

  function setMode(mode, message) {
    reportPart.hidden = mode !== "report";
    send.hidden = mode !== "report";
    send.disabled = false;
    cancel.textContent = mode === "report" ? t.cancel : t.close;
    status.textContent = message || "";
    status.className = "typo-dialog__status" + (mode === "done" ? " typo-dialog__status--done" : "");
  }

  function open(report) {
    lastFocus = document.activeElement;
    if (report.error) {
      setMode("message", t[report.error]);
    } else {
      pending = report;
      comment.value = "";
      showQuote(report);
      setMode("report");
    }
    if (!dialog.open) dialog.showModal();
    (report.error ? cancel : comment).focus();
  }

  function fetchToken() {
    return fetch(config.tokenUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) { token = data.token; return token; });
  }

  function post(body) {
    return fetch(config.reportUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
      body: body
    });
  }

  function submit() {
    if (!pending) return;
    var body = JSON.stringify({
      article: config.article,
      revision: config.revision,
      fragment: pending.fragment,
      block: pending.block,
      offset: pending.offset,
      before: pending.before,
      after: pending.after,
      comment: comment.value.trim()
    });
    send.disabled = true;
    status.textContent = t.sending;
    // Pages may come from a full-page cache without a token: fetch one, retry once if it went stale.
    (token ? Promise.resolve(token) : fetchToken())
      .then(function () { return post(body); })
      .then(function (response) {
        return response.status === 403 ? fetchToken().then(function () { return post(body); }) : response;
      })
      .then(function (response) {
        if (response.ok) {
          pending = null;
          setMode("done", t.thanks);
          cancel.focus();
        } else {
          send.disabled = false;
          // The dialog stays open with the reader's selection and comment: they can send again.
          status.textContent = response.status === 429 ? t.rateLimited : response.status === 503 ? t.unavailable : t.failed;
        }
      })
      .catch(function () {
        send.disabled = false;
        status.textContent = t.failed;
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    submit();
  });
  cancel.addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("close", function () {
    if (lastFocus && lastFocus !== document.body && document.contains(lastFocus)) lastFocus.focus();
  });

  function isEditable(node) {
    return node && (node.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(node.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    if (dialog.open) {
      if (!send.hidden && !send.disabled) { event.preventDefault(); submit(); }
      return;
    }
    // Ctrl+Enter in someone else's form (the comment box) is theirs.
    if (isEditable(event.target)) return;
    event.preventDefault();
    open(capture());
  });

  // Touch screens have no Ctrl+Enter: offer a button beside a selection in the article.
  var coarse = window.matchMedia && window.matchMedia("(pointer: coarse)");
  function isTouch() { return (coarse && coarse.matches) || navigator.maxTouchPoints > 0; }
  var timer = null;
  document.addEventListener("selectionchange", function () {
    if (!isTouch()) return;
    clearTimeout(timer);
    timer = setTimeout(placeTouchButton, 200);
  });

  function placeTouchButton() {
    var report = capture();
    var selection = window.getSelection();
    if (report.error === "empty" || report.error === "outside" || dialog.open) {
      touchButton.hidden = true;
      return;
    }
    pending = report;
    var rect = selection.getRangeAt(0).getBoundingClientRect();
    touchButton.hidden = false;
    var width = touchButton.offsetWidth;
    var left = Math.min(Math.max(8, rect.left), document.documentElement.clientWidth - width - 8);
    touchButton.style.top = window.scrollY + rect.bottom + 12 + "px";
    touchButton.style.left = window.scrollX + left + "px";
  }

  // Keep the selection: a tap that moved focus would clear it before the click lands.
  touchButton.addEventListener("pointerdown", function (event) { event.preventDefault(); });
  touchButton.addEventListener("click", function () {
    touchButton.hidden = true;
    open(pending || capture());
  });
})();
