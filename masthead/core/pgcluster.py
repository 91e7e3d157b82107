"""A private PostgreSQL primary and its streaming replica, on ports of their own, for `make cluster` and the tests.

Never the machine's shared PostgreSQL: both clusters live under one directory
(default var/cluster/), made by `initdb` and `pg_basebackup -R` from the
Debian binaries, listen on 127.0.0.1 only, and keep their sockets in that
directory. The primary's own pg_hba.conf lets loopback connect and replicate
without a password (nothing else can reach them); the replica streams through
a replication slot, so the primary keeps the WAL it has not received yet.

Plain Python (no Django), so a shell script can drive it:

    python -m masthead.core.pgcluster start [--dir var/cluster] [--port 5433] [--replica-port 5434]
    python -m masthead.core.pgcluster status | env | stop | stop-replica | start-replica | destroy

`start` makes what is missing and starts both; the ports are remembered in the
directory, so later commands need only `--dir`. `env` prints the
`DATABASE_URL` and `DATABASE_REPLICA_URL` lines for an env file.
"""

import argparse
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
OWNER = "postgres"  # initdb refuses to run as root; the clusters belong to this account
SLOT = "masthead_replica"


class ClusterError(RuntimeError):
    pass


class PgCluster:
    """The primary in <dir>/primary, the replica in <dir>/replica, their settings in <dir>/cluster.json."""

    def __init__(self, directory: Path, *, port: int | None = None, replica_port: int | None = None,
                 database: str | None = None):
        self.directory = Path(directory).resolve()
        saved = self._saved()
        self.port = port or saved.get("port") or 5433
        self.replica_port = replica_port or saved.get("replica_port") or 5434
        self.database = database or saved.get("database") or "masthead"
        made = {"port": saved.get("port"), "replica_port": saved.get("replica_port")}
        if (self.primary_dir / "PG_VERSION").exists() and made != {"port": self.port, "replica_port": self.replica_port}:
            raise ClusterError(f"{self.directory} was made for ports {made['port']} and {made['replica_port']}: "
                               "start it on those, or destroy it first")
        if self.port == self.replica_port:
            raise ClusterError("the primary and the replica need ports of their own")
        if 5432 in (self.port, self.replica_port):
            raise ClusterError("5432 is the machine's shared PostgreSQL; choose other ports")

    @property
    def primary_dir(self) -> Path:
        return self.directory / "primary"

    @property
    def replica_dir(self) -> Path:
        return self.directory / "replica"

    @property
    def sockets(self) -> Path:
        return self.directory / "sockets"

    def url(self, port: int) -> str:
        return f"postgres://{OWNER}@127.0.0.1:{port}/{self.database}"

    def env_lines(self) -> str:
        return f"DATABASE_URL={self.url(self.port)}\nDATABASE_REPLICA_URL={self.url(self.replica_port)}\n"

    # Life cycle

    def start(self, timeout: float = 60.0) -> None:
        """Make whatever is missing (primary, database, replica) and start both; returns once the replica streams."""
        self._prepare_directory()
        if not (self.primary_dir / "PG_VERSION").exists():
            self._init_primary()
        self._start(self.primary_dir, timeout)
        self._ensure_database()
        if not (self.replica_dir / "PG_VERSION").exists():
            self._make_replica()
        self._start(self.replica_dir, timeout)
        self.wait_streaming(timeout)

    def stop(self) -> None:
        """Stop the replica, then the primary (fast shutdown: open sessions are ended)."""
        for data in (self.replica_dir, self.primary_dir):
            self._stop(data)

    def stop_replica(self, mode: str = "immediate") -> None:
        """Stop the replica alone, as a crash does by default (the fault tests)."""
        self._stop(self.replica_dir, mode)

    def start_replica(self, timeout: float = 60.0) -> None:
        self._start(self.replica_dir, timeout)

    def destroy(self) -> None:
        """Stop both and delete the directory."""
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)

    def running(self, data: Path) -> bool:
        if not (data / "PG_VERSION").exists():
            return False
        return self._run([BIN / "pg_ctl", "-D", data, "status"], check=False).returncode == 0

    def status(self) -> dict:
        return {
            "directory": str(self.directory),
            "primary": {"port": self.port, "running": self.running(self.primary_dir), "url": self.url(self.port)},
            "replica": {"port": self.replica_port, "running": self.running(self.replica_dir),
                        "url": self.url(self.replica_port),
                        "streaming": self.running(self.replica_dir) and self._streaming()},
        }

    def wait_streaming(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while not self._streaming():
            if time.monotonic() > deadline:
                raise ClusterError(f"the replica on port {self.replica_port} does not stream from the primary")
            time.sleep(0.2)

    # Steps

    def _prepare_directory(self) -> None:
        self.sockets.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            owner = pwd.getpwnam(OWNER)
            for path in (self.directory, self.sockets):
                os.chown(path, owner.pw_uid, owner.pw_gid)
        self._save()

    def _init_primary(self) -> None:
        self._run([BIN / "initdb", "-D", self.primary_dir, "-U", OWNER, "-A", "trust", "-E", "UTF8",
                   "--locale", "C.UTF-8", "--no-sync"])
        self._append(self.primary_dir / "postgresql.conf", {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.sockets}'",
            "wal_level": "replica",
            "max_wal_senders": "5",
            "max_replication_slots": "5",
            "hot_standby": "on",
            "hot_standby_feedback": "on",  # readers' long queries are not cancelled by the vacuum they outlive
            "max_connections": "200",
        })
        # Its own rules, not the machine's: loopback only, replication included.
        (self.primary_dir / "pg_hba.conf").write_text(
            "# masthead private cluster: loopback only\n"
            "local   all          all                 trust\n"
            "host    all          all   127.0.0.1/32  trust\n"
            "host    replication  all   127.0.0.1/32  trust\n"
        )

    def _ensure_database(self) -> None:
        exists = self._psql(self.port, "postgres", f"SELECT 1 FROM pg_database WHERE datname = '{self.database}'")
        if exists != "1":
            self._run([BIN / "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", OWNER, self.database])

    def _make_replica(self) -> None:
        slots = self._psql(self.port, "postgres", f"SELECT 1 FROM pg_replication_slots WHERE slot_name = '{SLOT}'")
        slot_args = ["-S", SLOT] if slots == "1" else ["-C", "-S", SLOT]
        self._run([BIN / "pg_basebackup", "-h", "127.0.0.1", "-p", str(self.port), "-U", OWNER,
                   "-D", self.replica_dir, "-R", "-X", "stream", "--no-sync", "--checkpoint=fast", *slot_args])
        self._append(self.replica_dir / "postgresql.conf", {"port": str(self.replica_port)})

    def _start(self, data: Path, timeout: float) -> None:
        if self.running(data):
            return
        self._run([BIN / "pg_ctl", "-D", data, "-l", data / "server.log", "-w", "-t", str(int(timeout)), "start"])

    def _stop(self, data: Path, mode: str = "fast") -> None:
        if self.running(data):
            self._run([BIN / "pg_ctl", "-D", data, "-m", mode, "-w", "stop"])

    def _streaming(self) -> bool:
        answer = self._psql(self.port, "postgres",
                            "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'", check=False)
        return answer not in (None, "", "0")

    # Helpers

    def _psql(self, port: int, database: str, sql: str, check: bool = True) -> str | None:
        result = self._run([BIN / "psql", "-h", "127.0.0.1", "-p", str(port), "-U", OWNER, "-d", database,
                            "-XAtqc", sql], check=check)
        return result.stdout.strip() if result.returncode == 0 else None

    @staticmethod
    def _append(conf: Path, values: dict[str, str]) -> None:
        with conf.open("a") as file:
            file.write("\n# masthead private cluster\n")
            file.writelines(f"{name} = {value}\n" for name, value in values.items())

    def _run(self, command: list, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(part) for part in command]
        if os.geteuid() == 0:
            command = ["runuser", "-u", OWNER, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, cwd="/", timeout=120)
        if check and result.returncode != 0:
            raise ClusterError(f"{' '.join(command)} failed:\n{result.stderr or result.stdout}")
        return result

    def _saved(self) -> dict:
        try:
            return json.loads((self.directory / "cluster.json").read_text())
        except (OSError, ValueError):
            return {}

    def _save(self) -> None:
        (self.directory / "cluster.json").write_text(
            json.dumps({"port": self.port, "replica_port": self.replica_port, "database": self.database}) + "\n"
        )


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        # As PostgreSQL binds: connections of a server just stopped (TIME_WAIT) do not hold the port.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pg-cluster", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["start", "stop", "status", "env", "stop-replica", "start-replica", "destroy"])
    parser.add_argument("--dir", default="var/cluster", help="where both clusters live (default var/cluster)")
    parser.add_argument("--port", type=int, help="the primary's port (default 5433, then as first started)")
    parser.add_argument("--replica-port", type=int, help="the replica's port (default 5434, then as first started)")
    parser.add_argument("--database", help="the database made on the primary (default masthead)")
    args = parser.parse_args(argv)
    try:
        cluster = PgCluster(Path(args.dir), port=args.port, replica_port=args.replica_port, database=args.database)
        if args.command == "start":
            for port, data in ((cluster.port, cluster.primary_dir), (cluster.replica_port, cluster.replica_dir)):
                if not cluster.running(data) and not port_is_free(port):
                    raise ClusterError(f"port {port} is taken; choose another with --port/--replica-port")
            cluster.start()
            sys.stdout.write(cluster.env_lines())
        elif args.command == "env":
            sys.stdout.write(cluster.env_lines())
        elif args.command == "status":
            print(json.dumps(cluster.status(), indent=2))
        else:
            getattr(cluster, args.command.replace("-", "_"))()
    except ClusterError as error:
        print(f"pg-cluster: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
