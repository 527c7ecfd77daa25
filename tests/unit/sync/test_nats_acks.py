"""The usual acknowledgement, read without the JSON decoder, says what the decoder reads."""

from __future__ import annotations

import asyncio
import json

import nats.errors
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.sync.nats_acks import AckInbox, AckRun, plain_ack
from app.sync.transport import PublishAck

_PRINTABLE = st.characters(min_codepoint=0x20, max_codepoint=0x7E)


def _decoded(data: bytes) -> PublishAck | None:
    """What the JSON path makes of `data`: an acknowledgement, or None for anything else."""
    try:
        answer = json.loads(data)
        if not isinstance(answer, dict) or answer.get("error") is not None:
            return None
        return PublishAck(int(answer["seq"]), bool(answer.get("duplicate")))
    except (ValueError, KeyError, TypeError):
        return None


@settings(max_examples=500, deadline=None)
@given(
    st.text(_PRINTABLE, max_size=40),
    st.integers(0, 1 << 70),
    st.sampled_from(["", ',"duplicate":true', ',"duplicate": true']),
)
def test_the_usual_shape_reads_as_json_reads_it(stream: str, seq: int, duplicate: str) -> None:
    data = b'{"stream":%s,"seq":%d%s}' % (json.dumps(stream).encode(), seq, duplicate.encode())
    fast = plain_ack(data)
    assert _decoded(data) == PublishAck(seq, bool(duplicate))
    if '"' in stream or "\\" in stream:
        assert fast is None  # escaped in the name: left to the decoder
    else:
        assert fast == PublishAck(seq, bool(duplicate))


@settings(max_examples=1000, deadline=None)
@given(st.binary(max_size=80) | st.text(max_size=60).map(lambda s: s.encode()))
def test_any_bytes_are_read_as_json_reads_them_or_left_to_it(data: bytes) -> None:
    fast = plain_ack(b'{"stream":"s","seq":' + data) or plain_ack(data)
    assert (
        fast is None or fast == _decoded(b'{"stream":"s","seq":' + data) or fast == _decoded(data)
    )


@pytest.mark.parametrize(
    "data",
    [
        b'{"stream":"s","seq":012}',  # JSON refuses a leading zero
        b'{"stream":"s","seq":-1}',
        b'{"stream":"s","seq":1.0}',
        b'{"stream":"s", "seq":1}',
        b'{"stream":"s","seq":1,"domain":"d"}',
        b'{"stream":"s","seq":1,"duplicate":false}',
        b'{"stream":"\xc3\xa9","seq":1}',
        b'{"stream":"a\\"b","seq":1}',
        b'{"error":{"code":503,"description":"no responders"}}',
        b'{"stream":"s","seq":1}\n',
    ],
)
def test_other_shapes_go_to_the_json_decoder(data: bytes) -> None:
    assert plain_ack(data) is None


@pytest.mark.asyncio
async def test_a_run_is_done_once_each_of_its_publishes_is_settled() -> None:
    run = AckRun(3)
    for _ in range(2):
        run.settled()
        assert not run.done.done()
    run.settled()
    assert run.done.done()
    run.settled()  # a late answer after the waiter gave up: nothing to settle twice
    assert (await AckRun(0).done) is None  # an empty run waits for nothing


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "data",
    [b'{"stream":"s","seq":1e400}', b"[" * 100_000 + b"]" * 100_000, b'{"seq": []}'],
    ids=["a number past a float", "nesting past the recursion limit", "a list for a seq"],
)
async def test_any_answer_settles_its_publish_and_never_escapes(data: bytes) -> None:
    """An answer no hub writes (another client may publish to a reply subject) fails its
    one publish; escaping, it would stop the connection's reading for good."""
    inbox = AckInbox(None)  # type: ignore[arg-type]  # settling needs no connection
    future: asyncio.Future[PublishAck] = asyncio.get_running_loop().create_future()

    inbox._settle(future, data, None)

    assert isinstance(future.exception(), nats.errors.Error)
