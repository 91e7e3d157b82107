"""`make bench`'s side-by-side section: one article served seven ways, measured with wrk in one run.

The in-process render times say what the app costs; a reader meets it over HTTP. So the
same article (the newest of the bench corpus) is measured as nginx serving it saved as a
file (the ceiling), through the production proxy, from the app alone with its page cache
warm and off, and on a plain Wagtail 8 site (`bench/peer/`) uncached and with Django's
per-site cache middleware, plus the view beacon every reader's page sends. Each variant
runs `wrk -t2 -c8` for the same time in three interleaved rounds (so a burst of other work
on this shared 2-core machine hits every variant alike), and the report gives the median
with the 1-minute load average read before and after each run.

This module holds the parts that know nothing of Masthead's pages: wrk, the private nginx
and Varnish, the rounds, the ratios and the report; `manage.py bench_http` wires them up.
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings

from masthead.core.servers import free_port, wait_for_port

THREADS = 2
CONNECTIONS = 8
ROUNDS = 3

# (key, what it is): the report's rows, in this order.
VARIANTS = [
    ("nginx", "nginx, the article page saved as a static file"),
    ("proxy", "the article through the proxy (Varnish, cache hit)"),
    ("app-cached", "the app alone, its page cache warm"),
    ("app-uncached", "the app alone, PAGE_CACHE=off"),
    ("proxy-1-node", "through the proxy, 1 app node, both caches bypassed"),
    ("proxy-2-nodes", "through the proxy, 2 app nodes, both caches bypassed"),
    ("replica", "the app alone over a private primary + streaming replica, PAGE_CACHE=off (the demo's newest story)"),
    ("peer-cached", "plain Wagtail 8, Django's per-site cache middleware"),
    ("peer-uncached", "plain Wagtail 8, uncached"),
    ("beacon", "the view beacon (POST, a new visitor each request)"),
]
LABELS = dict(VARIANTS)


@dataclass(frozen=True)
class Target:
    """Issue 13's goal: `numerator` answers at least `at_least` times the requests/s of `denominator`."""

    numerator: str
    denominator: str
    at_least: float


TARGETS = [
    Target("proxy", "nginx", 0.8),
    Target("app-cached", "peer-cached", 1.5),
    Target("app-uncached", "peer-uncached", 2.0),
    Target("beacon", "app-uncached", 5.0),
]


@dataclass(frozen=True)
class Ratio:
    target: Target
    value: float | None  # None when either figure is missing

    @property
    def met(self) -> bool | None:
        return None if self.value is None else self.value >= self.target.at_least


@dataclass
class Run:
    """One wrk run: requests/s, answers that were not 2xx/3xx or failed, and the load around it."""

    rate: float
    errors: int
    load_before: float
    load_after: float


@dataclass
class Results:
    seconds: int
    runs: dict[str, list[Run]] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)  # variant -> why it has no figure
    notes: dict[str, str] = field(default_factory=dict)  # variant -> what was checked about it
    remarks: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps({"seconds": self.seconds, "runs": {k: [asdict(r) for r in v] for k, v in self.runs.items()},
                           "missing": self.missing, "notes": self.notes, "remarks": self.remarks})

    @classmethod
    def from_json(cls, text: str) -> "Results":
        data = json.loads(text)
        runs = {key: [Run(**run) for run in value] for key, value in data["runs"].items()}
        return cls(data["seconds"], runs, data["missing"], data["notes"], data["remarks"])

    def medians(self) -> dict[str, float | None]:
        return {key: median_rate(self.runs.get(key, [])) for key, _ in VARIANTS}


def median_rate(runs: list[Run]) -> float | None:
    return statistics.median(run.rate for run in runs) if runs else None


def ratios(medians: dict[str, float | None], targets: list[Target] = TARGETS) -> list[Ratio]:
    """Each target's ratio of median requests/s; None where a figure is missing or zero below the line."""
    result = []
    for target in targets:
        top, bottom = medians.get(target.numerator), medians.get(target.denominator)
        result.append(Ratio(target, top / bottom if top is not None and bottom else None))
    return result


# -- wrk -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Job:
    """What wrk requests for one variant: a URL, extra headers, an optional Lua script."""

    url: str
    headers: tuple[str, ...] = ()
    script: str | None = None


def parse_wrk(output: str) -> tuple[float, int]:
    """(requests/s, answers not 2xx/3xx plus socket errors) from wrk's report."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if socket:
        errors += sum(int(n) for n in socket.groups())
    return (float(rate.group(1)) if rate else 0.0), errors


def wrk(job: Job, seconds: int) -> Run:
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s"]
    for header in job.headers:
        command += ["-H", header]
    if job.script:
        command += ["-s", job.script]
    load_before = os.getloadavg()[0]
    completed = subprocess.run([*command, job.url], capture_output=True, text=True, timeout=seconds + 60)
    rate, errors = parse_wrk(completed.stdout)
    if completed.returncode != 0 and not rate:
        errors += 1
    return Run(rate, errors, load_before, os.getloadavg()[0])


def measure(jobs: dict[str, Job], seconds: int, rounds: int = ROUNDS, warmup: int = 1,
            run: Callable[[Job, int], Run] = wrk, progress: Callable[[str], None] = print) -> dict[str, list[Run]]:
    """Every job once per round, rounds interleaved, after one unmeasured warm-up run each."""
    for key, job in jobs.items():
        run(job, warmup)
    results: dict[str, list[Run]] = {key: [] for key in jobs}
    for number in range(1, rounds + 1):
        for key, job in jobs.items():
            measured = run(job, seconds)
            results[key].append(measured)
            progress(f"round {number}/{rounds} {key}: {measured.rate:,.0f} req/s, "
                     f"load {measured.load_before:.1f}->{measured.load_after:.1f}, errors {measured.errors}")
    return results


BEACON_SCRIPT = """
local cookies = dofile("%(cookies)s")
local counter = 0
local offset = 0
local threads = 0
function setup(thread)
  thread:set("offset", threads * %(stride)d)
  threads = threads + 1
end
request = function()
  counter = counter + 1
  local i = (offset + counter) %% #cookies + 1
  return wrk.format("POST", "%(path)s", {
    ["Content-Type"] = "application/json", ["Origin"] = "%(origin)s",
    ["User-Agent"] = "%(ua)s", ["Cookie"] = "%(cookie)s=" .. cookies[i]
  }, '%(body)s')
end
"""


def beacon_script(directory: Path, *, path: str, origin: str, body: str, cookie_name: str,
                  cookies: list[str], user_agent: str) -> str:
    """A wrk Lua script POSTing the beacon with a different visitor cookie each request (the beacon dedups)."""
    values = directory / "cookies.lua"
    values.write_text("return {" + ",".join(json.dumps(c) for c in cookies) + "}\n")
    script = directory / "beacon.lua"
    script.write_text(BEACON_SCRIPT % {
        "cookies": values, "stride": len(cookies) // THREADS, "path": path, "origin": origin, "body": body,
        "ua": user_agent, "cookie": cookie_name,
    })
    return str(script)


# -- nginx and Varnish, private to one run -----------------------------------------------------------

NGINX_CONF = """
worker_processes 2;
daemon off;
pid %(dir)s/nginx.pid;
error_log %(dir)s/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path %(dir)s/client_body;
    proxy_temp_path %(dir)s/proxy;
    fastcgi_temp_path %(dir)s/fastcgi;
    uwsgi_temp_path %(dir)s/uwsgi;
    scgi_temp_path %(dir)s/scgi;
    default_type text/html;
    charset utf-8;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:%(port)d;
        root %(dir)s/root;
        location / { try_files $uri $uri/index.html =404; }
    }
}
"""


def _shared_directory(prefix: str) -> Path:
    """A temp directory the servers' unprivileged workers (nobody, vcache) can read when we run as root."""
    directory = Path(tempfile.mkdtemp(prefix=prefix))
    directory.chmod(0o755)
    return directory


@contextmanager
def nginx_static(path: str, html: bytes):
    """nginx on a free loopback port serving `html` at `path` as a plain file; yields the base URL."""
    directory = _shared_directory("masthead-nginx-")
    page = directory / "root" / path.strip("/") / "index.html"
    page.parent.mkdir(parents=True)
    page.write_bytes(html)
    for parent in [directory / "root", *page.relative_to(directory / "root").parents]:
        (directory / "root" / parent).chmod(0o755)
    page.chmod(0o644)
    port = free_port()
    conf = directory / "nginx.conf"
    conf.write_text(NGINX_CONF % {"dir": directory, "port": port})
    process = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(directory), "-e", str(directory / "error.log")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for_port(port, timeout=15, process=process)
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(process)
        shutil.rmtree(directory, ignore_errors=True)


def render_vcl(backend_ports: list[int]) -> str:
    """The shipped VCL in front of these app nodes, rendered as `make proxy` and `make cluster` render it."""
    script = Path(settings.BASE_DIR) / "scripts" / "proxy.sh"
    return subprocess.run([str(script), "vcl", ",".join(map(str, backend_ports))], check=True,
                          capture_output=True, text=True).stdout


@contextmanager
def varnish(backend_ports: list[int]):
    """varnishd with the shipped VCL in the foreground, its own work directory, in front of these app nodes."""
    directory = _shared_directory("masthead-varnish-")
    path = directory / "masthead.vcl"
    path.write_text(render_vcl(backend_ports))
    path.chmod(0o644)
    port = free_port()
    process = subprocess.Popen(
        ["varnishd", "-F", "-n", str(directory / "work"), "-a", f"127.0.0.1:{port}", "-T", "127.0.0.1:0",
         "-f", str(path), "-s", "malloc,256m"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        try:
            wait_for_port(port, timeout=30, process=process)
        except RuntimeError:
            raise RuntimeError(f"varnishd exited: {process.stderr.read().decode(errors='replace')[-500:]}") from None
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(process)
        shutil.rmtree(directory, ignore_errors=True)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


# -- the report ---------------------------------------------------------------------------------------

def render_markdown(results: Results) -> str:
    lines = [
        "", "## Side by side over HTTP (one article, one run)", "",
        f"`wrk -t{THREADS} -c{CONNECTIONS} -d{results.seconds}s` on loopback, {ROUNDS} interleaved rounds, "
        f"median requests/s; load = 1-minute load average before→after each round, on {os.cpu_count()} cores "
        "shared by client and servers.", "",
        "| variant | req/s (median) | rounds | load | note |", "|---|---|---|---|---|",
    ]
    medians = results.medians()
    for key, label in VARIANTS:
        runs = results.runs.get(key, [])
        if not runs:
            lines.append(f"| {label} | missing | — | — | {results.missing.get(key, 'not measured')} |")
            continue
        rounds = " / ".join(f"{run.rate:,.0f}" for run in runs)
        load = " / ".join(f"{run.load_before:.1f}→{run.load_after:.1f}" for run in runs)
        errors = sum(run.errors for run in runs)
        note = results.notes.get(key, "")
        if errors:
            note = f"{note}; {errors} answers not 2xx/3xx or failed".lstrip("; ")
        lines.append(f"| {label} | {medians[key]:,.0f} | {rounds} | {load} | {note} |")
    lines += ["", "| target | ratio | at least | met |", "|---|---|---|---|"]
    for ratio in ratios(medians):
        target = ratio.target
        value = "missing" if ratio.value is None else f"{ratio.value:.2f}"
        met = {None: "—", True: "yes", False: "NO"}[ratio.met]
        lines.append(f"| {target.numerator} / {target.denominator} | {value} | {target.at_least:g} | {met} |")
    lines += [f"\n- {remark}" for remark in results.remarks]
    return "\n".join(lines) + "\n"
