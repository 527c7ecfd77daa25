"""A hub whose owner dies without stopping it does not outlive it (Linux: PR_SET_PDEATHSIG)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")

OWNER = """
import asyncio, sys
from pathlib import Path
from app.hub.config import HubConfig
from app.hub.supervisor import Hub

async def main() -> None:
    hub = Hub(HubConfig(data_dir=Path(sys.argv[1])))
    await hub.start()
    print(f"pid {hub.pid}", flush=True)
    await asyncio.Event().wait()

asyncio.run(main())
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_hub_dies_with_a_killed_owner(tmp_path: Path) -> None:
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert owner.stdout is not None
        line = owner.stdout.readline()
        match = re.match(r"pid (\d+)", line)
        assert match, line
        hub_pid = int(match.group(1))
        assert _alive(hub_pid)
        owner.send_signal(signal.SIGKILL)  # no chance to run stop()
        owner.wait(timeout=10)
        deadline = time.monotonic() + 10
        while _alive(hub_pid) and time.monotonic() < deadline:
            time.sleep(0.05)  # polling for the kernel's signal to take effect
        assert not _alive(hub_pid)
    finally:
        if owner.poll() is None:
            owner.kill()
            owner.wait()
        if owner.stdout is not None:
            owner.stdout.close()
