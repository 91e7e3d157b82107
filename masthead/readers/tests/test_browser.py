"""End to end in Debian's chromium: sign up, confirm by e-mail, rename on the account page, see the new name."""

import re

import pytest
from django.core import mail
from django.utils import translation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_signs_up_renames_themself_and_their_comment_shows_the_new_name(live_server, browser, page, screenshot_dir):
    from django.contrib.auth.models import User

    from masthead.comments.tests.conftest import make_comment
    from masthead.testing import make_article

    article = make_article("Parliament passes the budget", paragraphs=["The vote was close."], language="en")
    base = live_server.url
    with translation.override("en"):
        article_path = article.url

    # Sign up with a bidi override in the name, then confirm with the link from the test mailbox.
    page.goto(f"{base}/en/accounts/signup/")
    page.fill("input[name=email]", "anna@example.org")
    page.fill("input[name=display_name]", "\u202eAnna K.")
    page.fill("input[name=password1]", "a long passphrase 42")
    page.fill("input[name=password2]", "a long passphrase 42")
    page.check("input[name=consent]")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[0].body).group()
    page.goto(link.replace(re.match(r"https?://[^/]+", link).group(), base))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()

    # Confirming signs the reader in and lands on their account page, in their language.
    assert page.url == f"{base}/en/account/"
    name = page.locator("input[name=display_name]")
    assert name.input_value() == "Anna K."  # the override is gone
    reader = User.objects.get(email="anna@example.org")
    make_comment(article, reader, "Good summary of the vote.")

    # A guest reads the thread first: it is cached with the old name.
    guest = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    guest_page = guest.new_page()
    guest_page.goto(f"{base}{article_path}#comments")
    assert guest_page.locator(".comment__author").first.inner_text() == "Anna K."

    # An invisible name is refused on the account page as at sign-up; a real one is saved.
    page.goto(f"{base}/en/account/")
    name.fill("\u200b\u200d")
    page.click("[data-readers-profile] button[type=submit]")
    page.wait_for_load_state()
    assert "visible letters" in page.locator(".readers__error").inner_text()
    page.locator("input[name=display_name]").fill("Anna Karenina")
    page.click("[data-readers-profile] button[type=submit]")
    page.wait_for_load_state()
    assert "Your settings are saved." in page.locator(".readers__notice").inner_text()
    assert page.locator("#account-comments").get_by_text("Good summary of the vote.").count() == 1
    page.screenshot(path=str(screenshot_dir / "readers-1-account-renamed.png"), full_page=True)

    # The reader and the guest both see the new name on the comment.
    page.goto(f"{base}{article_path}#comments")
    assert page.locator(".comment__author").first.inner_text() == "Anna Karenina"
    guest_page.reload()
    assert guest_page.locator(".comment__author").first.inner_text() == "Anna Karenina"
    guest_page.locator("#comments").screenshot(path=str(screenshot_dir / "readers-2-guest-sees-new-name.png"))
    guest.close()
