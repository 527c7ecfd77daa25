"""The gateway joins like a person and an admin connects the number from the desk.

Real nats-server with logins, real SQLCipher replicas, the real handshake on both sides, the
real gateway and the Cloud API simulator on loopback; only Argon2id is made cheap. The access
token and app secret travel sealed to the gateway: the hub's files never hold them in clear.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import stat
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
import pytest_asyncio

from app.cli_args import UsageError
from app.crypto.enroll import Sas, argon2id_stretch
from app.desk.team import FoundedDesk, TeamDeskFactory
from app.domain.errors import (
    GatewayMissing,
    InviteCodeInvalid,
    NotPermitted,
    NumberSettingsRejected,
    SasMismatch,
)
from app.domain.ids import DeviceId
from app.domain.model import Direction, QueueView, Role
from app.gateway.identity import FILE_NAME, load_identity
from app.gateway.join import JoinPrompts, join_gateway, sas_lines
from app.gateway.runner import RunningGateway, start_from_state
from app.hub import Hub
from app.services.number_settings import NumberSettings, SimulatedAccount
from app.services.team_api import CloudApiSettings, Handshake, Simulator
from app.simulator.config import SimulatorConfig
from app.simulator.simulator import Simulator as CloudApiSimulator
from tests.helpers.team_desks import cheap_stretch
from tests.helpers.wait import until, until_async

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]


@pytest_asyncio.fixture
async def simulator() -> AsyncIterator[CloudApiSimulator]:
    sim = CloudApiSimulator(
        SimulatorConfig(access_token=secrets.token_urlsafe(24), app_secret=secrets.token_hex(16))
    )
    await sim.start()
    try:
        yield sim
    finally:
        await sim.stop()


async def founded(hub: Hub, factory: TeamDeskFactory) -> FoundedDesk:
    assert hub.setup_code is not None
    return await factory.found("Nordlicht", "Anna", setup_code=hub.setup_code)


async def join_as_gateway(
    hub: Hub, anna: FoundedDesk, state_dir: Path, *, match: bool = True
) -> list[str]:
    """Anna invites a gateway; `join_gateway` runs the gateway's side, comparing the SAS."""
    invite = await anna.invites.create(Role.GATEWAY)
    shown: list[str] = []
    seen: list[Sas] = []

    async def matches(sas: Sas) -> bool:
        seen.append(sas)
        shown.extend(sas_lines(sas))
        return match

    prompts = JoinPrompts(say=shown.append, matches=matches)
    joining = asyncio.create_task(
        join_gateway(
            hub.url,
            str(invite.code),
            state_dir,
            prompts,
            clock=time.time,
            tls_fingerprint=hub.tls_fingerprint,
            stretch=cheap_stretch,
            within=20,
        )
    )
    newcomer = await anna.invites.next_request(invite, within=20)
    assert newcomer.name == "WhatsApp gateway"
    await until(lambda: bool(seen) or joining.done(), timeout=20)
    if not match:
        with pytest.raises(SasMismatch):
            await anna.invites.confirm(invite, within=20)
        await joining
        return shown
    assert seen == [anna.invites.sas(invite)]
    await anna.invites.confirm(invite, within=20)
    await asyncio.wait_for(joining, 20)
    return shown


async def test_a_gateway_joins_gets_simulator_settings_and_carries_messages_both_ways(
    hub: Hub,
    factory: TeamDeskFactory,
    simulator: CloudApiSimulator,
    tmp_path: Path,
) -> None:
    anna = await founded(hub, factory)
    state_dir = tmp_path / "gateway"
    shown = await join_as_gateway(hub, anna, state_dir)
    assert len(shown[1].split()) >= 7  # the emoji line (names may be two words)
    assert all(len(group) == 4 for group in shown[3].split())  # 3 × 4 digits
    identity_file = state_dir / FILE_NAME
    assert stat.S_IMODE(identity_file.stat().st_mode) == 0o600
    identity = load_identity(state_dir, {})
    gateway_entry = anna.writer.chain.devices[identity.keys.device_id]
    assert gateway_entry.role is Role.GATEWAY
    assert (anna.writer.chain.epoch, identity.team_id) == (1, anna.writer.chain.team_id)

    running = await start_from_state(state_dir)
    try:
        await _connect_and_talk(anna, running, simulator)
    finally:
        await running.close()

    # A restart finds the settings in its own state: no admin needs to send them again.
    again = await start_from_state(state_dir)
    try:
        assert again.gateway.configured
        await again.gateway.wait_enrolled()
    finally:
        await again.close()

    # The token and the app secret never reached the hub in clear.
    secrets_ = (simulator.config.access_token.encode(), simulator.config.app_secret.encode())
    files = [p for p in (tmp_path / "hub").rglob("*") if p.is_file()]
    outbound = f"{identity.team_id.hex()}.out".encode()
    # The scan reads the stream's own files: their subjects are in clear, the payloads not.
    assert any(outbound in p.read_bytes() for p in files if "js" in p.parts)
    for path in files:
        data = path.read_bytes()
        for secret in secrets_:
            assert secret not in data, f"{path} holds a secret in clear"


async def _connect_and_talk(
    anna: FoundedDesk, running: RunningGateway, simulator: CloudApiSimulator
) -> None:
    gateway = running.gateway
    await gateway.wait_enrolled()
    assert not gateway.configured
    config = simulator.config
    number = NumberSettings(
        anna.keys.device_id,
        anna.desk.publisher,
        anna.desk.replica,
        lambda: anna.writer.chain,
        time.time,
        simulator=SimulatedAccount(
            graph_url=simulator.base_url,
            phone_number_id=config.phone_number_id,
            business_account_id=config.waba_id,
            access_token=config.access_token,
            app_secret=config.app_secret,
        ),
    )
    assert await number.number_connection() is None
    assert await _webhook_status(running.url) == (503, 503)  # no settings yet

    # Settings Meta refuses (here: the simulator, with a token it does not know) are rejected
    # and leave the gateway as it was.
    refusing = NumberSettings(
        anna.keys.device_id,
        anna.desk.publisher,
        anna.desk.replica,
        lambda: anna.writer.chain,
        time.time,
        graph_url=simulator.base_url,
    )
    wrong = CloudApiSettings(config.phone_number_id, config.waba_id, "expired", "s3cret")
    with pytest.raises(NumberSettingsRejected, match="access token"):
        await refusing.connect_number(wrong)
    assert not gateway.configured
    report = await number.last_report()
    assert report is not None
    assert (report.problem, report.error_code) == ("token_invalid", 190)

    await number.connect_number(Simulator())
    await gateway.wait_configured()
    connection = await number.number_connection()
    assert connection is not None
    assert connection.simulated
    assert connection.webhook_url == running.url
    assert connection.handshake is Handshake.WAITING
    assert connection.verify_token

    assert await _webhook_status(running.url, "wrong") == (403, 401)  # unsigned POST

    # The admin pastes URL and verify token into "Meta's" dashboard: the GET handshake.
    await simulator.set_callback(connection.webhook_url, connection.verify_token)

    lena = simulator.add_customer("Lena K", wa_id="4915112345678")
    await simulator.customer_sends_text(lena.user_id, "Is my order shipped?")
    session = anna.desk.session

    async def anna_sees_it() -> bool:
        return len(await session.queue_page(QueueView.UNASSIGNED, 0, 10)) == 1

    await until_async(anna_sees_it, within=20)
    conversation = (await session.queue_page(QueueView.UNASSIGNED, 0, 1))[0]
    assert conversation.last_text == "Is my order shipped?"
    await session.claim(conversation.conversation_id)
    await session.reply(conversation.conversation_id, "Yes, it left today.")
    await until(
        lambda: [m.text for m in simulator.received(lena.user_id)] == ["Yes, it left today."],
        timeout=20,
    )
    messages = await session.messages_page(conversation.conversation_id, None, 10)
    assert [m.direction for m in messages] == [Direction.INBOUND, Direction.OUTBOUND]

    async def connected() -> bool:
        now = await number.number_connection()
        return (
            now is not None
            and now.handshake is Handshake.SUCCEEDED
            and now.last_webhook_at is not None
            and now.number is not None
        )

    await until_async(connected, within=20)
    final = await number.number_connection()
    assert final is not None
    assert final.number is not None
    assert final.number.verified_name == config.verified_name
    assert final.last_webhook_at is not None
    assert abs(final.last_webhook_at - time.time()) < 120


async def _webhook_status(url: str, token: str = "t") -> tuple[int, int]:
    """(GET handshake, unsigned POST) answers of the webhook."""
    query = {"hub.mode": "subscribe", "hub.verify_token": token, "hub.challenge": "42"}
    async with aiohttp.ClientSession() as http:
        async with http.get(url, params=query) as answer:
            verify = answer.status
        async with http.post(url, data=b"{}") as answer:
            return verify, answer.status


async def test_only_an_admin_connects_and_only_to_a_gateway_on_the_chain(
    hub: Hub, factory: TeamDeskFactory
) -> None:
    anna = await founded(hub, factory)

    def settings_for(me: DeviceId) -> NumberSettings:
        return NumberSettings(
            me, anna.desk.publisher, anna.desk.replica, lambda: anna.writer.chain, time.time
        )

    cloud = CloudApiSettings("1", "2", "token", "secret")
    with pytest.raises(GatewayMissing):
        await settings_for(anna.keys.device_id).connect_number(cloud)
    with pytest.raises(NotPermitted):
        await settings_for(DeviceId(b"x" * 16)).connect_number(cloud)
    assert await settings_for(anna.keys.device_id).number_connection() is None


async def test_emoji_that_differ_add_nobody_and_burn_the_invite(
    hub: Hub, factory: TeamDeskFactory, tmp_path: Path
) -> None:
    anna = await founded(hub, factory)
    state_dir = tmp_path / "gateway"
    with pytest.raises(SasMismatch):
        await join_as_gateway(hub, anna, state_dir, match=False)
    assert not (state_dir / FILE_NAME).exists()
    assert not any(e.role is Role.GATEWAY for e in anna.writer.chain.devices.values())


async def test_a_member_invite_is_no_gateway_invite(
    hub: Hub, factory: TeamDeskFactory, tmp_path: Path
) -> None:
    anna = await founded(hub, factory)
    invite = await anna.invites.create(Role.MEMBER)

    async def never(sas: Sas) -> bool:
        raise AssertionError("no SAS for a member invite")

    with pytest.raises(InviteCodeInvalid, match="member"):
        await join_gateway(
            hub.url,
            str(invite.code),
            tmp_path / "gateway",
            JoinPrompts(say=lambda line: None, matches=never),
            clock=time.time,
            tls_fingerprint=hub.tls_fingerprint,
            stretch=cheap_stretch,
        )
    with pytest.raises(UsageError, match="gateway join"):
        await start_from_state(tmp_path / "gateway")


async def test_the_cli_joins_with_the_code_on_stdin_and_y(
    hub: Hub, factory: TeamDeskFactory, tmp_path: Path
) -> None:
    """`switchboard gateway join` in a real process: code and 'y' on stdin, the SAS printed.

    The process runs the real Argon2id, so the invite is made with it too.
    """
    factory.stretch = argon2id_stretch
    anna = await founded(hub, factory)
    invite = await anna.invites.create(Role.GATEWAY)
    state_dir = tmp_path / "gateway"
    argv = [sys.executable, "-m", "app", "gateway", "join", "--hub", hub.url]
    argv += ["--state-dir", str(state_dir), "--code-file", "-"]
    if hub.tls_fingerprint is not None:
        argv += ["--tls-fingerprint", hub.tls_fingerprint.hex()]
    process = await asyncio.create_subprocess_exec(
        *argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert process.stdin is not None
    process.stdin.write(f"{invite.code}\ny\n".encode())
    await process.stdin.drain()
    process.stdin.close()
    try:
        await anna.invites.next_request(invite, within=60)
        sas = anna.invites.sas(invite)
        await anna.invites.confirm(invite, within=60)
        out, err = await asyncio.wait_for(process.communicate(), 60)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    text = out.decode()
    assert process.returncode == 0, err.decode()[-2000:]
    for line in sas_lines(sas):  # the admin's SAS, emoji with names and digits, on the terminal
        assert line in text
    assert "Do they match the admin's screen? [y/N]" in text
    assert "Joined." in text
    identity = load_identity(state_dir, {})
    assert identity.keys.device_id in anna.writer.chain.devices
