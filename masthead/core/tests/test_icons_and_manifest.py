"""The site's icons and web app manifest: every edition names the outlet and points at files that exist."""

import json

import pytest
from django.contrib.staticfiles import finders

from masthead.testing import make_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("prefix, language", [("", "ru"), ("/en", "en")])
def test_each_edition_has_a_manifest_starting_at_its_home_page(client, site_tree, prefix, language):
    response = client.get(f"{prefix}/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["lang"] == language and manifest["start_url"] == f"{prefix}/"
    assert manifest["display"] == "standalone" and manifest["name"]
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_every_page_links_the_icons_and_the_manifest_and_favicon_ico_redirects(client, site_tree):
    html = client.get("/en/").content.decode()
    assert 'rel="manifest" href="/en/manifest.webmanifest"' in html
    assert 'rel="icon"' in html and 'rel="apple-touch-icon"' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("masthead/icons/favicon.ico")


def test_the_article_json_ld_names_the_publisher_with_its_logo(client, site_tree):
    article = make_article()
    html = client.get(article.url).content.decode()
    start = html.index('"publisher"')
    assert '"logo"' in html[start : start + 400] and "icon-512.png" in html[start : start + 400]
