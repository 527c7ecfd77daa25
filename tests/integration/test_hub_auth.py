"""The hub lets in only the team's devices (team-setup.md §4), against a real nats-server.

Founding with the setup code, logins per device from the validated chain, permissions per role,
removal cutting a live connection, restart, and TLS with a pinned certificate.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import stat
import time
from collections.abc import AsyncIterator
from pathlib import Path

import nats.errors
import pytest
import pytest_asyncio

from app.crypto.chain import invite_create
from app.crypto.enroll import InviteKeys
from app.crypto.keys import generate_device_keys
from app.domain.model import Role
from app.hub import Hub, HubConfig, run_standalone
from app.hub.tls import cert_fingerprint, display_fingerprint, ensure_self_signed
from app.sync.hub_client import ask_team
from app.sync.nats_transport import NatsTransport
from app.sync.transport import HubAccessDenied, HubIdentityMismatch, chain_subject
from tests.helpers.hub import Collector, running_hub
from tests.helpers.hub_team import Team, found, link_one, raw_client, setup_login
from tests.helpers.wait import until

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture
async def hub(tmp_path: Path) -> AsyncIterator[Hub]:
    async with running_hub(tmp_path, auth=True) as running:
        yield running


async def _denied(nc: object, errors: list[str], subject: str) -> None:
    """A request to ``subject`` is refused by the server's permissions, not merely unanswered."""
    errors.clear()
    with pytest.raises(nats.errors.Error):  # no reply ever comes: the server drops it
        await nc.request(subject, b"x", timeout=0.5)  # type: ignore[attr-defined]
    await until(lambda: any("permissions violation" in e.lower() for e in errors), timeout=5)
    assert f'"{subject.lower()}"' in errors[-1].lower()


async def test_anonymous_and_unknown_logins_are_refused(hub: Hub) -> None:
    team = os.urandom(16).hex()
    with pytest.raises(HubAccessDenied, match="authorization violation"):
        await NatsTransport.connect(hub.url, team_id_hex=team, name="anon", connect_timeout=5)
    with pytest.raises(HubAccessDenied):
        await NatsTransport.connect(
            hub.url, team_id_hex=team, name="x", nkey_seed=os.urandom(32), connect_timeout=5
        )


async def test_the_service_key_is_private_and_the_code_never_stored(
    hub: Hub, tmp_path: Path
) -> None:
    data = tmp_path / "hub"
    assert stat.S_IMODE((data / "service.nk").stat().st_mode) == 0o600
    assert stat.S_IMODE((data / "auth.conf").stat().st_mode) == 0o600
    code = hub.setup_code
    assert code is not None
    for path in data.rglob("*"):
        if path.is_file():
            assert code.encode() not in path.read_bytes(), path


async def test_the_setup_user_may_only_found_the_team(hub: Hub, tmp_path: Path) -> None:
    errors: list[str] = []
    nc = await raw_client(hub, setup_login(hub), errors)
    try:
        await _denied(nc, errors, "sbhub.info")
        await _denied(nc, errors, "$JS.API.STREAM.CREATE.SB_x")
        assert (await nc.request("sbhub.found", b"not a link", timeout=5)).data == (
            b"error: invalid link"
        )
        root = generate_device_keys()
        link, _seed, state = link_one(root)

        assert (await nc.request("sbhub.found", link, timeout=10)).data == b"ok"

        # The setup user is gone with the reload: its connection drops, and it cannot return.
        await until(lambda: not nc.is_connected, timeout=5)
    finally:
        await nc.close()
    with pytest.raises(nats.errors.Error, match="Authorization Violation"):
        await raw_client(hub, setup_login(hub) if hub.setup_code else os.urandom(32))
    assert hub.setup_code is None
    team = bytes(state.team_id).hex()
    bound = json.loads((tmp_path / "hub" / "team.json").read_text())
    assert bound == {"team_id": team, "fingerprint": state.pinned_fingerprint.hex()}

    # Only link 1 is stored, with the root admitted: it reads it back with its hub key.
    team_ = Team(hub, root, state, _seed)
    transport = await team_.connect(root)
    try:
        await transport.ensure_stream()  # looked up, not created
        record = await transport.last_on_subject(chain_subject(team))
        assert record is not None
        assert (record.seq, record.data) == (1, link)
    finally:
        await transport.close()


async def test_sbhub_info_names_the_team_for_any_device(hub: Hub) -> None:
    team = await found(hub)
    nc = await raw_client(hub, team.root.hub_seed())
    try:
        assert (await nc.request("sbhub.info", b"", timeout=5)).data == team.hex.encode()
    finally:
        await nc.close()


async def test_a_member_cannot_write_the_chain_and_the_gateway_only_inbound(hub: Hub) -> None:
    team = await found(hub)
    member = await team.enroll(Role.MEMBER, "ben")
    gateway = await team.enroll(Role.GATEWAY, "gateway")
    t = team.hex
    for keys, denied in [
        (member, [f"sb.{t}.chain", f"sb.{t}.in", f"sb.{t}.join.{'00' * 16}"]),
        (gateway, [f"sb.{t}.chain", f"sb.{t}.ev.abcd", f"sb.{t}.out"]),
    ]:
        errors: list[str] = []
        nc = await raw_client(hub, keys.hub_seed(), errors)
        try:
            for subject in denied:
                await _denied(nc, errors, subject)
            await _denied(nc, errors, f"$JS.API.STREAM.DELETE.SB_{t}")
            await _denied(nc, errors, "sbhub.found")
        finally:
            await nc.close()


async def test_an_invite_may_publish_only_its_join_subject(hub: Hub) -> None:
    team = await found(hub)
    invite = InviteKeys.unshared()
    now = int(time.time())
    await team.append(
        invite_create(
            team.state,
            team.root,
            invite=invite.public(),
            role=Role.MEMBER,
            expires_at=now + 3600,
            created_at=now,
        )
    )
    seed = invite.hub.private_bytes_raw()
    join = f"sb.{team.hex}.join.{invite.invite_id.hex()}"
    transport = await NatsTransport.connect(
        hub.url, team_id_hex=team.hex, name="joiner", nkey_seed=seed, connect_timeout=5
    )
    try:
        ack = await transport.publish(join, b"request", msg_id="j1")
        assert ack.seq == 1  # the first message of the join stream
        links = Collector()
        follower = transport.follow(1, links, subjects=[chain_subject(team.hex)])
        await until(lambda: len(links.records) == 2, timeout=10)  # create_team, invite_create
        await follower.stop()
        answers = Collector()
        follower = transport.follow(1, answers, subjects=[join])
        await until(lambda: [r.data for r in answers.records] == [b"request"], timeout=10)
        await follower.stop()
    finally:
        await transport.close()
    errors: list[str] = []
    nc = await raw_client(hub, seed, errors)
    try:
        assert (await nc.request("sbhub.info", b"", timeout=5)).data == team.hex.encode()
        for subject in [
            f"sb.{team.hex}.join.{'00' * 16}",
            f"sb.{team.hex}.ev.abcd",
            f"sb.{team.hex}.chain",
            f"$JS.API.STREAM.MSG.GET.SB_{team.hex}",
            f"$JS.API.CONSUMER.CREATE.SB_{team.hex}.c1",  # no filter: the whole stream
            f"$JS.API.CONSUMER.CREATE.SB_{team.hex}.c1.sb.{team.hex}.>",
            f"$JS.API.CONSUMER.CREATE.SB_{team.hex}_join.c1.sb.{team.hex}.join.*",
        ]:
            await _denied(nc, errors, subject)
    finally:
        await nc.close()


async def test_removing_a_device_cuts_its_connection_and_refuses_the_next(hub: Hub) -> None:
    team = await found(hub)
    member = await team.enroll(Role.MEMBER, "ben")
    transport = await team.connect(member, "ben")
    try:
        assert transport._nc.is_connected
        await team.remove(member)

        await until(lambda: not transport._nc.is_connected, timeout=5)
        await until(lambda: isinstance(transport.refusal, HubAccessDenied), timeout=10)
    finally:
        await transport.close()
    with pytest.raises(HubAccessDenied):
        await team.connect(member)
    still = await team.connect(team.root)  # the admin is unaffected
    await still.close()


async def test_a_restarted_hub_resumes_its_team_and_users(tmp_path: Path) -> None:
    async with running_hub(tmp_path, auth=True) as first:
        team = await found(first)
        member = await team.enroll(Role.MEMBER, "ben")
        await team.remove(await team.enroll(Role.MEMBER, "cay"))
        head = team.state.head_seqno
    log = tmp_path / "hub" / "server.log"
    offset = log.stat().st_size

    async with running_hub(tmp_path, auth=True) as again:
        service = again.service
        assert service is not None
        assert again.setup_code is None
        assert service.team_hex == team.hex
        await until(lambda: service.users_at == head, timeout=10)
        # The replay passed through "cay is in" without ever loading it: no reload at all.
        assert "Reloaded" not in log.read_text()[offset:]
        team.hub = again
        for keys in (team.root, member):
            transport = await team.connect(keys)
            await transport.close()
        await team.remove(member)  # and it keeps following the chain
        with pytest.raises(HubAccessDenied):
            await team.connect(member)


async def test_tls_with_the_self_signed_certificate_and_a_pin(tmp_path: Path) -> None:
    async with running_hub(tmp_path, auth=True, tls=True) as hub:
        fingerprint = hub.tls_fingerprint
        assert fingerprint is not None
        assert stat.S_IMODE((tmp_path / "hub" / "tls" / "key.pem").stat().st_mode) == 0o600
        team = await found(hub)

        transport = await team.connect(team.root)
        await transport.close()
        with pytest.raises(HubIdentityMismatch, match="pinned fingerprint"):
            await NatsTransport.connect(
                hub.url,
                team_id_hex=team.hex,
                name="root",
                nkey_seed=team.root.hub_seed(),
                tls_fingerprint=bytes(32),
                connect_timeout=5,
            )


async def test_asking_a_hub_whose_certificate_is_not_the_pinned_one_ends_with_that(
    tmp_path: Path,
) -> None:
    """What "Create a team", "Join a team" and `gateway join` ask first: it used to hang in
    closing the refused connection, so the desk waited without end."""
    async with running_hub(tmp_path, auth=True, tls=True) as hub:
        with pytest.raises(HubIdentityMismatch, match="pinned fingerprint"):
            await ask_team(hub.url, nkey_seed=None, tls_fingerprint=bytes(32), within=5)
        with pytest.raises(HubIdentityMismatch, match="TLS with the hub failed"):
            await ask_team(hub.url, nkey_seed=None, tls_fingerprint=None, within=5)


async def test_an_operator_certificate_is_used_as_given(tmp_path: Path) -> None:
    cert, key = ensure_self_signed(tmp_path / "operator", "127.0.0.1")
    config = HubConfig(data_dir=tmp_path / "hub", auth=True, tls_cert=cert, tls_key=key)
    async with Hub(config) as hub:
        assert hub.tls_fingerprint == cert_fingerprint(cert)
        assert not (tmp_path / "hub" / "tls").exists()
        await found(hub)


async def test_standalone_prints_url_pin_and_setup_code_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    stop = asyncio.Event()
    config = HubConfig(data_dir=tmp_path / "hub", port=-1, auth=True, tls=True)
    running = asyncio.create_task(run_standalone(config, stop))
    out: list[str] = []  # pieces as printed: a read may end inside a line

    def printed_code() -> bool:  # the last line
        out.append(capsys.readouterr().out)
        return "setup code: " in "".join(out) and "".join(out).endswith("\n")

    await until(printed_code, 10)
    stop.set()
    await running

    url, *rest = "".join(out).splitlines()
    assert url.startswith(("nats://", "tls://"))
    fingerprint = cert_fingerprint(tmp_path / "hub" / "tls" / "cert.pem")
    assert f"certificate SHA-256: {display_fingerprint(fingerprint)}" in rest
    (code,) = [line for line in rest if line.startswith("setup code: ")]
    assert code.removeprefix("setup code: ") not in caplog.text


async def test_an_invalid_link_freezes_the_users_and_is_logged_without_its_bytes(
    hub: Hub, caplog: pytest.LogCaptureFixture
) -> None:
    team = await found(hub)
    service = hub.service
    assert service is not None
    users_before = (auth_file := hub.store_dir.parent / "auth.conf").read_bytes()
    canary = b"CANARY-" + os.urandom(8).hex().encode()
    root = await team.connect(team.root, "root")
    try:
        await root.publish(
            chain_subject(team.hex), canary, msg_id="bad", expected_last_subject_seq=1
        )
        await until(lambda: service.frozen, timeout=10)
    finally:
        await root.close()

    assert "hub users frozen" in caplog.text
    assert canary.decode() not in caplog.text
    assert auth_file.read_bytes() == users_before
    still = await team.connect(team.root)  # nobody was cut off either
    await still.close()


async def test_the_service_keeps_following_after_the_server_was_killed(tmp_path: Path) -> None:
    async with running_hub(tmp_path, auth=True, restart_backoff=0.05) as hub:
        team = await found(hub)
        pid = hub.pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        await until(lambda: hub.restarts == 1 and hub.running, timeout=10)

        member = await team.enroll(Role.MEMBER, "ben")  # waits for the service's users

        transport = await team.connect(member)
        await transport.close()


async def test_a_lost_service_key_is_replaced_and_the_team_restored(tmp_path: Path) -> None:
    async with running_hub(tmp_path, auth=True) as hub:
        team = await found(hub)
    (tmp_path / "hub" / "service.nk").unlink()

    async with running_hub(tmp_path, auth=True) as again:
        service = again.service
        assert service is not None
        await until(lambda: service.users_at == team.state.head_seqno, timeout=10)
        team.hub = again
        transport = await team.connect(team.root)
        await transport.close()


async def test_founding_again_is_ok_for_the_same_team_only(hub: Hub) -> None:
    root = generate_device_keys()
    link, _seed, _state = link_one(root)
    setup = await raw_client(hub, setup_login(hub))
    try:
        assert (await setup.request("sbhub.found", link, timeout=10)).data == b"ok"
    finally:
        await setup.close()
    service = hub.service
    assert service is not None
    await until(lambda: service.setup_closed, timeout=10)
    # Only the setup user may ask, and it is gone; the hub's own login stands in for a
    # founder whose first answer was lost.
    nc = await raw_client(hub, service.seed)
    try:
        assert (await nc.request("sbhub.found", link, timeout=10)).data == b"ok"
        other, _, _ = link_one(generate_device_keys())
        assert (await nc.request("sbhub.found", other, timeout=10)).data == b"error: bound"
        assert (await nc.request("sbhub.found", b"junk", timeout=10)).data == b"error: bound"
    finally:
        await nc.close()
