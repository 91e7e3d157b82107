"""An editor whose admin speaks Russian writes a new article: the phrases, the rubric chooser, a draft."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile

from masthead.articles.models import ArticleIndexPage, ArticlePage, Rubric
from masthead.testing import make_rubric, sign_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = (
    "Городская дума до полуночи обсуждала бюджет на следующий год, "
    "но так и не пришла к единому мнению о расходах на транспорт и школы"
)


def test_russian_editor_writes_a_draft_with_a_long_headline_and_a_searched_rubric(
    live_server, page, site_tree, screenshot_dir
):
    # A superuser: after another transactional test the migrated groups are gone (Django flushes
    # every table and restores only what it serialized). test_admin_editor covers the editors' group.
    editor = get_user_model().objects.create_superuser("redaktor", "editor@example.com", "correct horse battery")
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "ru"
    profile.save()
    make_rubric("Европа", kind=Rubric.Kind.REGION, name_en="Europe")
    make_rubric("Экономика", kind=Rubric.Kind.SECTION, name_en="Economy")
    news = ArticleIndexPage.objects.get()

    sign_in_to_admin(page, live_server.url, "redaktor", "correct horse battery")

    page.goto(f"{live_server.url}/admin/pages/add/articles/articlepage/{news.pk}/")
    main = page.locator("main")
    for wrong in ("Добавить Авторы", "Выбрать автор\n", "Выбрать рубрика", "Авторы 1"):
        assert wrong not in main.inner_text()

    page.fill("#id_title", HEADLINE)
    title = page.locator("#id_title")
    page.wait_for_function("el => el.scrollHeight <= el.clientHeight + 1", arg=title.element_handle())
    box = title.bounding_box()
    assert box["height"] > 80  # grown to several lines, not one scrolled line

    page.get_by_role("button", name="Добавить рубрику").click()
    page.get_by_role("button", name="Выбрать рубрику").click()
    modal = page.locator(".modal-dialog")
    modal.locator("input[name=q]").fill("евро")
    modal.get_by_role("link", name="Экономика").wait_for(state="detached")  # the search has narrowed the list
    assert modal.get_by_role("cell", name="Регион").is_visible()  # each rubric's kind
    page.screenshot(path=str(screenshot_dir / "admin-ru-rubric-chooser.png"))
    modal.get_by_role("link", name="Европа").click()
    chosen = page.locator("[data-chooser-title]").filter(has_text="Европа")
    chosen.wait_for()
    page.get_by_role("button", name="Действия").click()  # the chosen rubric's menu
    page.get_by_role("button", name="Выбрать другую рубрику").wait_for()
    page.keyboard.press("Escape")

    # Wagtail may autosave the new article meanwhile (its form then turns into the edit form) or not yet:
    # let any autosave finish, then save the draft from whichever form is on the page.
    page.wait_for_load_state("networkidle")
    with page.expect_response(lambda r: r.request.method == "POST" and ("/edit/" in r.url or "/add/" in r.url)) as saved:
        page.locator("footer button.action-save").click()  # "Сохранить черновик", no author yet
    assert saved.value.status in (200, 302), saved.value.status
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(screenshot_dir / "admin-ru-draft-saved.png"), full_page=True)

    draft = ArticlePage.objects.get(title=HEADLINE)  # one draft: the autosaved one, saved again
    assert not draft.live
    assert [link.rubric.name for link in draft.article_rubrics.all()] == ["Европа"]
