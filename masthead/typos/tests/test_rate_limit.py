"""The report limit: per address alone (a User-Agent does not lift it), behind a proxy, and with its stores down.

Tests with `store` run with the limit counted in the database, and in Redis when
the run has REDIS_URL.
"""

import socket

import pytest

from masthead.core import ratelimit
from masthead.core import redis as shared_redis
from masthead.typos.models import TypoReport
from masthead.typos.tests.conftest import Reader

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]


def statuses(readers, article) -> list[int]:
    return [reader.report(article, "подписал указ").status_code for reader in readers]


def test_sixty_user_agents_from_one_address_are_limited(article, store, settings):
    settings.TYPOS_RATE_LIMIT = 20
    readers = [Reader(HTTP_USER_AGENT=f"Mozilla/5.0 rotating {n}", REMOTE_ADDR="203.0.113.7") for n in range(60)]
    answers = statuses(readers, article)
    assert answers.count(201) == 20 and answers.count(429) == 40
    assert TypoReport.objects.get().count == 20


def test_readers_behind_a_trusted_proxy_are_limited_apart(article, store, settings, behind_proxy):
    settings.TYPOS_RATE_LIMIT = 2
    one = Reader(HTTP_USER_AGENT="x", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1")
    two = Reader(HTTP_USER_AGENT="x", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert statuses([one] * 3, article) == [201, 201, 429]
    assert statuses([two] * 2, article) == [201, 201]  # not the proxy's address that is limited


def test_a_reader_behind_a_trusted_proxy_rotating_user_agents_is_limited(article, store, settings, behind_proxy):
    settings.TYPOS_RATE_LIMIT = 2
    readers = [
        Reader(HTTP_USER_AGENT=f"agent {n}", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7") for n in range(4)
    ]
    assert statuses(readers, article) == [201, 201, 429, 429]


def test_forwarded_for_from_an_untrusted_sender_cannot_escape_its_limit(article, store, settings, behind_proxy):
    settings.TYPOS_RATE_LIMIT = 2
    readers = [
        Reader(HTTP_USER_AGENT="x", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}") for n in range(4)
    ]
    assert statuses(readers, article) == [201, 201, 429, 429]


def test_the_limit_holds_in_the_database_while_redis_is_unreachable(article, settings):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
    shared_redis.reset()
    settings.TYPOS_RATE_LIMIT = 2
    try:
        reader = Reader(HTTP_USER_AGENT="x", REMOTE_ADDR="203.0.113.7")
        assert statuses([reader] * 3, article) == [201, 201, 429]
    finally:
        shared_redis.reset()


def test_a_report_is_refused_with_503_when_no_store_can_count_the_limit(reader, article, monkeypatch):
    down = ratelimit.Decision(False, 30, store_down=True)
    monkeypatch.setattr("masthead.typos.views.ratelimit.hit", lambda limit, key, **kwargs: down)
    response = reader.report(article, "подписал указ", comment="важно")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert response.json()["error"] == "unavailable" and response.json()["message"]
    assert not TypoReport.objects.exists()


def test_the_dialog_has_a_message_for_a_refused_report(article):
    from masthead.typos.templatetags.typos import typo_config

    text = typo_config(article)["text"]
    assert text["unavailable"] and text["rateLimited"] and text["unavailable"] != text["failed"]
