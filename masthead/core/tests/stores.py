"""The rate-limit store fixture: a limit test runs on the database store, and on Redis where CI provides it.

Import it into a test module or conftest (`from masthead.core.tests.stores import store  # noqa: F401`).
"""

import pytest

from masthead.core import redis as shared_redis


@pytest.fixture(params=["database", "redis"])
def store(request, settings):
    if request.param == "redis":
        if not settings.REDIS_URL:
            pytest.skip("REDIS_URL is not set")
    else:
        settings.REDIS_URL = ""
    shared_redis.reset()
    yield request.param
    shared_redis.reset()


@pytest.fixture
def stores_down(settings):
    """Redis configured but unreachable, and the database store failing: no limit can be counted."""
    from unittest import mock

    from django.db import DatabaseError, connection

    from masthead.core import ratelimit

    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    shared_redis.reset()
    with mock.patch.object(ratelimit, "connection") as broken:
        broken.cursor.side_effect = DatabaseError("down")
        broken.ops = connection.ops
        yield
    shared_redis.reset()


@pytest.fixture
def redis_down(settings):
    """Redis configured but unreachable: limits fall back to the database store."""
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    shared_redis.reset()
    yield
    shared_redis.reset()
