"""What the gateway and its spool's writer process say to each other over their socket.

Both ends are this program, so the format is small and fixed: a request is a kind byte, a
`u32` payload length and the payload; an answer is a kind byte and a `u64`, one per request,
in request order. The writer groups whatever requests wait into one transaction, so answers
come in bursts.

Requests:
- `OPEN`: the spool's key (32 bytes), the disk space to keep free (`u64`) and the file's path
  (UTF-8); the first request, answered `READY` or `BROKEN` (the error's `errno`, 0 if none).
- `APPEND`: bodies, each a `u32` length and its bytes; answered `APPENDED` with the id the last
  one got (they are consecutive), `REFUSED` (no room: the `errno`) or `BROKEN`.
- `REMOVE`: runs of ids, each a `u64` first and last; answered `REMOVED` or `BROKEN`.

Nothing here touches a file or a socket: the parsing is pure, and a frame it cannot read
raises `FrameError`, which ends the writer (the gateway starts another).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

__all__ = [
    "ANSWER_SIZE",
    "APPEND",
    "APPENDED",
    "BROKEN",
    "OPEN",
    "READY",
    "REFUSED",
    "REMOVE",
    "REMOVED",
    "WRITER_ARGUMENT",
    "Answer",
    "FrameError",
    "Request",
    "answer",
    "append_request",
    "bodies",
    "open_fields",
    "open_request",
    "read_answers",
    "read_requests",
    "remove_request",
    "runs",
]

WRITER_ARGUMENT = "_spool-writer"
"""A frozen build's only argument when it runs as the writer (`app.main` looks for it)."""

OPEN = b"K"
APPEND = b"A"
REMOVE = b"R"
READY = b"k"
APPENDED = b"a"
REFUSED = b"n"
REMOVED = b"r"
BROKEN = b"x"

KEY_LEN = 32
MAX_PAYLOAD = 1 << 30
"""A request larger than this is not one the gateway sends: the stream is out of step."""

_HEAD = struct.Struct(">cI")
_ANSWER = struct.Struct(">cQ")
_U32 = struct.Struct(">I")
_U64 = struct.Struct(">Q")
_RUN = struct.Struct(">QQ")
ANSWER_SIZE = _ANSWER.size


class FrameError(ValueError):
    """Bytes that are not a frame of this protocol."""


@dataclass(frozen=True, slots=True)
class Request:
    kind: bytes
    payload: bytes


@dataclass(frozen=True, slots=True)
class Answer:
    kind: bytes
    value: int


def open_request(key: bytes, keep_free: int, path: str) -> bytes:
    if len(key) != KEY_LEN:
        raise ValueError("the spool's key is 32 bytes")
    return _frame(OPEN, key + _U64.pack(keep_free) + path.encode("utf-8"))


def append_request(bodies: list[bytes]) -> bytes:
    parts: list[bytes] = []
    for raw in bodies:
        parts += (_U32.pack(len(raw)), raw)
    return _frame(APPEND, b"".join(parts))


def remove_request(runs: list[tuple[int, int]]) -> bytes:
    return _frame(REMOVE, b"".join(_RUN.pack(first, last) for first, last in runs))


def answer(kind: bytes, value: int = 0) -> bytes:
    return _ANSWER.pack(kind, value)


def read_requests(buffer: bytearray) -> list[Request]:
    """Take every whole request from the front of `buffer` (the rest stays for later).

    Raises:
        FrameError: An unknown kind or an impossible length.
    """
    requests: list[Request] = []
    pos = 0
    while len(buffer) - pos >= _HEAD.size:
        kind, length = _HEAD.unpack_from(buffer, pos)
        if kind not in (OPEN, APPEND, REMOVE) or length > MAX_PAYLOAD:
            raise FrameError("not a spool request")
        end = pos + _HEAD.size + length
        if end > len(buffer):
            break
        requests.append(Request(kind, bytes(buffer[pos + _HEAD.size : end])))
        pos = end
    del buffer[:pos]
    return requests


def read_answers(buffer: bytearray) -> list[Answer]:
    """Take every whole answer from the front of `buffer`.

    Raises:
        FrameError: An unknown kind.
    """
    count = len(buffer) // _ANSWER.size
    answers = [Answer(*_ANSWER.unpack_from(buffer, n * _ANSWER.size)) for n in range(count)]
    del buffer[: count * _ANSWER.size]
    if any(a.kind not in (READY, APPENDED, REFUSED, REMOVED, BROKEN) for a in answers):
        raise FrameError("not a spool answer")
    return answers


def open_fields(payload: bytes) -> tuple[bytes, int, str]:
    """An `OPEN` request's key, bytes to keep free and path.

    Raises:
        FrameError: Too short, or a path that is not UTF-8.
    """
    if len(payload) <= KEY_LEN + _U64.size:
        raise FrameError("an OPEN request holds a key, a size and a path")
    try:
        path = payload[KEY_LEN + _U64.size :].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FrameError("the path is not UTF-8") from exc
    return payload[:KEY_LEN], _U64.unpack_from(payload, KEY_LEN)[0], path


def bodies(payload: bytes) -> list[bytes]:
    """An `APPEND` request's bodies.

    Raises:
        FrameError: A length that runs past the payload.
    """
    found: list[bytes] = []
    pos = 0
    while pos < len(payload):
        if len(payload) - pos < _U32.size:
            raise FrameError("a body's length is cut off")
        (length,) = _U32.unpack_from(payload, pos)
        pos += _U32.size
        if length > len(payload) - pos:
            raise FrameError("a body runs past its request")
        found.append(payload[pos : pos + length])
        pos += length
    return found


def runs(payload: bytes) -> list[tuple[int, int]]:
    """A `REMOVE` request's runs of ids.

    Raises:
        FrameError: Not a whole number of runs, or a run that ends before it starts.
    """
    if len(payload) % _RUN.size:
        raise FrameError("a run of ids is cut off")
    found = [_RUN.unpack_from(payload, pos) for pos in range(0, len(payload), _RUN.size)]
    if any(first > last for first, last in found):
        raise FrameError("a run of ids ends before it starts")
    return found


def _frame(kind: bytes, payload: bytes) -> bytes:
    return _HEAD.pack(kind, len(payload)) + payload
