"""A run of JetStream publishes written into nats-py's send buffer without `Client.publish`.

WORKAROUND(nats-py 2.16, pinned in pyproject.toml): `Client.publish` validates the subject and
the reply subject with a regex each, checks every header's name with another, builds the header
block piece by piece in a bytearray and asks the flusher for a write, all per message: about
5.5 µs of the gateway's loop for each event it publishes (measured, the send buffer stubbed).
`queue_publishes` writes the same `HPUB` commands through the same `_send_command`
(tests/unit/sync/test_nats_publish.py compares them byte for byte with nats-py's, and the
errors), with the same checks per message, and asks for one flush at the end of the run
instead of checking the flusher's queue after each message (the loop does not turn in between,
so nats-py too flushes a run once). The two header names are fixed and valid, so only their
values are cleaned as nats-py cleans them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import nats.errors
from nats.aio.client import Client

__all__ = ["queue_publishes"]

_NO_SUBJECT = re.compile(r"[ \t\r\n]")
"""What nats-py refuses in a subject it publishes to (`_SUBJECT_INVALID_RE`)."""
_VALUE_NEWLINES = str.maketrans({"\r": " ", "\n": " "})
"""nats-py's cleaning of a header value (`_HEADER_VALUE_NEWLINES`)."""


def _check_subject(subject: str) -> None:
    if not subject or _NO_SUBJECT.search(subject):
        raise nats.errors.BadSubjectError


def _header_value(value: str) -> bytes:
    return value.strip().translate(_VALUE_NEWLINES).encode()


async def queue_publishes(
    nc: Client, subject: str, stream: str, messages: Sequence[tuple[bytes, str, str]]
) -> None:
    """Publish each `(data, msg_id, reply)` to `subject` with the headers `Nats-Msg-Id` and
    `Nats-Expected-Stream: stream`, as `nc.publish` would, in order; then ask for a flush.

    Raises:
        nats.errors.Error: What `nc.publish` raises for the message it stops at (a bad subject,
            the connection closed or draining, the reconnect buffer full, a message over the
            server's size); the messages before it are queued, as they would be.
    """
    if not messages:
        return
    _check_subject(subject)
    head = b"HPUB " + subject.encode() + b" "
    header_end = b"\r\nNats-Expected-Stream: " + _header_value(stream) + b"\r\n\r\n"
    stats = nc.stats
    try:
        for data, msg_id, reply in messages:
            if reply:
                _check_subject(reply)
            if nc.is_closed:
                raise nats.errors.ConnectionClosedError
            if nc.is_draining_pubs:
                raise nats.errors.ConnectionDrainingError
            size = len(data)
            if not nc.is_connected and (
                nc._max_pending_size <= 0 or size + nc._pending_data_size > nc._max_pending_size
            ):
                raise nats.errors.OutboundBufferLimitError  # no room to buffer while reconnecting
            if size > nc._max_payload:
                raise nats.errors.MaxPayloadError
            header = b"NATS/1.0\r\nNats-Msg-Id: " + _header_value(msg_id) + header_end
            command = b"%s%s %d %d\r\n%s%s\r\n" % (
                head,
                reply.encode(),
                len(header),
                len(header) + size,
                header,
                data,
            )
            stats["out_msgs"] += 1
            stats["out_bytes"] += size
            await nc._send_command(command)
    finally:  # what was queued before a refusal goes out now, as nats-py's publish does
        if nc._flush_queue is not None and nc._flush_queue.empty():
            await nc._flush_pending()
