"""The side-by-side HTTP bench: its arithmetic, and that the plain-Wagtail peer and nginx serve what they are given.

Speed itself is measured by `make bench`, never asserted here.
"""

import json
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from masthead.core import http_bench, servers
from masthead.core.http_bench import Job, Results, Run, Target

PEER_DIR = settings.BASE_DIR / "bench" / "peer"

WRK_OUTPUT = """Running 3s test @ http://127.0.0.1:41234/news/x/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    41.30ms   10.10ms  90.00ms   70.00%
  588 requests in 3.01s, 12.9MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:    195.35
Transfer/sec:      4.29MB
"""


def test_a_ratio_is_the_quotient_of_the_medians_and_met_only_at_or_above_its_target():
    targets = [Target("a", "b", 2.0), Target("c", "b", 2.0)]
    ratios = http_bench.ratios({"a": 300.0, "b": 150.0, "c": 299.0}, targets)
    assert [r.value for r in ratios] == [2.0, pytest.approx(299 / 150)]
    assert [r.met for r in ratios] == [True, False]


def test_a_missing_or_zero_figure_gives_no_ratio_rather_than_a_verdict():
    targets = [Target("proxy", "nginx", 0.8), Target("a", "zero", 1.0)]
    ratios = http_bench.ratios({"nginx": 1000.0, "proxy": None, "a": 5.0, "zero": 0.0}, targets)
    assert [(r.value, r.met) for r in ratios] == [(None, None), (None, None)]


def test_each_variant_reports_the_median_of_its_rounds():
    runs = [Run(rate, 0, 1.0, 1.0) for rate in (90.0, 300.0, 100.0)]
    results = Results(3, {"nginx": runs})
    assert results.medians()["nginx"] == 100.0
    assert results.medians()["proxy"] is None


def test_wrk_output_gives_the_rate_and_every_failed_answer():
    assert http_bench.parse_wrk(WRK_OUTPUT) == (195.35, 7)
    assert http_bench.parse_wrk("unable to connect to 127.0.0.1:1 Connection refused") == (0.0, 0)


def test_rounds_are_interleaved_after_one_warm_up_each():
    calls = []

    def fake(job, seconds):
        calls.append((job.url, seconds))
        return Run(len(calls), 0, 0.5, 0.5)

    runs = http_bench.measure({"a": Job("A"), "b": Job("B")}, 7, rounds=2, run=fake, progress=lambda line: None)
    assert calls == [("A", 1), ("B", 1), ("A", 7), ("B", 7), ("A", 7), ("B", 7)]
    assert [run.rate for run in runs["a"]] == [3, 5]


def test_results_survive_the_trip_through_json_between_the_two_commands():
    results = Results(10, {"beacon": [Run(900.0, 1, 0.4, 1.9)]}, {"proxy": "no VCL"}, {"beacon": "db"}, ["article /x/"])
    again = Results.from_json(results.to_json())
    assert again == results
    assert "| missing | — | — | no VCL |" in http_bench.render_markdown(again)


def test_the_shipped_vcl_is_pointed_at_the_measured_nodes_and_nothing_else_changes():
    shipped = (Path(settings.BASE_DIR) / "deploy" / "varnish" / "masthead.vcl").read_text()
    one = http_bench.render_vcl([41234])
    assert one == shipped.replace('    .port = "8000";', '    .port = "41234";')
    two = http_bench.render_vcl([41234, 41235])
    assert '.port = "41234";' in two and '.port = "41235";' in two and "backend app2 {" in two
    assert "    nodes.add_backend(app);\n    nodes.add_backend(app2);\n" in two


def get(url):
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.status, response.read().decode()


@pytest.mark.slow
def test_the_plain_wagtail_peer_builds_idempotently_and_serves_the_article_it_is_given(tmp_path):
    article = {
        "title": "Мажилис принял бюджет",
        "intro": "<p>Депутаты одобрили документ.</p>",
        "published_at": "2026-08-03T10:15:00+03:00",
        "body": [
            {"type": "paragraph", "value": "<p>Первый абзац.</p>"},
            {"type": "quote", "value": {"text": "Денег хватит.", "attribution": "министр"}},
            {"type": "image", "value": 5},
        ],
    }
    source = tmp_path / "article.json"
    source.write_text(json.dumps(article, ensure_ascii=False))
    env = {**os.environ, "PEER_VAR_DIR": str(tmp_path / "peer"), "DJANGO_SETTINGS_MODULE": "peer_site.settings.uncached"}
    build = [sys.executable, "manage.py", "build_peer", "--article", str(source)]
    paths = [subprocess.run(build, cwd=PEER_DIR, env=env, capture_output=True, text=True, check=True).stdout.strip()
             for _ in range(2)]
    assert paths == ["/article/", "/article/"]
    for settings_module in ("peer_site.settings.uncached", "peer_site.settings.cached"):
        with servers.gunicorn_process({**env, "DJANGO_SETTINGS_MODULE": settings_module}, workers=1, threads=1,
                                      app="peer_site.wsgi:application", cwd=PEER_DIR) as (url, _process):
            status, html = get(url + paths[0])
        assert status == 200
        assert "Мажилис принял бюджет" in html and "Денег хватит." in html


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("nginx"), reason="needs nginx")
def test_nginx_serves_the_saved_page_at_the_articles_own_path():
    html = "<!DOCTYPE html><title>Сохранённая статья</title>".encode()
    with http_bench.nginx_static("/news/saved-article/", html) as url:
        status, body = get(url + "/news/saved-article/")
    assert status == 200 and body == html.decode()


def test_the_replicas_share_counts_only_what_ran_while_measured():
    from masthead.core.management.commands.bench_http import replica_share

    before = {"primary": (100, 1_000), "replica": (50, 500)}
    after = {"primary": (200, 3_000), "replica": (350, 18_500)}
    assert replica_share(before, after) == (
        "the replica's share: of statements 75 % (300 vs 100 on the primary), "
        "of rows read 90 % (18,000 vs 2,000 on the primary)")
