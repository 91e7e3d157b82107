"""A new revision without the fragment at its place marks open reports "probably fixed"."""

import pytest
from wagtail.rich_text import RichText

from masthead.typos.models import TypoReport

pytestmark = pytest.mark.django_db


def republish(article, paragraphs, keep_ids=True):
    old_ids = [child.id for child in article.body]
    article.body = [("paragraph", RichText(f"<p>{text}</p>")) for text in paragraphs]
    if keep_ids:
        for child, block_id in zip(article.body, old_ids):
            child.id = block_id
    article.save_revision().publish()


def test_a_fix_in_the_block_marks_the_report(reader, article):
    reader.report(article, "указ изменит", before="считают, что ")
    reader.report(article, "подписал указ")
    paragraphs = [child.value.source for child in article.body]
    republish(article, [paragraphs[0], "<p>Документ вступает в силу с 1 января. Эксперты считают, что он изменит рынок.</p>", paragraphs[2]])
    fixed = TypoReport.objects.get(fragment="указ изменит")
    kept = TypoReport.objects.get(fragment="подписал указ")
    assert fixed.probably_fixed and not kept.probably_fixed
    assert fixed.status == TypoReport.Status.OPEN  # editors still decide


def test_a_fragment_moved_within_its_block_is_not_marked(reader, article):
    reader.report(article, "подписал указ")
    paragraphs = [child.value.source for child in article.body]
    republish(article, ["<p>Вчера президент подписал указ «О мерах поддержки».</p>", *paragraphs[1:]])
    assert not TypoReport.objects.get().probably_fixed


def test_a_deleted_block_marks_its_reports(reader, article):
    reader.report(article, "Указ опубликован")
    paragraphs = [child.value.source for child in article.body]
    republish(article, paragraphs[:2])
    assert TypoReport.objects.get().probably_fixed


def test_the_queue_shows_probably_fixed(client, editor, reader, article):
    reader.report(article, "указ изменит")
    republish(article, ["<p>Новый текст.</p>"], keep_ids=False)
    client.force_login(editor)
    html = client.get("/admin/typos/").content.decode()
    assert "probably fixed" in html or "вероятно, исправлено" in html
