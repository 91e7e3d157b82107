"""An editor signs in to the Wagtail admin, edits a draft, publishes it and sees its history."""

import pytest
from django.contrib.auth import get_user_model

from masthead.articles.models import ArticlePage
from masthead.testing import make_article, sign_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_publishes_an_article_from_the_admin(live_server, page, site_tree, screenshot_dir):
    get_user_model().objects.create_superuser("editor", "editor@example.com", "correct horse battery")
    draft = make_article("Черновик о бюджете", live=False)

    sign_in_to_admin(page, live_server.url, "editor", "correct horse battery")

    page.goto(f"{live_server.url}/admin/pages/{draft.pk}/edit/")
    page.fill("#id_title", "Бюджет принят: итоги голосования")
    page.locator("footer .w-dropdown__toggle").click()  # "More actions" beside "Save draft"
    page.locator("footer button[name='action-publish']").click()
    page.wait_for_url(f"{live_server.url}/admin/pages/**")
    page.screenshot(path=str(screenshot_dir / "admin-published.png"))

    article = ArticlePage.objects.get(pk=draft.pk)
    assert article.live and article.title == "Бюджет принят: итоги голосования"
    page.goto(live_server.url + article.url)
    assert page.locator("h1").inner_text() == "Бюджет принят: итоги голосования"

    page.goto(f"{live_server.url}/admin/pages/{draft.pk}/history/")
    assert page.locator("table").count() >= 1
    assert page.get_by_text("editor").count() >= 1
