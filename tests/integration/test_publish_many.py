"""NatsTransport.publish_many against a real nats-server: order, de-dup, per-message errors."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from nats.js import api

from app.hub import Hub
from app.sync import nats_acks, nats_transport
from app.sync.nats_transport import NatsTransport
from app.sync.transport import (
    PublishAck,
    TransportError,
    TransportUnavailable,
    inbound_subject,
    stream_name,
    team_subjects,
)
from tests.helpers.hub import Collector, connected, new_team, running_hub
from tests.helpers.wait import until

pytestmark = pytest.mark.fast_loop  # the gateway publishes on uvloop


@pytest_asyncio.fixture
async def hub(tmp_path: Path) -> AsyncIterator[Hub]:
    async with running_hub(tmp_path) as running:
        yield running


@pytest.fixture
def team() -> str:
    return new_team()


@pytest_asyncio.fixture
async def transport(hub: Hub, team: str) -> AsyncIterator[NatsTransport]:
    async with connected(hub.url, team) as opened:
        yield opened


@pytest.mark.asyncio
async def test_messages_are_stored_in_the_order_given(transport: NatsTransport, team: str) -> None:
    subject = inbound_subject(team)
    messages = [(f"m{n}".encode(), f"id{n}") for n in range(300)]

    acks = await transport.publish_many(subject, messages)

    assert all(isinstance(ack, PublishAck) and not ack.duplicate for ack in acks)
    seqs = [ack.seq for ack in acks if isinstance(ack, PublishAck)]
    assert seqs == list(range(seqs[0], seqs[0] + 300))
    got = Collector()
    follower = transport.follow(1, got, subjects=[subject])
    await until(lambda: len(got.records) >= 300, timeout=10)
    await follower.stop()
    assert [r.data for r in got.records] == [data for data, _ in messages]
    assert await transport.publish_many(subject, []) == []


@pytest.mark.asyncio
async def test_a_copy_within_the_window_is_acknowledged_as_a_duplicate(
    transport: NatsTransport, team: str
) -> None:
    subject = inbound_subject(team)
    first = await transport.publish_many(subject, [(b"a", "id-a"), (b"b", "id-b")])
    again = await transport.publish_many(subject, [(b"b", "id-b"), (b"c", "id-c")])

    assert isinstance(first[1], PublishAck)
    assert isinstance(again[0], PublishAck)
    assert again[0].duplicate
    assert again[0].seq == first[1].seq
    assert isinstance(again[1], PublishAck)
    assert not again[1].duplicate
    assert await transport.count_on_subject(subject) == 3


@pytest.mark.asyncio
async def test_unanswered_messages_come_back_unavailable_and_their_replies_forgotten(
    hub: Hub, transport: NatsTransport, team: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `publish` shares publish_many's acknowledgement inbox: a reply that never came must not
    # stay registered there (a gateway cut off for hours would grow it without end).
    monkeypatch.setattr(nats_transport, "_PUBLISH_ACK_S", 0.5)
    subject = inbound_subject(team)
    first = await transport.publish(subject, b"a", msg_id="id-a", expected_last_subject_seq=0)
    await hub.stop()

    results = await transport.publish_many(subject, [(b"b", "id-b"), (b"c", "id-c")])
    with pytest.raises(TransportUnavailable):
        await transport.publish(subject, b"d", msg_id="id-d", expected_last_subject_seq=first.seq)

    assert [type(r) for r in results] == [TransportUnavailable, TransportUnavailable]
    assert transport._acks._waiting == {}  # noqa: SLF001 - the leak this guards against


@contextlib.asynccontextmanager
async def _stream_refusing_big_messages(hub: Hub) -> AsyncIterator[tuple[str, NatsTransport]]:
    """A team whose stream refuses messages over 256 bytes (headers count too), and a gateway's
    connection to it."""
    team = new_team()
    async with connected(hub.url, team, ensure_stream=False) as setup:
        await setup._js.add_stream(  # noqa: SLF001 - a stream that refuses big messages
            api.StreamConfig(
                name=stream_name(team),
                subjects=team_subjects(team),
                max_msg_size=256,
                storage=api.StorageType.FILE,
            )
        )
    gateway = await NatsTransport.connect(
        hub.url, team_id_hex=team, name="gateway", create_streams=False
    )
    try:
        yield team, gateway
    finally:
        await gateway.close()


@pytest.mark.asyncio
async def test_a_guarded_publish_refused_by_the_stream_is_a_refusal_not_an_outage(
    hub: Hub,
) -> None:
    async with _stream_refusing_big_messages(hub) as (team, gateway):
        with pytest.raises(TransportError) as refused:
            await gateway.publish(
                inbound_subject(team), b"x" * 1000, msg_id="id-1", expected_last_subject_seq=0
            )
        stored = await gateway.publish(
            inbound_subject(team), b"small", msg_id="id-2", expected_last_subject_seq=0
        )

    assert not isinstance(refused.value, TransportUnavailable)
    assert stored.seq == 1


@pytest.mark.asyncio
async def test_a_refused_message_gets_its_error_and_the_others_their_acks(hub: Hub) -> None:
    async with _stream_refusing_big_messages(hub) as (team, gateway):
        results = await gateway.publish_many(
            inbound_subject(team), [(b"small", "id-1"), (b"x" * 1000, "id-2"), (b"also", "id-3")]
        )

    assert isinstance(results[0], PublishAck)
    assert isinstance(results[1], TransportError)
    assert not isinstance(results[1], TransportUnavailable)  # a refusal, not an outage
    assert isinstance(results[2], PublishAck)
    assert results[2].seq == results[0].seq + 1


@pytest.mark.asyncio
async def test_a_publish_that_raises_before_it_leaves_keeps_no_reply_waiting(
    transport: NatsTransport, team: str
) -> None:
    # nats-py refuses a message over the server's limit before sending it (and, in a long
    # outage, one that no longer fits its reconnect buffer): the reply registered for it must
    # go too, or a gateway cut off for hours grows the inbox without end.
    subject = inbound_subject(team)
    too_big = b"x" * (transport._nc.max_payload + 1)  # noqa: SLF001 - the server's own limit

    with pytest.raises(TransportError):
        await transport.publish(subject, too_big, msg_id="id-big", expected_last_subject_seq=0)
    with pytest.raises(TransportError):
        await transport.publish_many(subject, [(b"small", "id-s"), (too_big, "id-b")])

    assert transport._acks._waiting == {}  # noqa: SLF001 - the leak this guards against


@pytest.mark.asyncio
async def test_a_subject_no_stream_stores_answers_each_message_unavailable(
    hub: Hub, team: str
) -> None:
    # The hub answers "no responders" (a 503 status, no acknowledgement): each message of the
    # run gets that answer as its own error at once, not a wait for the acknowledgement's time.
    async with connected(hub.url, team, ensure_stream=False) as transport:
        results = await transport.publish_many(
            inbound_subject(team), [(b"one", "id-1"), (b"two", "id-2")]
        )
        with pytest.raises(TransportUnavailable):
            await transport.publish(
                inbound_subject(team), b"three", msg_id="id-3", expected_last_subject_seq=0
            )

        assert [type(result) for result in results] == [TransportUnavailable] * 2
        assert transport._acks._waiting == {}  # noqa: SLF001 - every answer was taken


@pytest.mark.asyncio
async def test_the_hubs_acknowledgements_have_the_shape_read_without_json(
    transport: NatsTransport, team: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[PublishAck | None] = []
    original = nats_acks.plain_ack

    def recording(data: bytes) -> PublishAck | None:
        read.append(original(data))
        return read[-1]

    monkeypatch.setattr(nats_acks, "plain_ack", recording)
    subject = inbound_subject(team)
    first = await transport.publish_many(subject, [(b"a", "id-a"), (b"b", "id-b")])
    again = await transport.publish_many(subject, [(b"b", "id-b")])

    assert read == [*first, *again]  # every one read the plain way, none left to JSON
    assert again == [PublishAck(first[1].seq, duplicate=True)]  # type: ignore[union-attr]
