"""In Debian's chromium: the footer's information pages in both editions, and sign-up's consent to the privacy policy."""

import pytest
from django.contrib.auth import get_user_model

from masthead.pages.demo import load_demo
from masthead.readers.models import ReaderProfile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_a_reader_follows_the_footer_to_the_privacy_policy_in_each_edition(live_server, site_tree, browser, screenshot_dir, width):
    load_demo({}, [])
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for prefix, link, heading, words in (("", "Политика конфиденциальности", "Политика конфиденциальности", "Мы обрабатываем"),
                                         ("/en", "Privacy policy", "Privacy policy", "We process")):
        page.goto(live_server.url + prefix + "/")
        footer = page.locator("footer.site-footer")
        footer.scroll_into_view_if_needed()
        page.screenshot(path=screenshot_dir / f"info-footer{prefix.replace('/', '-')}-{width}.png", full_page=True)
        footer.get_by_role("link", name=link).click()
        page.get_by_role("heading", level=1, name=heading).wait_for()
        assert words in page.locator(".info-page__body").inner_text()
        assert page.url == f"{live_server.url}{prefix}/privacy/"
    page.screenshot(path=screenshot_dir / f"info-privacy-en-{width}.png", full_page=True)
    context.close()


def test_sign_up_is_refused_without_the_consent_and_accepted_with_it(live_server, site_tree, page, screenshot_dir):
    load_demo({}, [])
    page.goto(live_server.url + "/accounts/signup/")
    page.fill("input[name=email]", "anna@example.org")
    page.fill("input[name=display_name]", "Анна")
    page.fill("input[name=password1]", "a long passphrase 42")
    page.fill("input[name=password2]", "a long passphrase 42")
    consent = page.locator("input[name=consent]")
    assert not consent.is_checked()
    page.evaluate("document.querySelector('input[name=consent]').removeAttribute('required')")  # as a script-less bot
    page.click("main form button[type=submit]")
    page.get_by_text("Без вашего согласия на обработку персональных данных").wait_for()
    page.screenshot(path=screenshot_dir / "signup-consent-refused.png", full_page=True)
    assert not get_user_model().objects.exists()

    page.fill("input[name=password1]", "a long passphrase 42")
    page.fill("input[name=password2]", "a long passphrase 42")
    link = page.get_by_role("link", name="политикой конфиденциальности")
    assert link.get_attribute("href") == "/privacy/"
    page.check("input[name=consent]")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert ReaderProfile.objects.get().personal_data_consent_at is not None
