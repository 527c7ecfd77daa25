"""Removing a device from a team on a real authenticated hub, and rotating the team key.

Anna founds the team, Ben and Carl join by invite code and SAS through Anna's `TeamAdmin`, and a
gateway is added the root's way (`SasStatus.SKIPPED`; it seals inbound events exactly as the
real gateway does). Then Anna removes Carl's device. The test checks the hub's door (Carl's
connection is cut, his hub key refused), the cryptography on the raw stream (nothing published
after the removal opens with anything Carl held, while what came before still does), that the
remaining desks carry on, the roster, a manual rotation, and who may do what.

Real nats-server with logins, real SQLCipher replicas, the real handshake; only Argon2id is made
cheap.
"""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass, field

import pytest

from app.crypto import envelope as env
from app.crypto.chain import ChainState
from app.crypto.chain.boxes import open_box
from app.crypto.header import SEALED_TYPES, EventType
from app.crypto.primitives import aead_open
from app.desk.team import TeamDesk, TeamDeskFactory
from app.domain.errors import EnvelopeRejected, LastAdmin, NotPermitted
from app.domain.ids import ConversationId, DeviceId
from app.domain.model import Direction, QueueView, Role
from app.hub import Hub
from app.services.team_api import TeamChange
from app.sync.nats_transport import NatsTransport
from app.sync.protocol import Keyring
from app.sync.transport import HubAccessDenied, LogRecord
from tests.helpers.raw_log import opened, read_as, removal_seq, whole_log
from tests.helpers.team_desks import Gateway, add_gateway, enroll
from tests.helpers.wait import until, until_async

pytestmark = [pytest.mark.asyncio, pytest.mark.slow, pytest.mark.timeout(300)]


async def conversation_of(desk: TeamDesk, customer: str) -> ConversationId | None:
    for row in await desk.desk.session.queue_page(QueueView.ALL_OPEN, 0, 50):
        if row.customer_name == customer:
            return row.conversation_id
    return None


async def assignee(desk: TeamDesk, conversation: ConversationId) -> DeviceId | None:
    detail = await desk.desk.session.conversation(conversation)
    return None if detail is None else detail.assignee


async def replies_by(desk: TeamDesk, conversation: ConversationId, author: DeviceId) -> list[str]:
    messages = await desk.desk.session.messages_page(conversation, None, 50)
    return [m.text for m in messages if m.direction is Direction.OUTBOUND and m.author == author]


async def test_a_removed_device_is_cut_off_and_reads_nothing_published_after(
    hub: Hub, factory: TeamDeskFactory
) -> None:
    assert hub.setup_code is not None
    anna = await factory.found("Nordlicht", "Anna", setup_code=hub.setup_code)
    ben = await enroll(hub, anna, factory, "Ben", Role.MEMBER)
    carl = await enroll(hub, anna, factory, "Carl", Role.MEMBER)
    gateway = await add_gateway(anna, hub)
    team = Scene(hub, factory, anna, ben, carl, gateway)
    anna.admin.subscribe(team.heard.append)
    try:
        c1 = await team.before_the_removal()
        carl_seeds = await team.remove_carl()
        c2 = await team.after_the_removal(c1)
        await team.check_the_raw_stream(carl_seeds)
        await team.rotate(c1, c2)
        await team.check_who_may_do_what()
    finally:
        await gateway.transport.close()


@dataclass
class Scene:
    """The team of the test, and its steps in order."""

    hub: Hub
    factory: TeamDeskFactory
    anna: TeamDesk
    ben: TeamDesk
    carl: TeamDesk
    gateway: Gateway
    heard: list[TeamChange] = field(default_factory=list)
    removal_head: int = 0

    async def before_the_removal(self) -> ConversationId:
        """Everyone reads Lena's message and Ben's claim; the roster has three people."""
        anna, ben, carl = self.anna, self.ben, self.carl
        await self.gateway.customer_writes(anna.writer.chain, "Lena", "Is my order shipped?")
        await until_async(lambda: _all_see(("Lena",), anna, ben, carl), within=20)
        c1 = await _conversation(ben, "Lena")
        await ben.desk.session.claim(c1)
        await until_async(lambda: _is(assignee(carl, c1), ben.keys.device_id), within=20)
        roster = await anna.admin.roster()
        assert [p.name for p in roster.people] == ["Anna", "Ben", "Carl"]
        assert [g.device_id for g in roster.gateways] == [self.gateway.keys.device_id]
        assert roster.key_epoch == 1
        assert roster.my_role is Role.ADMIN
        with pytest.raises(NotPermitted):  # (f) a member removes nobody
            await ben.admin.remove_device(carl.keys.device_id)
        return c1

    async def remove_carl(self) -> dict[int, bytes]:
        """(a) the hub's door closes on Carl, (d) Anna's roster; returns the seeds Carl held."""
        anna, carl = self.anna, self.carl
        carl_transport = carl.transport
        assert carl_transport._nc.is_connected
        self.heard.clear()
        await anna.admin.remove_device(carl.keys.device_id)
        self.removal_head = anna.writer.chain.head_seqno

        await until(lambda: not carl_transport._nc.is_connected, timeout=10)
        await until(lambda: isinstance(carl_transport.refusal, HubAccessDenied), timeout=15)
        carl_seeds = await carl.desk.replica.seeds()
        assert sorted(carl_seeds) == [1]
        assert sorted(carl.desk.engine.reader.keyring.epochs) == [1]
        # His desk would only retry the door from here on (and nats-py leaks the socket of
        # every refused retry): close it now.
        self.factory.desks.remove(carl)
        await carl.close()
        with pytest.raises(HubAccessDenied):
            await NatsTransport.connect(
                self.hub.url,
                team_id_hex=anna.writer.chain.team_id.hex(),
                name="carl-again",
                nkey_seed=carl.keys.hub_seed(),
                tls_fingerprint=self.hub.tls_fingerprint,
                connect_timeout=5,
            )

        roster = await anna.admin.roster()
        assert [p.name for p in roster.people] == ["Anna", "Ben"]
        assert carl.keys.device_id not in {d.device_id for p in roster.people for d in p.devices}
        assert roster.key_epoch == 2
        by_name = {p.name: p for p in roster.people}
        assert by_name["Ben"].devices[0].last_seen is not None  # his claim
        assert roster.gateways[0].last_seen is not None  # Lena's message
        assert TeamChange.ROSTER in self.heard
        return carl_seeds

    async def after_the_removal(self, c1: ConversationId) -> ConversationId:
        """(c) Anna and Ben write after the removal and read each other."""
        anna, ben = self.anna, self.ben
        await until(lambda: ben.desk.engine.reader.chain.epoch == 2, timeout=15)
        await self.gateway.customer_writes(anna.writer.chain, "Max", "Do you deliver on Sundays?")
        await until_async(lambda: _all_see(("Max",), anna, ben), within=20)
        c2 = await _conversation(anna, "Max")
        await anna.desk.session.claim(c2)
        await ben.desk.session.reply(c1, "Yes, it left today.")
        await until_async(lambda: _is(assignee(ben, c2), anna.keys.device_id), within=20)
        await until_async(
            lambda: _is(replies_by(anna, c1, ben.keys.device_id), ["Yes, it left today."]),
            within=20,
        )
        return c2

    async def check_the_raw_stream(self, carl_seeds: dict[int, bytes]) -> None:
        """(b) nothing published after the removal opens with what Carl held; before, it does."""
        anna, carl = self.anna, self.carl
        await anna.desk.caught_up()
        chain = anna.writer.chain
        records = await whole_log(anna.transport)
        removal_at = removal_seq(records, carl.keys.device_id)
        envelopes = [r for r in records if r.subject != _chain(anna)]
        after = [r for r in envelopes if r.seq > removal_at]
        before = [r for r in envelopes if r.seq < removal_at]
        as_anna = read_as(anna.keys, await anna.desk.replica.seeds(), chain, records)
        as_carl = read_as(carl.keys, carl_seeds, chain, records)

        kinds_after = [type(opened(as_anna[r.seq])).__name__ for r in after]
        assert {"CustomerMessage", "Claim", "Reply"} <= set(kinds_after), kinds_after
        assert any(r.subject.endswith(".out") for r in after)  # the request to the gateway too
        for record in after:
            assert opened(as_carl[record.seq]) is None, record.seq
            _carl_cannot_open(record, carl, carl_seeds, chain)
            header = env.parse_envelope(record.data, team_id=chain.team_id).header
            assert header.epoch == 2, record.seq
            assert header.chain_seqno >= self.removal_head, record.seq
        kinds_before = {type(opened(as_carl[r.seq])).__name__ for r in before}
        assert {"CustomerMessage", "Claim"} <= kinds_before  # Carl keeps what he had
        _carl_has_no_box(carl, chain)

    async def rotate(self, c1: ConversationId, c2: ConversationId) -> None:
        """(e) a manual rotation: epoch 3, the writers seal under it, both desks read on."""
        anna, ben = self.anna, self.ben
        self.heard.clear()
        await anna.admin.rotate_keys()
        assert (await anna.admin.roster()).key_epoch == 3
        assert TeamChange.ROSTER in self.heard
        await until(lambda: ben.desk.engine.reader.chain.epoch == 3, timeout=15)
        rotated = anna.writer.chain.head_seqno
        await self.gateway.customer_writes(anna.writer.chain, "Max", "And on Saturdays?")
        await until_async(lambda: _count_inbound(ben, c2, 2), within=20)
        await anna.desk.session.reply(c2, "Saturdays too.")
        await ben.desk.session.reply(c1, "Tracking number follows.")
        await until_async(
            lambda: _is(replies_by(ben, c2, anna.keys.device_id), ["Saturdays too."]), within=20
        )
        both = ["Yes, it left today.", "Tracking number follows."]
        await until_async(lambda: _is(replies_by(anna, c1, ben.keys.device_id), both), within=20)
        await anna.desk.caught_up()
        for record in await whole_log(anna.transport):
            if record.subject == _chain(anna):
                continue
            header = env.parse_envelope(record.data, team_id=anna.writer.chain.team_id).header
            if header.chain_seqno >= rotated:
                assert header.epoch == 3, record.seq
        for desk in (anna, ben):
            assert desk.desk.engine.refused == 0
            assert desk.desk.engine.unreadable == 0

    async def check_who_may_do_what(self) -> None:
        """(f) members rotate nothing; the last admin device or person cannot be removed."""
        anna, ben = self.anna, self.ben
        head = anna.writer.chain.head_seqno
        with pytest.raises(NotPermitted):
            await ben.admin.rotate_keys()
        with pytest.raises(LastAdmin):
            await anna.admin.remove_device(anna.keys.device_id)
        me = next(p for p in (await anna.admin.roster()).people if p.is_me)
        with pytest.raises(LastAdmin):
            await anna.admin.remove_person(me.person_id)
        assert anna.writer.chain.head_seqno == head  # nothing was published


async def _all_see(customers: tuple[str, ...], *desks: TeamDesk) -> bool:
    for desk in desks:
        for customer in customers:
            if await conversation_of(desk, customer) is None:
                return False
    return True


async def _conversation(desk: TeamDesk, customer: str) -> ConversationId:
    found = await conversation_of(desk, customer)
    assert found is not None
    return found


def _carl_cannot_open(
    record: LogRecord, carl: TeamDesk, seeds: dict[int, bytes], chain: ChainState
) -> None:
    """Every key Carl held, tried on one envelope directly (not only through his reader)."""
    parsed = env.parse_envelope(record.data, team_id=chain.team_id)
    header = parsed.header
    author = chain.devices[header.author]
    verified = env.verify_signature(parsed, author.keys.sig)
    keyring = Keyring(chain.team_id)
    for n, seed in seeds.items():
        keyring.add_seed(n, seed)
    for secrets in keyring.epochs.values():
        if header.event_type is EventType.MEMBER:
            with pytest.raises(EnvelopeRejected):
                env.open_member_event(verified, secrets)
            # Past the API's epoch check: the event key of Carl's epoch does not open it.
            key = secrets.event_key(header.event_id)
            assert aead_open(key, header.nonce, verified.body, verified.header_bytes) is None
        elif header.event_type is EventType.KEYED_GATEWAY:
            # Under a sender key of an epoch Carl has no seed of; the key's own type-6
            # envelope is one of these records, and no seed of Carl's opens it (below).
            assert header.epoch not in seeds
        else:
            with pytest.raises(EnvelopeRejected):
                env.open_sealed(verified, secrets.inbound_kem)
    if header.event_type in SEALED_TYPES:
        with pytest.raises(EnvelopeRejected):
            env.open_sealed(verified, carl.keys.kem)


def _carl_has_no_box(carl: TeamDesk, chain: ChainState) -> None:
    """No box of epoch 2 or later is Carl's, and none opens with his device key."""
    later = [(n, device, box) for (n, device), box in chain.boxes.items() if n >= 2]
    assert later
    for n, device, box in later:
        assert device != carl.keys.device_id
        seed = open_box(
            box.box, carl.keys, team_id=chain.team_id, n=n, prev_link_hash=box.prev_link_hash
        )
        assert seed is None


def _chain(desk: TeamDesk) -> str:
    return desk.desk.engine.reader.subjects.chain


async def _is(value: Awaitable[object], expected: object) -> bool:
    return await value == expected


_eq = _is


async def _count_inbound(desk: TeamDesk, conversation: ConversationId, count: int) -> bool:
    messages = await desk.desk.session.messages_page(conversation, None, 50)
    return sum(m.direction is Direction.INBOUND for m in messages) == count
