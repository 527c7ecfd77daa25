"""The headless demo ends on SIGTERM even when a library dropped the cancel it caused.

nats-py waits with Python 3.11's ``asyncio.wait_for``, which drops a cancel that lands as the
awaited reply arrives; the demo then ran its whole script after `kill` (seen in CI).
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import pytest

from app.demo.headless import HeadlessPlan, _wait_for_completion
from app.demo.stack import DemoStack


@pytest.mark.asyncio
async def test_waiting_for_the_script_stops_after_a_dropped_cancel(tmp_path: Path) -> None:
    stack = DemoStack(tmp_path, ["Anna"])  # never started: the script below never finishes
    plan = HeadlessPlan(
        agents=1,
        customers=1,
        messages=1,
        rate=1.0,
        data_dir=tmp_path,
        report=None,
        time_limit=3600.0,
    )
    script = asyncio.get_running_loop().create_future()
    dropped = asyncio.Event()

    async def terminated_demo() -> bool:
        with contextlib.suppress(asyncio.CancelledError):  # what wait_for did to SIGTERM
            await asyncio.Event().wait()
        dropped.set()
        return await _wait_for_completion(stack, [], plan, script)

    task = asyncio.create_task(terminated_demo())
    await asyncio.sleep(0)
    task.cancel()  # what the SIGTERM handler does
    finished, _ = await asyncio.wait({task}, timeout=30)

    assert dropped.is_set()
    assert finished == {task}
    assert task.cancelled()
    script.cancel()
