"""The processes `switchboard bench faults` runs on loopback, and the customers who write.

This process keeps the simulator (Meta, and the ground truth: what each customer sent and
received) and the hub's supervisor, whose nats-server is a child process. The gateway and each
desk run as processes of their own (`faults_gateway`, `faults_desk`), so a fault can kill or
freeze exactly one of them. With root, each desk's profile and the hub's data live on a small
tmpfs of their own, which the disk faults fill. When the run may cut a desk off the network
(and the hub is one node), each desk reaches the hub through a relay of its own (`faults_link`).
Every process reads the run's clock (`faults_clock`), which a fault can move hours ahead.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from app.aio import stop_if_cancelled
from app.bench.faults_agent import HELD_PREFIX, DeskReport
from app.bench.faults_child import Child
from app.bench.faults_clock import RunClock
from app.bench.faults_disk import small_disk
from app.bench.faults_gateway import GatewayGiven
from app.bench.faults_link import DeskLink
from app.bench.faults_team import FOUNDER, team_on_hub
from app.bench.stack import Outside, running_simulator
from app.bench.team import BenchTeam
from app.hub.supervisor import Hub
from app.simulator.behaviour import RuleMode
from app.system.profile import Profile

DESK_DISK_MB = 64
HUB_DISK_MB = 64
CUSTOMERS = 12


@dataclass(eq=False)
class FaultStack:
    """Hub, simulator, gateway and desks of one run, and the traffic through them."""

    folder: Path
    outside: Outside
    team: BenchTeam
    hubs: tuple[Hub, ...]
    """The hub's nodes: one, or a cluster's."""
    gateway: Child
    desks: dict[str, Child]
    disks: dict[str, Path]
    """Desk name (or "hub") → its small disk, when the run could mount them."""
    clock: RunClock
    links: dict[str, DeskLink]
    """Desk name → its link to the hub; empty unless asked for, and with a cluster (whose
    desks know, and fail over to, every node)."""
    sent: dict[str, int] = field(default_factory=dict)
    """Every customer message sent, wamid → the phase it was sent in (its index)."""
    phase: int = 0
    flowing: asyncio.Event = field(default_factory=asyncio.Event)

    async def reports(self) -> dict[str, DeskReport]:
        """Every desk's report, asked at once. Raises ChildFailed for one that fails."""
        names = list(self.desks)
        answers = await asyncio.gather(*(self.desks[n].ask() for n in names))
        return {n: DeskReport.from_json(a) for n, a in zip(names, answers, strict=True)}

    async def advance_clock(self, seconds: float) -> None:
        """Let `seconds` pass for every process at once: the gateway and the desks first, Meta
        last, so no desk dates its answer before the customer message it answers."""
        offset = self.clock.offset + seconds
        for child in [self.gateway, *self.desks.values()]:
            await child.set_clock(offset)
        self.clock.set_offset(offset)

    async def held_message(self, window: RuleMode) -> str:
        """A customer outside the steady traffic writes a message the agents leave unanswered
        (`HELD_PREFIX`) until told; its wamid, counted in this phase like the traffic's.
        `window`: how Meta answers a free-form send to them once their window has closed."""
        simulator = self.outside.simulator
        customer = simulator.add_customer(f"Held customer {self.phase}")
        simulator.configure_customer(customer.user_id, window=window)
        wamid = await simulator.customer_sends_text(customer.user_id, f"{HELD_PREFIX}{self.phase}")
        self.sent[wamid] = self.phase
        return wamid

    def received(self) -> list[str]:
        """The texts of everything the customers received, per the simulator. A send Meta
        accepted and then failed (a late reply, 131047 in its status) is in the simulator's
        list of sends but never reached its customer."""
        simulator = self.outside.simulator
        return [
            m.text or ""
            for customer in simulator.customers()
            for m in simulator.received(customer.user_id)
            if "failed" not in simulator.statuses(m.wamid)
        ]

    async def traffic(self, rate: float) -> None:
        """Customers write `rate` messages a second while `flowing` is set, until cancelled."""
        simulator = self.outside.simulator
        customers = [simulator.add_customer(f"Customer {n}") for n in range(CUSTOMERS)]
        loop = asyncio.get_running_loop()
        n = 0
        while True:
            stop_if_cancelled()
            await self.flowing.wait()
            customer = customers[n % len(customers)]
            wamid = await simulator.customer_sends_text(customer.user_id, f"question {n}")
            self.sent[wamid] = self.phase
            n += 1
            next_at = loop.time() + 1 / rate
            await asyncio.sleep(max(0.0, next_at - loop.time()))  # pacing the customers


@contextlib.asynccontextmanager
async def fault_stack(
    folder: Path, desks: int, *, disks: bool, hub_nodes: int = 1, links: bool = False
) -> AsyncIterator[FaultStack]:
    """Found a team of `desks` desks on `hub_nodes` hub nodes, start the gateway and every desk
    in its own process. `disks`: each desk's profile (and a single hub's data) on a small disk.
    `links`: with one hub node, each desk reaches it through a link a fault can cut."""
    names = [FOUNDER, *(f"Desk {n}" for n in range(2, desks + 1))]
    clock = RunClock()
    cuttable: dict[str, DeskLink] = {}
    with contextlib.ExitStack() as mounts:
        mounted = dict(_mounts(mounts, folder, names, hub=hub_nodes == 1)) if disks else {}
        async with (
            running_simulator(clock=clock) as outside,
            team_on_hub(folder, names[1:], hub_nodes) as on_hub,
        ):
            team = on_hub.team
            await team.close_desks()  # they reopen each in a process of its own
            port = _free_port()
            gateway = _gateway(folder, on_hub.url, team, outside, port)
            stack = FaultStack(
                folder, outside, team, on_hub.hubs, gateway, {}, mounted, clock, cuttable
            )
            try:
                await stack.gateway.start()
                callback = f"http://127.0.0.1:{port}/webhook"
                await outside.simulator.set_callback(callback, outside.verify_token)
                for name in names:
                    url = on_hub.url
                    if links and hub_nodes == 1:
                        cuttable[name] = DeskLink(url)
                        await cuttable[name].mend()
                        url = cuttable[name].url
                    stack.desks[name] = await _desk(folder, url, team, name)
                    await stack.desks[name].start()
                yield stack
            finally:
                for child in [*stack.desks.values(), stack.gateway]:
                    await child.stop()
                for link in cuttable.values():
                    await link.close()


def _mounts(
    mounts: contextlib.ExitStack, folder: Path, names: list[str], *, hub: bool
) -> Iterator[tuple[str, Path]]:
    if hub:
        yield "hub", mounts.enter_context(small_disk(folder / "hub", HUB_DISK_MB))
    for name in names:
        profile = folder / "desks" / name.lower()  # where TeamDeskFactory puts it
        yield name, mounts.enter_context(small_disk(profile, DESK_DISK_MB))


def _gateway(folder: Path, url: str, team: BenchTeam, outside: Outside, port: int) -> Child:
    config = outside.simulator.config
    given = GatewayGiven(
        hub_url=url,
        tls_fingerprint=(team.hub.tls_fingerprint or b"").hex(),
        team_id=team.team_hex,
        team_fingerprint=team.joined.fingerprint.hex(),
        gateway_keys=team.gateway_keys.private_bytes().hex(),
        app_secret=outside.app_secret,
        verify_token=outside.verify_token,
        graph_url=outside.url,
        phone_number_id=config.phone_number_id,
        access_token=config.access_token,
        state_dir=str(folder / "gateway"),
        port=port,
    )
    return Child("gateway", "app.bench.faults_gateway", given.as_json(), folder / "gateway.log")


async def _desk(folder: Path, url: str, team: BenchTeam, name: str) -> Child:
    profile = Profile(team.factory.root / name.lower())
    given = {
        "hub_url": url,
        "tls_fingerprint": (team.hub.tls_fingerprint or b"").hex() or None,
        "profile": str(profile.root),
        "dmk": (await team.master_key(profile)).hex(),
    }
    log = folder / f"{name.lower().replace(' ', '-')}.log"
    return Child(name, "app.bench.faults_desk", json.dumps(given), log)


def _free_port() -> int:
    """A port free now, kept for the gateway's every life (the simulator calls it back)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
