"""`make bench`'s side-by-side HTTP section (run by `manage.py bench` in a subprocess on the corpus database).

It picks the newest published article of the corpus, gives the plain-Wagtail peer
(`bench/peer/`) the same text, starts every server on loopback, checks that each
answers what it should (200; a proxy hit; the page cache's header), measures them
with `masthead.core.http_bench` and writes the results as JSON.

The article model, the beacon's URL and its visitor cookie belong to apps above
core; like `bench_target`, this finds them by name instead of importing them.
"""

import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from html import escape
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.urls import NoReverseMatch, reverse

from masthead.core import http_bench, servers

PEER_DIR = Path(settings.BASE_DIR) / "bench" / "peer"
VCL = Path(settings.BASE_DIR) / "deploy" / "varnish" / "masthead.vcl"
BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"


class Command(BaseCommand):
    help = "Measure one article over HTTP: nginx static, proxy, the app cached and not, plain Wagtail, the beacon."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True)
        parser.add_argument("--seconds", type=int, default=10, help="Length of each wrk run.")
        parser.add_argument("--quick", action="store_true", help="3-second runs.")

    def handle(self, *args, **options):
        seconds = 3 if options["quick"] else options["seconds"]
        results = http_bench.Results(seconds)
        try:
            self.measure(results, quick=options["quick"])
        finally:
            Path(options["out"]).write_text(results.to_json())

    def measure(self, results: http_bench.Results, quick: bool) -> None:
        call_command("migrate", verbosity=0, interactive=False)
        if not shutil.which("wrk"):
            results.missing = {key: "wrk is not installed" for key, _ in http_bench.VARIANTS}
            return
        article = newest_article()
        if article is None:
            results.missing = {key: "the corpus has no published article" for key, _ in http_bench.VARIANTS}
            return
        with tempfile.TemporaryDirectory(prefix="masthead-http-bench-") as work:
            self.measure_article(results, article, Path(work), quick)

    def measure_article(self, results: http_bench.Results, article, work: Path, quick: bool) -> None:
        path = article.url
        peer_path = build_peer(article, work / "article.json")
        results.remarks.append(f"article {path} (id {article.pk}); the peer serves the same text at {peer_path}")
        app_env = servers.server_env(
            DATABASE_URL=os.environ["DATABASE_URL"], REDIS_URL="", DEBUG="0",
            PAGEVIEWS_NETWORK_LIMIT="1000000000",  # all load comes from 127.0.0.1; the limiter still runs
        )
        app_env.pop("PAGE_CACHE", None)  # "warm" means the app's default, whatever this shell has set
        peer_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "peer_site.settings.uncached"}
        peer_env.pop("DATABASE_URL", None)
        jobs: dict[str, http_bench.Job] = {}
        browser = (f"User-Agent: {BROWSER_UA}",)
        with ExitStack() as stack:
            def gunicorn(env, **peer):
                url, _process = stack.enter_context(servers.gunicorn_process(env, workers=2, threads=1, **peer))
                return url

            app = gunicorn(app_env)
            app_off = gunicorn({**app_env, "PAGE_CACHE": "off"})
            peer_args = {"app": "peer_site.wsgi:application", "cwd": PEER_DIR}
            peer = gunicorn(peer_env, **peer_args)
            peer_cached = gunicorn({**peer_env, "DJANGO_SETTINGS_MODULE": "peer_site.settings.cached"}, **peer_args)

            status, headers, html = get(app + path)
            if status != 200:
                raise RuntimeError(f"the app answered {status} for {path}")
            nginx = stack.enter_context(http_bench.nginx_static(path, html))
            jobs["nginx"] = http_bench.Job(nginx + path, browser)
            results.notes["nginx"] = f"{len(html) // 1024} KB saved from the app"

            if not VCL.exists():
                results.missing["proxy"] = f"{VCL.relative_to(settings.BASE_DIR)} is not on this branch yet"
            elif not shutil.which("varnishd"):
                results.missing["proxy"] = "varnishd is not installed"
            else:
                proxy = stack.enter_context(http_bench.varnish([port_of(app)]))
                # As every browser does: Varnish keeps the page gzipped (the app sends it so) and would unzip it
                # again for each request of a client that takes no gzip (wrk's default), a third of the rate.
                jobs["proxy"] = http_bench.Job(proxy + path, (*browser, "Accept-Encoding: gzip"))
                get(proxy + path)
                results.notes["proxy"] = ("second request: X-Cache " + header(get(proxy + path)[1], "X-Cache")
                                          + "; Accept-Encoding: gzip, as browsers send")
                # Issue 14: what a second app node adds when every request reaches the nodes. A session
                # cookie makes Varnish pass (the app finds no such session: an anonymous page), and the
                # nodes run with PAGE_CACHE=off. Every node: 2 workers, on the same 2 cores as the rest.
                app_off_2 = gunicorn({**app_env, "PAGE_CACHE": "off"})
                passing = (*browser, "Cookie: sessionid=bench-passes-the-proxy")
                for key, nodes in (("proxy-1-node", [app_off]), ("proxy-2-nodes", [app_off, app_off_2])):
                    through = stack.enter_context(http_bench.varnish([port_of(node) for node in nodes]))
                    jobs[key] = http_bench.Job(through + path, passing)
                    status, node_headers, _html = get(through + path, headers=dict(h.split(": ", 1) for h in passing))
                    results.notes[key] = f"{status}, X-Cache {header(node_headers, 'X-Cache')}"

            jobs["app-cached"] = http_bench.Job(app + path, browser)
            for _ in range(4):  # each worker process keeps its own copy (no Redis): warm both
                get(app + path)
            results.notes["app-cached"] = "X-Page-Cache " + header(get(app + path)[1], "X-Page-Cache")
            jobs["app-uncached"] = http_bench.Job(app_off + path, browser)
            results.notes["app-uncached"] = "X-Page-Cache " + header(get(app_off + path)[1], "X-Page-Cache")

            for key, url in (("peer-cached", peer_cached), ("peer-uncached", peer)):
                status, peer_headers, peer_html = get(url + peer_path)
                if status != 200 or escape(article.title).encode() not in peer_html:
                    raise RuntimeError(f"the peer ({key}) answered {status} without the article's title")
                jobs[key] = http_bench.Job(url + peer_path, browser)
                results.notes[key] = (f"{len(peer_html) // 1024} KB; Cache-Control "
                                      + header(peer_headers, "Cache-Control"))

            beacon = beacon_job(app, article.pk, work, visitors=20_000 if quick else 100_000)
            if isinstance(beacon, str):
                results.missing["beacon"] = beacon
            else:
                jobs["beacon"] = beacon
                results.notes["beacon"] = "database counting (no Redis), a new signed visitor cookie each"

            replica = replica_node(stack, work, app_env, gunicorn)
            if isinstance(replica, str):
                results.missing["replica"] = replica
            else:
                url, transactions = replica
                jobs["replica"] = http_bench.Job(url, browser)
                before = transactions()

            ordered = {key: jobs[key] for key, _ in http_bench.VARIANTS if key in jobs}
            results.runs = http_bench.measure(ordered, results.seconds,
                                              progress=lambda line: self.stderr.write(f"http: {line}"))
            if "replica" in jobs:
                results.notes["replica"] = replica_share(before, transactions())


def replica_node(stack: ExitStack, work: Path, app_env: dict, gunicorn):
    """A node over a private primary and streaming replica with the demo loaded: (article URL, transaction counter).

    Issue 14's "replica's share of reads". The corpus lives on the shared PostgreSQL, of which no
    replica may be made here, so this node gets a pair of its own (masthead/core/pgcluster.py) and
    the demo newsroom; its figure compares with the other variants only roughly (another article).
    """
    from masthead.core import pgcluster

    if not (pgcluster.BIN / "initdb").exists():
        return f"PostgreSQL's server binaries are not in {pgcluster.BIN}"
    directory = work / "replica"
    directory.mkdir()
    work.chmod(0o755)  # the clusters belong to the postgres account, which must enter
    cluster = pgcluster.PgCluster(directory / "pg", port=servers.free_port(), replica_port=servers.free_port())
    try:
        cluster.start()
    except pgcluster.ClusterError as error:
        cluster.destroy()
        return f"the private primary and replica did not start: {error}"
    stack.callback(cluster.destroy)
    env = {**app_env, "DATABASE_URL": cluster.url(cluster.port),
           "DATABASE_REPLICA_URL": cluster.url(cluster.replica_port),
           "PAGE_CACHE": "off", "MEDIA_ROOT": str(directory / "media")}
    for command in (["migrate", "--noinput", "-v0"], ["load_demo"]):
        subprocess.run([sys.executable, "manage.py", *command], env=env, cwd=settings.BASE_DIR, check=True,
                       stdout=subprocess.DEVNULL)
    url = gunicorn(env)
    status, _headers, html = get(url + "/")
    marker = b'class="teaser__title"><a href="'
    if status != 200 or marker not in html:
        return f"the replica's node answered {status} without a story on its home page"
    start = html.index(marker) + len(marker)
    path = html[start:html.index(b'"', start)].decode()

    def transactions() -> dict[str, tuple[int, int]]:
        """Per server: transactions (each autocommitted statement is one) and rows read."""
        import psycopg

        time.sleep(1.5)  # PostgreSQL publishes its statistics within a second
        counts = {}
        for name, port in (("primary", cluster.port), ("replica", cluster.replica_port)):
            with psycopg.connect(cluster.url(port), autocommit=True) as connection:
                counts[name] = connection.execute(
                    "SELECT xact_commit, tup_returned + tup_fetched FROM pg_stat_database"
                    " WHERE datname = current_database()").fetchone()
        return counts

    return url + path, transactions


def replica_share(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> str:
    """The replica's share of statements and of rows read while the node was measured.

    The primary's statements per render are the router's position check and the connections'
    health checks: a few cheap ones, however heavy the page; the rows say where the reading is.
    """
    def share(index: int) -> str:
        done = {name: after[name][index] - before[name][index] for name in after}
        total = sum(done.values()) or 1
        return f"{100 * done['replica'] / total:.0f} % ({done['replica']:,} vs {done['primary']:,} on the primary)"

    return f"the replica's share: of statements {share(0)}, of rows read {share(1)}"


def newest_article():
    """The newest article readers can see (live and not dated in the future)."""
    model = apps.get_model("articles", "ArticlePage")
    return model.objects.published().order_by("-published_at").first()


def build_peer(article, out: Path) -> str:
    """Give the peer the article's text; returns the peer article's path."""
    out.write_text(json.dumps(export(article), ensure_ascii=False))
    completed = subprocess.run(
        [sys.executable, "manage.py", "build_peer", "--article", str(out)], cwd=PEER_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "peer_site.settings.uncached"},
        capture_output=True, text=True, check=True,
    )
    return completed.stdout.strip().splitlines()[-1]


def export(article) -> dict:
    """The article as the peer's build_peer reads it: text blocks only (the peer has no images or embeds)."""
    return {
        "title": article.title,
        "intro": f"<p>{article.lead}</p>",
        "published_at": article.published_at.isoformat(),
        "body": [{"type": block["type"], "value": block["value"]} for block in article.body.raw_data],
    }


def beacon_job(app: str, article_id: int, work: Path, visitors: int) -> http_bench.Job | str:
    """The beacon as browsers send it, or why it cannot be measured."""
    try:
        visitor = importlib.import_module("masthead.pageviews.visitors")
        path = reverse("pageviews:beacon")
    except (ImportError, NoReverseMatch):
        return "the pageviews app is not installed"
    script = http_bench.beacon_script(
        work, path=path, origin=app, body=json.dumps({"article": article_id}), cookie_name=visitor.COOKIE_NAME,
        cookies=[visitor.new_visitor_cookie()[0] for _ in range(visitors)], user_agent=BROWSER_UA,
    )
    return http_bench.Job(app + path, (), script)


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"User-Agent": BROWSER_UA, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # a loaded 2-core machine is slow
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def header(headers: dict[str, str], name: str) -> str:
    return next((value for key, value in headers.items() if key.lower() == name.lower()), "absent")


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])
