import json
import os
import shutil
import socket
import subprocess
import time
import uuid

import pytest

from masthead.core import redis as shared_redis

BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(autouse=True)
def _isolated_counting(settings):
    from masthead.pageviews import services

    prefix = f"pvtest-{uuid.uuid4().hex[:10]}"
    settings.PAGEVIEWS_KEY_PREFIX = prefix
    # Rate-limit counters in Redis live under the cache's prefix: one per test, so no test meets another's.
    settings.CACHES = {**settings.CACHES, "default": {**settings.CACHES["default"], "KEY_PREFIX": prefix}}
    shared_redis.reset()
    services._published_memo.clear()  # ids come back between tests; publication state must not
    yield
    shared_redis.reset()


@pytest.fixture(scope="session")
def redis_url():
    """REDIS_URL when the run has one, else a private throwaway redis-server."""
    if url := os.environ.get("REDIS_URL"):
        yield url
        return
    if not shutil.which("redis-server"):
        pytest.skip("no Redis to test against")
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(5)


@pytest.fixture
def redis_mode(settings, redis_url):
    """Counting in Redis. The Redis under test keeps nothing on disk (the machine's own is a pure cache),
    so it is declared persistent: these tests are about the Redis store, not about choosing it."""
    settings.REDIS_URL = redis_url
    settings.REDIS_PERSISTENT = "yes"
    shared_redis.reset()
    yield
    client = shared_redis.client()
    for pattern in (f"{settings.PAGEVIEWS_KEY_PREFIX}:*", f"{settings.CACHES['default']['KEY_PREFIX']}:rl:*"):
        for key in client.scan_iter(match=pattern, count=1000):
            client.delete(key)


@pytest.fixture
def db_mode(settings):
    settings.REDIS_URL = ""
    shared_redis.reset()


@pytest.fixture(params=["db", "redis"])
def mode(request):
    """Each test with this fixture runs once per storage mode."""
    request.getfixturevalue(f"{request.param}_mode")
    return request.param


def post_beacon(client, article_id, *, ua=BROWSER_UA, origin="http://testserver", body=None, follow=True, **extra):
    """Send a beacon as pageviews.js does: again, once, when the server answers {"again": true}."""
    payload = json.dumps({"article": article_id}) if body is None else body
    headers = {"HTTP_USER_AGENT": ua, **extra}
    if origin:
        headers["HTTP_ORIGIN"] = origin
    response = client.post("/pageviews/beacon/", data=payload, content_type="application/json", **headers)
    if follow and response.status_code == 200 and response.json().get("again"):
        payload = json.dumps({"article": article_id, "again": True})
        response = client.post("/pageviews/beacon/", data=payload, content_type="application/json", **headers)
    return response


@pytest.fixture
def article(site_tree):
    """One published article to count views of."""
    from masthead.testing import make_article

    return make_article()
