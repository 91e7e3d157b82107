"""The real site behind the shipped Varnish recipe while PostgreSQL refuses connections.

The production shape of issue 16's "the database down": gunicorn reads the test database
through a TCP relay (masthead/core/tests/test_database_down.py) that refuses for ten
seconds, and Varnish (deploy/varnish/masthead.vcl) stands in front. The pages live in the
app's own cache for two seconds only (`PAGE_CACHE_SECONDS=2`), so once the outage is older
than that the app can no longer answer them: what readers get then is the proxy's grace.
Every answer is counted.
"""

import threading
import time
import uuid
from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import Client

from masthead.core import servers
from masthead.core.tests.test_database_down import Relay
from masthead.pagecache.tests.proxy import VarnishServer, request, require_varnish
from masthead.testing import make_article

pytestmark = [pytest.mark.fault, pytest.mark.proxy, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
OUTAGE_SECONDS = 10
APP_CACHE_SECONDS = 2


def path_of(page) -> str:
    return urlsplit(page.url).path


def test_readers_get_the_proxys_copies_while_the_database_refuses_and_fresh_pages_after(site_tree, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server to refuse connections (CI's PostgreSQL run)")
    require_varnish()
    cached = [make_article(f"Статья в кэше прокси {n}") for n in range(3)]
    uncached = make_article("Статья, которую никто не читал")
    # The first page ever rendered creates the site's settings rows (a purge of everything): before the clock.
    assert Client().get(path_of(cached[0]), HTTP_HOST="127.0.0.1").status_code == 200

    settings_dict = connection.settings_dict
    relay = Relay(int(settings_dict["PORT"] or 5432))
    env = servers.server_env(
        DATABASE_URL=f"postgres://{settings_dict['USER']}@127.0.0.1:{relay.port}/{settings_dict['NAME']}",
        PAGE_CACHE_SECONDS=str(APP_CACHE_SECONDS), CACHE_KEY_PREFIX=f"grace-{uuid.uuid4().hex[:8]}",
        LOG_LEVEL="CRITICAL")
    try:
        with servers.gunicorn(env, workers=2, threads=4) as url:
            app_port = urlsplit(url).port
            with VarnishServer(tmp_path / "varnish", app_port) as varnish:
                warm = ["/", *(path_of(article) for article in cached)]
                for path in warm:
                    varnish.get(path)
                    assert varnish.get(path).cache == "HIT", path

                relay.refuse()
                time.sleep(APP_CACHE_SECONDS + 1)  # the app's own copies are gone; the proxy's have expired too
                assert request(app_port, warm[1]).status == 503  # so the app alone could not answer

                answers: dict[str, Counter] = {"cached": Counter(), "uncached": Counter()}
                slow, lock, until = [], threading.Lock(), time.monotonic() + OUTAGE_SECONDS

                def reader(paths, kind):
                    while time.monotonic() < until:
                        for path in paths:
                            started = time.monotonic()
                            answer = varnish.get(path)
                            took = time.monotonic() - started
                            with lock:
                                answers[kind][answer.status] += 1
                                if answer.status == 200:
                                    answers[kind][answer.cache] += 1
                                elif not answer.headers.get("retry-after"):
                                    answers[kind]["without Retry-After"] += 1
                                if took > 2.5:
                                    slow.append((path, answer.status, round(took, 2)))

                readers = [threading.Thread(target=reader, args=(warm, "cached")) for _ in range(3)]
                readers.append(threading.Thread(target=reader, args=([path_of(uncached)], "uncached")))
                for thread in readers:
                    thread.start()
                for thread in readers:
                    thread.join()
                print(f"through the proxy, {OUTAGE_SECONDS} s without the database: "
                      f"{dict(answers['cached'])} cached, {dict(answers['uncached'])} never cached")
                assert answers["cached"][200] > 20 and set(answers["cached"]) <= {200, "HIT", "HIT-STALE"}
                assert answers["cached"]["HIT-STALE"] > 0  # copies past their TTL: grace, not luck
                assert set(answers["uncached"]) == {503}
                assert not slow

                relay.accept()
                deadline = time.monotonic() + 15
                while (answer := varnish.get(path_of(uncached))).status != 200 and time.monotonic() < deadline:
                    time.sleep(0.2)
                print(f"the never-cached page answered {answer.status} {time.monotonic() - deadline + 15:.1f} s after the database came back")
                assert answer.status == 200  # recovered without a restart of either
    finally:
        relay.stop()
