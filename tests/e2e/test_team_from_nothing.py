"""From nothing to a working team, with the hub and the gateway as real processes.

`switchboard hub` (logins on) → the owner's desk founds the team with the printed set-up code →
`switchboard gateway join` enrolls by invite with the SAS compared → the owner connects the
number (the Cloud API simulator) from the desk → `switchboard gateway run` carries messages →
two colleagues join by invite with SAS → a customer's message reaches all three desks and a
reply reaches the customer → the owner removes one colleague's device → the hub refuses its
login, and its keys open none of the envelopes published after the removal (checked on the raw
stream) → the others carry on.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.crypto import envelope as env
from app.crypto.chain import parse_link
from app.desk.launcher import DeskLauncher
from app.domain.model import QueueView, Role
from app.services.number_settings import SimulatedAccount
from app.services.team_api import HubOnServer, Simulator
from app.simulator.config import SimulatorConfig
from app.simulator.simulator import Simulator as CloudApiSimulator
from app.sync.nats_transport import NatsTransport
from app.sync.protocol import Accepted
from app.sync.transport import HubAccessDenied
from app.system.keychain import MemorySecretStore
from app.system.profile import Profile
from tests.helpers.raw_log import opened as opened_event
from tests.helpers.raw_log import read_as, removal_seq, whole_log
from tests.helpers.wait import until, until_async

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def start_process(*argv: str, stdin: bool = False) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "app",
        *argv,
        stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )


async def stop_process(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 15)
        except TimeoutError:
            process.kill()
            await process.wait()


async def read_hub_banner(process: asyncio.subprocess.Process) -> tuple[str, str]:
    """The address for desks and the set-up code `switchboard hub` prints."""
    assert process.stdout is not None
    address = code = ""
    while not (address and code):
        line = (await asyncio.wait_for(process.stdout.readline(), 30)).decode()
        assert line, "switchboard hub ended before printing its set-up code"
        if line.startswith("hub address for desks: "):
            address = line.split(": ", 1)[1].strip()
        if line.startswith("setup code: "):
            code = line.split(": ", 1)[1].strip()
    return address, code


def launcher(root: Path, simulator: SimulatedAccount | None = None) -> DeskLauncher:
    return DeskLauncher(
        Profile(root),
        clock=time.time,
        keychain=MemorySecretStore(),
        candidates=[],
        simulator=simulator,
    )


@pytest.fixture
def simulator_config() -> SimulatorConfig:
    return SimulatorConfig(
        access_token=secrets.token_urlsafe(24),
        app_secret=secrets.token_hex(16),
        sent_delay=0.05,
        delivered_delay=0.1,
        read_delay=0.2,
    )


async def join_colleague(owner: DeskLauncher, newcomer: DeskLauncher, name: str) -> None:
    desk = owner.desk
    assert desk is not None
    invite = await desk.invites.create(Role.MEMBER)
    address = str(owner.profile.read_config()["hub"])
    attempt = await newcomer.start_join(address, str(invite.code), name)
    _, sas = await asyncio.gather(desk.invites.next_request(invite, within=60), attempt.wait_sas())
    assert sas == desk.invites.sas(invite)  # the two people compare their screens
    await attempt.confirm()
    await asyncio.gather(desk.invites.confirm(invite, within=60), attempt.wait_added())


async def join_gateway(owner: DeskLauncher, hub_address: str, state_dir: Path) -> None:
    """`switchboard gateway join` in its own process; the test reads its SAS like a person."""
    desk = owner.desk
    assert desk is not None
    invite = await desk.invites.create(Role.GATEWAY)
    url, _, _pin = hub_address.partition("#")
    process = await start_process(
        "gateway",
        "join",
        "--hub",
        url,
        "--state-dir",
        str(state_dir),
        "--code-file",
        "-",
        stdin=True,
    )
    assert process.stdin is not None
    process.stdin.write(f"{invite.code}\ny\n".encode())
    await process.stdin.drain()
    process.stdin.close()
    try:
        await desk.invites.next_request(invite, within=90)
        digits = " ".join(str(d) for d in desk.invites.sas(invite).digits)
        await desk.invites.confirm(invite, within=90)
        out, err = await asyncio.wait_for(process.communicate(), 90)
    finally:
        await stop_process(process)
    assert process.returncode == 0, err.decode()[-2000:]
    assert digits in out.decode()  # the same digits on the gateway's terminal


async def test_from_nothing_to_a_team_that_survives_a_removal(
    tmp_path: Path, simulator_config: SimulatorConfig
) -> None:
    hub = await start_process("hub", "--data-dir", str(tmp_path / "hub"), "--port", "-1")
    simulator = CloudApiSimulator(simulator_config)
    await simulator.start()
    gateway: asyncio.subprocess.Process | None = None
    desks: list[DeskLauncher] = []
    try:
        address, setup_code = await read_hub_banner(hub)
        account = SimulatedAccount(
            graph_url=simulator.base_url,
            phone_number_id=simulator_config.phone_number_id,
            business_account_id=simulator_config.waba_id,
            access_token=simulator_config.access_token,
            app_secret=simulator_config.app_secret,
        )
        anna = launcher(tmp_path / "anna", account)
        desks.append(anna)
        await anna.probe()
        await anna.create_team("Nordlicht", "Anna", HubOnServer(address, setup_code))
        opened = await anna.open_desk()
        assert opened.team is not None

        state_dir = tmp_path / "gateway"
        await join_gateway(anna, address, state_dir)
        port = free_port()
        webhook = f"http://127.0.0.1:{port}/webhook"
        gateway = await start_process(
            "gateway",
            "run",
            "--state-dir",
            str(state_dir),
            "--port",
            str(port),
            "--public-url",
            webhook,
        )
        await opened.team.connect_number(Simulator())
        connection = await opened.team.number_connection()
        assert connection is not None
        await simulator.set_callback(connection.webhook_url, connection.verify_token)

        ben, carl = launcher(tmp_path / "ben"), launcher(tmp_path / "carl")
        desks += [ben, carl]
        for person, name in ((ben, "Ben"), (carl, "Carl")):
            await person.probe()
            await join_colleague(anna, person, name)
        sessions = [(await d.open_desk()).desk for d in (anna, ben, carl)]

        lena = simulator.add_customer("Lena", wa_id="4915112345678")
        await simulator.customer_sends_text(lena.user_id, "Is my sofa ready?")

        async def everyone_sees(count: int) -> bool:
            counts = [await s.queue_count(QueueView.UNASSIGNED) for s in sessions]
            return counts == [count] * len(sessions)

        await until_async(lambda: everyone_sees(1), within=60)
        ben_session = sessions[1]
        conversation = (await ben_session.queue_page(QueueView.UNASSIGNED, 0, 1))[0]
        await ben_session.claim(conversation.conversation_id)
        await ben_session.reply(conversation.conversation_id, "Yes, it is ready.")
        await until(lambda: len(simulator.received(lena.user_id)) == 1, timeout=60)

        # The owner removes Carl's device.
        carl_desk = carl.desk
        assert carl_desk is not None
        assert anna.desk is not None
        carl_keys = carl_desk.keys
        carl_seeds = await carl_desk.desk.replica.seeds()
        chain_before = anna.desk.writer.chain
        hub_url = address.partition("#")[0]
        await carl.close()
        desks.remove(carl)
        await opened.team.remove_device(carl_keys.device_id)

        async def carl_refused() -> bool:
            # The hub reloads its logins as soon as it has read the removal link.
            try:
                transport = await NatsTransport.connect(
                    hub_url,
                    team_id_hex=chain_before.team_id.hex(),
                    name="carl",
                    nkey_seed=carl_keys.hub_seed(),
                    connect_timeout=10,
                )
            except HubAccessDenied:
                return True
            await transport.close()
            return False

        await until_async(carl_refused, within=10)

        # Ben's desk reads the removal (a new epoch), as every remaining desk soon does.
        ben_desk = ben.desk
        assert ben_desk is not None
        await until(lambda: ben_desk.writer.chain.epoch == 2, timeout=30)
        # The others carry on: a new customer message and a reply after the removal.
        await simulator.customer_sends_text(lena.user_id, "Can you deliver on Friday?")
        await ben_session.reply(conversation.conversation_id, "Friday works.")
        await until(lambda: len(simulator.received(lena.user_id)) == 2, timeout=60)

        records = await whole_log(anna.desk.transport)
        removal = removal_seq(records, carl_keys.device_id)
        removal_link = parse_link(next(r.data for r in records if r.seq == removal)).seqno
        # "Published after the removal": sealed by an author who had seen the removal link.
        # An event sealed just before its author read that link (in flight) still names the
        # old epoch; crypto.md's grace rule accepts it, and it is not what removal protects.
        later = [
            r
            for r in records
            if r.seq > removal
            and not r.subject.endswith(".chain")
            and env.parse_envelope(r.data, team_id=chain_before.team_id).header.chain_seqno
            >= removal_link
        ]
        assert len(later) >= 2, "nothing sealed with the removal in view"
        results = read_as(carl_keys, carl_seeds, chain_before, records)
        for record in later:
            assert opened_event(results[record.seq]) is None, record.seq
        earlier_opened = [
            r
            for r in records
            if r.seq < removal
            and isinstance(results[r.seq], Accepted)
            and results[r.seq].event is not None  # type: ignore[union-attr]
        ]
        assert earlier_opened, "Carl's keys should still open what he had before"
    finally:
        for desk in reversed(desks):
            await desk.close()
        if gateway is not None:
            await stop_process(gateway)
        await simulator.stop()
        await stop_process(hub)
