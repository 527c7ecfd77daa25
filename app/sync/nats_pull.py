"""Pulling a JetStream consumer with our own pull requests, the messages taken by a callback.

nats-py's `fetch` waits for each message of a batch with its own task, timer and uuid (about
30 µs of the event loop per message, measured in a catching-up desk), and a new batch is asked
for only after the previous one arrived. Here, while catching up, two pull requests stay open
on the hub, so it streams without a pause (live, one at a time: see below), and every message
costs one plain call that keeps the fields the follower needs, taken straight from nats-py's
parser (`app.sync.nats_raw`: no header parsing, no `Msg`, no hop through the subscription's
task). The sequences come from the message's reply
subject, read only as far as needed.

Each request is a `no_wait` one with an expiry: the hub sends what the consumer holds right now
(up to a batch) and ends the request, or, holding nothing, waits up to the expiry for the first
message (nats-server 2.15, pinned in pyproject.toml). So no request stays open while the desk
is busy with a batch: what arrives meanwhile waits on the hub and comes in one burst with the
next request, one wake-up of the consumer on the hub and one read on the desk, instead of one
delivery per message into a long-open request (500 messages a second pulled by 10 consumers on
a bare hub: 330 -> 260 µs of hub CPU a message). Two requests stay open only while
the hub says more are pending (catching up); live, one. A hub that answers an empty `no_wait`
request at once, whatever the expiry, is asked with a plain waiting request next, so an idle
desk never polls in a loop.

A pull request ends when its batch is full, or with a status message (404/408: no more
messages or expired; any other, such as 409 or 503: the consumer went away, so the follower
makes a new one). The hub
serves open requests in the order they came, so counting messages against the oldest request
tells when to ask for the next.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import deque
from typing import NamedTuple

import nats.errors
from nats.aio.client import Client
from nats.aio.subscription import Subscription

from app.sync.nats_raw import RawRoute

__all__ = ["Arrival", "PullInbox", "consumer_sequences"]

_IN_FLIGHT = 2
"""Open pull requests while catching up: the hub fills the second while we take the first."""
_IN_FLIGHT_LIVE = 1
"""Open pull requests when the hub said nothing more is pending: one, so the hub keeps what
arrives while the desk works and hands it over as one burst with the next request."""
_ENDED = frozenset({"404", "408"})
"""Statuses of a request that simply ended: no messages (now), or it expired. Any other
(409: consumer deleted, leadership change; 503: no responders, the consumer's node is gone)
means the consumer must be replaced."""
_HEARTBEAT = "100"
_NO_MESSAGES = "404"


class Arrival(NamedTuple):
    """One message of the consumer, as it arrived. A named tuple, not a frozen dataclass: one
    is made per record on the event loop, in a third of the time (0.25 against 0.6 µs)."""

    delivered: int
    """The consumer's delivery sequence: grows by one per message, a jump means a loss."""
    seq: int
    """The stream sequence."""
    pending: int
    """Messages the consumer still had after this one when the hub sent it."""
    subject: str
    data: bytes


def consumer_sequences(reply: str) -> tuple[int, int, int]:
    """(stream sequence, delivery sequence, pending) from a JetStream ack subject.

    ``$JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ts>.<pending>``, or the newer
    form with a domain and account hash before the stream and a token after `pending`.

    Raises:
        ValueError: Not an ack subject of either form.
    """
    tokens = reply.split(".")
    if len(tokens) == 9 and tokens[0] == "$JS" and tokens[1] == "ACK":
        return int(tokens[5]), int(tokens[6]), int(tokens[8])
    if len(tokens) >= 12 and tokens[0] == "$JS" and tokens[1] == "ACK":
        return int(tokens[7]), int(tokens[8]), int(tokens[10])
    raise ValueError("not a JetStream ack subject")


class PullInbox:
    """Pull requests for one consumer and the messages they brought, in arrival order."""

    def __init__(self, nc: Client, stream: str, consumer: str, batch: int, expires: float) -> None:
        """Prepare; `start` subscribes and asks for the first batches.

        Args:
            nc: The connection.
            stream: The stream's name.
            consumer: The (ack-less) consumer's name.
            batch: Messages per pull request.
            expires: Seconds a pull request stays open on the hub when nothing comes.
        """
        self._nc = nc
        self._next_subject = f"$JS.API.CONSUMER.MSG.NEXT.{stream}.{consumer}"
        self._inbox = nc.new_inbox()
        self._batch = batch
        expiry = int(expires * 1e9)
        self._request = json.dumps({"batch": batch, "no_wait": True, "expires": expiry}).encode()
        self._waiting_request = json.dumps({"batch": 1, "expires": expiry}).encode()
        """For a hub that answers an empty `no_wait` request at once: wait for one message."""
        self._answered_empty = False
        """The last request ended at once with nothing: ask with `_waiting_request` next."""
        self._behind = False
        """The newest message said the consumer holds more after it (catching up)."""
        self._open: deque[int] = deque()
        """Messages each open request may still bring, oldest first."""
        self._arrived: deque[Arrival] = deque()
        self._woken = asyncio.Event()
        self._gone = False
        self._broken: str | None = None
        self._sub: Subscription | None = None
        self._heard = False
        """A message or status came since `forget_requests` last looked."""

    @property
    def gone(self) -> bool:
        """The hub answered a request with an error (409, 503...): replace the consumer."""
        return self._gone

    @property
    def broken(self) -> str | None:
        """Why a message could not be read (not an ack subject), if one could not."""
        return self._broken

    async def start(self) -> None:
        """Subscribe to the inbox, then open the first pull requests."""
        self._sub = await self._nc.subscribe(self._inbox)
        # Before the first request: nothing comes to a new inbox before it is asked for.
        RawRoute.of(self._nc).add(self._sub._id, self._on_msg)
        await self._top_up()

    async def stop(self) -> None:
        """Unsubscribe; open requests end on the hub when they expire."""
        sub, self._sub = self._sub, None
        if sub is not None:
            RawRoute.of(self._nc).discard(sub._id)
            # A connection the hub cut cannot carry the UNSUB; the subscription is gone anyway.
            with contextlib.suppress(nats.errors.Error, ConnectionError):
                await sub.unsubscribe()

    def forget_requests(self) -> None:
        """Called when nothing was handed out for longer than a request lives. If the hub said
        nothing at all meanwhile, the open requests were lost (the hub restarted, or the node
        holding the consumer went away): ask anew, so the hub answers the new ones with
        messages or an error status. Expired requests it did answer (an idle log) stay
        counted as they are."""
        if not self._heard:
            self._open.clear()
        self._heard = False

    async def take(self) -> list[Arrival]:
        """The messages that arrived, at most a batch, waiting for one (the caller bounds it).

        While the hub says more are pending, waits until a whole batch is there (a catching-up
        desk applies big batches); a message with nothing behind it is handed out at once.
        Opens new pull requests as the old ones end.
        """
        while True:
            if self._ready():
                # Live, the next request goes with the next `take`, after this batch: what
                # arrives meanwhile comes as one burst. Catching up, it goes now.
                if self._behind:
                    await self._top_up()
                break
            await self._top_up()  # also after requests expired while nothing came
            self._woken.clear()
            await self._woken.wait()
        count = min(self._batch, len(self._arrived))
        return [self._arrived.popleft() for _ in range(count)]

    def _ready(self) -> bool:
        if self._gone or self._broken is not None:
            return True
        if not self._arrived:
            return False
        # Wait for a full batch only while open requests can still bring it.
        more_coming = self._arrived[-1].pending > 0 and sum(self._open) > 0
        return len(self._arrived) >= self._batch or not more_coming

    async def _top_up(self) -> None:
        """Keep `_IN_FLIGHT` pull requests open while catching up, `_IN_FLIGHT_LIVE` live
        (each ended one is replaced)."""
        while len(self._open) < self._in_flight() and not self._gone:
            if self._answered_empty:
                self._answered_empty = False
                self._open.append(1)
                request = self._waiting_request
            else:
                self._open.append(self._batch)
                request = self._request
            await self._nc.publish(self._next_subject, request, reply=self._inbox)

    def _in_flight(self) -> int:
        return _IN_FLIGHT if self._behind else _IN_FLIGHT_LIVE

    def _on_msg(self, subject: str, reply: str, data: bytes, status: str | None) -> None:
        """One message or status, straight from nats-py's parser: no awaiting, no allocation
        beyond the one `Arrival`."""
        self._heard = True
        if status is not None:
            if status == _HEARTBEAT:
                return  # never asked for; not the end of a request
            if self._open:
                # This status ends the oldest open request; a 404 before any of its messages
                # is a hub that does not wait on a `no_wait` request: the next one must.
                untouched = self._open.popleft() == self._batch
                self._answered_empty = status == _NO_MESSAGES and untouched
            self._gone = self._gone or status not in _ENDED
            self._woken.set()
            return
        try:
            seq, delivered, pending = consumer_sequences(reply)
        except ValueError:
            self._broken = "unexpected reply subject"
            self._woken.set()
            return
        self._behind = pending > 0
        if self._open:
            self._open[0] -= 1
            if self._open[0] <= 0:
                self._open.popleft()  # a full batch: the hub sends no status for it
        self._arrived.append(Arrival(delivered, seq, pending, subject, data))
        self._woken.set()
