"""`switchboard demo`: the embedded team with two real desk windows, Anna's and Ben's."""

from __future__ import annotations

import argparse
import asyncio
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.aio import cancel_and_wait
from app.demo.stack import TEAM_NAME, DemoStack
from app.demo.team_lists import seed_lists
from app.services.team_api import OpenTeamDesk
from app.simulator.customers import CustomerScript

log = logging.getLogger(__name__)

WINDOW_AGENTS = ["Anna", "Ben"]
WINDOW_RATE = 0.25
"""Customer messages per second with windows: slow enough for a person to follow."""


def run_windows(data_dir: Path, args: argparse.Namespace) -> int:
    """Start the team, open one window per agent, and stop everything when they close."""
    from app.ui.app import UiOptions, run_desks

    stack = DemoStack(data_dir, WINDOW_AGENTS, keychain=args.keychain)
    script: list[asyncio.Task[Any]] = []

    async def build() -> Sequence[OpenTeamDesk]:
        await stack.start()
        assert stack.simulator is not None
        await seed_lists(stack.desks[WINDOW_AGENTS[0]].session)  # Anna founded it: an admin
        rate = args.rate if args.rate is not None else WINDOW_RATE
        script.append(
            stack.simulator.start_script(CustomerScript(args.customers, args.messages, rate))
        )
        # Each window gets its desk's team tools: Anna, who founded the team, is its admin.
        return [
            OpenTeamDesk(stack.desks[name].session, stack.team_desks[name].admin, TEAM_NAME)
            for name in WINDOW_AGENTS
        ]

    async def shutdown() -> None:
        await cancel_and_wait(*script)
        await stack.stop()

    options = UiOptions(
        business_name=TEAM_NAME,
        show_error_windows=not args.no_err_windows,
        quit_after_ms=args.quit_after_ms,
        language=getattr(args, "lang", None),
    )
    return run_desks(build, shutdown, options)
