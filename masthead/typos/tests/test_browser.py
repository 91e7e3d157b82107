"""The reader's path in Debian's chromium: select, Ctrl+Enter (or tap), send; the editors see it."""

import pytest
from django.contrib.auth import get_user_model

from masthead.typos.models import TypoReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("page_tree_root")]

SELECT_JS = """([blockIndex, needle, where]) => {
  const block = document.querySelectorAll(where + ' [data-block-id]')[blockIndex];
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const at = node.data.indexOf(needle);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + needle.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      return true;
    }
  }
  return false;
}"""


def select(page, block_index, needle, where=".article__body"):
    """Select `needle` in the body's block number `block_index` (or in `where`'s: ".article__header")."""
    assert page.evaluate(SELECT_JS, [block_index, needle, where])


def test_ctrl_enter_reports_a_fragment_and_editors_see_it(live_server, article, page, screenshot_dir):
    page.goto(live_server.url + article.url)
    page.wait_for_function("document.querySelector('.typo-dialog') !== null")
    select(page, 1, "указ изменит")
    page.keyboard.press("Control+Enter")
    dialog = page.locator("dialog.typo-dialog")
    dialog.wait_for(state="visible")
    assert dialog.locator("mark").inner_text() == "указ изменит"
    assert "Эксперты считают, что" in dialog.locator("blockquote").inner_text()
    # Focus is inside the dialog, on the comment field.
    assert page.evaluate("document.activeElement.id") == "typo-comment"
    page.fill("#typo-comment", "Лишнее слово?")
    page.screenshot(path=screenshot_dir / "typos-dialog.png")
    dialog.get_by_role("button", name="Отправить").click()
    page.get_by_text("Спасибо! Теперь редакция в курсе.").wait_for()
    page.screenshot(path=screenshot_dir / "typos-thanks.png")
    report = TypoReport.objects.get()
    assert report.located and report.fragment == "указ изменит" and report.comment == "Лишнее слово?"
    assert report.block_id == article.body[1].id
    assert report.context_before.endswith("Эксперты считают, что ")

    # Esc closes the dialog; a second report of the same fragment raises the count.
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    select(page, 1, "указ изменит")
    page.keyboard.press("Control+Enter")
    dialog.get_by_role("button", name="Отправить").click()
    page.get_by_text("Спасибо! Теперь редакция в курсе.").wait_for()
    report.refresh_from_db()
    assert report.count == 2 and TypoReport.objects.count() == 1

    # The editors' queue shows it with its context and count.
    get_user_model().objects.create_superuser("chief", "chief@example.com", "secret-pass-1")
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", "secret-pass-1")
    page.click("button[type=submit]")
    page.goto(live_server.url + "/admin/typos/")
    row = page.locator("tbody tr").first
    assert row.locator("mark").inner_text() == "указ изменит"
    assert "Эксперты считают, что" in row.inner_text()
    assert "2" in row.locator("td").nth(2).inner_text()
    page.screenshot(path=screenshot_dir / "typos-admin-queue.png", full_page=True)
    page.goto(live_server.url + report.get_admin_url())
    page.screenshot(path=screenshot_dir / "typos-admin-report.png", full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_headline_and_the_lead_are_reported_as_the_body_is(live_server, article, browser, screenshot_dir, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + article.url)
    page.wait_for_function("document.querySelector('.typo-dialog') !== null")
    dialog = page.locator("dialog.typo-dialog")
    for index, needle, place in ((0, "мерах", "headline"), (1, article.lead.split()[1], "lead")):
        select(page, index, needle, where=".article__header")
        page.keyboard.press("Control+Enter")
        dialog.wait_for(state="visible")
        assert dialog.locator("mark").inner_text() == needle
        if place == "headline":
            page.screenshot(path=screenshot_dir / f"typos-headline-dialog-{width}.png")
        dialog.get_by_role("button", name="Отправить").click()
        page.get_by_text("Спасибо! Теперь редакция в курсе.").wait_for()
        report = TypoReport.objects.get(block_id=place)
        assert report.located and report.fragment == needle and report.block_index is None
        page.keyboard.press("Escape")
        dialog.wait_for(state="hidden")
    context.close()
    headline = TypoReport.objects.get(block_id="headline")
    assert headline.context_before == "Указ о " and headline.context_after == " поддержки"
    assert headline.place() == "заголовок" and headline.get_editor_url().endswith("#:w:contentpath=title")


def test_a_selection_outside_the_body_or_empty_gets_a_message(live_server, article, page):
    page.goto(live_server.url + article.url)
    page.wait_for_function("document.querySelector('.typo-dialog') !== null")
    page.keyboard.press("Control+Enter")
    dialog = page.locator("dialog.typo-dialog")
    dialog.wait_for(state="visible")
    assert "Выделите" in dialog.locator(".typo-dialog__status").inner_text() or "выделите" in dialog.inner_text()
    page.keyboard.press("Escape")
    page.evaluate("""() => {
      const range = document.createRange();
      range.selectNodeContents(document.querySelector('.article__meta'));
      getSelection().removeAllRanges(); getSelection().addRange(range);
    }""")
    page.keyboard.press("Control+Enter")
    assert "в заголовке, подзаголовке или тексте статьи" in dialog.locator(".typo-dialog__status").inner_text()
    assert not TypoReport.objects.exists()


def test_the_touch_button_reports_in_a_mobile_context(live_server, article, browser, screenshot_dir):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
        user_agent="Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36",
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(live_server.url + article.url)
        page.wait_for_function("document.querySelector('.typo-touch') !== null")
        select(page, 0, "подписал указ")
        button = page.locator(".typo-touch")
        button.wait_for(state="visible")
        button.scroll_into_view_if_needed()
        page.screenshot(path=screenshot_dir / "typos-touch-button.png")
        button.tap()
        dialog = page.locator("dialog.typo-dialog")
        dialog.wait_for(state="visible")
        assert dialog.locator("mark").inner_text() == "подписал указ"
        page.screenshot(path=screenshot_dir / "typos-touch-dialog.png")
        dialog.get_by_role("button", name="Отправить").tap()
        page.get_by_text("Спасибо! Теперь редакция в курсе.").wait_for()
    finally:
        context.close()
    report = TypoReport.objects.get()
    assert report.fragment == "подписал указ" and report.block_id == article.body[0].id


def test_a_report_refused_while_the_limit_store_is_down_keeps_the_text(live_server, article, page, screenshot_dir, monkeypatch):
    from masthead.core import ratelimit

    down = ratelimit.Decision(False, 30, store_down=True)
    monkeypatch.setattr("masthead.typos.views.ratelimit.hit", lambda limit, key, **kwargs: down)
    page.goto(live_server.url + article.url)
    page.wait_for_function("document.querySelector('.typo-dialog') !== null")
    select(page, 1, "указ изменит")
    page.keyboard.press("Control+Enter")
    dialog = page.locator("dialog.typo-dialog")
    dialog.wait_for(state="visible")
    page.fill("#typo-comment", "Лишнее слово?")
    dialog.get_by_role("button", name="Отправить").click()
    page.get_by_text("Сейчас сообщения не принимаются.", exact=False).wait_for()
    page.screenshot(path=screenshot_dir / "typos-store-down.png")
    # The reader's selection and comment are still there, and the report can be sent again.
    assert dialog.locator("mark").inner_text() == "указ изменит"
    assert page.input_value("#typo-comment") == "Лишнее слово?"
    assert dialog.get_by_role("button", name="Отправить").is_enabled()
    assert not TypoReport.objects.exists()
    monkeypatch.undo()
    dialog.get_by_role("button", name="Отправить").click()
    page.get_by_text("Спасибо! Теперь редакция в курсе.").wait_for()
    assert TypoReport.objects.get().comment == "Лишнее слово?"
