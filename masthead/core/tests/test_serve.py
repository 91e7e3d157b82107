"""Two servers on one host keep their own gunicorn control sockets."""

import socket
import subprocess
import time
from pathlib import Path

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
