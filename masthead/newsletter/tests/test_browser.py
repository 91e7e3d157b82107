"""The reader's whole path in Debian's chromium: subscribe from an article, confirm from the mail, get the digest, leave."""

import re

import pytest

from masthead.newsletter import sending
from masthead.newsletter.models import NewsletterSettings, Subscriber
from masthead.testing import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def link(text: str, kind: str) -> str:
    return re.search(rf"http://\S+/newsletter/{kind}/[^/\s]+/", text).group(0)


def test_subscribe_confirm_receive_the_digest_and_unsubscribe_in_one_click(
    live_server, site_tree, smtp, page, settings, screenshot_dir
):
    from masthead.core.times import site_today

    settings.SITE_URL = live_server.url
    article = make_article("Указ о мерах поддержки", story_of_the_day=site_today(), lead="Что меняется с января.")
    page.goto(live_server.url + article.url)
    form = page.locator("form.newsletter-form")
    form.locator("input[type=email]").fill("reader@example.com")
    form.locator("input[type=email]").scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "newsletter-article-form.png")
    form.get_by_role("button", name="Подписаться").click()
    page.get_by_role("heading", name="Проверьте почту").wait_for()
    page.screenshot(path=screenshot_dir / "newsletter-check-mail.png")
    assert Subscriber.objects.get().state == Subscriber.State.PENDING

    [confirmation] = smtp.to("reader@example.com")
    page.goto(link(smtp.text(confirmation), "confirm"))
    assert Subscriber.objects.get().state == Subscriber.State.PENDING  # opening the link is not confirming
    page.get_by_role("button", name="Подтвердить подписку").click()
    page.get_by_role("heading", name="Вы подписаны").wait_for()
    page.screenshot(path=screenshot_dir / "newsletter-confirmed.png")
    assert Subscriber.objects.get().state == Subscriber.State.CONFIRMED

    NewsletterSettings.objects.create(digest_hour=0)
    sending.deliver_due()
    digest = smtp.to("reader@example.com")[-1]
    assert "Новости дня" in digest["Subject"]
    assert "Указ о мерах поддержки" in smtp.html(digest)
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    page.goto("about:blank")  # a fresh document: the site's CSP would block the mail's inline styles
    page.set_content(smtp.html(digest))
    page.screenshot(path=screenshot_dir / "newsletter-digest.png", full_page=True)

    # RFC 8058: the mail client's one click is a POST to the header's URL, with no cookie and no token.
    header_url = re.search(r"<(https?://[^>]+)>", str(digest["List-Unsubscribe"])).group(1)
    answer = page.request.post(header_url, form={"List-Unsubscribe": "One-Click"})
    assert answer.status == 200
    assert Subscriber.objects.get().state == Subscriber.State.UNSUBSCRIBED

    # The link in the body: one click, the page sends its form at once (a mail scanner's GET does nothing).
    Subscriber.objects.update(state=Subscriber.State.CONFIRMED)
    page.goto(link(smtp.text(digest), "unsubscribe"))
    page.get_by_role("heading", name="Вы отписались").wait_for()
    page.screenshot(path=screenshot_dir / "newsletter-unsubscribed.png")
    assert Subscriber.objects.get().state == Subscriber.State.UNSUBSCRIBED
    sending.deliver_due()
    assert len(smtp.to("reader@example.com")) == 2  # the confirmation and one digest, nothing after leaving


def test_the_form_works_without_javascript_and_on_a_narrow_screen(live_server, site_tree, smtp, browser, settings, screenshot_dir):
    settings.SITE_URL = live_server.url
    make_article("Первая новость")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + "/")
    form = page.locator("form.newsletter-form")
    form.locator("input[type=email]").fill("narrow@example.com")
    form.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "newsletter-home-360.png")
    form.get_by_role("button", name="Подписаться").click()
    page.get_by_role("heading", name="Проверьте почту").wait_for()
    context.close()
    assert Subscriber.objects.get().email == "narrow@example.com"
    assert smtp.to("narrow@example.com")


def test_a_signed_in_reader_changes_the_edition_and_rubrics_on_the_account_page(
    live_server, site_tree, browser, django_user_model, screenshot_dir
):
    from django.test import Client

    from masthead.articles.models import Rubric

    Rubric.objects.create(name="Политика", name_en="Politics", slug="politics", kind=Rubric.Kind.SECTION)
    economy = Rubric.objects.create(name="Экономика", name_en="Economy", slug="economy", kind=Rubric.Kind.SECTION)
    reader = django_user_model.objects.create_user("anna", "anna@example.org", "a long passphrase 42")
    subscription = Subscriber.objects.create(email="anna@example.org", language="ru", state=Subscriber.State.CONFIRMED)
    signer = Client()
    signer.force_login(reader)
    for width, name in ((1280, "desktop"), (390, "phone")):
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.add_cookies([{"name": "sessionid", "value": signer.cookies["sessionid"].value, "url": live_server.url}])
        page = context.new_page()
        page.goto(live_server.url + "/account/")
        form = page.locator("form[data-newsletter-subscription]")
        form.get_by_label("English").check()
        form.get_by_label("Экономика").check()
        form.scroll_into_view_if_needed()
        page.screenshot(path=screenshot_dir / f"newsletter-account-change-{name}.png", full_page=True)
        form.get_by_role("button", name="Сохранить подписку").click()
        page.get_by_role("status").filter(has_text="Подписка сохранена.").wait_for()
        assert page.locator("form[data-newsletter-subscription]").get_by_label("English").is_checked()
        page.screenshot(path=screenshot_dir / f"newsletter-account-saved-{name}.png", full_page=True)
        context.close()
        subscription.refresh_from_db()
        assert subscription.language == "en" and list(subscription.rubrics.all()) == [economy]
        Subscriber.objects.filter(pk=subscription.pk).update(language="ru")
        subscription.rubrics.clear()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": signer.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + "/account/")
    page.get_by_role("button", name="Отписаться").click()
    page.get_by_role("status").filter(has_text="Вы отписались от рассылки.").wait_for()
    page.get_by_role("link", name="Подписаться на новости дня по почте").wait_for()
    context.close()
    assert Subscriber.objects.get().state == Subscriber.State.UNSUBSCRIBED
