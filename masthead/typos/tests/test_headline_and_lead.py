"""The headline and the lead are reported, located and rechecked like the body's blocks."""

import pytest

from masthead.typos.models import TypoReport

pytestmark = pytest.mark.django_db


def test_a_fragment_of_the_headline_is_located_in_it(reader, article):
    response = reader.report(article, "мерах", block="headline", offset=7, before="Указ о ", after=" поддержки")
    assert response.status_code == 201
    report = TypoReport.objects.get()
    assert report.located and report.block_id == "headline" and report.block_index is None
    assert (report.context_before, report.context_after) == ("Указ о ", " поддержки")
    assert report.place() == "заголовок"
    assert report.get_editor_url().endswith("#:w:contentpath=title")


def test_a_fragment_of_the_lead_is_located_in_it(reader, article):
    word = article.lead.split()[1]
    reader.report(article, word, block="lead", offset=4, before="Лид ")
    report = TypoReport.objects.get()
    assert report.located and report.block_id == "lead" and report.place() == "лид"
    assert report.get_editor_url().endswith("#:w:contentpath=lead")


def test_a_word_in_both_the_headline_and_the_body_goes_where_the_reader_selected_it(reader, article):
    reader.report(article, "Указ", block="headline", offset=0, after=" о мерах")
    body_block = article.body[2].id
    reader.report(article, "Указ", block=body_block, before="рынок. ", after=" опубликован")
    assert sorted(TypoReport.objects.values_list("block_id", flat=True)) == sorted(["headline", body_block])


def test_a_corrected_headline_marks_its_report_probably_fixed_and_the_body_report_stays(reader, article):
    reader.report(article, "мерах", block="headline", before="Указ о ")
    reader.report(article, "подписал указ")
    article.title = "Указ о мерах господдержки"
    article.save_revision().publish()
    assert not TypoReport.objects.get(block_id="headline").probably_fixed  # still there: not fixed
    article.title = "Указ о поддержке"
    article.save_revision().publish()
    assert TypoReport.objects.get(block_id="headline").probably_fixed
    assert not TypoReport.objects.exclude(block_id="headline").get().probably_fixed


def test_the_editors_report_page_names_the_headline(client, editor, reader, article):
    reader.report(article, "мерах", block="headline", before="Указ о ")
    client.force_login(editor)
    page = client.get(TypoReport.objects.get().get_admin_url()).content.decode()
    assert "— заголовок" in page
