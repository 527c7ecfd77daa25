"""Signed webhook delivery to the registered callback, with retries and optional batching.

A Graph handler never waits for the callback: `enqueue` returns at once. Each item becomes a
POST body at once (or, with batching, a collector packs the items of a short window into one);
the bodies wait in order for one of `webhook_concurrency` places, each POST retried on its own
on Meta's back-off schedule (`retry_schedule`, compressed), so one failing POST does not hold
up the rest. As at Meta, order across POSTs is therefore not guaranteed. The POSTs go through
`callback_client` (kept-alive connections, little CPU per POST); the handshake through aiohttp.

A body without delivery faults goes out on an idle connection straight from `enqueue`, and its
answer comes back through the connection's callback, with no task: at `bench live`'s 500 a
second, task wake-ups and queue hand-offs were most of the CPU the simulator spent per webhook
(the simulator shares the bench's machine). Anything else (opening a connection, a retry, a
fault to play) runs as a task of its own.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import secrets
from collections import deque
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import replace
from typing import Any

import aiohttp

from app.aio import cancel_and_wait
from app.simulator.callback_client import CallbackClient, MalformedResponse
from app.simulator.config import SimulatorConfig
from app.simulator.errors import CallbackVerificationError
from app.simulator.payloads import DeliveryFaults, WebhookItem

log = logging.getLogger(__name__)

EnvelopeBuilder = Callable[[Sequence[WebhookItem]], dict[str, Any]]


_COMPACT = json.JSONEncoder(separators=(",", ":"), check_circular=False)
"""One encoder for every body: `json.dumps` with any option builds a new one per call. A body
is a tree built afresh for each POST, so there is no cycle to look for."""


NO_FAULTS = DeliveryFaults()
"""What most bodies carry: they go out the quick way (`WebhookDispatcher._start`)."""


def sign(raw: bytes, app_secret: str) -> str:
    """The ``X-Hub-Signature-256`` header value for a body."""
    return Signer(app_secret).sign(raw)


class Signer:
    """`sign` for many bodies with one secret: the key is prepared once, not per body."""

    def __init__(self, app_secret: str) -> None:
        self._keyed = hmac.new(app_secret.encode(), digestmod=hashlib.sha256)

    def sign(self, raw: bytes) -> str:
        """The ``X-Hub-Signature-256`` header value for `raw`."""
        # A copy of the keyed state: `hmac.new` or `hmac.digest` set up the key (and look the
        # digest up in OpenSSL) again for every body.
        mac = self._keyed.copy()
        mac.update(raw)
        return "sha256=" + mac.hexdigest()


def encode(envelope: dict[str, Any]) -> bytes:
    """Serialise compactly, escaping non-ASCII as Meta does; these bytes are what is signed."""
    return _COMPACT.encode(envelope).encode("ascii")


class WebhookDispatcher:
    """Queues webhook items and delivers them, signed, to one callback URL.

    Items queued before a callback is registered wait for it rather than being dropped.
    """

    def __init__(self, config: SimulatorConfig, build: EnvelopeBuilder) -> None:
        """Prepare an idle dispatcher; call ``start`` inside the running loop.

        Args:
            config: Secret, timeout, retry and batching settings.
            build: Packs items into one envelope.
        """
        self._config = config
        self._build = build
        self._signer = Signer(config.app_secret)
        self._items: asyncio.Queue[WebhookItem] = asyncio.Queue()
        """Items for the collector (batching only)."""
        self._posts: deque[tuple[bytes, int, DeliveryFaults]] = deque()
        """Bodies waiting for a place, oldest first."""
        self._in_flight = 0
        """Bodies being POSTed (retries and duplicates included): at most webhook_concurrency."""
        self._running = False
        self._session: aiohttp.ClientSession | None = None
        """For the handshake only; webhooks go through `_client`."""
        self._client: CallbackClient | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.posts_delivered = 0
        self.items_delivered = 0
        self.attempts = 0
        self.posts_failed = 0
        self.duplicates = 0
        self.retry_pauses: deque[float] = deque(maxlen=1000)
        """The latest pauses taken before a retry, in seconds, in the order taken."""

    @property
    def queue_size(self) -> int:
        """Items and bodies not yet delivered or given up (in flight ones not counted)."""
        return self._items.qsize() + len(self._posts)

    async def start(self) -> None:
        """Open the HTTP session and, when batching, start the collector."""
        timeout = aiohttp.ClientTimeout(total=self._config.webhook_timeout)
        self._session = aiohttp.ClientSession(timeout=timeout)
        self._running = True
        if self._config.batch_webhooks:
            self._spawn(self._collect(), "sim-webhook-collector")

    async def stop(self) -> None:
        """Cancel delivery (pending items are dropped) and close the session."""
        self._running = False
        await cancel_and_wait(*self._tasks)
        self._tasks.clear()
        if self.queue_size:
            log.info("webhook dispatcher stopped with %d undelivered", self.queue_size)
        if self._client is not None:
            self._client.abort()  # POSTs under way end here, unanswered, as a cancel ends them
            self._client = None
        self._in_flight = 0  # all dropped: a restart has every place
        if self._session is not None:
            await self._session.close()
            self._session = None

    def enqueue(self, item: WebhookItem) -> None:
        """Queue one item for delivery; never blocks."""
        if self._config.batch_webhooks:
            self._items.put_nowait(item)
        else:
            self._post(encode(self._build((item,))), 1, item.faults)

    async def verify_callback(self, url: str, verify_token: str) -> None:
        """Run Meta's GET handshake against ``url`` and, if it passes, deliver there.

        Raises:
            CallbackVerificationError: If the callback is unreachable, answers other than 200,
                or does not echo the challenge.
        """
        session = self._require_session()
        challenge = str(secrets.randbelow(9 * 10**9) + 10**9)
        params = {
            "hub.mode": "subscribe",
            "hub.challenge": challenge,
            "hub.verify_token": verify_token,
        }
        try:
            async with session.get(url, params=params) as response:
                status, text = response.status, await response.text()
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise CallbackVerificationError(
                f"callback verification failed: {type(exc).__name__}: {exc}"
            ) from exc
        if status != 200 or text != challenge:
            raise CallbackVerificationError(
                f"callback verification failed: HTTP {status}, challenge "
                f"{'echoed' if text == challenge else 'not echoed'}"
            )
        if self._client is not None:
            self._client.close()
        self._client = CallbackClient(url, self._config.webhook_timeout)
        log.info("webhook callback verified and registered")
        self._pump()

    def _require_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            raise RuntimeError("the webhook dispatcher is not started")
        return self._session

    async def _collect(self) -> None:
        """Batching: turn the items of each short window into one body."""
        while True:
            batch = [await self._items.get()]
            # Sleep rather than wait_for(get()): a cancelled get may swallow an item.
            await asyncio.sleep(self._config.batch_window)
            while len(batch) < self._config.batch_max_items and not self._items.empty():
                batch.append(self._items.get_nowait())
            faults = DeliveryFaults()
            for item in batch:
                faults = faults.merge(item.faults)
            self._post(encode(self._build(batch)), len(batch), faults)

    def _post(self, raw: bytes, count: int, faults: DeliveryFaults) -> None:
        self._posts.append((raw, count, faults))
        self._pump()

    def _pump(self) -> None:
        """Start the waiting bodies that have a place, oldest first."""
        while (
            self._posts
            and self._running
            and self._client is not None
            and self._in_flight < self._config.webhook_concurrency
        ):
            raw, count, faults = self._posts.popleft()
            self._in_flight += 1
            if faults != NO_FAULTS or not self._start(self._client, raw, count):
                self._spawn(self._send(raw, count, faults), "sim-webhook")

    def _start(self, client: CallbackClient, raw: bytes, count: int) -> bool:
        """The first attempt of a body without faults, on an idle connection, with no task."""

        def answered(outcome: int | BaseException) -> None:
            if not self._running:
                return  # stopped: what was under way is dropped
            if isinstance(outcome, int) and 200 <= outcome < 300:
                self._delivered(count)
                self._done()
                return
            log.info("webhook POST attempt 1 failed: %s", _outcome(outcome))
            self._spawn(self._send(raw, count, NO_FAULTS, tried=True), "sim-webhook")

        if not client.start(raw, self._signer.sign(raw), answered):
            return False
        self.attempts += 1
        return True

    def _spawn(self, work: Coroutine[Any, Any, None], name: str) -> None:
        task = asyncio.create_task(work, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _done(self) -> None:
        """A body is delivered or given up: its place goes to the next."""
        self._in_flight -= 1
        self._pump()

    async def _send(
        self, raw: bytes, count: int, faults: DeliveryFaults, *, tried: bool = False
    ) -> None:
        """Deliver one body, its first attempt already made and failed if `tried`."""
        try:
            delivered = await self._deliver(raw, count, faults, tried=tried)
            if delivered and faults.duplicate and await self._deliver_again(raw, faults):
                self.duplicates += 1
        finally:
            if self._running:
                self._done()

    async def _deliver_again(self, raw: bytes, faults: DeliveryFaults) -> bool:
        """Meta's at-least-once delivery: the very same signed bytes once more, not stalled."""
        return await self._deliver(raw, 0, replace(faults, slow=0.0))

    async def _deliver(
        self, raw: bytes, count: int, faults: DeliveryFaults, *, tried: bool = False
    ) -> bool:
        """POST one body until it is accepted or Meta's retry schedule is used up."""
        attempt = 0
        pauses = self._config.webhook_retries.delays()
        accepted = not tried and await self._attempt(raw, attempt, faults)
        while not accepted:
            pause = next(pauses, None)
            if pause is None:
                self.posts_failed += 1
                log.warning(
                    "webhook POST given up after %d attempts (%d items)", attempt + 1, count
                )
                return False
            attempt += 1
            self.retry_pauses.append(pause)
            await asyncio.sleep(pause)  # Meta's back-off, compressed
            accepted = await self._attempt(raw, attempt, faults)
        self._delivered(count)
        return True

    def _delivered(self, count: int) -> None:
        self.posts_delivered += 1
        self.items_delivered += count

    async def _attempt(self, raw: bytes, attempt: int, faults: DeliveryFaults) -> bool:
        client = self._client
        assert client is not None  # bodies start only once a callback is registered
        signature = None  # the "missing" fault: no header at all
        if faults.bad_signature == "wrong_bytes":
            signature = self._signer.sign(raw + b"\n")
        elif faults.bad_signature == "off":
            signature = self._signer.sign(raw)
        self.attempts += 1
        try:
            status = await client.post(raw, signature, stall=faults.slow if attempt == 0 else 0.0)
            if 200 <= status < 300:
                return True
            outcome: int | BaseException = status
        except (OSError, TimeoutError, MalformedResponse) as exc:
            outcome = exc
        log.info("webhook POST attempt %d failed: %s", attempt + 1, _outcome(outcome))
        return False


def _outcome(outcome: int | BaseException) -> str:
    """A failed attempt as the log tells it: the status or the error's type, never its text."""
    return f"HTTP {outcome}" if isinstance(outcome, int) else type(outcome).__name__
