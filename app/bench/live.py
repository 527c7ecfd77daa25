"""`switchboard bench live`: customer messages at a steady rate, timed until every desk has them.

Gateway and hub run on loopback; Meta's stand-in (the simulator and its customers) runs in a
process of its own (`live_meta`), as on Meta's servers, and so does each of the D desks
(`desk_process`), as on its own computer. The simulator's customers write R messages a second
for S seconds; each message is timed from the moment its webhook is handed to the simulator's
sender (which POSTs it to the gateway at once, up to 16 at a time, as Meta does) until the last
desk has applied it (the desk's change notice naming the message, sent after the batch's
commit). Floor, in the same run: as many bare desks (`fanout_floor`) on the same hub at the
same rate and pace, from publishing to committed on every one: what ten processes sharing
this machine's cores must wait for at the least. For one desk: a core NATS message of the
envelope's size through the same hub at the same rate, plus one durable one-row commit in bare
SQLCipher.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from app.bench import floors
from app.bench.child import TellingChild, all_told, telling_children
from app.bench.fanout_floor import FanoutFloor, bare_desks
from app.bench.live_cpu import CpuShares, mark, shares
from app.bench.live_meta import MetaGiven, MetaProcess
from app.bench.report import Better, Figure, Goal, Percentiles, Report, Row
from app.bench.running import ProgressFactory, work_dir
from app.bench.stack import MetaAccount, gateway_for
from app.bench.team import EPOCH, TEAM_NAME, BenchTeam, bench_team, customer_message
from app.gateway.sealing import GatewayLog
from app.gateway.service import Gateway
from app.log.events import CustomerMessage
from app.simulator.config import SimulatorConfig
from app.system.profile import Profile

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
BARE_SECONDS = 10.0
"""Seconds of the bare desks' run at most: enough for a p99 of thousands of messages."""
FOUNDER = "Owner"
WEBHOOK_CONCURRENCY = 16
"""POSTs Meta's sender keeps in flight."""


@dataclass(frozen=True, slots=True)
class Delivery:
    """What the run saw: per message, the seconds until the last desk had it; and losses."""

    every_desk: list[float]
    each_desk: list[float]
    sent: int
    lost: int
    seconds: float
    """From the first message to the last one handed to the simulator."""
    slowest_rate: float
    """Messages per second the slowest desk applied, from the first message to its last."""
    cpu_per_message: dict[str, float] = field(default_factory=dict)
    """Per kind of thread (loop, open, sqlite, other): a desk's CPU seconds per message it
    applied, averaged over the desks (empty where the desks had no /proc)."""
    per_batch: float = 0.0
    """Messages per applied batch, averaged over the desks (each commit's share)."""
    cpu: CpuShares | None = None
    """The machine's CPU from the first message until every desk had the last (Linux only)."""


@dataclass(eq=False)
class DeskChild(TellingChild):
    """A desk process and what it has said: ready, how many messages, and at the end when."""

    arrivals: dict[str, float] = field(default_factory=dict)
    """wamid → monotonic seconds, told once the desk stops."""
    cpu: dict[str, float] = field(default_factory=dict)
    """CPU seconds per kind of thread from ready to stop, told once the desk stops."""
    batches: int = 0
    """Applied batches that brought messages, told once the desk stops."""

    def heard(self, line: str) -> None:
        if line.startswith("batches "):
            self.batches = int(line.split()[1])
        elif line.startswith("cpu"):
            words = line.split()[1:]
            self.cpu = {k: float(v) for k, v in zip(words[::2], words[1::2], strict=True)}
        else:
            wamid, at = line.rsplit(" ", 1)
            self.arrivals[wamid] = float(at)


async def run(args: argparse.Namespace, progress: ProgressFactory) -> Report:
    names = [f"Desk {n}" for n in range(2, args.desks + 1)]  # the founder is desk 1
    with work_dir(args.work_dir, "live") as folder:
        async with (
            meta_process(folder) as (meta, account),
            bench_team(folder, names) as team,
            gateway_for(team, account, folder / "gateway") as (gateway, webhook),
        ):
            await meta.register(webhook, account.verify_token)
            await team.close_desks()  # they reopen each in a process of its own
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
            async with desk_processes(team, [FOUNDER, *names], folder, progress) as desks:
                delivery = await deliver(
                    meta, desks, args.rate, args.seconds, progress, team.hub.pid, gateway
                )
            # After the desks, so that nothing the floor leaves (its files' write-back, the
            # hub's memory) can slow the figure.
            bare = await _bare_desks(args, team, size, folder, progress)
    return _report(args, delivery, Floors(nats_floor, commit, bare), size)


@dataclass(frozen=True, slots=True)
class Floors:
    """What the bench measured beside the desks: one message through the hub, one commit, and
    the same number of bare desks at the same rate."""

    nats: Percentiles
    commit: Percentiles
    bare: FanoutFloor


async def _bare_desks(
    args: argparse.Namespace, team: BenchTeam, size: int, folder: Path, progress: ProgressFactory
) -> FanoutFloor:
    bare_folder = folder / "bare"
    bare_folder.mkdir(exist_ok=True)
    return await bare_desks(
        team.hub.url,
        team.service_credentials(),
        args.desks,
        args.rate,
        min(args.seconds, BARE_SECONDS),
        size,
        bare_folder,
        lambda total: progress("floor: bare desks", total),
    )


def _sample() -> CustomerMessage:
    return customer_message(0, 1, EPOCH)


@contextlib.asynccontextmanager
async def meta_process(folder: Path) -> AsyncIterator[tuple[MetaProcess, MetaAccount]]:
    """Meta's stand-in started in its own process, and what the gateway must know of it."""
    given = MetaGiven(
        access_token=secrets.token_urlsafe(24),
        app_secret=secrets.token_urlsafe(24),
        phone_number_id=SimulatorConfig().phone_number_id,
        verified_name=TEAM_NAME,
        webhook_concurrency=WEBHOOK_CONCURRENCY,
    )
    meta = await MetaProcess.start(given, folder / "meta.log")
    try:
        verify_token = secrets.token_urlsafe(16)
        account = MetaAccount(
            meta.url, given.app_secret, verify_token, given.phone_number_id, given.access_token
        )
        yield meta, account
    finally:
        await meta.stop()


@contextlib.asynccontextmanager
async def desk_processes(
    team: BenchTeam, names: list[str], folder: Path, progress: ProgressFactory
) -> AsyncIterator[list[DeskChild]]:
    """Each desk opened from its profile in its own process; all caught up when yielded."""
    givens = []
    for name in names:
        profile = Profile(team.factory.root / name.lower())
        givens.append(
            {
                "hub_url": team.hub.url,
                "tls_fingerprint": (team.hub.tls_fingerprint or b"").hex() or None,
                "profile": str(profile.root),
                "dmk": (await team.master_key(profile)).hex(),
            }
        )
    logs = [folder / f"desk-{n + 1}.log" for n in range(len(names))]
    shown = progress("desks open", len(names))
    started = telling_children("app.bench.desk_process", DeskChild, givens, logs, shown.update)
    async with started as children:
        shown.finish()
        yield children


async def deliver(
    meta: MetaProcess,
    desks: list[DeskChild],
    rate: float,
    seconds: float,
    progress: ProgressFactory,
    hub_pid: int | None = None,
    gateway: Gateway | None = None,
) -> Delivery:
    """Have customers write at `rate` for `seconds`; time each message onto every desk."""
    total = max(1, round(rate * seconds))
    shown = progress("messages", total)
    helpers = [] if gateway is None else gateway.helper_pids  # the spool's writer is the gateway
    first = mark(hub_pid, meta.pid, helpers)
    sent = await meta.send(rate, seconds, CUSTOMERS, shown.update)
    shown.finish()
    await _drained(desks, total, progress)
    last = mark(hub_pid, meta.pid, helpers)
    for desk in desks:
        await desk.stop()
    delivery = _deliveries(sent.handed, [desk.arrivals for desk in desks], sent.start, sent.seconds)
    told = [len(desk.arrivals) / desk.batches for desk in desks if desk.batches]
    per_batch = sum(told) / len(told) if told else 0.0
    desks_cpu = [sum(desk.cpu.values()) for desk in desks if desk.cpu]
    cpu = None
    if first is not None and last is not None and len(desks_cpu) == len(desks):
        cpu = shares(first, last, desks_cpu, len(sent.handed), len(desks))
    return replace(delivery, cpu_per_message=_cpu_per_message(desks), per_batch=per_batch, cpu=cpu)


def _cpu_per_message(desks: list[DeskChild]) -> dict[str, float]:
    """Each kind of thread's CPU seconds per applied message, averaged over the desks."""
    told = [desk for desk in desks if desk.cpu and desk.arrivals]
    kinds = sorted({kind for desk in told for kind in desk.cpu})
    return {
        kind: sum(d.cpu.get(kind, 0.0) / len(d.arrivals) for d in told) / len(told)
        for kind in kinds
    }


async def _drained(desks: list[DeskChild], total: int, progress: ProgressFactory) -> None:
    """Wait until every desk has `total` messages, or nothing arrived for DRAIN_PATIENCE."""
    shown = progress("last desk", total)
    await all_told(desks, total, DRAIN_PATIENCE, shown.update)
    shown.finish()


def _deliveries(
    posted: dict[str, float], per_desk: list[dict[str, float]], start: float, seconds: float
) -> Delivery:
    every, each, lost = [], [], 0
    for wamid, handed in posted.items():
        times = [desk.get(wamid) for desk in per_desk]
        present = [t - handed for t in times if t is not None]
        each += present
        if len(present) < len(times):
            lost += 1
        else:
            every.append(max(present))
    rates = [len(desk) / (max(desk.values()) - start) for desk in per_desk if desk]
    slowest = min(rates) if len(rates) == len(per_desk) else 0.0
    return Delivery(every, each, len(posted), lost, seconds, slowest)


def _report(args: argparse.Namespace, delivery: Delivery, floor: Floors, size: int) -> Report:
    every = Percentiles.of(delivery.every_desk)
    each = Percentiles.of(delivery.each_desk)
    nats_floor, commit, bare = floor.nats, floor.commit, floor.bare
    p50_floor = Figure(nats_floor.p50 + commit.p50, "ms", "NATS + commit")
    p99_floor = Figure(nats_floor.p99 + commit.p99, "ms", "NATS + commit")
    bare_p99 = Figure(bare.every_desk.p99, "ms", "bare desks")
    p99 = Row("on every desk, p99", Figure(every.p99, "ms", "p99"), bare_p99, Better.LOWER)
    rows = (
        Row(
            "on every desk, p50",
            Figure(every.p50, "ms"),
            Figure(bare.every_desk.p50, "ms", "bare desks"),
            Better.LOWER,
        ),
        p99,
        Row(
            "on every desk, max",
            Figure(every.max, "ms"),
            Figure(bare.every_desk.max, "ms", "bare desks"),
            Better.LOWER,
        ),
        Row("on one desk, p50", Figure(each.p50, "ms"), p50_floor, Better.LOWER),
        Row("on one desk, p99", Figure(each.p99, "ms"), p99_floor, Better.LOWER),
        Row("NATS publish→receive, p50", Figure(nats_floor.p50, "ms")),
        Row("NATS publish→receive, p99", Figure(nats_floor.p99, "ms")),
        Row("one-row SQLCipher commit, p50", Figure(commit.p50, "ms")),
        Row("one-row SQLCipher commit, p99", Figure(commit.p99, "ms")),
        Row("messages sent per second", Figure(delivery.sent / delivery.seconds, "msg/s")),
        Row("slowest desk applied per second", Figure(delivery.slowest_rate, "msg/s")),
        Row("messages per applied batch, mean", Figure(delivery.per_batch, "msg")),
        Row("bare desks: messages per batch, mean", Figure(bare.per_batch, "msg")),
        *(
            Row(f"desk CPU per message, {kind} thread", Figure(seconds * 1e6, "µs"))
            for kind, seconds in delivery.cpu_per_message.items()
        ),
        *_cpu_rows(delivery.cpu, Figure(bare.desk_cpu * 1e6, "µs", "bare desk")),
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
            f"floor: {bare.sent:,} messages of {size} bytes (a sealed event) published to "
            f"{args.desks} bare desks at {args.rate:,.0f}/s (one thread each: the desk's pull "
            "requests, one signature a batch, ChaCha20-Poly1305 a message, one SQLCipher commit "
            f"a batch, the same pace); {bare.lost} missing on at least one of them",
            f"one desk's floor: {nats_floor.count} core NATS messages of {size} bytes at "
            f"{max(args.rate, FLOOR_RATE):,.0f}/s, and {COMMITS} one-row commits in bare SQLCipher",
            "each desk runs in a process of its own; hub, gateway and Meta share this machine",
            *_cpu_notes(delivery.cpu),
        ),
        extra={
            "sent": delivery.sent,
            "lost": delivery.lost,
            "bare_sent": bare.sent,
            "bare_lost": bare.lost,
        },
    )


def _cpu_rows(cpu: CpuShares | None, bare_desk: Figure) -> tuple[Row, ...]:
    """The machine's CPU per message: who used it, and what it left each desk (beside a bare
    desk's CPU per message)."""
    if cpu is None:
        return (Row("bare desk CPU per message", bare_desk),)
    return (
        Row(f"machine busy, of {cpu.cores} cores", Figure(cpu.busy_cores, "cores")),
        Row("hub CPU per message", Figure(cpu.hub * 1e6, "µs")),
        Row(
            "gateway CPU per message (bench's process + spool writer)", Figure(cpu.own * 1e6, "µs")
        ),
        Row("Meta's CPU per message (simulator, customers)", Figure(cpu.meta * 1e6, "µs")),
        Row("other processes' CPU per message", Figure(cpu.others * 1e6, "µs")),
        Row(
            "desk CPU per message, all threads",
            Figure(cpu.desk_need * 1e6, "µs"),
            bare_desk,
            Better.LOWER,
        ),
        Row("CPU per message the machine leaves a desk", Figure(cpu.desk_budget * 1e6, "µs")),
        Row("desks' demand / what is left", Figure(cpu.load, "×")),
    )


def _cpu_notes(cpu: CpuShares | None) -> tuple[str, ...]:
    if cpu is None:
        return ()
    return (
        "what is left for each desk = (cores × seconds − hub − gateway − Meta − other "
        "processes) / (messages × desks); at a demand of 1× or more the desks fall behind and "
        "their queue is the latency",
        "the gateway runs in the bench's process (its spool's writer in a process of its own, "
        "counted with it), which also reads each desk's one line per applied batch; Meta's "
        "process paces the customers and sends the webhooks",
    )
