"""`switchboard demo` ends cleanly on Ctrl-C or SIGTERM: no orphan nats-server, no folder left."""

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


def _demo_folders(tmp: Path) -> list[Path]:
    return sorted(tmp.glob("switchboard-demo-*"))


def _terminate(
    tmp_path: Path, arguments: list[str], started: str
) -> tuple[subprocess.Popen[str], str, int]:
    """Start the demo with its temporary folder under `tmp_path`, SIGTERM it once `started`
    is logged; returns the process, what it wrote to stderr and its hub's pid."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TMPDIR=str(tmp_path))
    command = [sys.executable, "-m", "app", "demo", *arguments]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    try:
        lines = _wait_for_line(proc, started, within=60)
        hub = re.search(r"hub started \(pid (\d+)\)", "".join(lines))
        assert hub, "the demo did not log its hub"
        assert len(_demo_folders(tmp_path)) == 1
        proc.send_signal(signal.SIGTERM)
        try:
            _, rest = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, rest = proc.communicate()
            raise AssertionError(f"still running 30 s after SIGTERM:\n{rest[-3000:]}") from None
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc, "".join(lines) + rest, int(hub.group(1))


def test_sigterm_ends_the_windowed_demo_and_removes_its_folder(tmp_path: Path) -> None:
    proc, stderr, hub_pid = _terminate(tmp_path, ["--no-err-windows"], r"desks open: 2")
    assert proc.returncode == 0, stderr[-3000:]
    assert "Traceback" not in stderr
    assert not _alive(hub_pid)
    assert _demo_folders(tmp_path) == []


def test_sigterm_ends_the_headless_demo_and_removes_its_folder(tmp_path: Path) -> None:
    slow_script = ["--customers", "1", "--messages", "500", "--rate", "5"]
    proc, stderr, hub_pid = _terminate(
        tmp_path, ["--headless", "--agents", "1", *slow_script], r"hub connection connected"
    )
    assert proc.returncode == 128 + signal.SIGTERM, stderr[-3000:]
    assert "terminated" in stderr
    assert "Traceback" not in stderr
    assert not _alive(hub_pid)
    assert _demo_folders(tmp_path) == []
