"""What the gateway and its spool's writer process say: whole frames only, in order, and
anything else refused as `FrameError` rather than misread."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.gateway import spool_frames as frames

KEY = bytes(range(32))


def test_requests_come_back_whole_and_in_order_however_the_bytes_are_cut() -> None:
    sent = (
        frames.open_request(KEY, 64 << 20, "/var/lib/gw/gateway-spool.sqlite3")
        + frames.append_request([b"one", b"", b"three" * 1000])
        + frames.remove_request([(1, 3), (7, 7)])
    )
    buffer = bytearray()
    got: list[frames.Request] = []
    for start in range(0, len(sent), 7):  # as a socket may hand them over
        buffer += sent[start : start + 7]
        got += frames.read_requests(buffer)

    assert [r.kind for r in got] == [frames.OPEN, frames.APPEND, frames.REMOVE]
    assert frames.open_fields(got[0].payload) == (
        KEY,
        64 << 20,
        "/var/lib/gw/gateway-spool.sqlite3",
    )
    assert frames.bodies(got[1].payload) == [b"one", b"", b"three" * 1000]
    assert frames.runs(got[2].payload) == [(1, 3), (7, 7)]
    assert not buffer


def test_answers_come_back_in_order_and_a_partial_one_waits() -> None:
    sent = (
        frames.answer(frames.READY)
        + frames.answer(frames.APPENDED, 41)
        + frames.answer(frames.REFUSED, 28)
    )
    buffer = bytearray(sent[:-3])
    first = frames.read_answers(buffer)
    buffer += sent[-3:]
    rest = frames.read_answers(buffer)

    assert first == [frames.Answer(frames.READY, 0), frames.Answer(frames.APPENDED, 41)]
    assert rest == [frames.Answer(frames.REFUSED, 28)]


@pytest.mark.parametrize(
    "junk",
    [b"Z\x00\x00\x00\x00", b"A\x7f\xff\xff\xff", b"GET / HTTP/1.1\r\n"],
    ids=["unknown kind", "impossible length", "not ours at all"],
)
def test_bytes_that_are_not_requests_are_refused(junk: bytes) -> None:
    with pytest.raises(frames.FrameError):
        frames.read_requests(bytearray(junk))


def test_payloads_that_do_not_parse_are_refused() -> None:
    with pytest.raises(frames.FrameError):
        frames.bodies(b"\x00\x00\x00\x09short")
    with pytest.raises(frames.FrameError):
        frames.bodies(b"\x00\x00")
    with pytest.raises(frames.FrameError):
        frames.runs(b"\x00" * 15)
    with pytest.raises(frames.FrameError):
        frames.runs(frames.remove_request([(5, 4)])[5:])
    with pytest.raises(frames.FrameError):
        frames.open_fields(KEY)
    with pytest.raises(frames.FrameError):
        frames.read_answers(bytearray(b"?" + bytes(8)))


def test_a_key_of_another_length_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        frames.open_request(KEY[:16], 0, "spool")


@given(st.lists(st.binary(max_size=300), max_size=20), st.integers(1, 50))
def test_any_bodies_survive_any_cut(bodies: list[bytes], step: int) -> None:
    sent = frames.append_request(bodies)
    buffer = bytearray()
    got: list[frames.Request] = []
    for start in range(0, len(sent), step):
        buffer += sent[start : start + step]
        got += frames.read_requests(buffer)
    assert len(got) == 1
    assert frames.bodies(got[0].payload) == bodies


@given(st.binary(max_size=200))
def test_arbitrary_bytes_are_requests_or_a_frame_error_never_a_crash(junk: bytes) -> None:
    buffer = bytearray(junk)
    try:
        for request in frames.read_requests(buffer):
            if request.kind == frames.APPEND:
                frames.bodies(request.payload)
            elif request.kind == frames.REMOVE:
                frames.runs(request.payload)
            else:
                frames.open_fields(request.payload)
    except frames.FrameError:
        pass
