"""The messages of chosen subscriptions taken straight from nats-py's parser, as they are.

WORKAROUND(nats-py 2.16, pinned in pyproject.toml): every message nats-py reads goes through
`Client._process_msg`, which parses its headers line by line in Python (each record of the log
carries two, ``Nats-Msg-Id`` and ``Nats-Expected-Stream``, stored with it at publish time),
builds a `Msg`, queues it and wakes the subscription's own task to await its callback. In a desk
following the log at 500 messages a second that was most of what the event loop spent per
record, on the loop that also applies and, under qasync, draws. The pull inbox needs none of
it: subject, reply subject, data, and for a status message its three digits.

So a `RawRoute` stands before `_process_msg` on one connection and hands the messages of the
subscriptions registered with it to a plain function; every other message takes the usual way.
Subscribing, resubscribing after a reconnect and unsubscribing stay nats-py's.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from nats.aio.client import Client

__all__ = ["RawHandler", "RawRoute", "status_of"]

RawHandler = Callable[[str, str, bytes, str | None], None]
"""Takes (subject, reply subject, data, status or None) of one message; must not block."""

_STATUS_LINE = b"NATS/1.0 "
"""A header block that starts so is a status message: ``NATS/1.0 404 No Messages``."""

log = logging.getLogger(__name__)


def status_of(headers: bytes | None) -> str | None:
    """The status code of a raw header block (``"404"``), or None for a plain message."""
    if headers is None or not headers.startswith(_STATUS_LINE):
        return None
    return headers[len(_STATUS_LINE) : len(_STATUS_LINE) + 3].decode("ascii", "replace")


class RawRoute:
    """Hands the messages of registered subscriptions of one connection to plain functions."""

    def __init__(self, nc: Client) -> None:
        self._nc = nc
        # nats-py annotates headers as bytes; its parser passes None for a message without.
        self._usual: Callable[..., Awaitable[None]] = nc._process_msg
        self._handlers: dict[int, RawHandler] = {}

    @classmethod
    def of(cls, nc: Client) -> RawRoute:
        """The connection's route, put in place the first time it is asked for."""
        # Found through the connection itself, not a table beside it: the route holds the
        # connection, so a table keyed by connection would keep every one alive for good;
        # this way the two are one cycle, freed together with the client.
        route = getattr(nc._process_msg, "__self__", None)
        if not isinstance(route, RawRoute):
            route = cls(nc)
            # The parser looks `_process_msg` up on the instance for every message.
            setattr(nc, "_process_msg", route._process_msg)  # noqa: B010 (mypy: a method)
        return route

    def add(self, sid: int, handler: RawHandler) -> None:
        """Route subscription `sid`'s messages to `handler` from now on."""
        self._handlers[sid] = handler

    def discard(self, sid: int) -> None:
        """Stop routing `sid` (its messages, if any still come, take the usual way)."""
        self._handlers.pop(sid, None)

    async def _process_msg(
        self, sid: int, subject: bytes, reply: bytes, data: bytes, headers: bytes | None
    ) -> None:
        handler = self._handlers.get(sid)
        if handler is None:
            await self._usual(sid, subject, reply, data, headers)
            return
        stats = self._nc.stats  # kept as nats-py keeps them: they are the connection's
        stats["in_msgs"] += 1
        stats["in_bytes"] += len(data)
        try:
            handler(subject.decode(), reply.decode(), data, status_of(headers))
        except Exception:  # a bug in one handler must not stop the connection's reading
            log.exception("a message on a raw route could not be handled")
