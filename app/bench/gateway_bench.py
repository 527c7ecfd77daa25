"""`switchboard bench gateway`: inbound customer messages per second through one gateway.

The webhook bodies are built and signed beforehand as Meta would send them (the simulator's
payload code; the gateway's own parser never helps), then POSTed to the gateway's webhook with
P requests in flight from a process of their own (`poster`), as Meta's servers are not in the
gateway's process either. Figure: messages per second from the first POST until the team stream
holds all N of the gateway's sealed events (signature check, parsing, sealing, publishing, all
through the gateway's real path). Floor, in the same run after the gateway stopped: raw
publish_async of N payloads of the same size to the same subject with the gateway's login.

Then, each on a team of its own (`gateway_scale`): G gateways sharing one stream of webhooks
with retries landing on the other gateway, counted on a desk for duplicates, and a gateway's
restart on a log of --restart-log events beside a connection and one stream-info round trip.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path

from nats.aio.client import Client

from app.bench import floors, gateway_scale
from app.bench.gateway_scale import PairResult, RestartResult
from app.bench.live_cpu import process_cpu
from app.bench.report import Better, Figure, Goal, Report, Row
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
GOAL_RESTART_S = 2.0
GOAL_RESTART_LOG = 100_000
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
                gateway,
                url,
            ):
                helpers = gateway.helper_pids  # the spool's writer: the gateway's CPU too
                cpu_before = time.process_time() + process_cpu(helpers)
                seconds, stored, refused = await _post_all(
                    team, url, bodies_file, len(bodies), args.concurrency, events, progress
                )
                cpu = time.process_time() + process_cpu(helpers) - cpu_before
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
            pair = await _pair(args, outside, folder, progress)
            restart = await _restart(args, outside, folder, progress)
    rate = Row(
        "gateway publishes",
        Figure(min(stored, events) / seconds, "events/s", "gateway"),
        Figure(events / floor_seconds, "msg/s", "raw publish_async"),
    )
    lost = max(0, events - stored)
    # The gateway's loop and threads and its spool's writer process, with the bench's polling
    # of the stream's count (a request every 20 ms) and the idle simulator: judged by this on
    # a shared machine, where events/s moves with the other processes.
    cpu_row = Row(
        "gateway CPU per event (bench's process + spool writer)",
        Figure(cpu / max(1, min(stored, events)) * 1e6, "µs"),
        better=Better.LOWER,
    )
    rows: tuple[Row, ...] = (rate, Row("time for all events", Figure(seconds, "s")), cpu_row)
    rows += _pair_rows(pair, rate.floor) + _restart_rows(restart)
    return Report(
        "gateway",
        {
            "events": events,
            "per_webhook": args.per_webhook,
            "concurrency": args.concurrency,
            "gateways": args.gateways,
            "pair_events": args.pair_events,
            "restart_log": args.restart_log,
        },
        rows,
        rate,
        _goal(args, rate, lost, pair, restart),
        notes=(
            f"{len(bodies):,} signed webhook POSTs of {args.per_webhook} message(s), "
            f"{args.concurrency} in flight, {refused:,} answered 5xx and sent again; "
            f"{stored:,} new records on the gateway's subject for "
            f"{events:,} events (more: the gateway's own reports, such as the number's status)",
            f"floor: {events:,} random payloads of {size} bytes (a sealed event), "
            "publish_async in windows of 5,000 acks",
            *_pair_notes(pair),
            *_restart_notes(restart),
        ),
        extra={"lost": lost, "stored": stored, "refused": refused, "cpu_seconds": cpu}
        | _pair_extra(pair)
        | _restart_extra(restart),
    )


def _goal(
    args: argparse.Namespace,
    rate: Row,
    lost: int,
    pair: PairResult | None,
    restart: RestartResult | None,
) -> Goal:
    """The issue's three goals together; judged when each part ran at the issue's size."""
    met = rate.figure.value >= GOAL_RATE and lost == 0
    met = met and pair is not None and pair.duplicates == 0 and pair.lost == 0
    met = met and restart is not None and restart.restart < GOAL_RESTART_S
    return Goal(
        f"≥ {GOAL_RATE:,.0f} events/s for one gateway, none lost; two gateways sharing the "
        f"webhooks, 0 duplicates on the desk; restart on {GOAL_RESTART_LOG:,} events "
        f"< {GOAL_RESTART_S:g} s",
        met,
        at_size=events_at_size(args),
    )


def events_at_size(args: argparse.Namespace) -> bool:
    """Whether every part ran at the issue's sizes."""
    events: int = args.events
    gateways: int = args.gateways
    restart_log: int = args.restart_log
    return events >= GOAL_EVENTS and gateways >= 2 and restart_log >= GOAL_RESTART_LOG


async def _pair(
    args: argparse.Namespace, outside: Outside, folder: Path, progress: ProgressFactory
) -> PairResult | None:
    if args.gateways < 2:
        return None
    bodies = _bodies(outside, args.pair_events, args.per_webhook, "wamid.GP")
    return await gateway_scale.run_pair(
        args, outside, folder, bodies, args.per_webhook, _post_all, progress
    )


async def _restart(
    args: argparse.Namespace, outside: Outside, folder: Path, progress: ProgressFactory
) -> RestartResult | None:
    if args.restart_log == 0:
        return None
    (webhook,) = _bodies(outside, 1, 1, "wamid.GR")
    return await gateway_scale.run_restart(args, outside, folder, webhook, CUSTOMERS, progress)


def _pair_rows(pair: PairResult | None, floor: Figure | None) -> tuple[Row, ...]:
    if pair is None:
        return ()
    figure = Figure(min(pair.records, pair.expected) / pair.seconds, "events/s", "gateways")
    return (
        Row(f"{len(pair.posts)} gateways publish", figure, floor),
        Row("duplicates on the desk", Figure(pair.duplicates, "messages"), better=Better.LOWER),
    )


def _restart_rows(restart: RestartResult | None) -> tuple[Row, ...]:
    if restart is None:
        return ()
    floor = Figure(restart.floor * 1000, "ms", "connect + stream info")
    ready = Figure(restart.restart * 1000, "ms")
    first = Figure(restart.first_start * 1000, "ms")
    return (
        Row("restart, ready for a webhook", ready, floor, Better.LOWER),
        Row("first start, no checkpoint", first, better=Better.LOWER),
    )


def _pair_notes(pair: PairResult | None) -> tuple[str, ...]:
    if pair is None:
        return ()
    return (
        f"{len(pair.posts)} gateways: POSTs alternate ({gateway_scale.shares_text(pair.posts)}), "
        f"{pair.retried_posts:,} webhooks POSTed again to the next gateway; "
        f"{pair.refused:,} POSTs answered 5xx and sent again (the gateways' guard on the shared "
        f"subject); {pair.records:,} records for {pair.expected:,} messages posted",
        f"the desk holds {pair.on_desk:,} customer messages for {pair.distinct:,} distinct "
        f"wamids: {pair.duplicates} duplicates, {pair.lost} lost",
    )


def _restart_notes(restart: RestartResult | None) -> tuple[str, ...]:
    if restart is None:
        return ()
    return (
        f"restart: a log of {restart.log:,} records on the gateway's subject; timed from "
        "connecting until its webhook took a signed POST, after a clean stop",
    )


def _pair_extra(pair: PairResult | None) -> dict[str, object]:
    if pair is None:
        return {}
    return {
        "duplicates": pair.duplicates,
        "pair_lost": pair.lost,
        "pair_on_desk": pair.on_desk,
        "pair_posts": pair.posts,
        "pair_refused": pair.refused,
    }


def _restart_extra(restart: RestartResult | None) -> dict[str, object]:
    if restart is None:
        return {}
    return {
        "restart_seconds": restart.restart,
        "restart_floor_seconds": restart.floor,
        "restart_log": restart.log,
    }


def _bodies(
    outside: Outside, events: int, per_webhook: int, prefix: str = "wamid.GW"
) -> list[tuple[bytes, str]]:
    """Signed webhook bodies carrying `events` text messages: (body, signature header)."""
    config = outside.simulator.config
    customers = [
        Customer(f"DE.{n:017d}", f"Customer {n}", wa_id=f"49151{n:07d}") for n in range(CUSTOMERS)
    ]
    items = [
        payloads.inbound_text(
            customers[n % CUSTOMERS], f"{prefix}{n:09d}", EPOCH + n, f"m{n}", None
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
) -> tuple[float, int, int]:
    """POST every body from a process of their own, then wait until the stream holds the
    events: (seconds from the first POST, events stored, POSTs answered 5xx and sent again)."""
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
    refused = 0
    async for raw in process.stdout:
        line = raw.decode().strip()
        if line == "start":
            started = time.perf_counter()  # the bodies are read: the first POST goes now
        elif line.startswith("posted "):
            posted.update(int(line.split()[1]))
        elif line.startswith("refused "):
            refused = int(line.split()[1])
    _out, err = await process.communicate()
    if process.returncode != 0:
        last = err.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"posting the webhooks failed: {last[0]}")
    posted.finish()
    stored = await _stored(team, events, before, progress)
    return time.perf_counter() - started, stored, refused


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
