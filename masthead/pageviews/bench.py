"""`make bench` for view counting: exact totals under 64 concurrent clients, and throughput with wrk.

For each storage mode (database only; Redis) the bench starts gunicorn on a free
loopback port, sends 20,000 beacons from distinct visitors over 100 articles
(plus repeats and bots that must add nothing) with 64 threads, checks the totals
after the flush, then measures requests/s of the beacon and of the uncached
article page side by side with wrk. In Redis mode a private redis-server (never
the machine's own) is stopped after a third of the beacons and started again
after two thirds.
"""

import json
import os
import random
import re
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db.models import Sum

from masthead.pages.corpus import ensure_corpus
from masthead.articles.models import ArticlePage
from masthead.core import redis as shared_redis
from masthead.core import servers
from masthead.pageviews import loadtest
from masthead.pageviews.models import ArticleViews, DailyViews, DeferredView, ViewMark
from masthead.pageviews.services import views_flush
from masthead.pageviews.visitors import COOKIE_NAME, new_visitor_cookie

SECTION = "pageviews"
ARTICLES = 100


def run(report, options) -> None:
    quick = options.get("quick")
    beacons = 2_000 if quick else 20_000
    seconds = 3 if quick else 10
    ensure_corpus(ARTICLES)
    call_command("collectstatic", interactive=False, verbosity=0)  # the article page needs the manifest
    articles = list(ArticlePage.objects.published().order_by("-published_at").values_list("pk", "url_path")[:ARTICLES])
    ids = [pk for pk, _ in articles]
    article_path = "/" + articles[0][1].split("/", 2)[2]  # url_path is /home/news/<slug>/
    wrk = find_wrk()
    if not wrk:
        report.note("wrk is not installed and could not be: throughput measured with the Python threaded client")
    report.note(f"pageviews: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores when it started "
                "(the client, gunicorn and the database share them: compare figures of one run)")
    var = Path(settings.VAR_DIR) / "bench"
    for mode in ("db", "redis"):
        reset_counts(ids)
        redis = servers.RedisServer(var / f"redis-{os.getpid()}") if mode == "redis" else None
        if redis:
            redis.start()
            settings.REDIS_URL = redis.url
            shared_redis.reset()
        try:
            env = servers.server_env(
                DATABASE_URL=os.environ["DATABASE_URL"],
                REDIS_URL=redis.url if redis else "",
                DJANGO_SETTINGS_MODULE="config.settings.base",
                PAGEVIEWS_NETWORK_LIMIT="1000000000",  # all load comes from 127.0.0.1; the limiter still runs
                PAGEVIEWS_KEY_PREFIX=settings.PAGEVIEWS_KEY_PREFIX,
                REDIS_RETRY_AFTER="0.5",
                DEBUG="0",
                PAGE_CACHE="off",  # the beacon is compared with rendering the article, not with a cached copy
            )
            with servers.gunicorn(env, workers=2, threads=16) as url:
                exact_run(report, mode, url, ids, beacons, redis)
                throughput(report, mode, url, ids, article_path, seconds, wrk)
        finally:
            if redis:
                redis.stop()
                shutil.rmtree(redis.directory, ignore_errors=True)
                settings.REDIS_URL = ""
                shared_redis.reset()


def reset_counts(ids: list[int]) -> None:
    ArticleViews.objects.filter(article_id__in=ids).update(counted=0)
    DailyViews.objects.filter(article_id__in=ids).delete()
    ViewMark.objects.all().delete()
    DeferredView.objects.all().delete()


def exact_run(report, mode, url, ids, count, redis) -> None:
    label = {"db": "database", "redis": "Redis"}[mode]
    fresh = loadtest.distinct_visitors(ids, count)
    repeats = random.Random(1).sample(fresh, count // 10)
    bots = [
        loadtest.Beacon(b.article_id, new_visitor_cookie()[0], ua)
        for b, ua in zip(fresh[: count // 20], [loadtest.GOOGLEBOT_UA, loadtest.CURL_UA] * count)
    ]
    load = fresh + repeats + bots
    random.Random(2).shuffle(load)
    stop = threading.Event()
    outage = {}

    def flusher():
        while not stop.wait(1.0):
            try:
                views_flush()
            except shared_redis.Unavailable:
                pass  # Redis is down: the job fails and runs again, as under `make run`

    def fault(done):
        if redis and done == len(load) // 3:
            outage["start"] = time.monotonic()
            redis.stop()
        elif redis and done == 2 * len(load) // 3:
            redis.start()
            outage["seconds"] = time.monotonic() - outage["start"]

    thread = threading.Thread(target=flusher)
    thread.start()
    started = time.perf_counter()
    try:
        statuses = loadtest.send(url, load, threads=64, on_progress=fault)
    finally:
        stop.set()
        thread.join()
    elapsed = time.perf_counter() - started
    shared_redis.reset()
    views_flush()
    views_flush()
    expected = {pk: 0 for pk in ids}
    for beacon in fresh:
        expected[beacon.article_id] += 1
    got = dict(ArticleViews.objects.filter(article_id__in=ids).values_list("article_id", "counted"))
    got = {pk: got.get(pk, 0) for pk in ids}
    daily = DailyViews.objects.filter(article_id__in=ids).aggregate(n=Sum("views"))["n"] or 0
    exact = got == expected and daily == count
    server_errors = sum(n for status, n in statuses.items() if status == "error" or int(status) >= 500)
    note = f"{len(fresh)} distinct visitors + {len(repeats)} repeats + {len(bots)} bots, 64 threads"
    if redis:
        note += f"; Redis stopped for {outage.get('seconds', 0):.1f} s mid-run"
    report.add(SECTION, f"beacons sent ({label})", len(load), "", note)
    report.add(SECTION, f"beacons answered 5xx or failed ({label})", server_errors)
    report.add(SECTION, f"totals exact after flush ({label})", "yes" if exact else f"NO: {sum(got.values())} of {count}")
    report.add(SECTION, f"beacons/s, Python client ({label})", len(load) / elapsed, "req/s", "64 threads, http.client")
    print(f"pageviews {mode}: {len(load)} beacons in {elapsed:.1f}s, statuses {dict(statuses)}, exact={exact}", flush=True)


def throughput(report, mode, url, ids, article_path, seconds, wrk) -> None:
    label = {"db": "database", "redis": "Redis"}[mode]
    if wrk:
        beacon_rate = wrk_beacons(wrk, url, ids, seconds)
        page_rate = wrk_get(wrk, url + article_path, seconds)
        tool = "wrk -t2 -c64"
    else:
        cookies = [loadtest.Beacon(ids[i % len(ids)], new_visitor_cookie()[0]) for i in range(3000)]
        started = time.perf_counter()
        loadtest.send(url, cookies, threads=64)
        beacon_rate = len(cookies) / (time.perf_counter() - started)
        page_rate = python_get_rate(url + article_path, seconds)
        tool = "Python threaded client"
    report.add(SECTION, f"beacon throughput ({label})", beacon_rate, "req/s", f"{tool}, {seconds} s, loopback, gunicorn 2x16")
    report.add(SECTION, f"article page throughput, uncached ({label})", page_rate, "req/s", f"{tool}, same run")
    report.add(SECTION, f"beacon / article page ({label})", beacon_rate / page_rate if page_rate else 0, "x", "target: at least 5x")


def find_wrk() -> str | None:
    if path := shutil.which("wrk"):
        return path
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], capture_output=True, timeout=300)
    return shutil.which("wrk")


WRK_SCRIPT = """
local cookies = dofile("%(cookies)s")
local articles = {%(articles)s}
local origin = "%(origin)s"
local counter = 0
local offset = 0
local threads = 0
function setup(thread)
  thread:set("offset", threads * 50000)
  threads = threads + 1
end
request = function()
  counter = counter + 1
  local i = (offset + counter) %% #cookies + 1
  local body = '{"article":' .. articles[counter %% #articles + 1] .. '}'
  return wrk.format("POST", "/pageviews/beacon/", {
    ["Content-Type"] = "application/json", ["Origin"] = origin,
    ["User-Agent"] = "%(ua)s", ["Cookie"] = "%(cookie)s=" .. cookies[i]
  }, body)
end
"""


def wrk_beacons(wrk, url, ids, seconds) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        cookies = Path(tmp) / "cookies.lua"
        values = [new_visitor_cookie()[0] for _ in range(100_000)]
        cookies.write_text("return {" + ",".join(json.dumps(v) for v in values) + "}\n")
        script = Path(tmp) / "beacon.lua"
        script.write_text(WRK_SCRIPT % {
            "cookies": cookies, "articles": ",".join(map(str, ids)), "origin": url,
            "ua": loadtest.BROWSER_UA, "cookie": COOKIE_NAME,
        })
        return wrk_rate(wrk, ["-s", str(script), url + "/pageviews/beacon/"], seconds)


def wrk_get(wrk, url, seconds) -> float:
    return wrk_rate(wrk, ["-H", f"User-Agent: {loadtest.BROWSER_UA}", url], seconds)


def wrk_rate(wrk, args, seconds) -> float:
    out = subprocess.run([wrk, "-t2", "-c64", f"-d{seconds}s", "--timeout", "10s", *args],
                         capture_output=True, text=True, timeout=seconds + 60).stdout
    print(out, flush=True)
    if re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        print("wrk: some answers were not 2xx/3xx", flush=True)
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return float(match.group(1)) if match else 0.0


def python_get_rate(url, seconds) -> float:
    import urllib.request

    deadline = time.monotonic() + seconds
    done = [0]
    lock = threading.Lock()

    def worker():
        while time.monotonic() < deadline:
            request = urllib.request.Request(url, headers={"User-Agent": loadtest.BROWSER_UA})
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
            with lock:
                done[0] += 1

    pool = [threading.Thread(target=worker) for _ in range(16)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return done[0] / seconds
