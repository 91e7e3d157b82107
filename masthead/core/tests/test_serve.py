"""`serve`: two on one host keep their own gunicorn control sockets; the periodic jobs run in it unless --no-jobs."""

import io
import socket
import subprocess
import time
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command

from masthead.core.management.commands.serve import gunicorn_command


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def control_socket(command: list[str]) -> Path:
    return Path(command[command.index("--control-socket") + 1])


def test_each_bind_address_has_its_own_control_socket(settings):
    one = control_socket(gunicorn_command("127.0.0.1:8000", 2, 4))
    two = control_socket(gunicorn_command("127.0.0.1:8001", 2, 4))
    assert one != two
    assert Path(settings.VAR_DIR) in one.parents and not str(one).startswith(str(Path.home() / ".gunicorn"))


def test_two_instances_run_side_by_side_with_both_sockets():
    commands = [gunicorn_command(f"127.0.0.1:{free_port()}", 1, 1) for _ in range(2)]
    servers = [subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for command in commands]
    try:
        deadline = time.monotonic() + 20
        sockets = [control_socket(command) for command in commands]
        while time.monotonic() < deadline and not all(path.exists() for path in sockets):
            time.sleep(0.2)
        assert all(path.exists() for path in sockets)
        assert all(server.poll() is None for server in servers)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(15)


@pytest.mark.parametrize("no_jobs", [False, True])
def test_serve_runs_the_periodic_jobs_unless_a_worker_does(settings, no_jobs):
    from masthead.core.management.commands import serve

    seen = {}
    with mock.patch.object(serve.subprocess, "Popen") as popen, mock.patch.object(serve.signal, "signal"), \
            mock.patch.object(serve.jobs, "run_until", side_effect=lambda stop, scheduler, alive: seen.update(jobs=scheduler.jobs)):
        popen.return_value.poll.return_value = 0
        popen.return_value.returncode = 0
        call_command("serve", *(["--no-jobs"] if no_jobs else []), stdout=io.StringIO())
    assert seen["jobs"] == ({} if no_jobs else settings.PERIODIC_COMMANDS)
