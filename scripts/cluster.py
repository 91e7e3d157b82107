"""`make cluster`: the production shape on this machine, every part private to it.

    Varnish on PORT (default 8000)  ->  NODES app nodes (default 2) on PORT+1 ... PORT+NODES
                                         (manage.py serve --no-jobs: they only serve)
    a worker (manage.py worker)          the periodic jobs, once for the whole cluster
    PostgreSQL primary + streaming replica, made under var/cluster/pg (masthead/core/pgcluster.py)
    Redis: REDIS_URL if it is set, else a private redis-server
    object storage for media: moto's S3-compatible server, when it is installed (the test extra)

The shared PostgreSQL on 5432 is never touched. The demo is loaded into the
primary; the URLs the parts use are written to var/cluster.env for tools
(`set -a; . var/cluster.env`). Ctrl+C or SIGTERM stops everything it started,
the database clusters included (their data stays under var/cluster/ for the
next start; `python -m masthead.core.pgcluster destroy --dir var/cluster/pg`
removes it).

It is a demonstration and a test bed of the shape docs/scaling.md describes,
not a deployment: every process runs here, on loopback.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from masthead.core.servers import wait_for_port  # noqa: E402 (needs ROOT on the path; no Django settings used)

# CLUSTER_DIR: where the parts keep their data, logs and the env file (the drill test uses its own).
VAR = Path(os.environ.get("CLUSTER_DIR") or ROOT / "var" / "cluster").resolve()
ENV_FILE = VAR.parent / "cluster.env" if "CLUSTER_DIR" not in os.environ else VAR / "cluster.env"
PY = str(ROOT / ".venv" / "bin" / "python")
MANAGE = [PY, str(ROOT / "manage.py")]


def setting(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError:
        sys.exit(f"{name} must be a number, not {value!r}")


class Cluster:
    def __init__(self):
        self.port = setting("PORT", 8000)
        self.nodes = setting("NODES", 2)
        if not 1 <= self.nodes <= 16:
            sys.exit("NODES must be between 1 and 16")
        self.pg_port = setting("CLUSTER_PG_PORT", 15432)
        self.redis_port = setting("CLUSTER_REDIS_PORT", 16379)
        self.s3_port = setting("CLUSTER_S3_PORT", 19000)
        self.processes: dict[str, subprocess.Popen] = {}
        self.env: dict[str, str] = {}
        self.pg_started = False
        VAR.mkdir(parents=True, exist_ok=True)
        self.logs = VAR / "logs"
        self.logs.mkdir(exist_ok=True)

    # The parts, in the order they start.

    def start_databases(self) -> None:
        out = self.pgcluster("start", "--port", str(self.pg_port), "--replica-port", str(self.pg_port + 1))
        self.pg_started = True
        for line in out.splitlines():
            name, _, value = line.partition("=")
            if name in ("DATABASE_URL", "DATABASE_REPLICA_URL"):
                self.env[name] = value.strip()
        if "DATABASE_URL" not in self.env:
            raise RuntimeError("the database clusters started but gave no DATABASE_URL:\n" + out)

    def start_redis(self) -> None:
        if os.environ.get("REDIS_URL"):
            self.env["REDIS_URL"] = os.environ["REDIS_URL"]
            return
        if not shutil.which("redis-server"):
            raise RuntimeError("redis-server is not installed (apt-get install redis-server), or set REDIS_URL")
        self.spawn("redis", ["redis-server", "--bind", "127.0.0.1", "--port", str(self.redis_port),
                             "--save", "", "--appendonly", "no", "--dir", str(VAR)])
        self.wait_for_port(self.redis_port, "redis")
        self.env["REDIS_URL"] = f"redis://127.0.0.1:{self.redis_port}/0"

    def start_object_storage(self) -> None:
        moto = ROOT / ".venv" / "bin" / "moto_server"
        if os.environ.get("MEDIA_STORAGE_URL"):
            self.env["MEDIA_STORAGE_URL"] = os.environ["MEDIA_STORAGE_URL"]
            return
        if not moto.exists():
            print("moto is not installed (pip install -e '.[test]'): media stay on this machine's disk", flush=True)
            return
        self.spawn("s3", [str(moto), "-H", "127.0.0.1", "-p", str(self.s3_port)])
        self.wait_for_port(self.s3_port, "s3")
        self.env["MEDIA_STORAGE_URL"] = (
            f"s3://cluster:cluster-secret@127.0.0.1:{self.s3_port}/masthead-media?secure=0&region=us-east-1"
        )

    def prepare(self) -> None:
        """Migrate the primary and load the demo, as `make run` does for one process."""
        for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"],
                        *([["ensure_media_bucket"]] if "MEDIA_STORAGE_URL" in self.env else []),
                        ["load_demo"],
                        ["ensure_admin", "--admin-url", f"http://127.0.0.1:{self.port}/admin/"]):
            # No purges yet: Varnish starts after this, empty.
            subprocess.run(MANAGE + command, env={**self.app_env(), "PROXY_PURGE_URLS": ""}, check=True, cwd=ROOT,
                           stdout=None if command[0] == "ensure_admin" else subprocess.DEVNULL)

    def start_worker(self) -> None:
        self.spawn("worker", MANAGE + ["worker"], env=self.app_env())

    def start_nodes(self) -> None:
        for number in range(1, self.nodes + 1):
            self.spawn(f"node{number}", MANAGE + ["serve", "--no-jobs", "--port", str(self.port + number)],
                       env=self.app_env())
        for number in range(1, self.nodes + 1):
            self.wait_until_healthy(self.port + number, f"node{number}")

    def start_proxy(self) -> None:
        ports = ",".join(str(self.port + n) for n in range(1, self.nodes + 1))
        vcl = subprocess.run([str(ROOT / "scripts" / "proxy.sh"), "vcl", ports], check=True,
                             capture_output=True, text=True, cwd=ROOT).stdout
        (VAR / "masthead.vcl").write_text(vcl)
        self.spawn("varnish", ["varnishd", "-F", "-n", str(VAR / "varnish"), "-a", f"127.0.0.1:{self.port}",
                               "-f", str(VAR / "masthead.vcl"), "-s", "malloc,256m"])
        self.wait_for_port(self.port, "varnish")

    # Running and stopping.

    def app_env(self) -> dict[str, str]:
        return {
            **os.environ, **self.env,
            "SITE_URL": os.environ.get("SITE_URL", f"http://127.0.0.1:{self.port}"),
            "PROXY_PURGE_URLS": f"http://127.0.0.1:{self.port}",
            "TRUSTED_PROXIES": os.environ.get("TRUSTED_PROXIES", "127.0.0.1"),
            "ALLOWED_HOSTS": os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost"),
        }

    def write_env_file(self) -> Path:
        path = ENV_FILE
        lines = [f"{name}={value}" for name, value in sorted(self.env.items())]
        lines += [f"PROXY_URL=http://127.0.0.1:{self.port}",
                  "NODE_URLS=" + ",".join(f"http://127.0.0.1:{self.port + n}" for n in range(1, self.nodes + 1))]
        path.write_text("\n".join(lines) + "\n")
        return path

    def report(self, env_file: Path) -> None:
        rows = [("proxy (Varnish)", f"http://127.0.0.1:{self.port}/")]
        rows += [(f"app node {n}", f"http://127.0.0.1:{self.port + n}/") for n in range(1, self.nodes + 1)]
        rows += [("worker", "manage.py worker (the periodic jobs)"),
                 ("PostgreSQL primary", self.env["DATABASE_URL"]),
                 ("PostgreSQL replica", self.env.get("DATABASE_REPLICA_URL", "-")),
                 ("Redis", self.env["REDIS_URL"]),
                 ("media", self.env.get("MEDIA_STORAGE_URL", "this machine's disk (var/media)"))]
        width = max(len(name) for name, _ in rows)
        print("\nMasthead cluster:", flush=True)
        for name, where in rows:
            print(f"  {name:<{width}}  {where}")
        print(f"\nURLs for tools: {env_file}   logs: {self.logs}/   pids: " +
              ", ".join(f"{name} {p.pid}" for name, p in self.processes.items()))
        print("Ctrl+C stops everything.\n", flush=True)

    def spawn(self, name: str, command: list[str], env: dict | None = None) -> None:
        log = (self.logs / f"{name}.log").open("ab")
        # Each in a session of its own: Ctrl+C reaches this script, which stops them in order.
        self.processes[name] = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                                start_new_session=True)

    def wait_for_port(self, port: int, name: str, timeout: float = 30) -> None:
        """Until the part started as `name` listens; a part that exits meanwhile fails at once."""
        try:
            wait_for_port(port, timeout=timeout, process=self.processes[name])
        except (RuntimeError, TimeoutError) as error:
            raise RuntimeError(f"{name} did not listen on port {port}: {error} (see {self.logs}/{name}.log)") from None

    def wait_until_healthy(self, port: int, what: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).status == 200:
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"{what} did not answer /healthz within {timeout:.0f} s (see {self.logs}/{what}.log)")

    def pgcluster(self, *args: str) -> str:
        result = subprocess.run([PY, "-m", "masthead.core.pgcluster", *args, "--dir", str(VAR / "pg")],
                                cwd=ROOT, capture_output=True, text=True)
        if result.returncode:
            raise RuntimeError(f"pgcluster {args[0]} failed:\n{result.stdout}{result.stderr}")
        return result.stdout

    def stop(self) -> None:
        for process in reversed(list(self.processes.values())):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        for process in self.processes.values():
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        if self.pg_started:
            try:
                self.pgcluster("stop")
            except RuntimeError as error:
                print(error, file=sys.stderr)
        print("Masthead cluster stopped.", flush=True)


def main() -> int:
    cluster = Cluster()
    stopping = False

    def on_signal(signum, frame):
        nonlocal stopping
        if not stopping:
            stopping = True
            raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        cluster.start_databases()
        cluster.start_redis()
        cluster.start_object_storage()
        cluster.prepare()
        cluster.start_worker()
        cluster.start_nodes()
        cluster.start_proxy()
        cluster.report(cluster.write_env_file())
        # A node killed on purpose (the failover drill) leaves the rest running; the proxy
        # dying leaves no way in, so that ends the cluster.
        while cluster.processes["varnish"].poll() is None:
            time.sleep(0.5)
        print("Varnish stopped; stopping the cluster.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    except (RuntimeError, subprocess.CalledProcessError) as error:
        print(f"make cluster: {error}", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
