"""The windowed demo's team at work, for its GUI test and its screenshots: Anna (the admin),
Ben and the scripted colleague Chiara, set up as `switchboard demo` sets them up (labels, canned
replies, business hours with the greeting), customers writing and Chiara answering."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from app.aio import cancel_and_wait
from app.demo.stack import DemoStack
from app.demo.team_setup import set_up_team
from app.demo.windows import COLLEAGUE, WINDOW_AGENTS, colleague
from app.simulator.customers import CustomerScript
from tests.helpers.stack import running_stack


@contextlib.asynccontextmanager
async def demo_at_work(
    data_dir: Path, customers: int = 3, messages: int = 6, rate: float = 3.0
) -> AsyncIterator[DemoStack]:
    """A running demo team whose customers write and whose colleague works without patience
    (the people at the windows are the test, which does not claim)."""
    async with running_stack(data_dir, (*WINDOW_AGENTS, COLLEAGUE)) as stack:
        assert stack.simulator is not None
        await set_up_team(stack)
        script = stack.simulator.start_script(CustomerScript(customers, messages, rate))
        chiara = asyncio.create_task(colleague(stack, patience=0).run(), name="chiara")
        try:
            yield stack
        finally:
            failures = await cancel_and_wait(script, chiara)
            assert not failures, failures
