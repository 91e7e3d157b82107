"""End to end in Debian's chromium: sign up, confirm by e-mail, meet the link rule, publish, get blocked."""

import re

import pytest
from django.core import mail
from django.utils import translation

from masthead.comments.models import BannedWord, Comment
from masthead.comments.policy.default_words import default_entries
from masthead.comments.rules import ensure_default_rules

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded(settings):
    # Transactional tests start from empty tables: put back what the data migration loads.
    ensure_default_rules()
    BannedWord.objects.bulk_create(
        [BannedWord(language=l, entry=e) for l, e in dict.fromkeys(default_entries())], ignore_conflicts=True
    )
    # The scenario publishes the reader's second try at once: new-account holding off.
    settings.COMMENTS_NEW_ACCOUNT_HELD = 0


def test_reader_signs_up_meets_the_link_rule_publishes_and_is_blocked(live_server, browser, page, screenshot_dir, seeded):
    from django.contrib.auth.models import Group, Permission, User

    from masthead.testing import make_article

    article = make_article("Parliament passes the budget", paragraphs=["The vote was close."], language="en")
    base = live_server.url
    with translation.override("en"):
        article_path = article.url  # the English edition: /en/news/<slug>/

    # Sign up, then confirm with the link from the test mailbox.
    page.goto(f"{base}/en/accounts/signup/")
    page.fill("input[name=email]", "anna@example.org")
    page.fill("input[name=display_name]", "Anna K.")
    page.fill("input[name=password1]", "a long passphrase 42")
    page.fill("input[name=password2]", "a long passphrase 42")
    page.check("input[name=consent]")
    page.screenshot(path=str(screenshot_dir / "comments-0-signup.png"), full_page=True)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[0].body).group()
    page.goto(link.replace(re.match(r"https?://[^/]+", link).group(), base))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    page.screenshot(path=str(screenshot_dir / "comments-1-confirmed.png"), full_page=True)

    # A third-party link is refused with the rule; the text stays in the form.
    response = page.goto(f"{base}{article_path}")
    assert response.status == 200, (article.url, response.status, page.content()[:2000])
    text = "Good summary. More figures at example.com/budget"
    page.fill("#comment-form textarea[name=text]", text)
    page.click("#comment-form button[type=submit]")
    error = page.locator("[data-comments-error]")
    assert "Links to third-party resources are not allowed." in error.inner_text()
    assert page.locator("#comment-form textarea[name=text]").input_value() == text
    page.screenshot(path=str(screenshot_dir / "comments-2-link-refused.png"), full_page=True)

    # Without the link it is published at once.
    page.fill("#comment-form textarea[name=text]", "Good summary. The figures are worth a second look.")
    page.click("#comment-form button[type=submit]")
    page.wait_for_load_state()
    assert "Your comment is published." in page.locator(".comments__notice").inner_text()
    assert page.locator(".comment__text", has_text="worth a second look").count() == 1
    page.screenshot(path=str(screenshot_dir / "comments-3-published.png"), full_page=True)
    reader = User.objects.get(email="anna@example.org")
    assert Comment.objects.get(author=reader, status="published")

    # A moderator blocks the account in the admin, without notice.
    moderator = User.objects.create_user("moderator", "mod@example.org", "moderator pass 1")
    group, _ = Group.objects.get_or_create(name="Comment moderators")
    group.permissions.add(Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="moderate_comment"))
    moderator.groups.add(group)
    admin = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    admin_page = admin.new_page()
    admin_page.goto(f"{base}/admin/login/")
    admin_page.fill("input[name=username]", "moderator")
    admin_page.fill("input[name=password]", "moderator pass 1")
    admin_page.click("button[type=submit]")
    admin_page.wait_for_load_state()
    # The queue shows a held comment with the matched span highlighted.
    held_text = "Подробности на example[.]com, там всё"
    held = Comment.objects.create(article=article, author=reader, text=held_text, text_hash="x", status="held")
    start = held_text.index("example")
    held.decisions.create(rule_code="links", action="hold", start=start, end=start + 13, matched="example[.]com", deciding=True)
    admin_page.goto(f"{base}/admin/comments/")
    assert admin_page.locator("mark.comments-match", has_text="example[.]com").count() >= 1
    admin_page.screenshot(path=str(screenshot_dir / "comments-3b-queue.png"), full_page=True)
    held.delete()
    admin_page.goto(f"{base}/admin/comments/blocks/")
    admin_page.fill("#block-email", "anna@example.org")
    admin_page.click(".comments-find-reader button")
    admin_page.fill("textarea[name=reason], input[name=reason]", "Repeated insults")
    admin_page.click(".comments-block-form button[type=submit]")
    admin_page.wait_for_load_state()
    assert "anna@example.org" in admin_page.content()
    admin_page.screenshot(path=str(screenshot_dir / "comments-4-blocked-in-admin.png"), full_page=True)
    admin.close()
    assert mail.outbox[-1].to != ["anna@example.org"] or len(mail.outbox) == 1  # blocked without notice

    # A guest reading the Russian edition sees the thread in Russian.
    guest = browser.new_context(locale="ru-RU", viewport={"width": 390, "height": 844})
    guest_page = guest.new_page()
    with translation.override("ru"):
        guest_page.goto(f"{base}{article.url}#comments")
    assert "Комментарии" in guest_page.locator("#comments-title").inner_text()
    guest_page.locator("#comments").screenshot(path=str(screenshot_dir / "comments-4b-guest-ru.png"))
    guest.close()

    # The reader's next post is refused with the block message.
    page.goto(f"{base}{article_path}")
    assert "blocked" in page.locator("[data-comments-blocked]").inner_text()
    response = page.request.post(
        f"{base}/en/comments/article/{article.pk}/",
        form={"text": "Is anyone there?", "csrfmiddlewaretoken": page.evaluate("document.cookie.match(/csrftoken=([^;]+)/)[1]")},
        headers={"Referer": f"{base}{article_path}"},
    )
    assert response.status == 403
    assert "Repeated insults" in response.text()
    page.set_content(response.text())
    page.screenshot(path=str(screenshot_dir / "comments-5-refused-blocked.png"), full_page=True)
    assert Comment.objects.filter(author=reader).count() == 2  # the rejected try and the published one
