"""Throwaway gunicorn and redis-server processes on loopback, for the concurrency tests and `make bench`."""

import os
import random
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def reusable_port() -> int:
    """A free loopback port below the kernel's range for outgoing connections, to listen on again later.

    A port from `free_port()` lies in that range: once its listener closes (a relay
    refusing for a while), any outgoing connection of the test may take it as its
    local port, and listening there again fails with "address in use".
    """
    try:
        low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        low = 32768
    for port in random.Random().sample(range(10_000, max(low, 10_001)), 200):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    return free_port()


def wait_for_port(port: int, timeout: float = 30.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


def server_env(**overrides: str) -> dict[str, str]:
    env = {**os.environ, "SECRET_KEY": settings.SECRET_KEY, "DJANGO_SETTINGS_MODULE": "config.settings.base"}
    env.update(overrides)
    return env


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 2, threads: int = 16):
    """Serve the site on a free loopback port; yields its base URL."""
    with gunicorn_process(env, workers=workers, threads=threads) as (url, _process):
        yield url


def worker_pids(master: subprocess.Popen) -> set[int]:
    """The live worker processes of a gunicorn master (read from /proc, Linux only)."""
    pids = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master.pid and fields[0] != "Z":
            pids.add(int(stat.parent.name))
    return pids


@contextmanager
def gunicorn_process(env: dict[str, str], *, workers: int = 2, threads: int = 16,
                     app: str = "config.wsgi:application", cwd: Path | None = None):
    """As `gunicorn`, yielding the base URL and the master process (for the fault tests that kill workers).

    `app` and `cwd` serve another WSGI project (the bench's plain-Wagtail peer); `threads=1` is gunicorn's
    sync worker.
    """
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--threads", str(threads), "--log-level", "warning",
         "--backlog", "2048", "--no-control-socket"],
        cwd=cwd or settings.BASE_DIR,
        env=env,
    )
    try:
        wait_for_port(port, process=process)
        yield f"http://127.0.0.1:{port}", process
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()


class RedisServer:
    """A private redis-server (never the machine's own) that can be stopped and started again.

    With `persistence="rdb"` it has snapshot points and stopping saves its data to
    its own directory first, as a Redis with persistence does on a restart, so
    counts not yet flushed survive it. `persistence="aof"` runs it with an
    append-only file instead, and `persistence="none"` keeps nothing across a
    stop (a Redis run as a pure cache).
    """

    def __init__(self, directory: Path, port: int | None = None, persistence: str = "rdb"):
        if persistence not in ("rdb", "aof", "none"):
            raise ValueError(f"unknown persistence {persistence!r}")
        self.persistence = persistence
        if not shutil.which("redis-server"):
            raise RuntimeError("redis-server is not installed")
        self.directory = directory
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "3600 1" if self.persistence == "rdb" else "",
             "--appendonly", "yes" if self.persistence == "aof" else "no",
             "--dir", str(self.directory), "--dbfilename", "dump.rdb"],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port, process=self.process)

    def stop(self) -> None:
        if self.process is None:
            return
        mode = "save" if self.persistence == "rdb" else "nosave"
        subprocess.run(["redis-cli", "-p", str(self.port), "shutdown", mode], capture_output=True, timeout=30)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.process = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        (self.directory / "dump.rdb").unlink(missing_ok=True)


class SharedDatabase:
    """The caller's database as a throwaway server sees it (a URL) and as the caller reads it back.

    On SQLite an in-memory database cannot be shared with another process, so it is
    copied to a WAL file that both use; on PostgreSQL the server uses the same database.
    """

    def __init__(self, tmp_path: Path, name: str = "shared"):
        import sqlite3

        from django.db import connection

        if connection.vendor == "sqlite":
            self.path = tmp_path / f"{name}.sqlite3"
            connection.ensure_connection()
            copy = sqlite3.connect(self.path)
            connection.connection.backup(copy)
            copy.execute("PRAGMA journal_mode=WAL")
            copy.close()
            self.url = f"sqlite:///{self.path}"
        else:
            self.path = None
            s = connection.settings_dict
            self.url = f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"

    def rows(self, sql: str) -> list[tuple]:
        import sqlite3

        from django.db import connection

        if self.path:
            with sqlite3.connect(self.path) as db:
                return db.execute(sql).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()
