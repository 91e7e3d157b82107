"""Signed-in readers keep commenting while the limits' Redis is stopped and started again: nothing lost or doubled.

Driven over HTTP against a real gunicorn (2 workers) whose REDIS_URL points at a private
redis-server, run with an append-only file and with no persistence at all. Readers are
signed in by a database session made in the test (the session store is the database, so
the outage does not sign them out). The database is the test's own: on SQLite a WAL file
copy (the in-memory test database cannot be shared), on PostgreSQL the test database.

Every POST must end as a stored comment (302, published or held) or a 429/503 that the
reader retries; never a 500, never a comment stored twice; and afterwards the hourly
limit refuses again.
"""

import http.client
import os
import threading
import time
from collections import Counter
from urllib.parse import urlencode, urlsplit

import pytest
from django.test import Client

from masthead.comments.tests.conftest import UA, make_reader
from masthead.core import servers
from masthead.testing import make_article

pytestmark = [
    pytest.mark.fault,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not servers.shutil.which("redis-server"), reason="needs redis-server"),
]

READERS = 6
COMMENTS_EACH = 10
PER_HOUR = 12  # above COMMENTS_EACH, so only the check afterwards meets it
OUTAGE = 2.0  # seconds Redis stays down, from a third of the comments on
CSRF = "f" * 32  # an unmasked secret is a valid token when it matches the cookie


def settings_module(directory) -> dict[str, str]:
    """The base settings with plain static files (no collected manifest in a checkout), importable by the server."""
    (directory / "fault_settings.py").write_text(
        "from config.settings.base import *  # noqa\n"
        "STORAGES = {**STORAGES, 'staticfiles': {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}\n"
    )
    return {"DJANGO_SETTINGS_MODULE": "fault_settings", "PYTHONPATH": f"{directory}:{servers.settings.BASE_DIR}"}


def signed_in_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


class Reader:
    """One signed-in reader posting comments over a kept-alive connection, retrying a 429 or 503."""

    def __init__(self, base_url: str, article, session: str, log: list, lock: threading.Lock):
        self.parts = urlsplit(base_url)
        self.path = f"/comments/article/{article.pk}/"
        self.referer = base_url + article.url
        self.session, self.log, self.lock = session, log, lock
        self.connection = None

    def post(self, text: str) -> int | str:
        body = urlencode({"text": text, "csrfmiddlewaretoken": CSRF})
        headers = {
            "Content-Type": "application/x-www-form-urlencoded", "User-Agent": UA, "Referer": self.referer,
            "Cookie": f"sessionid={self.session}; csrftoken={CSRF}",
        }
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.parts.hostname, self.parts.port, timeout=30)
            self.connection.request("POST", self.path, body=body, headers=headers)
            response = self.connection.getresponse()
            response.read()
            status, retry_after = response.status, response.getheader("Retry-After")
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = None
            status, retry_after = "error", None
        with self.lock:
            self.log.append((text, status, time.monotonic()))
        if status in (429, 503):
            time.sleep(min(float(retry_after or 0.5), 1.0))
        return status

    def submit(self, text: str, attempts: int = 4) -> int | str:
        """Post until stored or out of attempts; the last status."""
        for _ in range(attempts):
            status = self.post(text)
            if status not in (429, 503):
                return status
        return status


@pytest.mark.parametrize("persistence", ["aof", "none"])
def test_comments_survive_redis_stopping_and_starting_again(persistence, site_tree, tmp_path):
    article = make_article("Статья для проверки отказа Redis", paragraphs=["Текст статьи."])
    readers = [make_reader() for _ in range(READERS + 1)]
    sessions = [signed_in_cookie(user) for user in readers]
    database = servers.SharedDatabase(tmp_path, "comments")
    log: list[tuple[str, int | str, float]] = []
    lock = threading.Lock()
    finals: dict[str, int | str] = {}
    posted = [0]
    total = READERS * COMMENTS_EACH

    with servers.RedisServer(tmp_path / "redis", persistence=persistence) as redis:
        env = servers.server_env(
            DATABASE_URL=database.url, REDIS_URL=redis.url, REDIS_RETRY_AFTER="0.3", LOG_LEVEL=os.environ.get("FAULTS_LOG_LEVEL", "CRITICAL"),
            COMMENTS_MIN_INTERVAL="0", COMMENTS_PER_HOUR=str(PER_HOUR), COMMENTS_VISITOR_PER_HOUR="1000",
            COMMENTS_ATTEMPTS_PER_MINUTE="1000", COMMENTS_NEW_ACCOUNT_HELD="0", **settings_module(tmp_path),
        )
        with servers.gunicorn(env, workers=2, threads=4) as url:
            http.client.HTTPConnection(urlsplit(url).hostname, urlsplit(url).port, timeout=60).request("GET", "/healthz")
            outage = {"stopped": None, "started": None}

            def stop_and_start():
                redis.stop()
                outage["stopped"] = time.monotonic()
                time.sleep(OUTAGE)
                redis.start()
                outage["started"] = time.monotonic()

            breaker = threading.Thread(target=stop_and_start)

            def fault():
                with lock:
                    posted[0] += 1
                    done = posted[0]
                if done == total // 3:
                    breaker.start()

            def run(n):
                reader = Reader(url, article, sessions[n], log, lock)
                for k in range(COMMENTS_EACH):
                    text = f"Читатель {n} пишет комментарий номер {k}"
                    finals[text] = reader.submit(text)
                    fault()
                    time.sleep(0.1)

            threads = [threading.Thread(target=run, args=(n,)) for n in range(READERS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            breaker.join()

            # Afterwards the hourly limit counts again: a fresh reader gets PER_HOUR in, then a 429.
            checker = Reader(url, article, sessions[READERS], [], threading.Lock())
            after = [checker.post(f"Проверка лимита после отказа {k}") for k in range(PER_HOUR + 1)]

    stored = Counter(text for (text,) in database.rows("SELECT text FROM comments_comment"))
    statuses = dict(database.rows("SELECT status, COUNT(*) FROM comments_comment GROUP BY status"))
    attempts = Counter(status for _, status, _ in log)
    during = Counter(status for _, status, at in log if outage["stopped"] <= at <= outage["started"])
    answered = [text for text, status in finals.items() if status == 302]
    refused = [text for text, status in finals.items() if status in (429, 503)]
    lost = [text for text in answered if stored[text] != 1]
    doubled = [text for text, n in stored.items() if n > 1]
    stored_after_refusal = [text for text in refused if stored[text]]
    print(f"\nredis persistence={persistence}: {total} comments by {READERS} readers, {len(log)} POSTs "
          f"{dict(attempts)}; stored {sum(stored[t] for t in finals)} ({statuses}), gave up after retries "
          f"{len(refused)}, lost {len(lost)}, stored twice {len(doubled)}, stored though refused "
          f"{len(stored_after_refusal)}; outage {outage['started'] - outage['stopped']:.1f} s with {dict(during)}; "
          f"after restart {Counter(after)}")
    assert attempts[500] == 0 and attempts["error"] == 0
    assert set(attempts) <= {302, 429, 503}
    assert lost == [] and doubled == [] and stored_after_refusal == []
    assert len(answered) + len(refused) == total
    assert after == [302] * PER_HOUR + [429]
