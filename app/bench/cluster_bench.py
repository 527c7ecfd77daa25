"""`switchboard bench cluster`: a hub of three nodes loses one while messages flow.

Set-up (not timed): three hub nodes routed on loopback, each with logins and its own hub
service (`app.hub.local_cluster`); a team founded through them by the product's code, with an
enrolled gateway; `rate × seconds` customer messages sealed by the gateway's own `GatewayLog`.

Run: the gateway's login publishes the sealed messages in order at `rate` per second through
`NatsTransport` (each with its message id, retried until the hub acknowledges it, as the gateway
does), while two desk connections follow the inbound subject. After `kill-after` seconds the
node leading the team stream (or another node, `--victim other`) is SIGKILLed. Printed: how
many messages the desks lost and received twice (the goal is 0 and 0), how long publishing and
delivery stalled, and the rate held beside the rate offered. Floor, in the same run before the
kill: one in-order publisher's rate on the replicated stream with nothing failing.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.bench.report import Better, Figure, Goal, Report, Row
from app.bench.running import ProgressFactory, work_dir
from app.bench.team import TEAM_NAME, seal_messages
from app.crypto.keys import DeviceKeys
from app.desk.team import TeamDeskFactory
from app.gateway.sealing import GatewayLog
from app.hub.local_cluster import LocalCluster
from app.hub.supervisor import Hub
from app.sync.joining import Joined
from app.sync.nats_transport import NatsTransport
from app.sync.transport import LogRecord, TransportError, inbound_subject
from app.system.keychain import MemorySecretStore
from app.system.profile import PassphraseRequest, Profile, device_master_key

__all__ = ["run"]

NODES = 3
GOAL_RATE = 1000.0
DESKS = 2
FLOOR_MESSAGES = 2_000
RETRY_AFTER = 0.02
"""Seconds before a publish the hub did not acknowledge is sent again (same message id)."""
WINDOW = 64
"""Publishes in flight at once, sent in order on one connection (one in-order publisher tops
out below 1,000 acknowledged round trips a second on a busy 2-core machine)."""
DRAIN_WITHIN = 60.0
"""Seconds the desks get after the last acknowledgement to receive everything."""


@dataclass(frozen=True, slots=True)
class ClusterTeam:
    cluster: LocalCluster
    team_hex: str
    gateway: DeviceKeys
    desk: DeviceKeys
    joined: Joined


@dataclass(eq=False)
class Received:
    """What one desk's follower got: message index → arrivals, and the longest silence."""

    index: dict[bytes, int]
    seen: dict[int, int] = field(default_factory=dict)
    last_at: float = 0.0
    longest_gap: float = 0.0
    highest: int = -1
    reordered: int = 0
    """Messages that arrived after one published later (a resend stored after its successor)."""

    async def __call__(self, batch: Sequence[LogRecord]) -> None:
        now = time.perf_counter()
        if self.last_at:
            self.longest_gap = max(self.longest_gap, now - self.last_at)
        self.last_at = now
        for record in batch:
            n = self.index.get(bytes(record.data))
            if n is not None:
                self.seen[n] = self.seen.get(n, 0) + 1
                self.reordered += n < self.highest
                self.highest = max(self.highest, n)


async def run(args: argparse.Namespace, progress: ProgressFactory) -> Report:
    rate: float = args.rate
    count = max(1, int(rate * args.seconds))
    with work_dir(args.work_dir, "cluster") as folder:
        async with LocalCluster(folder / "cluster", NODES) as cluster:
            team = await _team(cluster, folder)
            sealed = await _seal(team, FLOOR_MESSAGES + count, progress)
            floor = await _floor(team, sealed[:FLOOR_MESSAGES])
            outcome = await _kill_while_publishing(
                team, sealed[FLOOR_MESSAGES:], rate, args.kill_after, args.victim, progress
            )
    return _report(args, count, floor, outcome)


async def _team(cluster: LocalCluster, folder: Path) -> ClusterTeam:
    """Found a team through the cluster and enroll a gateway, as people do."""
    keychain = MemorySecretStore()

    async def master_key(profile: Profile) -> bytes:
        return await device_master_key(profile, _no_passphrase, keychain=keychain)

    assert cluster.setup_code is not None
    factory = TeamDeskFactory(
        hub_url=cluster.url,
        tls_fingerprint=None,
        root=folder / "desks",
        clock=time.time,
        master_key=master_key,
    )
    try:
        founder = await factory.found(TEAM_NAME, "Owner", setup_code=cluster.setup_code)
        joined = await factory.enroll_gateway(founder)
        assert factory.gateway_keys is not None
        return ClusterTeam(
            cluster, joined.team_id.hex(), factory.gateway_keys, founder.keys, joined
        )
    finally:
        await factory.close()  # the bench follows with the founder's login, not its desk


async def _seal(team: ClusterTeam, count: int, progress: ProgressFactory) -> list[bytes]:
    shown = progress("sealing", count)
    loop = asyncio.get_running_loop()

    def done(n: int) -> None:
        loop.call_soon_threadsafe(shown.update, n)

    gateway = GatewayLog(team.gateway, team.joined.chain)
    sealed = await asyncio.to_thread(seal_messages, gateway, count, 300, done)
    shown.finish()
    return sealed


async def _connect(team: ClusterTeam, keys: DeviceKeys, name: str) -> NatsTransport:
    return await NatsTransport.connect(
        team.cluster.url,
        team_id_hex=team.team_hex,
        name=name,
        nkey_seed=keys.hub_seed(),
        fetch_timeout=0.5,
        probe_interval=1.0,
        probe_patience=2.0,
    )


async def _floor(team: ClusterTeam, sealed: list[bytes]) -> Figure:
    """One in-order publisher on the replicated stream, nothing failing: its top rate."""
    transport = await _connect(team, team.gateway, "bench-floor")
    try:
        started = time.perf_counter()
        for n, data in enumerate(sealed):
            await transport.publish(inbound_subject(team.team_hex), data, msg_id=f"floor-{n}")
        seconds = time.perf_counter() - started
    finally:
        await transport.close()
    return Figure(len(sealed) / seconds, "msg/s", "in-order R3 publish")


@dataclass(frozen=True, slots=True)
class Outcome:
    sent: int
    seconds: float
    publish_stall: float
    delivery_stall: float
    lost: int
    duplicated: int
    victim: str
    retries: int
    reordered: int


async def _kill_while_publishing(
    team: ClusterTeam,
    sealed: list[bytes],
    rate: float,
    kill_after: float,
    victim_choice: str,
    progress: ProgressFactory,
) -> Outcome:
    index = {data: n for n, data in enumerate(sealed)}
    desks = [Received(index) for _ in range(DESKS)]
    followers_transports = [
        await _connect(team, team.desk, f"bench-desk-{n}") for n in range(DESKS)
    ]
    publisher = await _connect(team, team.gateway, "bench-gateway")
    subject = inbound_subject(team.team_hex)
    start_seq = await publisher.last_seq() + 1
    followers = [
        transport.follow(start_seq, desk, subjects=[subject])
        for transport, desk in zip(followers_transports, desks, strict=True)
    ]
    try:
        victim = await _victim(team, publisher, victim_choice)
        killer = asyncio.create_task(_kill_later(victim, kill_after), name="bench killer")
        shown = progress("publishing", len(sealed))
        acks = _Acks(time.perf_counter())
        window = asyncio.Semaphore(WINDOW)
        sending: set[asyncio.Task[None]] = set()
        for n, data in enumerate(sealed):
            await _until(acks.started + n / rate)
            await window.acquire()
            task = asyncio.create_task(_send(publisher, subject, data, n, acks, window))
            sending.add(task)
            task.add_done_callback(sending.discard)
            shown.update(n + 1)
        await asyncio.gather(*sending)
        seconds = time.perf_counter() - acks.started
        shown.finish()
        await killer
        await _drained(desks, len(sealed))
    finally:
        for follower in followers:
            await follower.stop()
        for transport in [publisher, *followers_transports]:
            await transport.close()
    lost = sum(1 for desk in desks for n in range(len(sealed)) if n not in desk.seen)
    duplicated = sum(times - 1 for desk in desks for times in desk.seen.values())
    return Outcome(
        sent=len(sealed),
        seconds=seconds,
        publish_stall=acks.longest_gap,
        delivery_stall=max(desk.longest_gap for desk in desks),
        lost=lost,
        duplicated=duplicated,
        victim=f"{team.cluster.name_of(victim)} ({victim_choice})",
        retries=acks.resends,
        reordered=max(desk.reordered for desk in desks),
    )


async def _victim(team: ClusterTeam, transport: NatsTransport, choice: str) -> Hub:
    """The node leading the team stream, or the first node that does not."""
    info = await transport._js.stream_info(f"SB_{team.team_hex}")  # the bench may peek
    leader = info.cluster.leader if info.cluster is not None else None
    for hub in team.cluster.hubs:
        if (team.cluster.name_of(hub) == leader) == (choice == "leader"):
            return hub
    return team.cluster.hubs[0]


async def _kill_later(victim: Hub, after: float) -> None:
    await asyncio.sleep(after)
    await victim.kill()


@dataclass(eq=False)
class _Acks:
    """The publisher's acknowledgements: the longest wait between two, and the resends."""

    started: float
    last_at: float = 0.0
    longest_gap: float = 0.0
    resends: int = 0

    def acked(self) -> None:
        now = time.perf_counter()
        self.longest_gap = max(self.longest_gap, now - (self.last_at or self.started))
        self.last_at = now


async def _send(
    transport: NatsTransport,
    subject: str,
    data: bytes,
    n: int,
    acks: _Acks,
    window: asyncio.Semaphore,
) -> None:
    """Publish until the hub acknowledges; a resend carries the same id, so it is stored once."""
    try:
        while True:
            try:
                await transport.publish(subject, data, msg_id=f"bench-{n}")
                acks.acked()
                return
            except TransportError:
                acks.resends += 1
                await asyncio.sleep(RETRY_AFTER)
    finally:
        window.release()


async def _drained(desks: list[Received], count: int) -> None:
    deadline = time.perf_counter() + DRAIN_WITHIN
    while time.perf_counter() < deadline:
        if all(len(desk.seen) >= count for desk in desks):
            return
        await asyncio.sleep(0.05)


async def _until(due: float) -> None:
    delay = due - time.perf_counter()
    if delay > 0:
        await asyncio.sleep(delay)


def _report(args: argparse.Namespace, count: int, floor: Figure, outcome: Outcome) -> Report:
    held = Figure(outcome.sent / outcome.seconds, "msg/s", "held through the kill")
    headline = Row("published, one node killed", held, Figure(args.rate, "msg/s", "offered"))
    rows = (
        headline,
        Row("in-order publish, no kill", floor, None),
        Row("longest publish stall", Figure(outcome.publish_stall, "s"), None, Better.LOWER),
        Row("longest delivery stall", Figure(outcome.delivery_stall, "s"), None, Better.LOWER),
        Row("lost (both desks)", Figure(outcome.lost, "messages"), None, Better.LOWER),
        Row("duplicated (both desks)", Figure(outcome.duplicated, "messages"), None, Better.LOWER),
        Row("out of order (worst desk)", Figure(outcome.reordered, "messages"), None, Better.LOWER),
    )
    met = outcome.lost == 0 and outcome.duplicated == 0
    return Report(
        "cluster",
        {
            "nodes": NODES,
            "rate": args.rate,
            "seconds": args.seconds,
            "kill_after": args.kill_after,
            "victim": args.victim,
        },
        rows,
        headline,
        Goal(
            "0 lost and 0 duplicated after killing 1 of 3 nodes at 1,000/s",
            met,
            at_size=args.rate >= GOAL_RATE,
        ),
        notes=(
            f"killed node {outcome.victim} (SIGKILL) {args.kill_after:g} s into "
            f"{count:,} messages; {outcome.retries} publishes were sent again",
            f"lost {outcome.lost}, duplicated {outcome.duplicated}, out of order "
            f"{outcome.reordered} (resends stored after later ones: unguarded publishes, unlike "
            f"the gateway's); {DESKS} desks followed; "
            f"{WINDOW} publishes in flight",
        ),
        extra={
            "lost": outcome.lost,
            "duplicated": outcome.duplicated,
            "publish_stall": outcome.publish_stall,
            "delivery_stall": outcome.delivery_stall,
            "reordered": outcome.reordered,
        },
    )


async def _no_passphrase(request: PassphraseRequest) -> str | None:
    return None  # keys live in the bench's memory keychain
