"""Reader pages carry a Content-Security-Policy; every response and log line carries a request id."""

import json
import logging

import pytest

from masthead.core.requestid import RequestIdFilter, current_request_id

pytestmark = pytest.mark.django_db


def test_reader_pages_allow_only_our_own_scripts(client, site_tree):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert "'unsafe-inline'" not in policy
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'self'"


def test_the_admin_is_left_to_wagtail(admin_client):
    assert "Content-Security-Policy" not in admin_client.get("/admin/")


def test_reader_pages_have_no_inline_script(client, site_tree):
    from masthead.testing import make_article

    article = make_article("Статья для CSP")
    html = client.get(article.url).content.decode()
    for chunk in html.split("<script")[1:]:
        tag = chunk.split(">", 1)[0]
        # Only external scripts and data blocks (JSON-LD, json_script) may stand on a reader page.
        assert "src=" in tag or "application/ld+json" in tag or "application/json" in tag, tag


def test_every_response_has_a_request_id(client):
    first, second = client.get("/healthz")["X-Request-ID"], client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_a_well_formed_request_id_from_the_proxy_is_kept(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="proxy-abc-12345")["X-Request-ID"] == "proxy-abc-12345"


def test_a_hostile_request_id_is_replaced(client):
    answer = client.get("/healthz", HTTP_X_REQUEST_ID='x"\n{"level":"CRITICAL"}')["X-Request-ID"]
    assert answer.isalnum() and len(answer) == 32


def test_log_lines_are_json_with_the_request_id():
    from pythonjsonlogger.json import JsonFormatter

    record = logging.LogRecord("masthead.test", logging.WARNING, __file__, 1, "hello %s", ("world",), None)
    token = current_request_id.set("abc12345")
    try:
        RequestIdFilter().filter(record)
    finally:
        current_request_id.reset(token)
    formatter = JsonFormatter("%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
                              rename_fields={"levelname": "level"})
    line = json.loads(formatter.format(record))
    assert line["request_id"] == "abc12345" and line["message"] == "hello world" and line["level"] == "WARNING"
