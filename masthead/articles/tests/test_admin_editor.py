"""The article editor as an editor of the "Editors" group meets it, in Russian."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from masthead.articles.models import ArticleIndexPage, ArticlePage, Rubric
from masthead.core import times
from masthead.lib.text import transliterated_slug
from masthead.testing import make_article, make_author, make_rubric, wagtail_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(site_tree):
    """A member of Wagtail's editors group (renamed in Russian), whose admin speaks Russian."""
    user = get_user_model().objects.create_user("editor", "editor@example.com", "pw")
    user.groups.add(wagtail_group("Editors"))
    set_admin_language(user, "ru")
    return user


def set_admin_language(user, language: str) -> None:
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


@pytest.fixture
def admin_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def news():
    return ArticleIndexPage.objects.get()


def add_url(news) -> str:
    return reverse("wagtailadmin_pages:add", args=("articles", "articlepage", news.pk))


def article_form(title: str, *, authors=(), rubrics=(), slug: str = "", **extra) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": slug or transliterated_slug(title),  # the admin's script fills it from the headline
            "lead": extra.pop("lead", ""),
            "language": "ru",
            "article_authors": inline_formset([{"author": a.pk} for a in authors]),
            "article_rubrics": inline_formset([{"rubric": r.pk} for r in rubrics]),
            "body": streamfield([]),
            "comments": inline_formset([]),
            **extra,
        }
    )


def text_of(response) -> str:
    return response.content.decode()


def test_editor_labels_read_in_the_right_case(admin_client, news):
    html = text_of(admin_client.get(add_url(news)))

    for right in ("Добавить автора", "Добавить рубрику"):
        assert right in html
    for wrong in ("Добавить Авторы", "Добавить Рубрики", "Авторы 1", "Рубрики 1", "Выбрать автор<", "Выбрать рубрика"):
        assert wrong not in html


def test_author_and_rubric_choosers_are_worded_whole(admin_client, news):
    make_author("Анна Волкова")
    make_article("Статья с автором")  # the author's chooser button lives on an article with one
    article = ArticlePage.objects.get(title="Статья с автором")
    html = text_of(admin_client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,))))
    assert "Выбрать другого автора" in html and "Выбрать другую рубрику" in html

    modal = admin_client.get(reverse("wagtailsnippetchoosers_articles_rubric:choose"))
    assert "Выбрать рубрику" in modal.json()["html"]
    modal = admin_client.get(reverse("wagtailsnippetchoosers_articles_author:choose"))
    assert "Выбрать автора" in modal.json()["html"]


def test_rubric_chooser_searches_names_and_shows_the_kind(admin_client):
    make_rubric("Европа", kind=Rubric.Kind.REGION, name_en="Europe")
    make_rubric("Экономика", kind=Rubric.Kind.SECTION, name_en="Economy")

    url = reverse("wagtailsnippetchoosers_articles_rubric:choose_results")
    results = text_of(admin_client.get(url, {"q": "европ"}))
    assert "Европа" in results and "Экономика" not in results
    assert "Регион" in results and "Название" in results and "Заголовок" not in results
    results = text_of(admin_client.get(url, {"q": "Econ"}))
    assert "Экономика" in results and "Европа" not in results


def test_snippet_listing_offers_to_add_in_the_right_case(admin_client, editor):
    editor.is_superuser = True
    editor.save()
    assert "Добавить рубрику" in text_of(admin_client.get(reverse("wagtailsnippets_articles_rubric:list")))
    assert "Добавить автора" in text_of(admin_client.get(reverse("wagtailsnippets_articles_author:list")))


def test_draft_saves_without_authors_and_rubrics(admin_client, news):
    response = admin_client.post(add_url(news), article_form("Черновик без авторов"))

    assert response.status_code == 302, response.context and response.context["form"].errors
    draft = ArticlePage.objects.get(title="Черновик без авторов")
    assert not draft.live and draft.article_authors.count() == 0


def test_publishing_asks_for_an_author_and_a_rubric(admin_client, news, editor):
    editor.is_superuser = True  # may publish
    editor.save()
    response = admin_client.post(add_url(news), article_form("Без авторов", lead="Лид.", **{"action-publish": "1"}))

    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert "Перед публикацией добавьте автора." in errors and "Перед публикацией добавьте рубрику." in errors
    assert not ArticlePage.objects.filter(title="Без авторов").exists()


def test_submitting_for_moderation_asks_for_an_author_and_a_rubric(admin_client, news):
    response = admin_client.post(add_url(news), article_form("На модерацию", lead="Лид.", **{"action-submit": "1"}))

    assert response.status_code == 200
    assert "Перед публикацией добавьте автора." in response.context["form"].non_field_errors()


def test_article_with_author_and_rubric_publishes(admin_client, news, editor):
    editor.is_superuser = True
    editor.save()
    author, rubric = make_author(), make_rubric()
    response = admin_client.post(
        add_url(news),
        article_form("С авторами", lead="Лид.", authors=[author], rubrics=[rubric], **{"action-publish": "1"}),
    )

    assert response.status_code == 302
    assert ArticlePage.objects.get(title="С авторами").live


def test_abandoned_draft_does_not_block_the_same_headlines_slug(admin_client, news):
    admin_client.post(add_url(news), article_form("Пожар на складе", slug="pozhar-na-sklade"))  # begun, abandoned
    ArticlePage.objects.update(latest_revision_created_at=timezone.now() - dt.timedelta(hours=1))
    response = admin_client.post(add_url(news), article_form("Пожар на складе", slug="pozhar-na-sklade"))

    assert response.status_code == 302
    slugs = sorted(ArticlePage.objects.filter(title="Пожар на складе").values_list("slug", flat=True))
    assert slugs == ["pozhar-na-sklade", "pozhar-na-sklade-2"]


def test_a_draft_saved_a_moment_ago_still_blocks_its_slug(admin_client, news):
    # Most likely the same article, autosaved before a stale form was sent again: no silent second copy.
    admin_client.post(add_url(news), article_form("Пожар на складе", slug="pozhar-na-sklade"))
    response = admin_client.post(add_url(news), article_form("Пожар на складе", slug="pozhar-na-sklade"))

    assert response.status_code == 200
    assert ArticlePage.objects.filter(title="Пожар на складе").count() == 1


def test_a_published_articles_slug_still_blocks(admin_client, news):
    make_article("Пожар на складе", slug="pozhar-na-sklade")
    response = admin_client.post(add_url(news), article_form("Пожар на складе", slug="pozhar-na-sklade"))

    assert response.status_code == 200
    assert "slug" in response.context["form"].errors


def test_long_headline_is_edited_in_a_growing_field_and_saved_on_one_line(admin_client, news):
    html = text_of(admin_client.get(add_url(news)))
    assert '<textarea name="title"' in html and "w-autosize" in html

    admin_client.post(add_url(news), article_form("Дума обсудила\r\nбюджет  на год"))
    assert ArticlePage.objects.filter(title="Дума обсудила бюджет на год").exists()


def test_groups_and_workflow_are_named_in_russian(admin_client, news, settings):
    assert settings.LANGUAGE_CODE == "ru"
    html = text_of(admin_client.get(add_url(news)))
    assert "Утверждение модераторами" in html and "Moderators approval" not in html

    admin_client.force_login(get_user_model().objects.create_superuser("chief", "chief@example.com", "pw"))
    set_admin_language(get_user_model().objects.get(username="chief"), "ru")
    groups = text_of(admin_client.get(reverse("wagtailusers_groups:index")))
    assert "Редакторы" in groups and "Модераторы" in groups
    assert ">Editors<" not in groups and ">Moderators<" not in groups


def test_english_admin_keeps_english_phrases(admin_client, news, editor):
    set_admin_language(editor, "en")
    html = text_of(admin_client.get(add_url(news)))
    assert "Add an author" in html and "Add a rubric" in html


def preview_html(client, url: str, data: dict) -> str:
    assert client.post(url, data).json()["is_valid"]
    return text_of(client.get(url, {"mode": ""}))


def test_preview_of_a_new_draft_shows_the_date_and_dateline_it_will_have(admin_client, news):
    before = times.format_dateline(timezone.now(), "Казань")
    url = reverse("wagtailadmin_pages:preview_on_add", args=("articles", "articlepage", news.pk))
    html = preview_html(admin_client, url, article_form("Паводок на Волге", lead="Лид.", dateline="Казань"))
    after = times.format_dateline(timezone.now(), "Казань")

    head = re.search(r'<span class="article__time">(.*?)</span>', html, re.S)
    assert head, "no date line in the preview"
    assert re.sub(r"<[^>]+>", "", head.group(1)) in (before, after)


def test_preview_shows_the_chosen_publication_time(admin_client, news):
    article = make_article("Запланировано", live=False, dateline="Омск")
    moment = dt.datetime(2026, 3, 5, 9, 30, tzinfo=dt.UTC)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(article.pk,))
    data = article_form(
        "Запланировано", slug=article.slug, lead="Лид.", dateline="Омск", published_at="2026-03-05 12:30"
    )
    html = preview_html(admin_client, url, data)
    assert times.format_dateline(moment, "Омск") in re.sub(r"<[^>]+>", "", html)


def test_the_new_article_form_is_headed_in_agreeing_russian(admin_client, news):
    # Wagtail's own heading is "Новый: Статья": an adjective agreeing with no noun.
    html = admin_client.get(add_url(news)).content.decode()
    assert "<title>Новая страница: Статья" in html and "Новый: " not in html


def test_new_rubric_form_and_its_message_agree_in_gender(admin_client, editor):
    editor.is_superuser = True
    editor.save()
    form = text_of(admin_client.get(reverse("wagtailsnippets_articles_rubric:add")))
    assert "Новая рубрика" in form and "Новый: " not in form

    response = admin_client.post(
        reverse("wagtailsnippets_articles_rubric:add"),
        {"name": "Спорт", "name_en": "Sport", "slug": "sport", "kind": "section", "sort_order": "100"},
        follow=True,
    )
    assert "Рубрика «Спорт» создана." in text_of(response)
