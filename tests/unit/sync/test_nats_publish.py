"""`queue_publishes` hands nats-py's send buffer what `Client.publish` would, byte for byte.

Both run on the same connection to a real hub, its `_send_command` recording what each
queues; the messages vary in size, message id (spaces, line breaks, non-ASCII) and reply.
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from pathlib import Path

import nats.errors
import pytest
import pytest_asyncio
from nats.aio.client import Client

from app.hub import Hub
from app.sync.nats_publish import queue_publishes
from app.sync.nats_transport import NatsTransport
from app.sync.transport import inbound_subject
from tests.helpers.hub import connected, new_team, running_hub

pytestmark = pytest.mark.fast_loop

STREAM = "SB_0123456789abcdef"
_ID_CHARACTERS = "abc0123456789 -_.\r\n\té"


@pytest_asyncio.fixture
async def hub(tmp_path: Path) -> AsyncIterator[Hub]:
    async with running_hub(tmp_path) as running:
        yield running


@pytest_asyncio.fixture
async def transport(hub: Hub) -> AsyncIterator[NatsTransport]:
    async with connected(hub.url, new_team()) as opened:
        yield opened


def _messages(count: int, seed: int) -> list[tuple[bytes, str, str]]:
    rng = random.Random(seed)
    messages = []
    for n in range(count):
        data = rng.randbytes(rng.choice([0, 1, 559, rng.randrange(4096)]))
        msg_id = "".join(rng.choice(_ID_CHARACTERS) for _ in range(rng.randrange(40)))
        reply = rng.choice(["", f"_INBOX.abc.{n}", f"_INBOX.{rng.randrange(1 << 64)}.x"])
        messages.append((data, msg_id, reply))
    return messages


class _Recorder:
    """Stands in for the connection's `_send_command`, keeping what it is handed."""

    def __init__(self) -> None:
        self.commands: list[bytes] = []

    async def __call__(self, command: bytes, priority: bool = False) -> None:
        assert not priority
        self.commands.append(bytes(command))


def _recording(nc: Client, recorder: _Recorder | None) -> _Recorder:
    """`recorder` (or a new one) in place of the connection's `_send_command`."""
    recorder = recorder or _Recorder()
    nc._send_command = recorder  # type: ignore[method-assign]
    return recorder


async def _through_nats_py(
    nc: Client,
    subject: str,
    messages: list[tuple[bytes, str, str]],
    recorder: _Recorder | None = None,
) -> list[bytes]:
    recorder = _recording(nc, recorder)
    for data, msg_id, reply in messages:
        headers = {"Nats-Msg-Id": msg_id, "Nats-Expected-Stream": STREAM}
        await nc.publish(subject, data, reply=reply, headers=headers)
    return recorder.commands


async def _through_the_run(
    nc: Client,
    subject: str,
    messages: list[tuple[bytes, str, str]],
    recorder: _Recorder | None = None,
) -> list[bytes]:
    recorder = _recording(nc, recorder)
    await queue_publishes(nc, subject, STREAM, messages)
    return recorder.commands


@pytest.mark.asyncio
@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_the_same_commands_and_counts_as_nats_py(transport: NatsTransport, seed: int) -> None:
    nc = transport._nc
    subject = inbound_subject(new_team())
    messages = _messages(300, seed)
    stats_before = dict(nc.stats)
    expected = await _through_nats_py(nc, subject, messages)
    stats_between = dict(nc.stats)
    got = await _through_the_run(nc, subject, messages)

    assert got == expected
    assert len(got) == len(messages)
    for key in ("out_msgs", "out_bytes"):
        assert nc.stats[key] - stats_between[key] == stats_between[key] - stats_before[key]


@pytest.mark.asyncio
async def test_a_message_over_the_servers_size_stops_the_run_where_nats_py_stops(
    transport: NatsTransport,
) -> None:
    nc = transport._nc
    subject = inbound_subject(new_team())
    messages = [(b"a", "1", "r.1"), (bytes(nc._max_payload + 1), "2", "r.2"), (b"c", "3", "r.3")]
    queued: list[list[bytes]] = []
    flushes: list[int] = []
    for through in (_through_the_run, _through_nats_py):
        recorder = _Recorder()
        asked: list[None] = []

        async def count_flush(asked: list[None] = asked) -> None:
            asked.append(None)

        nc._flush_pending = count_flush  # type: ignore[method-assign,assignment]
        with pytest.raises(nats.errors.MaxPayloadError):
            await through(nc, subject, messages, recorder)
        queued.append(recorder.commands)
        flushes.append(len(asked))

    assert queued[0] == queued[1]
    assert len(queued[0]) == 1  # the first message, queued before the refusal
    assert flushes == [1, 1]  # and sent at once, not left for the next publish


@pytest.mark.asyncio
@pytest.mark.parametrize(("subject", "reply"), [("a b", "r"), ("", "r"), ("s", "r\n1")])
async def test_bad_subjects_are_refused_as_nats_py_refuses_them(
    transport: NatsTransport, subject: str, reply: str
) -> None:
    nc = transport._nc
    nc._send_command = _Recorder()  # type: ignore[method-assign]
    with pytest.raises(nats.errors.BadSubjectError):
        await nc.publish(subject, b"x", reply=reply, headers={"Nats-Msg-Id": "1"})
    with pytest.raises(nats.errors.BadSubjectError):
        await queue_publishes(nc, subject, STREAM, [(b"x", "1", reply)])


@pytest.mark.asyncio
async def test_a_closed_connection_refuses_as_nats_py_does(transport: NatsTransport) -> None:
    nc = transport._nc
    await nc.close()
    with pytest.raises(nats.errors.ConnectionClosedError):
        await nc.publish("s", b"x", reply="r", headers={"Nats-Msg-Id": "1"})
    with pytest.raises(nats.errors.ConnectionClosedError):
        await queue_publishes(nc, "s", STREAM, [(b"x", "1", "r")])
