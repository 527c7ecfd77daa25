"""`switchboard bench live`: customer messages at a steady rate, timed until every desk has them.

Simulator, gateway, hub and D desks run on loopback in this process. The simulator's customers
write R messages a second for S seconds; each message is timed from the moment its webhook is
handed to the simulator's sender (which POSTs it to the gateway at once, up to 16 at a time, as
Meta does) until the last desk has applied it (the desk's change notice naming the message,
sent after the batch's commit). Floor, in the same run: a core NATS message of the envelope's
size through the same hub at the same rate, plus one durable one-row commit in bare SQLCipher:
the least any desk must wait for to hold a message.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

from app.bench import floors
from app.bench.report import Better, Figure, Goal, Percentiles, Report, Row
from app.bench.running import ProgressFactory, work_dir
from app.bench.stack import running_gateway, running_simulator
from app.bench.team import EPOCH, bench_team, customer_message
from app.desk.team import TeamDesk
from app.domain.ids import EventId
from app.gateway.sealing import GatewayLog
from app.log.events import CustomerMessage
from app.services.api import Changes
from app.simulator.simulator import Simulator

GOAL_P99_MS = 50.0
GOAL_RATE, GOAL_DESKS, GOAL_SECONDS = 500.0, 10, 30.0
CUSTOMERS = 50
DRAIN_PATIENCE = 15.0
"""Seconds without any desk applying anything after which what is missing counts as lost."""
FLOOR_MESSAGES = 1000
FLOOR_MIN = 200
FLOOR_RATE = 200.0
"""Messages per second at least for the NATS floor, so a slow run does not wait long for it."""
COMMITS = 300


@dataclass(frozen=True, slots=True)
class Delivery:
    """What the run saw: per message, the seconds until the last desk had it; and losses."""

    every_desk: list[float]
    each_desk: list[float]
    sent: int
    lost: int
    seconds: float
    """From the first message to the last one handed to the simulator."""


async def run(args: argparse.Namespace, progress: ProgressFactory) -> Report:
    names = [f"Desk {n}" for n in range(2, args.desks + 1)]  # the founder is desk 1
    with work_dir(args.work_dir, "live") as folder:
        async with (
            running_simulator() as outside,
            bench_team(folder, names) as team,
            running_gateway(team, outside, folder / "gateway"),
        ):
            desks = [team.founder, *team.desks.values()]
            for desk in desks:
                await desk.desk.caught_up()
            size = len(GatewayLog(team.gateway_keys, team.joined.chain).seal(_sample(), EPOCH))
            total = max(1, round(args.rate * args.seconds))
            nats_floor = await floors.publish_receive(
                team.hub.url,
                team.service_login(),
                size,
                min(FLOOR_MESSAGES, max(FLOOR_MIN, total)),
                max(args.rate, FLOOR_RATE),
            )
            commit = await asyncio.to_thread(floors.one_row_commits, folder / "floor.db", COMMITS)
            delivery = await deliver(outside.simulator, desks, args.rate, args.seconds, progress)
    return _report(args, delivery, nats_floor, commit, size)


def _sample() -> CustomerMessage:
    return customer_message(0, 1, EPOCH)


async def deliver(
    simulator: Simulator,
    desks: list[TeamDesk],
    rate: float,
    seconds: float,
    progress: ProgressFactory,
) -> Delivery:
    """Have customers write at `rate` for `seconds`; time each message onto every desk."""
    customers = [simulator.add_customer(f"Customer {n}") for n in range(CUSTOMERS)]
    arrivals: list[dict[EventId, float]] = [{} for _ in desks]
    unsubscribes = [
        desk.desk.session.subscribe(_recorder(seen))
        for desk, seen in zip(desks, arrivals, strict=True)
    ]
    total = max(1, round(rate * seconds))
    posted: dict[str, float] = {}
    shown = progress("messages", total)
    try:
        start = time.perf_counter()
        for n in range(total):
            delay = start + n / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)  # pacing the customers, not waiting for a result
            handed = time.perf_counter()
            wamid = await simulator.customer_sends_text(customers[n % CUSTOMERS].user_id, f"m{n}")
            posted[wamid] = handed
            shown.update(n + 1)
        sending = time.perf_counter() - start
        shown.finish()
        await _drained(arrivals, total, progress)
    finally:
        for unsubscribe in unsubscribes:
            unsubscribe()
    wamids = await _wamids(desks, arrivals)
    return _deliveries(posted, arrivals, wamids, sending)


def _recorder(seen: dict[EventId, float]) -> Callable[[Changes], None]:
    def record(changes: Changes) -> None:
        now = time.perf_counter()
        for event_id in changes.messages:
            seen.setdefault(event_id, now)

    return record


async def _drained(
    arrivals: list[dict[EventId, float]], total: int, progress: ProgressFactory
) -> None:
    """Wait until every desk has `total` messages, or nothing arrived for DRAIN_PATIENCE."""
    shown = progress("last desk", total)
    last, quiet_since = -1, time.perf_counter()
    while True:
        counts = [len(seen) for seen in arrivals]
        shown.update(min(counts))
        if min(counts) >= total:
            break
        if sum(counts) != last:
            last, quiet_since = sum(counts), time.perf_counter()
        elif time.perf_counter() - quiet_since > DRAIN_PATIENCE:
            break
        await asyncio.sleep(0.05)  # polling counters the listeners fill
    shown.finish()


async def _wamids(
    desks: list[TeamDesk], arrivals: list[dict[EventId, float]]
) -> dict[EventId, str]:
    """Which customer message (by wamid) each applied event is, read from a desk's replica."""
    wamids: dict[EventId, str] = {}
    for desk, seen in zip(desks, arrivals, strict=True):
        for event_id in seen.keys() - wamids.keys():
            message = await desk.desk.replica.message_by_event_id(event_id)
            if message is not None and message.wamid is not None:
                wamids[event_id] = str(message.wamid)
    return wamids


def _deliveries(
    posted: dict[str, float],
    arrivals: list[dict[EventId, float]],
    wamids: dict[EventId, str],
    seconds: float,
) -> Delivery:
    per_desk: list[dict[str, float]] = [
        {wamids[e]: at for e, at in seen.items() if e in wamids} for seen in arrivals
    ]
    every, each, lost = [], [], 0
    for wamid, handed in posted.items():
        times = [desk.get(wamid) for desk in per_desk]
        present = [t - handed for t in times if t is not None]
        each += present
        if len(present) < len(times):
            lost += 1
        else:
            every.append(max(present))
    return Delivery(every, each, len(posted), lost, seconds)


def _report(
    args: argparse.Namespace,
    delivery: Delivery,
    nats_floor: Percentiles,
    commit: Percentiles,
    size: int,
) -> Report:
    every = Percentiles.of(delivery.every_desk)
    each = Percentiles.of(delivery.each_desk)
    p50_floor = Figure(nats_floor.p50 + commit.p50, "ms", "NATS + commit")
    p99_floor = Figure(nats_floor.p99 + commit.p99, "ms", "NATS + commit")
    p99 = Row("on every desk, p99", Figure(every.p99, "ms", "p99"), p99_floor, Better.LOWER)
    rows = (
        Row("on every desk, p50", Figure(every.p50, "ms"), p50_floor, Better.LOWER),
        p99,
        Row("on every desk, max", Figure(every.max, "ms"), None, Better.LOWER),
        Row("on one desk, p50", Figure(each.p50, "ms"), p50_floor, Better.LOWER),
        Row("on one desk, p99", Figure(each.p99, "ms"), p99_floor, Better.LOWER),
        Row("NATS publish→receive, p50", Figure(nats_floor.p50, "ms")),
        Row("NATS publish→receive, p99", Figure(nats_floor.p99, "ms")),
        Row("one-row SQLCipher commit, p50", Figure(commit.p50, "ms")),
        Row("one-row SQLCipher commit, p99", Figure(commit.p99, "ms")),
        Row("messages sent per second", Figure(delivery.sent / delivery.seconds, "msg/s")),
    )
    met = every.p99 <= GOAL_P99_MS and delivery.lost == 0
    at_size = args.rate >= GOAL_RATE and args.desks >= GOAL_DESKS and args.seconds >= GOAL_SECONDS
    return Report(
        "live",
        {"rate": args.rate, "desks": args.desks, "seconds": args.seconds},
        rows,
        p99,
        Goal(f"p99 ≤ {GOAL_P99_MS:.0f} ms at 500/s with 10 desks, none lost", met, at_size),
        notes=(
            f"{delivery.sent:,} messages from {CUSTOMERS} customers; {delivery.lost} lost "
            f"(missing on at least one desk after {DRAIN_PATIENCE:.0f} s without progress)",
            f"floor: {nats_floor.count} core NATS messages of {size} bytes (a sealed event) at "
            f"{max(args.rate, FLOOR_RATE):,.0f}/s, and {COMMITS} one-row commits in bare SQLCipher",
            "all desks, the gateway and the simulator share this one process",
        ),
        extra={"sent": delivery.sent, "lost": delivery.lost},
    )
