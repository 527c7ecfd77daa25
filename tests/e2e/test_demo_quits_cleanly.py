"""`switchboard demo` with windows ends cleanly on Ctrl-C: exit 0 and no orphan nats-server."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _wait_for_line(proc: subprocess.Popen[str], pattern: str, within: float) -> list[str]:
    """Read stderr until a line matches; every line read so far is returned."""
    assert proc.stderr is not None
    deadline = time.monotonic() + within
    lines: list[str] = []
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line)
        if re.search(pattern, line):
            return lines
    raise AssertionError(f"no line matching {pattern!r}; got:\n{''.join(lines)[-3000:]}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_ctrl_c_ends_the_windowed_demo_and_its_hub(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-m", "app", "demo", "--no-err-windows", "--data-dir", str(tmp_path)]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    try:
        lines = _wait_for_line(proc, r"desks open: 2", within=60)
        started = re.search(r"hub started \(pid (\d+)\)", "".join(lines))
        assert started, "the demo did not log its hub"
        hub_pid = int(started.group(1))
        assert _alive(hub_pid)
        proc.send_signal(signal.SIGINT)
        _, rest = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, rest[-3000:]
    assert "hub stopped" in rest
    assert not _alive(hub_pid)
    assert "Traceback" not in rest
