"""Waiting inside `async def` tests, where qtbot waits would hang the run (stack.md §6)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable

TIMEOUT_SCALE = float(os.environ.get("SWITCHBOARD_TEST_TIMEOUT_SCALE", "1"))
"""Multiply every timeout on slow machines (CI under load) instead of editing tests."""


# `timeout` is the poll's deadline, the name the stack recipe uses; not an asyncio timeout.
async def until(
    predicate: Callable[[], object],
    timeout: float = 2.0,  # noqa: ASYNC109
    step: float = 0.01,
) -> None:
    """Poll `predicate` on the running loop until it is truthy.

    Args:
        predicate: Checked every `step` seconds; the loop keeps running in between, so tasks
            and Qt events make progress.
        timeout: Seconds before giving up, scaled by `TIMEOUT_SCALE`.
        step: Seconds between checks.

    Raises:
        AssertionError: If the condition is still false after the timeout.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout * TIMEOUT_SCALE
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {timeout * TIMEOUT_SCALE}s")
        await asyncio.sleep(step)


async def settle(seconds: float = 0.1) -> None:
    """Let the loop run for a while, for asserting that something did *not* happen."""
    await asyncio.sleep(seconds)


async def until_async(
    check: Callable[[], Awaitable[object]], within: float = 5.0, step: float = 0.02
) -> None:
    """Like `until`, for a predicate that must await (a query of the replica, say)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within * TIMEOUT_SCALE
    while not await check():
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {within * TIMEOUT_SCALE}s")
        await asyncio.sleep(step)
