"""The gateway against a hostile hub: local processes that write to its subjects, a hub that
deletes its newest records or its sent-log and replays old requests (crypto.md §3.7, §3.9).

A real nats-server; the intruder is just another client of it. Each attack must leave inbound
delivery and replies working, never make a reply go out twice or an `author_seq` be reused, and
be reported: a stats counter and a warning naming the kind of attack.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import io
import itertools
import json
import logging
import shutil
from collections.abc import AsyncIterator

import aiohttp
import pytest

from app.crypto.envelope import parse_envelope, verify_signature
from app.demo.stack import DemoStack
from app.domain.content import Text
from app.domain.errors import EnvelopeRejected
from app.domain.ids import ConversationId, CustomerId, Wamid
from app.domain.model import DeliveryStatus, Direction
from app.domain.send_codes import NETWORK_ERROR
from app.gateway.inbound import read_subject
from app.gateway.state import GatewayState, SendState, SentEntry
from app.log.events import CustomerMessage
from app.sync.nats_transport import NatsTransport
from app.sync.transport import LogRecord, inbound_subject, outbound_subject
from tests.helpers.stack import customer_claimed_by
from tests.helpers.wait import until, until_async

pytestmark = pytest.mark.slow

_ids = itertools.count(1)
CANARY = "c4n4ry-5e1f0b9d7a"


@contextlib.asynccontextmanager
async def intruder(stack: DemoStack) -> AsyncIterator[NatsTransport]:
    """The hub itself turned hostile: its operator's login, no keys of the team."""
    transport = await stack.hub_transport()
    try:
        yield transport
    finally:
        await transport.close()


async def raw_publish(transport: NatsTransport, subject: str, data: bytes) -> int:
    """Store `data` on `subject` as is: no message id, no expected sequence."""
    ack = await transport._js.publish(subject, data, stream=transport._stream)
    return int(ack.seq)


async def delete(transport: NatsTransport, seq: int) -> None:
    assert await transport._js.delete_msg(transport._stream, seq)


async def customer_writes(stack: DemoStack) -> int:
    """A signed webhook with one new customer message; the gateway's HTTP status."""
    n = next(_ids)
    wa_id, user = f"49151{n:07d}", f"DE.77{n:07d}"
    message: dict[str, object] = {"from": wa_id, "from_user_id": user, "id": f"wamid.HOST{n}"}
    message |= {"timestamp": "1767225600", "type": "text", "text": {"body": f"{CANARY} {n}"}}
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "4930555000", "phone_number_id": "770000000000001"},
        "contacts": [{"profile": {"name": "Test"}, "wa_id": wa_id, "user_id": user}],
        "messages": [message],
    }
    change = {"field": "messages", "value": value}
    body = {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [change]}]}
    raw = json.dumps(body).encode()
    mac = hmac.new(stack.app_secret.encode(), raw, hashlib.sha256).hexdigest()
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": f"sha256={mac}"}
    async with (
        aiohttp.ClientSession() as session,
        session.post(stack.callback_url, data=io.BytesIO(raw), headers=headers) as response,
    ):
        return response.status


async def number_published(stack: DemoStack) -> None:
    """Wait for the gateway's own first record (the number's status, published at start), so
    that "the newest record on `.in`" means the same to the test and the gateway."""
    await until(lambda: stack.gateway is not None and stack.gateway._number is not None, 10)


async def inbound_on_every_desk(stack: DemoStack, count: int) -> None:
    async def applied() -> bool:
        stats = [await d.replica.stats() for d in stack.desks.values()]
        return [s.inbound_messages for s in stats] == [count] * len(stats)

    await until_async(applied, within=15)


async def newest_inbound(transport: NatsTransport, stack: DemoStack) -> LogRecord:
    assert stack.team is not None
    for desk in stack.desks.values():
        await desk.engine.caught_up()
    last = await transport.last_on_subject(inbound_subject(stack.team.team_id.hex()))
    assert last is not None
    return last


def author_seq(record: LogRecord) -> int:
    return parse_envelope(record.data).header.author_seq


async def gateway_seqs(transport: NatsTransport, stack: DemoStack) -> list[int]:
    """The author seqs of the distinct envelopes on `.in` that the gateway really signed."""
    assert stack.team is not None
    records, _ = await read_subject(transport, inbound_subject(stack.team.team_id.hex()), 1)
    seqs: dict[bytes, int] = {}
    for record in records:
        try:
            parsed = parse_envelope(record.data, team_id=stack.team.team_id)
            verify_signature(parsed, stack.team.gateway.public().sig)
        except EnvelopeRejected:
            continue
        seqs[record.data] = parsed.header.author_seq
    return list(seqs.values())


def desks_follow_the_gateway(stack: DemoStack) -> bool:
    """Every desk's view of the gateway's chain ends where the gateway's own does."""
    assert stack.gateway is not None
    gateway = stack.gateway._log
    heads = [d.engine.reader.heads.get(gateway.keys.device_id) for d in stack.desks.values()]
    return heads == [gateway.head] * len(heads)


def attacks(caplog: pytest.LogCaptureFixture, kind: str) -> int:
    """The gateway's reports of one kind (the desks report theirs, worded alike)."""
    return sum(
        r.name.startswith("app.gateway") and f"hub attack: {kind} " in r.getMessage()
        for r in caplog.records
    )


def counters(stack: DemoStack) -> dict[str, int]:
    assert stack.gateway is not None
    return {k: v for k, v in stack.gateway.stats.items() if k.startswith("hub_") and v}


@pytest.mark.asyncio
async def test_foreign_forged_and_replayed_inbound_records_never_block_delivery(
    stack: DemoStack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="app.gateway")
    assert stack.team is not None
    subject = inbound_subject(stack.team.team_id.hex())
    await number_published(stack)
    assert await customer_writes(stack) == 200
    await inbound_on_every_desk(stack, 1)
    async with intruder(stack) as hub:
        genuine = await newest_inbound(hub, stack)
        tampered = bytearray(genuine.data)
        tampered[-70] ^= 1  # in the body: the gateway's signature no longer verifies
        await raw_publish(hub, subject, b"not an envelope")
        await raw_publish(hub, subject, bytes(tampered))
        await raw_publish(hub, subject, genuine.data)  # a copy of its own newest record

        assert await customer_writes(stack) == 200  # not 503: the hub's junk is stepped over
        await inbound_on_every_desk(stack, 2)
        assert counters(stack) == {"hub_garbage": 1, "hub_forged": 1, "hub_replayed": 1}
        assert [attacks(caplog, k) for k in ("garbage", "forged", "replayed")] == [1, 1, 1]

        # The same after a restart. A clean start reads nothing of `.in` (start time does not
        # grow with the log): the junk after the gateway's newest record is read, reported and
        # stepped over by the first publish, whose guard it makes stale.
        await raw_publish(hub, subject, b"more junk")
        await raw_publish(hub, subject, genuine.data)
        await stack.restart_gateway()
        assert counters(stack) == {}
        assert await customer_writes(stack) == 200  # spooled; published right after
        await inbound_on_every_desk(stack, 3)
        assert counters(stack) == {"hub_garbage": 1, "hub_replayed": 1}
        seqs = await gateway_seqs(hub, stack)
        assert seqs == list(range(1, len(seqs) + 1))  # whole, in order, nothing reused
        await until(lambda: desks_follow_the_gateway(stack), timeout=10)
    # The desks refused exactly the five bad records, and none of the gateway's.
    assert [d.engine.refused for d in stack.desks.values()] == [5, 5]
    assert CANARY not in caplog.text  # reports never carry a payload


@pytest.mark.asyncio
async def test_a_deleted_newest_inbound_record_never_makes_the_gateway_reuse_its_seq(
    stack: DemoStack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="app.gateway")
    await number_published(stack)
    assert await customer_writes(stack) == 200
    await inbound_on_every_desk(stack, 1)
    async with intruder(stack) as hub:
        newest = await newest_inbound(hub, stack)
        await delete(hub, newest.seq)  # the desks have it; the hub no longer does

        assert await customer_writes(stack) == 200
        await inbound_on_every_desk(stack, 2)
        following = await newest_inbound(hub, stack)
        assert author_seq(following) == author_seq(newest) + 1  # not reused
        await until(lambda: desks_follow_the_gateway(stack), timeout=10)
        assert counters(stack) == {"hub_rollback": 1}
        assert attacks(caplog, "rollback") == 1

        # Deleted while the gateway is down: the local head decides where the chain goes on.
        await stack.stop_gateway()
        await delete(hub, following.seq)
        await stack.start_gateway()
        assert counters(stack) == {"hub_rollback": 1}
        assert attacks(caplog, "rollback") == 2
        assert await customer_writes(stack) == 200
        await inbound_on_every_desk(stack, 3)
        seqs = await gateway_seqs(hub, stack)
        assert len(set(seqs)) == len(seqs)  # no author_seq used twice
        assert author_seq(following) not in seqs
        await until(lambda: desks_follow_the_gateway(stack), timeout=10)
    # A reused seq would be refused by the desks, which saw the deleted records.
    assert [d.engine.refused for d in stack.desks.values()] == [0, 0]


async def _sent_and_reported(stack: DemoStack, conversation: ConversationId, count: int) -> None:
    async def reported() -> bool:
        for desk in stack.desks.values():
            messages = await desk.session.messages_page(conversation, None, 20)
            out = [m for m in messages if m.direction is Direction.OUTBOUND]
            if len(out) != count or any(m.status < DeliveryStatus.SENT for m in out):
                return False
        return True

    await until_async(reported, within=15)


@pytest.mark.asyncio
async def test_replayed_requests_after_the_sent_log_is_deleted_go_out_once(
    stack: DemoStack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="app.gateway")
    assert stack.team is not None
    sim = stack.simulator
    assert sim is not None
    team = stack.team.team_id.hex()
    lena, conversation = await customer_claimed_by(stack, "Anna")
    anna = stack.desks["Anna"].session

    def texts() -> list[str]:
        return [m.text or "" for m in sim.received(lena.user_id)]

    await anna.reply(conversation, "First answer")
    await anna.reply(conversation, "Second answer")
    await until(lambda: texts() == ["First answer", "Second answer"], timeout=15)
    await _sent_and_reported(stack, conversation, 2)

    async with intruder(stack) as hub:
        requests, _ = await read_subject(hub, outbound_subject(team), 1)
        settings, *requests = requests  # first on .out: Anna connecting the number
        assert len(requests) == 2
        await hub._js.delete_key_value(f"SB_{team}_sent")  # the hub forgets what was sent
        await raw_publish(hub, outbound_subject(team), requests[0].data)  # original kept
        await delete(hub, requests[1].seq)  # original gone: only the copy is left
        await raw_publish(hub, outbound_subject(team), requests[1].data)
        await raw_publish(hub, outbound_subject(team), b"not a request")

        def replays_reported() -> bool:
            assert stack.gateway is not None
            return stack.gateway.stats["hub_request_replayed"] == 2

        await until(replays_reported, timeout=15)
        # Junk on `.out` is refused like any bad request, and stops nothing.
        await until(lambda: stack.gateway is not None and stack.gateway.stats["refused"] == 1)
        # Replies still go out after the hub's sent-log is gone; each exactly once.
        await anna.reply(conversation, "Third answer")
        await until(lambda: texts() == ["First answer", "Second answer", "Third answer"], 15)
        await _sent_and_reported(stack, conversation, 3)
        assert attacks(caplog, "request-replayed") == 2

        # After a restart `.out` is read from the checkpoint: every request before it was
        # settled (sent, reported, or a copy), so none is read again, copies included.
        await stack.restart_gateway()
        await anna.reply(conversation, "Fourth answer")
        await until(lambda: len(texts()) == 4, timeout=15)
        await _sent_and_reported(stack, conversation, 4)
        assert counters(stack) == {}
        assert attacks(caplog, "request-replayed") == 2
    assert texts() == ["First answer", "Second answer", "Third answer", "Fourth answer"]


def gateway_state(stack: DemoStack) -> GatewayState:
    assert stack.gateway is not None
    return GatewayState(stack.gateway._state.directory)


@pytest.mark.asyncio
async def test_a_send_claimed_only_in_the_local_log_is_unknown_never_sent(
    stack: DemoStack,
) -> None:
    """crypto.md §3.9 step 3 with a hub that forgot: the run that died had claimed the send in
    its local log (and the hub lost its copy), so the next run reports it unknown."""
    assert stack.team is not None
    sim = stack.simulator
    assert sim is not None
    lena, conversation = await customer_claimed_by(stack, "Anna")
    await stack.stop_gateway()
    pending = await stack.desks["Anna"].session.reply(conversation, "Sent or not?")
    async with intruder(stack) as hub:
        out = outbound_subject(stack.team.team_id.hex())

        async def requested() -> bool:
            # The first record on .out is Anna connecting the number; then the reply's request.
            return await hub.count_on_subject(out) == 2

        await until_async(requested, within=10)  # the desk's outbox published the request
        _settings, request = (await read_subject(hub, out, 1))[0]
        state = gateway_state(stack)
        await state.open(stack.team.team_id, stack.team.gateway.device_id)
        request_id = parse_envelope(request.data).header.event_id
        assert await state.claim(pending.event_id, request_id, request.seq) is None
        await state.close()
        with contextlib.suppress(Exception):  # the hub forgets (there may be no bucket yet)
            await hub._js.delete_key_value(f"SB_{stack.team.team_id.hex()}_sent")

    await stack.start_gateway()

    async def unknown_everywhere() -> bool:
        for desk in stack.desks.values():
            messages = await desk.session.messages_page(conversation, None, 10)
            out = [m for m in messages if m.direction is Direction.OUTBOUND]
            if [(m.status, m.error_code) for m in out] != [
                (DeliveryStatus.UNCERTAIN, NETWORK_ERROR)
            ]:
                return False
        return True

    await until_async(unknown_everywhere, within=15)
    assert sim.received(lena.user_id) == []
    assert counters(stack) == {}  # the request itself was no replay
    await stack.restart_gateway()  # reported once: nothing more after another restart
    entry = await _entry(stack, pending.event_id)
    assert entry is not None
    assert entry.state is SendState.UNKNOWN  # reported unknown, waiting for Meta's word
    assert sim.received(lena.user_id) == []


async def _entry(stack: DemoStack, reply_id: bytes) -> SentEntry | None:
    assert stack.gateway is not None
    return await stack.gateway._state.entry(reply_id)


@pytest.mark.asyncio
async def test_an_envelope_reserved_before_a_crash_is_published_byte_for_byte(
    stack: DemoStack,
) -> None:
    """The gateway died after reserving an envelope and before the hub had it: the next run
    publishes exactly that envelope, so its author_seq never names another one."""
    assert stack.team is not None
    assert stack.gateway is not None
    await number_published(stack)
    assert await customer_writes(stack) == 200
    await inbound_on_every_desk(stack, 1)
    team_log = stack.gateway._log
    await stack.stop_gateway()
    state = gateway_state(stack)
    await state.open(stack.team.team_id, stack.team.gateway.device_id)
    assert state.head is not None
    assert state.head.author_seq == team_log.head[0]
    reserved = team_log.seal(
        CustomerMessage(Wamid("wamid.RESERVED"), CustomerId("DE.5"), "4915", "Lena", 1, Text("x")),
        1767225600,
    )
    await state.reserve(team_log.head[0] + 1, reserved)
    await state.close()

    await stack.start_gateway()
    await inbound_on_every_desk(stack, 2)
    async with intruder(stack) as hub:
        records, _ = await read_subject(hub, inbound_subject(stack.team.team_id.hex()), 1)
        assert reserved in [r.data for r in records]
    await until(lambda: desks_follow_the_gateway(stack), timeout=10)
    assert [d.engine.refused for d in stack.desks.values()] == [0, 0]


@pytest.mark.asyncio
async def test_with_its_state_lost_the_gateway_still_never_reuses_a_seq_it_signed(
    stack: DemoStack, caplog: pytest.LogCaptureFixture
) -> None:
    """The worst case: the local state folder is gone and the hub deleted a record in the
    middle of the gateway's chain. What the gateway signed stays spent: it continues after its
    newest signed record (reporting the gap), and the desks, which saw everything, accept it."""
    caplog.set_level(logging.WARNING, logger="app.gateway")
    assert stack.team is not None
    assert stack.gateway is not None
    await number_published(stack)
    for count in (1, 2):
        assert await customer_writes(stack) == 200
        await inbound_on_every_desk(stack, count)
    state_dir = stack.gateway._state.directory
    async with intruder(stack) as hub:
        newest = await newest_inbound(hub, stack)
        records, _ = await read_subject(hub, inbound_subject(stack.team.team_id.hex()), 1)
        [middle] = [r for r in records if author_seq(r) == author_seq(newest) - 1]
        await stack.stop_gateway()
        shutil.rmtree(state_dir)
        await delete(hub, middle.seq)
        await stack.start_gateway()
        # Its settings went with the folder; it takes them again from Anna's request on .out.
        await until(lambda: stack.gateway is not None and stack.gateway.configured, 10)
        assert counters(stack) == {"hub_out_of_order": 1}
        assert attacks(caplog, "out-of-order") == 1

        assert await customer_writes(stack) == 200
        await inbound_on_every_desk(stack, 3)
        seqs = await gateway_seqs(hub, stack)
        assert len(set(seqs)) == len(seqs)  # no author_seq used twice
        assert author_seq(middle) not in seqs
        await until(lambda: desks_follow_the_gateway(stack), timeout=10)
    assert [d.engine.refused for d in stack.desks.values()] == [0, 0]
