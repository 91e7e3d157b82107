import re

import feedparser
import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.rich_text import RichText

from masthead.distribution import fulltext
from masthead.testing import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(site_tree):
    lead_image = Image.objects.create(title="Лид", file=get_test_image_file(filename="lead.png"))
    body_image = Image.objects.create(title="В тексте", file=get_test_image_file(filename="inside.png"))
    article = make_article("Полный текст", lead_image=lead_image)
    article.body = [
        ("paragraph", RichText('<p>Первый абзац со <a href="/news/other/">ссылкой</a> и <b>жирным</b>.</p>')),
        ("paragraph", RichText('<p><a href="javascript:alert(1)">плохая</a><script>alert(2)</script>\x0b</p>')),
        ("subheading", "Подзаголовок <i>не разметка</i>"),
        ("quote", {"text": "Цитата", "attribution": "Автор", "language": ""}),
        ("image", {"image": body_image, "caption": "Подпись", "credit": "Фотограф"}),
    ]
    article.save_revision().publish()
    return article


def test_dzen_feed_carries_the_whole_body_as_clean_html_with_absolute_urls(client, article, settings):
    response = client.get("/feed/dzen/")
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0
    entry = parsed.entries[0]
    html = entry.content[0].value
    assert f'<a href="{settings.SITE_URL}/news/other/">ссылкой</a>' in html
    assert "<b>жирным</b>" in html
    assert "javascript" not in html and "<script" not in html and "alert(2)" not in html
    assert "<h2>Подзаголовок &lt;i&gt;не разметка&lt;/i&gt;</h2>" in html
    assert "<blockquote>" in html
    assert re.search(rf'<img [^>]*src="{re.escape(settings.SITE_URL)}/media/images/inside[^"]*max-1200x900\.jpg"', html)
    assert "<picture" not in html and "<source" not in html and "srcset" not in html
    assert "<figcaption>" in html and "Подпись" in html
    assert "class=" not in html and "data-block-id" not in html
    assert b'<media:rating scheme="urn:simple">nonadult</media:rating>' in response.content


def test_every_picture_is_an_enclosure_with_its_length_and_type(client, article, settings):
    parsed = feedparser.parse(client.get("/feed/dzen/").content)
    enclosures = parsed.entries[0].enclosures
    assert [e.type for e in enclosures] == ["image/png", "image/jpeg"]
    for enclosure in enclosures:
        assert enclosure.href.startswith(settings.SITE_URL + "/media/")
        assert int(enclosure.length) > 0
    assert int(enclosures[0].length) == article.lead_image.file_size


def test_plain_feeds_have_only_the_lead_image_and_no_body(client, article):
    response = client.get("/feed/")
    parsed = feedparser.parse(response.content)
    assert [e.type for e in parsed.entries[0].enclosures] == ["image/png"]
    assert b"content:encoded" not in response.content and "Первый абзац".encode() not in response.content


def test_a_missing_image_file_drops_the_enclosure_not_the_feed(client, article):
    article.lead_image.file.storage.delete(article.lead_image.file.name)
    type(article.lead_image).objects.filter(pk=article.lead_image_id).update(file_size=None)
    response = client.get("/feed/")
    assert response.status_code == 200
    assert feedparser.parse(response.content).bozo == 0


def test_clean_html_keeps_only_the_allowlist():
    html = fulltext.clean_html('<div class="x"><p onclick="x()">a<iframe src="//evil"></iframe></p><img src="data:x" alt="i"></div>')
    assert html == '<p>a</p><img alt="i">'
