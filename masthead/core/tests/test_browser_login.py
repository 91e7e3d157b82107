"""In Debian's chromium: a reader and an editor who failed too often are told why, not "wrong password"."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_login_forms_say_when_failures_are_over_the_limit(live_server, browser, page, screenshot_dir, settings):
    from allauth.account.models import EmailAddress

    settings.LOGIN_FAILURES_PER_ACCOUNT = 2
    settings.REDIS_URL = ""  # counted in the database, which the live server shares
    reader = get_user_model().objects.create_user("anna", "anna@example.org", "a long passphrase 42")
    EmailAddress.objects.create(user=reader, email=reader.email, verified=True, primary=True)
    get_user_model().objects.create_user("editor", "editor@example.com", "the right password", is_staff=True)
    base = live_server.url

    for password in ("guess one", "guess two", "a long passphrase 42"):
        page.goto(f"{base}/en/accounts/login/")
        page.fill("input[name=login]", "anna@example.org")
        page.fill("input[name=password]", password)
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
    assert "Too many failed login attempts from your address" in page.content()
    assert "/accounts/login/" in page.url
    page.screenshot(path=str(screenshot_dir / "login-1-reader-throttled.png"), full_page=True)

    for password in ("guess one", "guess two", "the right password"):
        page.goto(f"{base}/admin/login/")
        page.fill("input[name=username]", "editor@example.com")
        page.fill("input[name=password]", password)
        page.click("form button[type=submit]")
        page.wait_for_load_state()
    assert "/admin/login/" in page.url
    assert "Too many failed login attempts" in page.content() or "Слишком много неудачных попыток" in page.content()
    page.screenshot(path=str(screenshot_dir / "login-2-admin-throttled.png"), full_page=True)
