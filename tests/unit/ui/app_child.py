"""A child process for the `run_desks` tests: `python -m tests.unit.ui.app_child MODE`.

Prints `ready` once the desks are built and `shutdown` when the shutdown coroutine ran, so the
parent can tell a clean exit from an abrupt one.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Sequence

from app.domain.errors import KeychainUnavailable
from app.services.api import DeskApi
from app.ui.app import UiOptions, run_desks
from tests.helpers.fake_desk import FakeTeam


def main(mode: str) -> int:
    logging.basicConfig(level=logging.INFO)  # as app.main does
    team = FakeTeam()
    team.customer_writes("Maria", "Hello")

    async def build() -> Sequence[DeskApi]:
        if mode == "fail":
            raise KeychainUnavailable()
        await asyncio.sleep(0)
        print("ready", flush=True)
        return [team.desk("Anna"), team.desk("Ben")]

    async def shutdown() -> None:
        await asyncio.sleep(0.01)
        print("shutdown", flush=True)

    quit_after = 300 if mode == "quit" else None
    options = UiOptions(show_error_windows=False, quit_after_ms=quit_after)
    return run_desks(build, shutdown, options)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
