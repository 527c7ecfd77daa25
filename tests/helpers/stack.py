"""The whole embedded team for integration tests: hub, simulator, gateway, desks."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

from app.demo.stack import DemoStack


@contextlib.asynccontextmanager
async def running_stack(
    data_dir: Path, agents: Sequence[str] = ("Anna", "Ben")
) -> AsyncIterator[DemoStack]:
    """A started `DemoStack`, stopped (hub included) however the block ends.

    Start it on the loop the test runs on: Qt tests use it inside the test body, since an async
    fixture would get a loop of its own.
    """
    team = DemoStack(data_dir, list(agents))
    try:
        await team.start()
        yield team
    finally:
        await team.stop()
