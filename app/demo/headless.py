"""`switchboard demo --headless`: the whole team without windows, checked end to end.

The admin defines labels, canned replies and business hours with a greeting; scripted customers
write through the simulator (the gateway greets each new one); scripted agents claim, label,
open with the "hello" canned reply, answer and resolve through their desks. The run ends when
every message reached every desk and every reply reached its customer (or the time limit
passes). The JSON report says what happened, its `features` what the team's tools did; the exit
status says whether anything was lost, duplicated or leaked in clear.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.aio import cancel_and_wait, stop_if_cancelled
from app.demo.agents import ScriptedAgent
from app.demo.features import automatic_texts, feature_figures, features_line
from app.demo.hours import demo_hours
from app.demo.report import count_duplicates, files_under, scan_for_canaries, tokens_in, verdict
from app.demo.stack import DemoStack
from app.demo.team_setup import set_up_team
from app.domain.ids import EventId
from app.simulator.customers import CustomerScript

log = logging.getLogger(__name__)

AGENT_NAMES = ["Anna", "Ben", "Chiara", "Dmitri", "Emre", "Fatima", "Greta", "Hiro"]


@dataclass(frozen=True, slots=True)
class HeadlessPlan:
    agents: int
    customers: int
    messages: int
    rate: float
    data_dir: Path
    report: Path | None
    time_limit: float
    keychain: str = "memory"
    faults: bool = False


async def run_headless(plan: HeadlessPlan) -> int:
    """Run the demo to completion; returns the exit status (0 = nothing lost or duplicated)."""
    names = _agent_names(plan.agents)
    stack = DemoStack(plan.data_dir, names, keychain=plan.keychain, faults=plan.faults)
    agents: list[ScriptedAgent] = []
    tasks: list[asyncio.Task[None]] = []
    try:
        await stack.start()
        stop_if_cancelled()  # a SIGTERM nats-py dropped while the team was set up ends us here
        assert stack.simulator is not None
        await set_up_team(stack, demo_hours(datetime.now(UTC)))
        answered: set[EventId] = set()  # the team's: a handed-over conversation is answered once
        agents = [
            ScriptedAgent(name, stack.desks[name].session, answered=answered) for name in names
        ]
        tasks = [asyncio.create_task(agent.run(), name=f"agent-{agent.name}") for agent in agents]
        script = CustomerScript(plan.customers, plan.messages, plan.rate)
        script_task = stack.simulator.start_script(script)
        completed = await _wait_for_completion(stack, agents, plan, script_task)
        report = await _report(stack, agents, plan, completed)
        hits_running = _scan(report)  # while the -wal/-shm files and the hub's blocks exist
    finally:
        for failure in await cancel_and_wait(*tasks):
            log.error("a scripted agent failed: %r", failure)
        await stack.stop()
    hits_stopped = _scan(report)  # and after shutdown, when everything is flushed to disk
    report["canary_hits"] = hits_running + [h for h in hits_stopped if h not in hits_running]
    report["ok"] = verdict(report)
    _write(report, plan.report)
    return 0 if report["ok"] else 1


def _scan(report: dict[str, Any]) -> list[dict[str, str]]:
    hub_dir = Path(report["hub_store_dir"])
    files = files_under(hub_dir.parent) + files_under(Path(report["replicas_dir"]))
    return scan_for_canaries(files, report["canary_tokens"] + report["reply_tokens"])


def _agent_names(count: int) -> list[str]:
    if not 1 <= count <= len(AGENT_NAMES):
        raise ValueError(f"--agents must be 1 to {len(AGENT_NAMES)}")
    return AGENT_NAMES[:count]


async def _wait_for_completion(
    stack: DemoStack, agents: list[ScriptedAgent], plan: HeadlessPlan, script: asyncio.Future[Any]
) -> bool:
    """Poll the end condition; False if the time limit passed first."""
    deadline = time.monotonic() + plan.time_limit
    total = plan.customers * plan.messages
    while time.monotonic() < deadline:
        stop_if_cancelled()  # SIGTERM cancels this task; nats-py may have dropped that cancel
        if script.done():
            script.result()  # surface a failed script at once
            applied = [await d.replica.stats() for d in stack.desks.values()]
            tokens = [t for a in agents for t in a.reply_tokens]
            if (
                all(s.inbound_messages >= total for s in applied)
                and len(tokens) >= total
                and len(tokens_in(_received_texts(stack), tokens)) == len(set(tokens))
            ):
                return True
        await asyncio.sleep(0.1)  # a bounded poll of the end condition, not a fixed wait
    log.error("demo did not complete within %.0f s", plan.time_limit)
    return False


def _received_texts(stack: DemoStack) -> list[str]:
    assert stack.simulator is not None
    texts: list[str] = []
    for customer in stack.simulator.customers():
        texts.extend(m.text or "" for m in stack.simulator.received(customer.user_id))
    return texts


async def _report(
    stack: DemoStack, agents: list[ScriptedAgent], plan: HeadlessPlan, completed: bool
) -> dict[str, Any]:
    assert stack.simulator is not None
    assert stack.hub is not None
    total = plan.customers * plan.messages
    desks: dict[str, Any] = {}
    for agent in agents:
        stats = await stack.desks[agent.name].replica.stats()
        desks[agent.name] = {
            "inbound_applied": stats.inbound_messages,
            "replies_sent": agent.replies_sent,
            "claims_won": agent.claims_won,
            "claims_lost": agent.claims_lost,
            "handling": dict(agent.handled),
            "records_refused": stack.desks[agent.name].engine.refused,
            "cursor": stats.cursor,
        }
    received, automatic = automatic_texts(_received_texts(stack))
    reply_tokens = [t for a in agents for t in a.reply_tokens]
    received_tokens = tokens_in(received, reply_tokens)
    return {
        "completed": completed,
        "inbound_sent": stack.simulator.stats.inbound_messages,
        "desks": desks,
        "replies_requested": len(reply_tokens),
        "replies_received": len(received),
        "lost": {
            "inbound": sum(max(0, total - d["inbound_applied"]) for d in desks.values()),
            "replies": len(reply_tokens) - len(received_tokens),
            "unanswered": max(0, total - len(reply_tokens)),
        },
        "duplicates": {
            "inbound": sum(max(0, d["inbound_applied"] - total) for d in desks.values()),
            "replies": count_duplicates(received),
        },
        "features": await feature_figures(stack.desks[stack.agents[0]].session, agents, automatic),
        "gateway": dict(stack.gateway.stats) if stack.gateway else {},
        "faults": plan.faults,
        "simulator": _simulator_counts(stack),
        "canary_tokens": list(stack.simulator.canary_tokens),
        "reply_tokens": reply_tokens,
        "hub_store_dir": str(stack.hub.store_dir),
        "replica_files": [str(p) for p in stack.replica_files()],
        "replicas_dir": str(stack.data_dir / "desks"),
    }


def _simulator_counts(stack: DemoStack) -> dict[str, int]:
    """What the simulator did, e.g. how many webhook attempts it needed (retries)."""
    assert stack.simulator is not None
    stats = stack.simulator.stats
    return {
        "webhook_posts_delivered": stats.webhook_posts_delivered,
        "webhook_attempts": stats.webhook_attempts,
        "webhook_posts_failed": stats.webhook_posts_failed,
    }


def _write(report: dict[str, Any], path: Path | None) -> None:
    text = json.dumps(report, indent=2, sort_keys=True)
    if path is None:
        print(text)
    else:
        path.write_text(text)
    keys = ("ok", "completed", "inbound_sent", "lost", "duplicates", "features")
    summary = {k: report[k] for k in keys}
    log.info("demo report: %s", json.dumps(summary, sort_keys=True))
    log.info("%s", features_line(report["features"]))
