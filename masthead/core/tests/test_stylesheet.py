"""Every reader page loads one stylesheet: the site's and each feature app's styles, bundled by a staticfiles finder."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

from masthead.core.stylesheet import BUNDLE, parts
from masthead.testing import make_article

pytestmark = pytest.mark.django_db


def stylesheets(html: str) -> list[str]:
    return re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)


def test_the_bundle_holds_the_site_styles_first_then_every_feature_apps(settings):
    found = finders.find(BUNDLE)
    text = Path(found).read_text(encoding="utf-8")
    names = [f"{part.parent.name}/{part.name}" for part in parts()]
    assert names[0] == "masthead/site.css"
    assert {"comments/comments.css", "typos/typos.css", "newsletter/newsletter.css", "readers/readers.css", "search/search.css"} <= set(names)
    for part in parts():
        assert part.read_text(encoding="utf-8").strip()[:200] in text, part
    assert text.index(".teaser__title") < text.index(".typo-dialog")  # the site's rules come first


@pytest.mark.parametrize("path", ["/", "/en/", "/search/?q=выборы", "/corrections/", "/accounts/login/", "/newsletter/subscribe/"])
def test_reader_pages_link_exactly_one_stylesheet(client, site_tree, path):
    make_article("Одна таблица стилей")
    assert stylesheets(client.get(path).content.decode()) == ["/static/masthead/site.bundle.css"], path


def test_the_article_page_with_comments_typos_and_the_newsletter_links_one_stylesheet(client, site_tree):
    article = make_article("Статья со всеми слотами")
    html = client.get(article.url).content.decode()
    assert 'class="newsletter-box"' in html and "typo" in html  # the slots that brought their own <link> before
    assert stylesheets(html) == ["/static/masthead/site.bundle.css"]


def test_collectstatic_collects_the_bundle(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    call_command("collectstatic", interactive=False, verbosity=0)
    collected = (tmp_path / BUNDLE).read_text(encoding="utf-8")
    assert ".newsletter-box" in collected and ".teaser__title" in collected
