"""Sharing an article in a real browser: plain links to the networks, and a copy-link button."""

from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from masthead.testing import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}], ids=["desktop", "phone"])
def test_a_reader_shares_the_article_by_link_or_copies_its_address(browser, live_server, site_tree, settings, screenshot_dir, viewport):
    settings.SITE_URL = live_server.url
    article = make_article(title="Бюджет & налоги: что изменится", slug="budget-taxes")
    context = browser.new_context(viewport=viewport, locale="ru-RU")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/news/{article.slug}/")
        share = page.locator(".share")
        expect(share).to_contain_text("Поделиться:")
        address = quote(f"{live_server.url}/news/{article.slug}/", safe="")
        telegram = share.get_by_role("link", name="Telegram")
        assert telegram.get_attribute("href") == f"https://t.me/share/url?url={address}&text={quote(article.title, safe='')}"
        assert share.get_by_role("link", name="ВКонтакте").get_attribute("href").startswith(f"https://vk.com/share.php?url={address}")
        assert share.get_by_role("link", name="Одноклассники").get_attribute("href").startswith("https://connect.ok.ru/offer?url=")
        assert share.get_by_role("link", name="WhatsApp").get_attribute("href").endswith(address)
        for link in share.get_by_role("link").all():  # plain links: no trackers added
            assert "utm_" not in link.get_attribute("href")

        share.get_by_role("button", name="Скопировать ссылку").click()
        expect(share.get_by_role("status")).to_have_text("Ссылка скопирована")
        assert page.evaluate("navigator.clipboard.readText()") == f"{live_server.url}/news/{article.slug}/"
        share.screenshot(path=screenshot_dir / f"share-{viewport['width']}.png")
    finally:
        context.close()
