"""POST /typos/report/: the reader's report, and everything hostile that can arrive instead."""

import json

import pytest
from django.test import Client

from masthead.typos.models import TypoReport
from masthead.typos.tests.conftest import Reader

pytestmark = pytest.mark.django_db


def test_it_stores_a_located_report_with_context(reader, article):
    block_id = article.body[1].id
    response = reader.report(
        article, "указ изменит", block=block_id, offset=50, before="считают, что ", after=" рынок.", comment="опечатка?"
    )
    assert response.status_code == 201, response.content
    assert response.json() == {"ok": True, "count": 1}
    report = TypoReport.objects.get()
    assert report.located and report.block_id == block_id and report.block_index == 1
    assert report.context_before.endswith("Эксперты считают, что ")
    assert report.context_after == " рынок."
    assert report.revision_id == article.live_revision_id
    assert report.comment == "опечатка?"
    assert len(report.visitor) == 32 and "203.0.113.7" not in report.visitor


def test_the_same_fragment_again_raises_the_count(reader, article):
    reader.report(article, "подписал указ")
    other = Reader(HTTP_USER_AGENT="Other", REMOTE_ADDR="198.51.100.1")
    response = other.report(article, "подписал указ", comment="later comment")
    assert response.json()["count"] == 2
    report = TypoReport.objects.get()
    assert report.count == 2
    assert report.comment == "later comment"


def test_the_right_occurrence_is_stored_when_the_fragment_repeats(reader, article):
    reader.report(article, "указ", before="Эксперты считают, что ", after=" изменит")
    reader.report(article, "Указ", before="рынок.", after=" опубликован")
    blocks = sorted(TypoReport.objects.values_list("block_index", flat=True))
    assert blocks == [1, 2]


def test_a_fragment_not_in_the_article_is_stored_flagged_unverified(reader, article):
    response = reader.report(article, "этого нет в статье")
    assert response.status_code == 201
    report = TypoReport.objects.get()
    assert not report.located and report.block_id == "" and report.context_before == ""


def test_a_post_without_the_csrf_token_is_refused(article):
    client = Client(enforce_csrf_checks=True)
    payload = {"article": article.pk, "revision": article.live_revision_id, "fragment": "указ"}
    response = client.post("/typos/report/", json.dumps(payload), content_type="application/json")
    assert response.status_code == 403
    assert not TypoReport.objects.exists()


def test_the_token_endpoint_is_never_cached_and_sets_the_cookie(client):
    response = client.get("/typos/token/")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert "csrftoken" in response.cookies


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_wrong_methods_get_a_clear_4xx(client, method):
    response = getattr(client, method)("/typos/report/")
    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"


def test_malformed_json_is_a_400(reader, article):
    response = reader.report(article, "", raw=b"{not json")
    assert response.status_code == 400 and response.json()["error"] == "bad_json"
    response = reader.report(article, "", raw=b"\xff\xfe")
    assert response.status_code == 400
    response = reader.report(article, "", raw=b"[1, 2]")
    assert response.status_code == 400
    response = reader.report(article, "", raw=b"[" * 15_000)
    assert response.status_code == 400
    response = reader.report(article, "", raw=b'{"article": ' * 1000)
    assert response.status_code == 400


@pytest.mark.parametrize(
    "fields",
    [
        {"fragment": ["указ"]},
        {"fragment": {"a": 1}},
        {"article": "1 OR 1=1"},
        {"article": True},
        {"revision": None},
        {"offset": -1},
        {"comment": 5},
        {"fragment": "a\x00b"},
        {"fragment": "   "},
        {"before": "x" * 10_000},
        {"after": "к" * 401},
        {"block": "b" * 65},
    ],
)
def test_wrong_types_and_values_are_a_400(reader, article, fields):
    payload = {"article": article.pk, "revision": article.live_revision_id, "fragment": "указ", **fields}
    response = reader.report(article, "", raw=json.dumps(payload).encode())
    assert response.status_code == 400, response.content
    assert not TypoReport.objects.exists()


def test_unknown_unpublished_and_foreign_revisions_are_refused(reader, article, site_tree):
    from masthead.testing import make_article

    response = reader.report(article, "указ", article=999_999)
    assert response.status_code == 400 and response.json()["error"] == "unknown_article"
    draft = make_article("Черновик", live=False, paragraphs=["Указ."])
    response = reader.report(draft, "Указ", revision=draft.latest_revision_id)
    assert response.json()["error"] == "unknown_article"
    other = make_article("Другая", paragraphs=["Указ."])
    response = reader.report(article, "указ", revision=other.live_revision_id)
    assert response.status_code == 400 and response.json()["error"] == "unknown_revision"
    # A draft revision of a live article was never shown to readers.
    draft_revision = article.save_revision()
    response = reader.report(article, "указ", revision=draft_revision.pk)
    assert response.json()["error"] == "unknown_revision"


def test_an_earlier_published_revision_is_located_in_its_own_text(reader, article):
    from wagtail.rich_text import RichText

    first = article.live_revision_id
    article.body = [("paragraph", RichText("<p>Совсем новый текст.</p>"))]
    article.save_revision().publish()
    response = reader.report(article, "подписал указ", revision=first)
    assert response.status_code == 201
    assert TypoReport.objects.get().located


@pytest.mark.parametrize(("extra", "status"), [(0, 201), (1, 400)])
def test_fragment_length_limit_holds_at_n_and_n_plus_1(reader, article, settings, extra, status):
    settings.TYPOS_MAX_FRAGMENT = 20
    response = reader.report(article, "у" * (20 + extra))
    assert response.status_code == status


@pytest.mark.parametrize(("extra", "status"), [(-1, 201), (0, 201), (1, 400)])
def test_comment_length_limit_holds(reader, article, settings, extra, status):
    settings.TYPOS_MAX_COMMENT = 50
    response = reader.report(article, "указ", comment="к" * (50 + extra))
    assert response.status_code == status


def test_a_body_over_the_limit_is_a_413(reader, article, settings):
    settings.TYPOS_MAX_BODY_BYTES = 1024
    payload = json.dumps({"article": article.pk, "revision": 1, "fragment": "я" * 2000}).encode()
    assert reader.report(article, "", raw=payload).status_code == 413
    one_mb = json.dumps({"article": article.pk, "revision": 1, "fragment": "x" * 1_000_000}).encode()
    assert reader.report(article, "", raw=one_mb).status_code == 413


def test_a_thousand_form_fields_do_not_break_it(reader, article):
    payload = {f"f{i}": i for i in range(1000)}
    payload.update(article=article.pk, revision=article.live_revision_id, fragment="указ")
    response = reader.report(article, "", raw=json.dumps(payload).encode())
    assert response.status_code in (201, 413)


def test_a_flood_from_one_visitor_gets_429_with_retry_after(reader, article, settings, store):
    settings.TYPOS_RATE_LIMIT = 3
    statuses = [reader.report(article, "подписал указ").status_code for _ in range(5)]
    assert statuses == [201, 201, 201, 429, 429]
    response = reader.report(article, "подписал указ")
    assert int(response["Retry-After"]) > 0
    assert TypoReport.objects.get().count == 3
    # Another visitor is not punished for this one.
    assert Reader(HTTP_USER_AGENT="x", REMOTE_ADDR="192.0.2.9").report(article, "указ").status_code == 201


def test_markup_in_fragment_and_comment_is_stored_as_text(reader, article):
    payload = '<img src=x onerror=alert(1)>{{7*7}}'
    response = reader.report(article, payload, comment=payload)
    assert response.status_code == 201
    report = TypoReport.objects.get()
    assert report.fragment == payload and report.comment == payload


def test_a_logged_in_reader_is_linked(article, django_user_model):
    user = django_user_model.objects.create_user("reader", "r@example.com", "pw")
    reader = Reader()
    reader.client.force_login(user)
    reader.report(article, "указ")
    assert TypoReport.objects.get().user == user


def test_the_endpoint_stays_within_a_query_budget(reader, article, django_assert_max_num_queries):
    reader.report(article, "указ")
    with django_assert_max_num_queries(12):
        reader.report(article, "подписал")
