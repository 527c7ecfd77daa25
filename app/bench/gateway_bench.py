"""`switchboard bench gateway`: inbound customer messages per second through one gateway.

The webhook bodies are built and signed beforehand as Meta would send them (the simulator's
payload code; the gateway's own parser never helps), then POSTed to the gateway's webhook with
P requests in flight from a process of their own (`poster`), as Meta's servers are not in the
gateway's process either. Figure: messages per second from the first POST until the team stream
holds all N of the gateway's sealed events (signature check, parsing, sealing, publishing, all
through the gateway's real path). Floor, in the same run after the gateway stopped: raw
publish_async of N payloads of the same size to the same subject with the gateway's login.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path

from nats.aio.client import Client

from app.bench import floors
from app.bench.report import Figure, Goal, Report, Row
from app.bench.running import ProgressFactory, work_dir
from app.bench.stack import Outside, running_gateway, running_simulator
from app.bench.team import EPOCH, BenchTeam, bench_team, customer_message
from app.gateway.sealing import GatewayLog
from app.simulator import payloads
from app.simulator.state import Customer
from app.simulator.webhooks import encode, sign
from app.sync.hub_login import login_options

GOAL_RATE = 5_000.0
GOAL_EVENTS = 20_000
CUSTOMERS = 300
DRAIN_PATIENCE = 15.0
SETTLED = 1.0


async def run(args: argparse.Namespace, progress: ProgressFactory) -> Report:
    events: int = args.events
    with work_dir(args.work_dir, "gateway") as folder:
        async with running_simulator() as outside, bench_team(folder) as team:
            await team.close_desks()  # a desk applying every event would compete for the CPU
            bodies = _bodies(outside, events, args.per_webhook)
            bodies_file = folder / "webhooks.txt"
            await asyncio.to_thread(
                bodies_file.write_bytes, b"".join(b"%s %s\n" % (s.encode(), r) for r, s in bodies)
            )
            async with running_gateway(team, outside, folder / "gateway", register=False) as (
                _gateway,
                url,
            ):
                seconds, stored = await _post_all(
                    team, url, bodies_file, len(bodies), args.concurrency, events, progress
                )
            size = len(
                GatewayLog(team.gateway_keys, team.joined.chain).seal(
                    customer_message(0, 1, EPOCH), EPOCH
                )
            )
            floor_seconds = await floors.raw_publish(
                team.hub.url,
                login_options(team.gateway_keys.hub_seed(), team.hub.tls_fingerprint),
                team.inbound,
                [os.urandom(size) for _ in range(events)],
            )
    rate = Row(
        "gateway publishes",
        Figure(min(stored, events) / seconds, "events/s", "gateway"),
        Figure(events / floor_seconds, "msg/s", "raw publish_async"),
    )
    lost = max(0, events - stored)
    return Report(
        "gateway",
        {"events": events, "per_webhook": args.per_webhook, "concurrency": args.concurrency},
        (rate, Row("time for all events", Figure(seconds, "s"))),
        rate,
        Goal(
            f"≥ {GOAL_RATE:,.0f} events/s for one gateway, none lost",
            _met(rate, lost),
            at_size=events >= GOAL_EVENTS,
        ),
        notes=(
            f"{len(bodies):,} signed webhook POSTs of {args.per_webhook} message(s), "
            f"{args.concurrency} in flight; {stored:,} new records on the gateway's subject for "
            f"{events:,} events (more: the gateway's own reports, such as the number's status)",
            f"floor: {events:,} random payloads of {size} bytes (a sealed event), "
            "publish_async in windows of 5,000 acks",
        ),
        extra={"lost": lost, "stored": stored},
    )


def _met(row: Row, lost: int) -> bool:
    return row.figure.value >= GOAL_RATE and lost == 0


def _bodies(outside: Outside, events: int, per_webhook: int) -> list[tuple[bytes, str]]:
    """Signed webhook bodies carrying `events` text messages: (body, signature header)."""
    config = outside.simulator.config
    customers = [
        Customer(f"DE.{n:017d}", f"Customer {n}", wa_id=f"49151{n:07d}") for n in range(CUSTOMERS)
    ]
    items = [
        payloads.inbound_text(
            customers[n % CUSTOMERS], f"wamid.GW{n:09d}", EPOCH + n, f"m{n}", None
        )
        for n in range(events)
    ]
    bodies = []
    for first in range(0, events, per_webhook):
        raw = encode(payloads.build_envelope(config, items[first : first + per_webhook]))
        bodies.append((raw, sign(raw, outside.app_secret)))
    return bodies


async def _post_all(
    team: BenchTeam,
    url: str,
    bodies_file: Path,
    posts: int,
    concurrency: int,
    events: int,
    progress: ProgressFactory,
) -> tuple[float, int]:
    """POST every body from a process of their own, then wait until the stream holds the
    events: (seconds from the first POST, events stored)."""
    before = await _settled(team)
    posted = progress("webhook POSTs", posts)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "app.bench.poster",
        url,
        str(concurrency),
        str(bodies_file),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    started = time.perf_counter()
    async for raw in process.stdout:
        line = raw.decode().strip()
        if line == "start":
            started = time.perf_counter()  # the bodies are read: the first POST goes now
        elif line.startswith("posted "):
            posted.update(int(line.split()[1]))
    _out, err = await process.communicate()
    if process.returncode != 0:
        last = err.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"posting the webhooks failed: {last[0]}")
    posted.finish()
    stored = await _stored(team, events, before, progress)
    return time.perf_counter() - started, stored


async def _on_inbound(nc: Client, team: BenchTeam) -> int:
    """Records on the gateway's subject now."""
    info = await nc.jetstream().stream_info(f"SB_{team.team_hex}", subjects_filter=team.inbound)
    return (info.state.subjects or {}).get(team.inbound, 0)


async def _settled(team: BenchTeam) -> int:
    """The count on the gateway's subject once its own reports at start (the number's status,
    the template catalogue) are out: unchanged for SETTLED seconds."""
    nc = await team.client(team.gateway_keys, "bench-count")
    try:
        held, since = await _on_inbound(nc, team), time.perf_counter()
        while time.perf_counter() - since < SETTLED:
            await asyncio.sleep(0.05)  # polling the stream's count
            now = await _on_inbound(nc, team)
            if now != held:
                held, since = now, time.perf_counter()
        return held
    finally:
        await nc.close()


async def _stored(team: BenchTeam, events: int, before: int, progress: ProgressFactory) -> int:
    """Wait until the gateway's subject holds `events` records more than `before` (or nothing
    more arrives for DRAIN_PATIENCE); returns how many more it holds."""
    shown = progress("on the stream", events)
    nc = await team.client(team.gateway_keys, "bench-count")
    try:
        held, quiet_since = -1, time.perf_counter()
        while True:
            now = await _on_inbound(nc, team) - before
            shown.update(now)
            if now >= events:
                break
            if now != held:
                held, quiet_since = now, time.perf_counter()
            elif time.perf_counter() - quiet_since > DRAIN_PATIENCE:
                break
            await asyncio.sleep(0.02)  # polling the stream's count
    finally:
        await nc.close()
    shown.finish()
    return now
