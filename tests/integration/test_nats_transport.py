"""NatsTransport against a real nats-server: ordering, de-dup, optimistic concurrency, resume."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest
import pytest_asyncio
from nats.js import api

from app.hub import Hub
from app.sync import nats_transport
from app.sync.nats_transport import NatsTransport
from app.sync.transport import (
    ConnectionState,
    LogRecord,
    StaleWrite,
    TransportError,
    TransportUnavailable,
    chain_subject,
    event_subject,
    inbound_subject,
    outbound_subject,
    stream_name,
    team_subjects,
)
from tests.helpers.hub import Collector, connected, new_team, publish_bulk, running_hub
from tests.helpers.wait import until

CTAG = "0123456789abcdef0123456789abcdef"


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


def test_subjects_and_stream_follow_crypto_md() -> None:
    team = "ab12"
    assert stream_name(team) == "SB_ab12"
    assert chain_subject(team) == "sb.ab12.chain"
    assert event_subject(team, "ff00") == "sb.ab12.ev.ff00"
    assert inbound_subject(team) == "sb.ab12.in"
    assert outbound_subject(team) == "sb.ab12.out"
    assert team_subjects(team) == ["sb.ab12.chain", "sb.ab12.ev.*", "sb.ab12.in", "sb.ab12.out"]
    for bad in ["AB12", "ab.12", "*", ">", "", "ab 12"]:
        with pytest.raises(ValueError, match="hex"):
            chain_subject(bad)
        with pytest.raises(ValueError, match="hex"):
            event_subject(team, bad)


@pytest.mark.asyncio
async def test_follow_delivers_every_subject_in_stream_order(
    transport: NatsTransport, team: str
) -> None:
    subjects = [chain_subject(team), event_subject(team, CTAG), inbound_subject(team)]
    sent = []
    for n in range(30):
        subject = subjects[n % 3]
        ack = await transport.publish(subject, f"m{n}".encode(), msg_id=f"id{n}")
        sent.append(LogRecord(ack.seq, subject, f"m{n}".encode()))
    got, tail = Collector(), Collector()

    follower, later = transport.follow(1, got), transport.follow(28, tail)
    await until(lambda: len(got.records) == 30 and len(tail.records) == 3)
    await follower.stop()
    await later.stop()

    assert got.records == sent
    assert tail.records == sent[27:]
    assert follower.next_seq == 31


@pytest.mark.asyncio
async def test_filtered_follow_sees_only_the_chosen_subjects(
    transport: NatsTransport, team: str
) -> None:
    every = [chain_subject(team), event_subject(team, CTAG), inbound_subject(team)]
    every.append(outbound_subject(team))
    for n in range(20):
        await transport.publish(every[n % 4], b"x", msg_id=f"id{n}")
    got = Collector()

    follower = transport.follow(1, got, subjects=[chain_subject(team), outbound_subject(team)])
    await until(lambda: len(got.records) == 10)
    await transport.publish(outbound_subject(team), b"late", msg_id="late")
    await until(lambda: len(got.records) == 11)
    await follower.stop()

    assert {record.subject for record in got.records} == {every[0], every[3]}
    assert got.seqs == sorted(got.seqs)
    assert got.records[-1] == LogRecord(21, outbound_subject(team), b"late")


@pytest.mark.asyncio
async def test_a_repeated_msg_id_is_a_duplicate(transport: NatsTransport, team: str) -> None:
    first = await transport.publish(inbound_subject(team), b"a", msg_id="event-1")
    again = await transport.publish(inbound_subject(team), b"a", msg_id="event-1")
    other = await transport.publish(inbound_subject(team), b"b", msg_id="event-2")

    acks = [(ack.seq, ack.duplicate) for ack in (first, again, other)]
    assert acks == [(1, False), (1, True), (2, False)]
    assert await transport.last_seq() == 2


@pytest.mark.asyncio
async def test_expected_last_subject_sequence_guards_writes(
    transport: NatsTransport, team: str
) -> None:
    conversation = event_subject(team, CTAG)
    await transport.publish(inbound_subject(team), b"noise", msg_id="n")  # other subject: seq 1
    first = await transport.publish(conversation, b"claim", msg_id="a", expected_last_subject_seq=0)
    second = await transport.publish(
        conversation, b"reply", msg_id="b", expected_last_subject_seq=first.seq
    )

    with pytest.raises(StaleWrite) as empty_expected:
        await transport.publish(conversation, b"x", msg_id="c", expected_last_subject_seq=0)
    with pytest.raises(StaleWrite) as stale:
        await transport.publish(conversation, b"x", msg_id="d", expected_last_subject_seq=first.seq)
    # The expected-sequence check precedes de-dup: a retry of a write that was stored, after
    # someone else wrote, is stale rather than a duplicate.
    with pytest.raises(StaleWrite):
        await transport.publish(
            conversation, b"claim", msg_id="a", expected_last_subject_seq=first.seq - 1
        )

    assert (first.seq, second.seq) == (2, 3)
    assert (empty_expected.value.subject, empty_expected.value.expected) == (conversation, 0)
    assert empty_expected.value.last_seq == 3
    assert (stale.value.expected, stale.value.last_seq) == (2, 3)
    assert await transport.last_seq() == 3


@pytest.mark.asyncio
async def test_exactly_one_of_two_concurrent_guarded_writes_wins(hub: Hub, team: str) -> None:
    async with connected(hub.url, team, "desk-a") as a, connected(hub.url, team, "desk-b") as b:
        for trial in range(50):
            subject = event_subject(team, f"{trial:032x}")
            base = await a.publish(subject, b"inbound", msg_id=f"in{trial}")

            results = await asyncio.gather(
                a.publish(subject, b"a", msg_id=f"a{trial}", expected_last_subject_seq=base.seq),
                b.publish(subject, b"b", msg_id=f"b{trial}", expected_last_subject_seq=base.seq),
                return_exceptions=True,
            )

            wins = [r for r in results if not isinstance(r, BaseException)]
            losses = [r for r in results if isinstance(r, StaleWrite)]
            assert (len(wins), len(losses)) == (1, 1), results


@pytest.mark.asyncio
async def test_follow_resumes_after_a_hub_restart_without_gaps_or_repeats(
    hub: Hub, team: str
) -> None:
    got = Collector()

    async def committing(batch: Sequence[LogRecord]) -> None:
        await asyncio.sleep(0.005)  # stands in for the desk's DB transaction
        await got(batch)

    async with connected(hub.url, team, fetch_timeout=0.3) as transport:
        await publish_bulk(transport, inbound_subject(team), 1000)
        follower = transport.follow(1, committing, batch_size=50)
        await until(lambda: len(got.records) >= 200)

        await hub.stop()  # mid catch-up
        await hub.start()
        await until(lambda: transport._nc.is_connected, timeout=10)
        for n in range(50):
            await transport.publish(inbound_subject(team), b"y", msg_id=f"after{n}")
        await until(lambda: len(got.records) >= 1050, timeout=10)
        await follower.stop()

    assert got.seqs == list(range(1, 1051))


@pytest.mark.asyncio
async def test_follow_recovers_when_the_hub_loses_its_consumer(hub: Hub, team: str) -> None:
    got = Collector()
    async with connected(hub.url, team, fetch_timeout=0.3) as transport:
        follower = transport.follow(1, got)
        await transport.publish(inbound_subject(team), b"x", msg_id="first")
        await until(lambda: len(got.records) == 1)

        for info in await transport._js.consumers_info(stream_name(team)):
            await transport._js.delete_consumer(stream_name(team), info.name)
        for n in range(5):
            await transport.publish(inbound_subject(team), b"x", msg_id=f"later{n}")
        await until(lambda: len(got.records) == 6, timeout=10)
        await follower.stop()

    assert got.seqs == [1, 2, 3, 4, 5, 6]


@pytest.mark.asyncio
async def test_a_batch_is_awaited_before_the_next_is_delivered(
    transport: NatsTransport, team: str
) -> None:
    release = asyncio.Event()
    in_flight = most_in_flight = 0
    got = Collector()

    async def slow(batch: Sequence[LogRecord]) -> None:
        nonlocal in_flight, most_in_flight
        in_flight += 1
        most_in_flight = max(most_in_flight, in_flight)
        await release.wait()
        await got(batch)
        in_flight -= 1

    await transport.publish(inbound_subject(team), b"x", msg_id="first")
    follower = transport.follow(1, slow)
    await until(lambda: in_flight == 1)
    await publish_bulk(transport, inbound_subject(team), 600)

    assert got.records == []  # nothing more arrives while the first batch is unfinished
    release.set()
    await until(lambda: len(got.records) == 601)
    await follower.stop()

    assert most_in_flight == 1
    assert max(got.batches) <= 256
    assert got.seqs == list(range(1, 602))


@pytest.mark.asyncio
async def test_stop_lets_the_running_batch_finish(transport: NatsTransport, team: str) -> None:
    release = asyncio.Event()
    finished: list[int] = []

    async def slow(batch: Sequence[LogRecord]) -> None:
        await release.wait()
        finished.append(len(batch))

    await transport.publish(inbound_subject(team), b"x", msg_id="only")
    follower = transport.follow(1, slow)
    await until(lambda: follower._in_callback)
    stopping = asyncio.create_task(follower.stop())
    await until(lambda: not stopping.done() and follower._in_callback)
    release.set()
    await stopping

    assert finished == [1]


@pytest.mark.asyncio
async def test_a_failing_callback_ends_the_follower_and_is_logged_once(
    transport: NatsTransport, team: str, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(batch: Sequence[LogRecord]) -> None:
        raise RuntimeError("disk full")

    await transport.publish(inbound_subject(team), b"x", msg_id="only")
    follower = transport.follow(1, broken)

    with pytest.raises(RuntimeError, match="disk full"):
        await follower.wait()
    await follower.stop()  # still fine afterwards

    failures = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(failures) == 1
    assert follower.next_seq == 1


@pytest.mark.asyncio
async def test_follow_throughput_on_10000_small_messages(
    transport: NatsTransport, team: str
) -> None:
    count = 10_000
    await publish_bulk(transport, inbound_subject(team), count, size=80)
    got = Collector()

    started = time.perf_counter()
    follower = transport.follow(1, got)
    await until(lambda: len(got.records) == count, timeout=30)
    elapsed = time.perf_counter() - started
    await follower.stop()

    assert got.seqs == list(range(1, count + 1))
    # A measurement to read (pytest -s or -rP), not a limit.
    print(f"follow: {count} msgs in {elapsed:.2f}s = {count / elapsed:,.0f} msg/s")


@pytest.mark.asyncio
async def test_reading_single_records(transport: NatsTransport, team: str) -> None:
    conversation = event_subject(team, CTAG)
    assert await transport.last_seq() == 0
    assert await transport.last_on_subject(conversation) is None
    assert await transport.fetch(1) is None

    await transport.publish(conversation, b"one", msg_id="1")
    await transport.publish(inbound_subject(team), b"two", msg_id="2")
    await transport.publish(conversation, b"three", msg_id="3")

    assert await transport.last_on_subject(conversation) == LogRecord(3, conversation, b"three")
    assert await transport.fetch(2) == LogRecord(2, inbound_subject(team), b"two")
    assert await transport.fetch(4) is None
    assert await transport.fetch(0) is None
    assert await transport.last_seq() == 3


@pytest.mark.asyncio
async def test_claim_once_holds_across_connections_and_restarts(hub: Hub, team: str) -> None:
    bucket = f"SB_{team}_sent"
    async with connected(hub.url, team, "gw-1") as one, connected(hub.url, team, "gw-2") as two:
        keys = [f"{n:032x}" for n in range(20)]
        results = await asyncio.gather(
            *(replica.claim_once(bucket, key) for key in keys for replica in (one, two))
        )
        pairs = list(zip(results[::2], results[1::2], strict=True))
        assert all(sorted(pair) == [False, True] for pair in pairs), pairs

    await hub.stop()
    await hub.start()
    async with connected(hub.url, team, "gw-3") as three:
        assert not await three.claim_once(bucket, f"{0:032x}")
        assert await three.claim_once(bucket, f"{99:032x}")


@pytest.mark.asyncio
async def test_ensure_stream_accepts_its_own_config_only(transport: NatsTransport) -> None:
    await transport.ensure_stream()

    with pytest.raises(TransportError, match="different configuration"):
        await transport.ensure_stream(duplicate_window=60.0)


@pytest.mark.asyncio
async def test_connection_state_changes_are_reported(hub: Hub, team: str) -> None:
    states: list[ConnectionState] = []
    transport = await NatsTransport.connect(
        hub.url, team_id_hex=team, name="desk", on_state=states.append
    )
    try:
        assert states == [ConnectionState.CONNECTING, ConnectionState.CONNECTED]
        await hub.stop()
        await until(lambda: ConnectionState.DISCONNECTED in states, timeout=10)
        await hub.start()
        await until(lambda: states[-1] == ConnectionState.CONNECTED, timeout=10)
    finally:
        await transport.close()

    assert states[-1] == ConnectionState.CLOSED


@pytest.mark.asyncio
async def test_connecting_to_no_hub_is_unavailable(tmp_path: Path, team: str) -> None:
    async with running_hub(tmp_path) as hub:
        url = hub.url
    states: list[ConnectionState] = []

    with pytest.raises(TransportUnavailable):
        await NatsTransport.connect(
            url, team_id_hex=team, name="desk", on_state=states.append, connect_timeout=0.5
        )

    assert states[0] == ConnectionState.CONNECTING
    assert ConnectionState.CONNECTED not in states
    assert states[-1] == ConnectionState.CLOSED


@pytest.mark.asyncio
async def test_subjects_of_other_teams_are_refused(transport: NatsTransport) -> None:
    other = new_team()

    with pytest.raises(ValueError, match="not in team stream"):
        await transport.publish(inbound_subject(other), b"x", msg_id="x")
    with pytest.raises(ValueError, match="not in team stream"):
        transport.follow(1, Collector(), subjects=[chain_subject(other)])


@pytest.mark.asyncio
async def test_payloads_are_stored_in_the_hubs_store_dir(
    hub: Hub, transport: NatsTransport, team: str
) -> None:
    marker = b"opaque-marker-4f1c"
    await transport.publish(inbound_subject(team), marker, msg_id="m")

    # So a scan of this directory for plaintext would find a leak.
    assert any(marker in block.read_bytes() for block in hub.store_dir.rglob("*.blk"))


@pytest.mark.asyncio
async def test_closing_while_the_hub_is_down_ends_quietly(hub: Hub, team: str) -> None:
    """Issue 9, fault 8: a desk quitting while its hub is away must not raise or hang."""
    states: list[ConnectionState] = []
    transport = await NatsTransport.connect(
        hub.url, team_id_hex=team, name="desk", on_state=states.append
    )
    await transport.ensure_stream()
    follower = transport.follow(1, _ignore)
    await hub.stop()
    await until(lambda: ConnectionState.DISCONNECTED in states, timeout=10)
    publishing = asyncio.create_task(
        transport.publish(f"sb.{team}.in", b"while away", msg_id="m-away")
    )

    await transport.close()  # must not raise

    await until(lambda: states[-1] == ConnectionState.CLOSED, timeout=5)
    await follower.wait()
    with contextlib.suppress(TransportError):
        await publishing


async def _ignore(_records: Sequence[LogRecord]) -> None:
    return None


@pytest.mark.asyncio
async def test_catching_up_comes_in_whole_batches_and_a_live_record_at_once(
    hub: Hub, team: str
) -> None:
    """The hub streams a backlog into full batches (the desk applies big transactions), and a
    record published once the follower has caught up arrives alone, long before its open
    pull request expires (the fetch timeout: 20 s here)."""
    async with connected(hub.url, team, fetch_timeout=20.0) as transport:
        await publish_bulk(transport, inbound_subject(team), 1000)
        got = Collector()
        follower = transport.follow(1, got)
        await until(lambda: len(got.records) == 1000)
        assert got.batches[:3] == [256, 256, 256]  # the last one holds what is left

        started = time.perf_counter()
        await transport.publish(inbound_subject(team), b"live", msg_id="live")
        await until(lambda: len(got.records) == 1001, timeout=15)
        waited = time.perf_counter() - started
        await follower.stop()

    assert got.batches[-1] == 1
    assert got.seqs == list(range(1, 1002))
    assert waited < 10  # not held until the pull request expired


@dataclasses.dataclass
class _BatchLimitedConsumer(api.ConsumerConfig):
    """A consumer config nats-py 2.16 cannot write: the hub refuses (409 "Exceeded
    MaxRequestBatch") every pull request asking for more than one message."""

    max_batch: int = 1  # the server's MaxRequestBatch


class _ApiWithBatchLimit:
    """nats.js.api as nats_transport sees it, with consumers that refuse every request."""

    def __getattr__(self, name: str) -> object:
        return getattr(api, name)

    ConsumerConfig = _BatchLimitedConsumer


@pytest.mark.asyncio
async def test_a_hub_refusing_every_request_costs_growing_pauses_not_a_tight_loop(
    hub: Hub, team: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pauses: list[int] = []

    def backoff(attempt: int) -> float:
        pauses.append(attempt)
        return 0.01

    monkeypatch.setattr(nats_transport, "api", _ApiWithBatchLimit())
    monkeypatch.setattr(nats_transport, "_backoff", backoff)
    got = Collector()
    async with connected(hub.url, team) as transport:
        await transport.publish(inbound_subject(team), b"x", msg_id="first")
        follower = transport.follow(1, got)
        await until(lambda: len(pauses) >= 3, timeout=10)
        await follower.stop()

    assert pauses[:3] == [1, 2, 3]  # each refusal counts as a failure: the pause grows
    assert got.records == []
