"""With the database gone readers get a 503 in the site's design, fast, and the site recovers by itself.

These start a real gunicorn in a subprocess. The database is made to refuse
connections without touching the shared PostgreSQL: either the server address
is a port nobody listens on, or the connection goes through a small TCP relay
in this test that stops accepting (and drops what it carried) for a while.
"""

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from masthead.core import servers
from masthead.testing import make_article

BASE_DIR = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.fault


class Server:
    """gunicorn serving Masthead with the given DATABASE_URL."""

    def __init__(self, database_url: str, **env_overrides: str):
        self.port = servers.free_port()
        env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings.test",
               "PORT": str(self.port), "DATABASE_CONNECT_TIMEOUT": "2", "LOG_LEVEL": "CRITICAL", **env_overrides}
        env.pop("REDIS_URL", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--workers", "1", "--threads", "4", "--no-control-socket"],
            cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError("gunicorn did not start")
        # The master listens before its worker has imported Django: the first answer waits for the
        # import (seconds on a loaded machine), which is start-up, not the outage being timed.
        self.request("/healthz")

    def request(self, path: str, *, data: bytes | None = None, headers: dict | None = None):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, headers=headers or {})
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status, body, head = response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            status, body, head = error.code, error.read().decode(), error.headers
        return status, body, head, time.monotonic() - started

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:  # a worker stuck in its graceful shutdown on a loaded machine
            self.process.kill()
            self.process.wait(5)


@pytest.fixture
def server_factory():
    started = []

    def start(database_url):
        started.append(Server(database_url))
        return started[-1]

    yield start
    for server in started:
        server.stop()


def test_no_database_means_a_503_page_fast_in_both_languages(server_factory):
    server = server_factory(f"postgres://postgres@127.0.0.1:{servers.free_port()}/nothing_here")
    status, body, headers, took = server.request("/")
    assert status == 503 and took < 2.5
    assert headers["Retry-After"] and "no-store" in headers["Cache-Control"]
    assert "Сайт ненадолго недоступен" in body and "masthead/site.css" in body
    status, body, _, _ = server.request("/en/")
    assert status == 503 and "Briefly unavailable" in body


def test_no_database_gives_scripts_json_and_says_a_form_was_not_saved(server_factory):
    server = server_factory(f"postgres://postgres@127.0.0.1:{servers.free_port()}/nothing_here")
    status, body, headers, _ = server.request(
        "/pageviews/beacon/", data=b'{"article": 1}',
        headers={"Content-Type": "application/json", "Sec-Fetch-Site": "same-origin"},
    )
    # JSON either way: the beacon's own refusal (its limiter fails closed) or the 503 handler's.
    assert status == 503 and "unavailable" in json.loads(body)["error"] and headers["Retry-After"]
    status, body, _, _ = server.request("/search/", data=b"q=x")
    assert status == 503 and "не сохранено" in body
    status, _, _, _ = server.request("/healthz")
    assert status == 503


class Relay:
    """A TCP relay to PostgreSQL that can refuse connections for a while (the shared server is never touched)."""

    def __init__(self, target_port: int):
        self.target_port, self.port = target_port, servers.reusable_port()
        self.refusing = threading.Event()
        self.listening = threading.Event()
        self.stopped = threading.Event()
        self.links: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while not self.stopped.is_set():
            if self.refusing.is_set():
                time.sleep(0.05)
                continue
            try:
                listener = socket.create_server(("127.0.0.1", self.port))
            except OSError:  # the old listener not gone yet: try again, never give up listening
                time.sleep(0.05)
                continue
            with listener:
                listener.settimeout(0.1)
                self.listening.set()
                while not self.refusing.is_set() and not self.stopped.is_set():
                    try:
                        client, _ = listener.accept()
                    except TimeoutError:
                        continue
                    upstream = socket.create_connection(("127.0.0.1", self.target_port))
                    self.links += [client, upstream]
                    for a, b in ((client, upstream), (upstream, client)):
                        threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()
            self.listening.clear()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.close()
                except OSError:
                    pass

    def refuse(self):
        """Stop listening and cut every open connection, as a database restart does."""
        self.refusing.set()
        deadline = time.monotonic() + 5
        while self.listening.is_set() and time.monotonic() < deadline:
            time.sleep(0.01)
        for link in self.links:
            try:
                link.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.links.clear()

    def accept(self):
        self.refusing.clear()
        deadline = time.monotonic() + 5
        while not self.listening.is_set() and time.monotonic() < deadline:
            time.sleep(0.01)

    def stop(self):
        self.refuse()
        self.stopped.set()


@pytest.mark.django_db(transaction=True)
def test_the_site_recovers_without_a_restart_when_the_database_returns(server_factory, site_tree):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server to refuse connections (CI's PostgreSQL run)")
    settings_dict = connection.settings_dict
    article = make_article("Статья переживёт отказ базы")
    relay = Relay(int(settings_dict["PORT"] or 5432))
    try:
        server = server_factory(
            f"postgres://{settings_dict['USER']}@127.0.0.1:{relay.port}/{settings_dict['NAME']}"
        )
        assert server.request(article.url)[0] == 200
        relay.refuse()
        outage = [server.request(article.url) for _ in range(3)]
        assert [status for status, *_ in outage] == [503, 503, 503]
        assert all(took < 2.5 for *_, took in outage)
        relay.accept()
        assert server.request(article.url)[0] == 200
    finally:
        relay.stop()
