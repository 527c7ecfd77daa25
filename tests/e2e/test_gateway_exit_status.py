"""`switchboard gateway join` tells a mistyped code (status 2: the input) from a hub that does
not answer (status 1: the network), each in one line on stderr, never a Python class name."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from app.crypto.enroll.code import InviteCode

pytestmark = pytest.mark.slow


def _join(tmp_path: Path, hub: str, code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "gateway",
            "join",
            "--hub",
            hub,
            "--state-dir",
            str(tmp_path / "state"),
            "--code-file",
            "-",
        ],
        input=code + "\n",
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_mistyped_code_is_status_2(tmp_path: Path) -> None:
    done = _join(tmp_path, f"nats://127.0.0.1:{_closed_port()}", "ABCD")
    assert done.returncode == 2
    assert done.stderr == (
        "switchboard gateway: The invite code is mistyped: a code has 20 characters; "
        "copy it again from the admin's desk\n"
    )


def test_a_hub_that_does_not_answer_is_status_1_in_words(tmp_path: Path) -> None:
    port = _closed_port()
    done = _join(tmp_path, f"nats://127.0.0.1:{port}", str(InviteCode(os.urandom(12))))
    assert done.returncode == 1
    [line] = done.stderr.splitlines()
    assert line.startswith(
        f"switchboard gateway: the hub at nats://127.0.0.1:{port} did not answer: "
    )
    assert "Error" not in line
