import datetime as dt

import pytest
from django.utils import timezone

from masthead.testing import make_article, make_rubric

pytestmark = pytest.mark.django_db


def test_home_leads_with_story_of_the_day_then_latest_and_sections(client, site_tree):
    politics = make_rubric("Политика", slug="politics", on_home_page=True)
    make_article("Вчерашний сюжет", story_of_the_day=timezone.localdate() - dt.timedelta(days=1),
                 published_at=timezone.now() - dt.timedelta(days=2))
    make_article("Сюжет сегодняшнего дня", story_of_the_day=timezone.localdate(), rubrics=[politics])
    make_article("Давняя политика", rubrics=[politics], published_at=timezone.now() - dt.timedelta(days=5))
    for n in range(12):
        make_article(f"Свежая новость {n}")
    html = client.get("/").content.decode()
    story = html.index('class="story-of-the-day"')
    assert html.index("Сюжет сегодняшнего дня") > story
    assert html.index("Свежая новость 0") > html.index('class="latest"')
    assert html.index("Давняя политика") > html.index('id="section-politics"')


def test_home_shows_each_story_once_and_no_kicker_repeating_the_section_heading(client, site_tree):
    politics = make_rubric("Политика", slug="politics", on_home_page=True)
    economy = make_rubric("Экономика", slug="economy", on_home_page=True)
    make_article("Сюжет дня", story_of_the_day=timezone.localdate(), rubrics=[politics])
    make_article("Бюджет и выборы", rubrics=[politics, economy], published_at=timezone.now() - dt.timedelta(days=3))
    for n in range(12):
        make_article(f"Свежая новость {n}", published_at=timezone.now() - dt.timedelta(minutes=n))
    html = client.get("/").content.decode()
    for title in ("Сюжет дня", "Бюджет и выборы", "Свежая новость 3"):
        assert html.count(f">{title}</a>") == 1, title
    section = html[html.index('id="section-politics"') :]
    section = section[: section.index("</section>")]
    assert "Бюджет и выборы" in section and "teaser__rubric" not in section


def test_story_of_the_day_is_each_editions_own(client, site_tree):
    make_article("Сюжет дня по-русски", story_of_the_day=timezone.localdate())
    make_article("English story of the day", language="en", story_of_the_day=timezone.localdate(),
                 published_at=timezone.now() - dt.timedelta(hours=3))

    def story(address):
        html = client.get(address).content.decode()
        block = html[html.index('class="story-of-the-day"') :]
        return block[: block.index("</section>")]

    assert "Сюжет дня по-русски" in story("/") and "English story of the day" not in story("/")
    assert "English story of the day" in story("/en/") and "Сюжет дня по-русски" not in story("/en/")


def test_a_cross_posted_story_of_the_day_leads_both_editions(client, site_tree):
    make_article("Главное для всех", story_of_the_day=timezone.localdate(), cross_posted=True)
    for address in ("/", "/en/"):
        html = client.get(address).content.decode()
        assert html.index("Главное для всех") > html.index('class="story-of-the-day"'), address


def test_home_reflects_a_new_publication_at_once(client, site_tree):
    make_article("Первая новость")
    client.get("/")
    make_article("Только что опубликовано")
    assert "Только что опубликовано" in client.get("/").content.decode()


def test_warm_home_page_runs_few_queries(client, site_tree, django_assert_max_num_queries):
    for i in range(15):
        make_article(f"Новость {i}", rubrics=[make_rubric(on_home_page=i < 3)])
    for _ in range(2):
        client.get("/")
    with django_assert_max_num_queries(4):
        assert client.get("/").status_code == 200


def test_empty_site_says_nothing_published(client, site_tree):
    html = client.get("/en/").content.decode()
    assert "Nothing has been published yet." in html
    assert "Tags:" not in html


def test_the_tagline_set_in_the_admin_shows_under_the_site_name_in_each_language(client, site_tree):
    from wagtail.models import Site

    from masthead.core.models import SiteSettings

    assert "site-tagline" not in client.get("/").content.decode()  # nothing set, nothing shown
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.tagline_ru, settings.tagline_en = "Новости без шума", "News without the noise"
    settings.save()
    assert '<p class="site-tagline">Новости без шума</p>' in client.get("/").content.decode()
    assert '<p class="site-tagline">News without the noise</p>' in client.get("/en/").content.decode()


def test_home_links_all_news_in_each_edition_and_the_page_lists_every_story(client, site_tree):
    for n in range(25):
        # Cross-posted: the English home lists them too, and links its own "All news".
        make_article(f"Новость номер {n}", published_at=timezone.now() - dt.timedelta(minutes=n), cross_posted=True)
    assert '<a href="/news/">Все новости →</a>' in client.get("/").content.decode()
    assert '<a href="/en/news/">All news →</a>' in client.get("/en/").content.decode()
    all_news = client.get("/news/").content.decode()
    assert "Новость номер 0" in all_news and "Новость номер 19" in all_news and 'rel="next"' in all_news
