"""PostgreSQL refusing connections for ten seconds under reader load: cached pages keep answering 200.

A real gunicorn with the page cache on reads the test database through a TCP
relay (masthead/core/tests/test_database_down.py) that stops accepting and cuts
its connections, as a database restart does. Readers ask for pages the cache
holds and for one it does not; every answer is counted.
"""

import threading
import time
from collections import Counter

import pytest
from django.db import connection

from masthead.core.tests.test_database_down import Relay, Server
from masthead.testing import make_article

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]
OUTAGE_SECONDS = 10


def test_cached_pages_answer_200_through_a_database_outage_and_the_rest_503_until_it_returns(site_tree):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server to refuse connections (CI's PostgreSQL run)")
    settings_dict = connection.settings_dict
    cached = [make_article(f"Статья в кэше {n}") for n in range(3)]
    uncached = make_article("Статья не в кэше")
    relay = Relay(int(settings_dict["PORT"] or 5432))
    server = Server(
        f"postgres://{settings_dict['USER']}@127.0.0.1:{relay.port}/{settings_dict['NAME']}",
        PAGE_CACHE_IN_TESTS="on",
    )
    try:
        warm = ["/", *(article.url for article in cached)]
        for path in warm:
            assert server.request(path)[0] == 200
        assert all(server.request(path)[2]["X-Page-Cache"] == "hit" for path in warm)

        relay.refuse()
        answers: dict[str, Counter] = {"cached": Counter(), "uncached": Counter()}
        slow, lock, until = [], threading.Lock(), time.monotonic() + OUTAGE_SECONDS

        def reader(paths, kind):
            while time.monotonic() < until:
                for path in paths:
                    status, _, headers, took = server.request(path)
                    with lock:
                        answers[kind][status] += 1
                        if kind == "uncached" and status == 503 and not headers["Retry-After"]:
                            answers[kind]["503 without Retry-After"] += 1
                        if took > 2.5:
                            slow.append((path, status, took))

        readers = [threading.Thread(target=reader, args=(warm, "cached")) for _ in range(3)]
        readers.append(threading.Thread(target=reader, args=([uncached.url], "uncached")))
        for thread in readers:
            thread.start()
        for thread in readers:
            thread.join()
        print(f"during {OUTAGE_SECONDS} s without the database: {dict(answers['cached'])} cached, {dict(answers['uncached'])} uncached")
        assert set(answers["cached"]) == {200} and answers["cached"][200] > 20
        assert set(answers["uncached"]) == {503} and answers["uncached"][503] > 0
        assert not slow

        relay.accept()
        assert server.request(uncached.url)[0] == 200  # no restart needed
    finally:
        server.stop()
        relay.stop()
