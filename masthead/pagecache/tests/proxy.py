"""A private Varnish running the shipped VCL (deploy/varnish/masthead.vcl), for the proxy tests.

`VarnishServer` starts varnishd in its own working directory (`-n`, so it never meets the
machine's own Varnish or `make proxy`'s) on a free loopback port, in front of a backend on
127.0.0.1. The VCL is rendered by `scripts/proxy.sh vcl`, the same way `make proxy` renders it.
Without varnishd or the xkey vmod the test is skipped, saying what to install.

`ContractBackend` is a small WSGI app that answers as the page-cache contract says the site
does (Cache-Control with s-maxage, `xkey` surrogate keys, Set-Cookie on some responses) and
counts its renders, so a test can tell a cache hit from a request that reached the app. It
runs in a thread and can be stopped and started again on the same port (the app going down).
"""

import http.client
import shutil
import socketserver
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from django.conf import settings

from masthead.core.servers import free_port, wait_for_port

PROXY_SCRIPT = Path(settings.BASE_DIR) / "scripts" / "proxy.sh"
XKEY_VMOD_DIRS = [Path("/usr/lib/x86_64-linux-gnu/varnish/vmods"), Path("/usr/lib/varnish/vmods")]


def varnish_missing() -> str:
    """Why the proxy tests cannot run here, or "" when they can."""
    if not shutil.which("varnishd"):
        return "varnishd is not installed (apt-get install varnish varnish-modules, or make test as root)"
    if not any((directory / "libvmod_xkey.so").exists() for directory in XKEY_VMOD_DIRS):
        return "the xkey vmod is not installed (apt-get install varnish-modules)"
    return ""


def require_varnish() -> None:
    """Skip the calling test, saying what to install, where the proxy cannot run."""
    if reason := varnish_missing():
        pytest.skip(reason)


class Response:
    """What a client got: status, headers (lower-case names) and body."""

    def __init__(self, response: http.client.HTTPResponse):
        self.status = response.status
        self.headers = {name.lower(): value for name, value in response.getheaders()}
        self.body = response.read()

    @property
    def cache(self) -> str:
        return self.headers.get("x-cache", "")

    def __repr__(self):
        return f"<Response {self.status} X-Cache={self.cache} {self.headers}>"


def request(port: int, path: str, *, method: str = "GET", headers: dict | None = None,
            source: str = "127.0.0.1", timeout: float = 10) -> Response:
    """One request on its own connection, from `source` (another loopback address is "elsewhere")."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    try:
        connection.request(method, path, headers={"Host": "127.0.0.1", **(headers or {})})
        return Response(connection.getresponse())
    finally:
        connection.close()


def wait_until_healthy(port: int, timeout: float = 60.0) -> None:
    """Until the app on `port` answers /healthz with 200 (gunicorn listens before its workers answer)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if request(port, "/healthz", timeout=5).status == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"the app on port {port} did not answer /healthz with 200")
        time.sleep(0.2)


class VarnishServer:
    """varnishd with the shipped VCL in front of 127.0.0.1:`backend_port`; a context manager.

    `backend_port` may be a list of ports: one backend per app node, as under `make cluster`.

    `healthy_grace` replaces the VCL's serve-stale-while-healthy window (60 s) so that a test
    can reach "older than that" within seconds; everything else is the shipped file.
    """

    def __init__(self, directory: Path, backend_port: int | list[int], *, port: int | None = None,
                 healthy_grace: str | None = None):
        self.directory = directory
        self.backend_ports = [backend_port] if isinstance(backend_port, int) else list(backend_port)
        self.healthy_grace = healthy_grace
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def vcl(self) -> str:
        ports = ",".join(map(str, self.backend_ports))
        rendered = subprocess.run([str(PROXY_SCRIPT), "vcl", ports], check=True,
                                  capture_output=True, text=True).stdout
        if self.healthy_grace:
            line = "        set req.grace = 60s;"
            assert line in rendered, "the VCL's healthy grace line moved; update VarnishServer"
            rendered = rendered.replace(line, f"        set req.grace = {self.healthy_grace};")
        return rendered

    def start(self) -> None:
        require_varnish()
        # As `make proxy` does: a probe that fails while the app boots would mark it sick.
        for backend_port in self.backend_ports:
            wait_until_healthy(backend_port)
        self.directory.mkdir(parents=True, exist_ok=True)
        vcl = self.directory / "masthead.vcl"
        vcl.write_text(self.vcl())
        self.log = (self.directory / "varnishd.log").open("w")
        # -j none: the worker stays this user, so it can read a private tmp directory.
        self.process = subprocess.Popen(
            ["varnishd", "-F", "-j", "none", "-n", str(self.directory / "n"), "-a", f"127.0.0.1:{self.port}",
             "-f", str(vcl), "-s", "malloc,32m", "-T", "none"],
            stdout=self.log, stderr=subprocess.STDOUT,
        )
        try:
            wait_for_port(self.port, process=self.process)
        except (RuntimeError, TimeoutError):
            self.stop()
            raise RuntimeError("varnishd did not start:\n" + (self.directory / "varnishd.log").read_text())

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None
            self.log.close()

    def get(self, path: str, **kwargs) -> Response:
        return request(self.port, path, **kwargs)

    def purge(self, keys: str, *, source: str = "127.0.0.1") -> Response:
        """The request the app's purge sends (masthead.pagecache.purge)."""
        return request(self.port, "/", method="PURGE", headers={"xkey-purge": keys}, source=source)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()


class ContractBackend:
    """A WSGI app answering as the page-cache contract says Masthead does, counting renders.

    - `/page/<name>?keys=a1+home&ttl=600`: a cacheable anonymous page tagged with those keys
      (`&vary=Accept-Language` adds that Vary header, as Django's LocaleMiddleware does);
    - `/cookie/<name>`: cacheable headers, but it sets a cookie (so it must not be cached);
    - `/healthz`: 200;
    - while `failing` is set, every page is the app's own 503 (the database is down).
    - a request with a `sessionid` cookie gets `Cache-Control: private, no-cache` and no xkey.
    Every response says in `X-Render` how many times the app rendered that path, and in
    `X-Seen-Cookie` the Cookie header it received.
    """

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.renders: Counter[str] = Counter()
        self.failing = False
        self.lock = threading.Lock()
        self.server: WSGIServer | None = None

    def __call__(self, environ, start_response):
        path = environ["PATH_INFO"]
        query = parse_qs(environ.get("QUERY_STRING", ""))
        cookie = environ.get("HTTP_COOKIE", "")
        if path == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        if self.failing:
            start_response("503 Service Unavailable", [("Content-Type", "text/plain"), ("Retry-After", "30"),
                                                       ("Cache-Control", "private, no-cache")])
            return [b"database down"]
        with self.lock:
            self.renders[path] += 1
            count = self.renders[path]
        headers = [("Content-Type", "text/html; charset=utf-8"), ("X-Render", str(count)),
                   ("X-Seen-Cookie", cookie)]
        ttl = query.get("ttl", ["600"])[0]
        if "sessionid=" in cookie:
            headers.append(("Cache-Control", "private, no-cache"))
        else:
            headers.append(("Cache-Control", f"public, max-age=60, s-maxage={ttl}, "
                                             "stale-while-revalidate=60, stale-if-error=86400"))
            headers.append(("xkey", " ".join(["site", *query.get("keys", [""])[0].split()])))
        if vary := query.get("vary"):
            headers.append(("Vary", vary[0]))
            headers.append(("X-Seen-Accept-Language", environ.get("HTTP_ACCEPT_LANGUAGE", "")))
        if path.startswith("/cookie/"):
            headers.append(("Set-Cookie", f"mh_vid=visitor{count}; Path=/; HttpOnly"))
        start_response("200 OK", headers)
        return [f"<p>{path} render {count}</p>".encode()]

    def start(self) -> None:
        self.server = make_server("127.0.0.1", self.port, self, server_class=ThreadingWSGIServer,
                                  handler_class=QuietHandler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass
