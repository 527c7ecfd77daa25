"""`switchboard bench cold-sync`: a desk with an empty replica syncs N sealed inbound events.

Set-up (not timed): a hub with logins, a team founded and joined through the product's code, a
desk ("Ben", an admin) enrolled while the log is still short and then closed, and the stream
filled with N customer messages sealed by the gateway's own `GatewayLog` and published in bulk
with the gateway's login. Floor, in the same run: raw JetStream pull-consume of the same N
messages with nats-py, no decoding.

Two figures beside that floor:

- replay (the headline): Ben's desk reopened (real replica, real `SyncEngine`, as
  `open_desk` builds them) until every event is applied and counted in the replica.
- snapshot start (security.md 2.12 part 4): Ben, now holding the log, approves a new desk
  ("Cleo") by invite and SAS; timed from the moment Ben starts packing until Cleo's desk is
  open and caught up: packing + upload + download + open + apply, then the rest of the stream.

The headline and the goal are the replay: how the desk app starts a new device today (snapshot
starts are off by default until the join window shows their progress).
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import time
from dataclasses import dataclass

from nats.js import api

from app.bench.report import Figure, Goal, Report, Row
from app.bench.running import ProgressFactory, collected_as_the_desk_app, work_dir
from app.bench.team import BenchTeam, bench_team, seal_messages
from app.domain.model import Role
from app.gateway.sealing import GatewayLog
from app.services.api import Changes

GOAL_RATIO = 1 / 3
GOAL_EVENTS = 100_000
FLOOR_BATCH = 256
"""Messages per pull in the floor: what the desk's transport asks for per fetch."""
PUBLISH_WINDOW = 5_000
"""Acks awaited together while filling: bounds memory, keeps the hub busy."""
DESK = "Ben"
NEWCOMER = "Cleo"


async def run(args: argparse.Namespace, progress: ProgressFactory) -> Report:
    events: int = args.events
    with work_dir(args.work_dir, "cold-sync") as folder:
        async with bench_team(folder, [DESK], role=Role.ADMIN) as team:
            await team.close_desks()  # Ben's replica now holds the chain and nothing else
            fill_seconds, before, records = await fill(team, events, args.customers, progress)
            # The floor and the desk under the same rules for the cycle collector: the app's.
            async with collected_as_the_desk_app():
                floor = await raw_consume(team, records, progress)
                seconds, applied, refused = await sync_new_desk(team, records, before, progress)
                started = await start_from_snapshot(team, progress)
    rate = records / seconds
    figure = Row("new desk replays", Figure(rate, "events/s", "new desk"), floor)
    fast = Row(
        "new desk from a snapshot",
        Figure(records / started.seconds, "events/s", "snapshot start"),
        floor,
    )
    rows = (
        figure,
        Row("time to sync everything (replay)", Figure(seconds, "s"), None),
        fast,
        Row("time to a synced desk (snapshot)", Figure(started.seconds, "s"), None),
        Row("  of which packing + upload", Figure(started.packing, "s"), None),
    )
    lost = events - applied
    fast_lost = events - started.applied
    return Report(
        "cold-sync",
        {"events": events, "customers": args.customers},
        rows,
        figure,
        Goal(
            f"≥ {GOAL_RATIO:.2f} of raw consume, none lost",
            _met(figure, lost, refused) and fast_lost == 0,
            at_size=events >= GOAL_EVENTS,
        ),
        notes=(
            f"log filled in {fill_seconds:.1f} s (sealing and publishing; not the figure); "
            f"floor pulls batches of {FLOOR_BATCH}",
            f"{records:,} records: {events:,} customer messages and {records - events} "
            "sender keys, as the gateway seals them",
            f"replay: {applied:,} of {events:,} customer messages in the new desk's replica; "
            f"{refused} records refused",
            f"snapshot: {started.records:,} records packed by {DESK} and checked by "
            f"{NEWCOMER}'s reader; {'used' if started.used else 'NOT used: ' + str(started.why)}; "
            f"{started.applied:,} of {events:,} customer messages; {started.refused} refused; "
            f"snapshot start ratio {_ratio_text(fast)}",
            "the headline below is the replay, how the desk app starts a new device today "
            "(snapshot starts are off by default until the join window shows their progress)",
        ),
        extra={
            "lost": lost,
            "refused": refused,
            "seconds": seconds,
            "records": records,
            "snapshot_seconds": started.seconds,
            "snapshot_packing_seconds": started.packing,
            "snapshot_used": started.used,
            "snapshot_lost": fast_lost,
        },
    )


def _ratio_text(row: Row) -> str:
    return "n/a" if row.ratio is None else f"{row.ratio:.2f}"


def _met(row: Row, lost: int, refused: int) -> bool:
    return row.ratio is not None and row.ratio >= GOAL_RATIO and lost == 0 and refused == 0


async def fill(
    team: BenchTeam, events: int, customers: int, progress: ProgressFactory
) -> tuple[float, int, int]:
    """Seal `events` customer messages as the gateway and publish them: (seconds, the stream
    sequence before the first of them, the records published)."""
    started = time.perf_counter()
    sealing = progress("sealing", events)
    loop = asyncio.get_running_loop()

    def done(n: int) -> None:
        loop.call_soon_threadsafe(sealing.update, n)

    gateway = GatewayLog(team.gateway_keys, team.joined.chain)
    sealed = await asyncio.to_thread(seal_messages, gateway, events, customers, done)
    sealing.finish()
    nc = await team.client(team.gateway_keys, "bench-gateway")
    try:
        js = nc.jetstream()
        publishing = progress("publishing", len(sealed))
        before = 0
        for start in range(0, len(sealed), PUBLISH_WINDOW):
            window = sealed[start : start + PUBLISH_WINDOW]
            acks = [await js.publish_async(team.inbound, data) for data in window]
            await js.publish_async_completed()
            for ack in acks:
                stored = await ack  # raises if the hub refused one
                before = before or stored.seq - 1
            publishing.update(start + len(window))
        publishing.finish()
    finally:
        await nc.close()
    return time.perf_counter() - started, before, len(sealed)


async def raw_consume(team: BenchTeam, events: int, progress: ProgressFactory) -> Figure:
    """Pull the same `events` messages through an ephemeral consumer, as fast as nats-py can."""
    keys = team.keys[DESK]
    nc = await team.client(keys, "bench-floor")
    stream = f"SB_{team.team_hex}"
    name = f"bench_{secrets.token_hex(6)}"
    try:
        js = nc.jetstream()
        await js.add_consumer(
            stream,
            config=api.ConsumerConfig(
                name=name,
                deliver_policy=api.DeliverPolicy.ALL,
                ack_policy=api.AckPolicy.NONE,
                filter_subject=team.inbound,
                inactive_threshold=30.0,
                num_replicas=1,
                mem_storage=True,
            ),
        )
        sub = await js.pull_subscribe_bind(name, stream=stream)
        shown = progress("raw consume", events)
        received = 0
        started = time.perf_counter()
        while received < events:
            batch = await sub.fetch(min(FLOOR_BATCH, events - received), timeout=5)
            received += len(batch)
            shown.update(received)
        seconds = time.perf_counter() - started
        shown.finish()
        await sub.unsubscribe()
        await js.delete_consumer(stream, name)
    finally:
        await nc.close()
    return Figure(events / seconds, "msg/s", "raw consume")


@dataclass(frozen=True, slots=True)
class SnapshotFigures:
    used: bool
    why: str | None
    seconds: float
    """From the start of packing to the new desk caught up."""
    packing: float
    records: int
    applied: int
    refused: int


async def start_from_snapshot(team: BenchTeam, progress: ProgressFactory) -> SnapshotFigures:
    """Ben (caught up) approves Cleo, who starts from Ben's snapshot; time it from the pack."""
    admin = team.desks[DESK]
    shown = progress("new desk from a snapshot", 1)
    team.factory.start_from_snapshots = True
    cleo = await team.factory.enroll(admin, NEWCOMER)
    await cleo.desk.caught_up()
    done = time.perf_counter()
    shown.update(1)
    shown.finish()
    packing = admin.packer.last if admin.packer is not None else None
    started = cleo.snapshot
    if packing is None or started is None:
        raise RuntimeError("no snapshot was offered")
    stats = await cleo.desk.replica.stats()
    return SnapshotFigures(
        used=started.used,
        why=started.reason,
        seconds=done - packing.started,
        packing=packing.seconds,
        records=packing.records,
        applied=stats.inbound_messages,
        refused=cleo.desk.engine.refused,
    )


async def sync_new_desk(
    team: BenchTeam, events: int, before: int, progress: ProgressFactory
) -> tuple[float, int, int]:
    """Open the desk and wait until it holds what the hub holds: (seconds, messages, refused)."""
    shown = progress("new desk syncing", events)
    started = time.perf_counter()
    desk = await team.reopen(DESK)
    session = desk.desk.session

    def progressed(changes: Changes) -> None:
        if changes.sync_progressed:
            shown.update(min(events, max(0, session.sync_progress().applied - before)))

    unsubscribe = session.subscribe(progressed)
    try:
        await desk.desk.caught_up()
    finally:
        unsubscribe()
    seconds = time.perf_counter() - started
    shown.update(events)
    shown.finish()
    stats = await desk.desk.replica.stats()
    return seconds, stats.inbound_messages, desk.desk.engine.refused
