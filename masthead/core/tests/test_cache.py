"""Pages are served when Redis, the cache, is gone."""

import socket

import pytest
from django.core.cache import caches
from django.test import override_settings

from masthead.core import redis as shared_redis
from masthead.testing import make_article

pytestmark = pytest.mark.django_db


def unreachable_redis() -> dict:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    backend = {
        "BACKEND": "masthead.core.cache.TolerantRedisCache",
        "LOCATION": f"redis://127.0.0.1:{port}/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
    return {"default": backend, "renditions": {**backend, "KEY_PREFIX": "renditions"}}


@pytest.fixture
def redis_gone():
    shared_redis.reset()
    with override_settings(CACHES=unreachable_redis()):
        yield caches["default"]
    shared_redis.reset()


def test_unreachable_redis_reads_as_a_miss_and_drops_writes(redis_gone):
    assert redis_gone.get("k", "fallback") == "fallback"
    assert redis_gone.set("k", 1) is None
    assert redis_gone.add("k", 1) is False
    with pytest.raises(ValueError):
        redis_gone.incr("k")


def test_pages_are_served_with_redis_gone(client, site_tree, redis_gone):
    article = make_article("Статья без кэша")
    assert client.get("/").status_code == 200
    response = client.get(article.url)
    assert response.status_code == 200
    assert "Статья без кэша" in response.content.decode()
