"""`switchboard demo`: the embedded team with two real desk windows, Anna's and Ben's, and
Chiara, a scripted colleague working without a window.

Chiara leaves each new conversation to the people at the windows for a while; what waits longer
she claims (a few at a time), labels, opens with the team's "hello" canned reply, answers and
now and then resolves, so the queue shows labels, the threads canned replies beside the
gateway's automatic greeting (and, once the shop closes two minutes in, its away message), and
Desk → Reports… has figures for today within a minute.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.aio import cancel_and_wait
from app.demo.agents import ScriptedAgent
from app.demo.hours import closing_soon
from app.demo.stack import TEAM_NAME, DemoStack
from app.demo.team_setup import set_up_team
from app.services.team_api import OpenTeamDesk
from app.simulator.customers import CustomerScript

log = logging.getLogger(__name__)

WINDOW_AGENTS = ["Anna", "Ben"]
COLLEAGUE = "Chiara"
COLLEAGUE_HABITS = ("none", "note", "resolve", "resolve")
"""After an answer: nothing, a note to a colleague at a window, or (half the time) resolving,
so the report has resolutions within a minute; no transfers or snoozes, which would hand work
to the people watching."""
COLLEAGUE_PATIENCE = 15.0
"""Seconds a customer waits unclaimed before Chiara takes the conversation."""
COLLEAGUE_CAPACITY = 2
"""Open conversations Chiara holds at most: the rest wait for Anna and Ben."""
WINDOW_RATE = 0.25
"""Customer messages per second with windows: slow enough for a person to follow."""


def run_windows(data_dir: Path, args: argparse.Namespace) -> int:
    """Start the team, open one window per agent, and stop everything when they close."""
    from app.ui.app import UiOptions, run_desks

    stack = DemoStack(data_dir, [*WINDOW_AGENTS, COLLEAGUE], keychain=args.keychain)
    running: list[asyncio.Task[Any]] = []

    async def build() -> Sequence[OpenTeamDesk]:
        await stack.start()
        assert stack.simulator is not None
        await set_up_team(stack, closing_soon(datetime.now(UTC)))  # by Anna, the founder
        rate = args.rate if args.rate is not None else WINDOW_RATE
        running.append(
            stack.simulator.start_script(CustomerScript(args.customers, args.messages, rate))
        )
        running.append(asyncio.create_task(colleague(stack).run(), name="agent-colleague"))
        # Each window gets its desk's team tools: Anna, who founded the team, is its admin.
        return [
            OpenTeamDesk(stack.desks[name].session, stack.team_desks[name].admin, TEAM_NAME)
            for name in WINDOW_AGENTS
        ]

    async def shutdown() -> None:
        for failure in await cancel_and_wait(*running):
            log.error("the demo's script or colleague failed: %r", failure)
        await stack.stop()

    options = UiOptions(
        business_name=TEAM_NAME,
        show_error_windows=not args.no_err_windows,
        quit_after_ms=args.quit_after_ms,
        language=getattr(args, "lang", None),
    )
    return run_desks(build, shutdown, options)


def colleague(stack: DemoStack, patience: float = COLLEAGUE_PATIENCE) -> ScriptedAgent:
    """Chiara, on her desk of `stack`, with the windowed demo's habits."""
    return ScriptedAgent(
        COLLEAGUE,
        stack.desks[COLLEAGUE].session,
        habits=COLLEAGUE_HABITS,
        patience=patience,
        capacity=COLLEAGUE_CAPACITY,
        references=False,
    )
