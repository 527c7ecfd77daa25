"""Signed webhook delivery to the registered callback, with retries and optional batching.

Items go onto a queue, so a Graph handler never waits for the callback. One collector turns
items into POST bodies (one item each, or a batch within a short window); a few senders POST
them, each retrying its own body on Meta's back-off schedule (`retry_schedule`, compressed),
so one failing POST does not hold up the rest. As at Meta, order across POSTs is therefore
not guaranteed. The POSTs go through `callback_client` (kept-alive connections, little CPU per
POST); the handshake through aiohttp.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import secrets
from collections import deque
from collections.abc import Callable, Sequence
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


_COMPACT = json.JSONEncoder(separators=(",", ":"))
"""One encoder for every body: `json.dumps` with any option builds a new one per call."""


def sign(raw: bytes, app_secret: str) -> str:
    """The ``X-Hub-Signature-256`` header value for a body."""
    # The one-shot digest: `hmac.new` builds a Python HMAC object per body.
    return "sha256=" + hmac.digest(app_secret.encode(), raw, hashlib.sha256).hex()


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
        self._items: asyncio.Queue[WebhookItem] = asyncio.Queue()
        self._posts: asyncio.Queue[tuple[bytes, int, DeliveryFaults]] = asyncio.Queue()
        self._callback_set = asyncio.Event()
        self._session: aiohttp.ClientSession | None = None
        """For the handshake only; webhooks go through `_client`."""
        self._client: CallbackClient | None = None
        self._tasks: list[asyncio.Task[None]] = []
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
        return self._items.qsize() + self._posts.qsize()

    async def start(self) -> None:
        """Open the HTTP session and start the collector and sender tasks."""
        timeout = aiohttp.ClientTimeout(total=self._config.webhook_timeout)
        self._session = aiohttp.ClientSession(timeout=timeout)
        self._tasks.append(asyncio.create_task(self._collect(), name="sim-webhook-collector"))
        for n in range(self._config.webhook_concurrency):
            self._tasks.append(asyncio.create_task(self._send_loop(), name=f"sim-webhook-{n}"))

    async def stop(self) -> None:
        """Cancel delivery (pending items are dropped) and close the session."""
        await cancel_and_wait(*self._tasks)
        self._tasks.clear()
        if self.queue_size:
            log.info("webhook dispatcher stopped with %d undelivered", self.queue_size)
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    def enqueue(self, item: WebhookItem) -> None:
        """Queue one item for delivery; never blocks."""
        self._items.put_nowait(item)

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
        self._callback_set.set()
        log.info("webhook callback verified and registered")

    def _require_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            raise RuntimeError("the webhook dispatcher is not started")
        return self._session

    async def _collect(self) -> None:
        """Turn queued items into signed-ready bodies, batching when configured."""
        while True:
            batch = [await self._items.get()]
            if self._config.batch_webhooks:
                # Sleep rather than wait_for(get()): a cancelled get may swallow an item.
                await asyncio.sleep(self._config.batch_window)
                while len(batch) < self._config.batch_max_items and not self._items.empty():
                    batch.append(self._items.get_nowait())
            faults = DeliveryFaults()
            for item in batch:
                faults = faults.merge(item.faults)
            self._posts.put_nowait((encode(self._build(batch)), len(batch), faults))

    async def _send_loop(self) -> None:
        while True:
            raw, count, faults = await self._posts.get()
            await self._callback_set.wait()
            delivered = await self._deliver(raw, count, faults)
            if delivered and faults.duplicate and await self._deliver_again(raw, faults):
                self.duplicates += 1

    async def _deliver_again(self, raw: bytes, faults: DeliveryFaults) -> bool:
        """Meta's at-least-once delivery: the very same signed bytes once more, not stalled."""
        return await self._deliver(raw, 0, replace(faults, slow=0.0))

    async def _deliver(self, raw: bytes, count: int, faults: DeliveryFaults) -> bool:
        """POST one body until it is accepted or Meta's retry schedule is used up."""
        attempt = 0
        pauses = self._config.webhook_retries.delays()
        while True:
            if await self._attempt(raw, attempt, faults):
                self.posts_delivered += 1
                self.items_delivered += count
                return True
            pause = next(pauses, None)
            if pause is None:
                break
            attempt += 1
            self.retry_pauses.append(pause)
            await asyncio.sleep(pause)  # Meta's back-off, compressed
        self.posts_failed += 1
        log.warning("webhook POST given up after %d attempts (%d items)", attempt + 1, count)
        return False

    async def _attempt(self, raw: bytes, attempt: int, faults: DeliveryFaults) -> bool:
        client = self._client
        assert client is not None  # senders wait for _callback_set first
        signature = None  # the "missing" fault: no header at all
        if faults.bad_signature == "wrong_bytes":
            signature = sign(raw + b"\n", self._config.app_secret)
        elif faults.bad_signature == "off":
            signature = sign(raw, self._config.app_secret)
        self.attempts += 1
        try:
            status = await client.post(raw, signature, stall=faults.slow if attempt == 0 else 0.0)
            if 200 <= status < 300:
                return True
            outcome = f"HTTP {status}"
        except (OSError, TimeoutError, MalformedResponse) as exc:
            outcome = type(exc).__name__
        log.info("webhook POST attempt %d failed: %s", attempt + 1, outcome)
        return False
