"""In a real browser the policy blocks injected scripts and nothing of ours."""

import pytest

from masthead.core import freshness
from masthead.testing import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_article_page_runs_our_scripts_and_blocks_an_injected_one(live_server, site_tree, page, screenshot_dir):
    freshness.forget()
    article = make_article("Проверка политики безопасности", paragraphs=["Первый абзац.", "Второй абзац.", "Третий."])
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    page.goto(live_server.url + article.url)
    page.wait_for_function("document.querySelector('.typo-dialog') !== null")  # typos.js ran
    assert violations == []
    # What an injection would add: an inline script and an inline handler. Neither may run.
    page.evaluate("""() => {
        const script = document.createElement('script');
        script.textContent = 'window.__injected = true';
        document.body.appendChild(script);
        const img = document.createElement('img');
        img.setAttribute('onerror', 'window.__handler = true');
        img.src = 'data:,broken';
        document.body.appendChild(img);
    }""")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__injected === undefined && window.__handler === undefined")
    assert violations, "the browser reported no blocked script"
    page.screenshot(path=screenshot_dir / "csp-article.png")
