"""The gateway service: Meta's webhooks in, sealed events out; requested replies sent.

Webhook POSTs are answered only after their events are sealed and stored in the hub. Sealing and
publishing take milliseconds, and holding the answer means no plaintext ever waits on disk or in
a queue that a crash could lose: if the hub is down we answer 503 and Meta retries later.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import aiohttp
from aiohttp import web

from app.crypto.envelope import parse_envelope
from app.crypto.errors import ChainInvalid
from app.domain.errors import EnvelopeRejected
from app.domain.events import (
    CustomerMessage,
    DeliveryStatusChanged,
    GatewayEvent,
    SendOutcome,
)
from app.domain.ids import Wamid, short
from app.gateway.graph import GraphClient, GraphConfig, SendResult
from app.gateway.parse import parse_webhook
from app.gateway.sealing import GatewayLog, OpenedRequest
from app.gateway.signature import signature_ok
from app.sync.subjects import Subjects
from app.sync.transport import LogRecord, StaleWrite, Transport, TransportUnavailable

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_WEBHOOK_BYTES = 3 * 1024 * 1024
"""Meta's payloads stay under about 3 MB (cloud-api.md §2); larger requests are refused."""
_SEEN_LIMIT = 100_000
_SEND_RETRIES = 4


@dataclass(frozen=True, slots=True)
class GatewayConfig:
    """How the gateway meets Meta."""

    app_secret: bytes
    verify_token: str
    graph: GraphConfig
    host: str = "127.0.0.1"
    port: int = 0
    path: str = "/webhook"


class Gateway:
    """One gateway replica for one team and phone number."""

    def __init__(
        self,
        config: GatewayConfig,
        team_log: GatewayLog,
        transport: Transport,
        clock: Callable[[], float],
    ) -> None:
        self._config = config
        self._log = team_log
        self._transport = transport
        self._clock = clock
        self._subjects = Subjects(team_log.chain.team_id.hex())
        self._lock = asyncio.Lock()
        self._pending: bytes | None = None
        self._pending_event: GatewayEvent | None = None
        self._inbound_seq = 0
        """Stream sequence of the newest record on `.in`: the guard for the next publish."""
        self._seen: OrderedDict[tuple[str, int], None] = OrderedDict()
        self._requests: asyncio.Queue[bytes] = asyncio.Queue()
        self._tasks: list[asyncio.Task[None]] = []
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._follower: object | None = None
        self._chain_ok = True
        self._enrolled = asyncio.Event()
        self.stats = {"published": 0, "duplicates": 0, "sent": 0, "send_failed": 0, "refused": 0}

    @property
    def sent_log_bucket(self) -> str:
        return f"SB_{self._subjects.team_hex}_sent"

    async def start(self) -> str:
        """Start following the log and serving webhooks; returns the callback URL."""
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        self._graph = GraphClient(self._config.graph, self._session)
        last_own = await self._transport.last_on_subject(self._subjects.inbound)
        self._log.resume_after(last_own.data if last_own else None)
        self._inbound_seq = last_own.seq if last_own else 0
        self._follower = self._transport.follow(
            1, self._on_records, subjects=[self._subjects.chain, self._subjects.outbound]
        )
        self._tasks.append(asyncio.create_task(self._send_requests(), name="gateway-sender"))
        return await self._serve()

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._follower is not None:
            await self._follower.stop()  # type: ignore[attr-defined]
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()

    async def wait_enrolled(self, within: float = 30.0) -> None:
        """Wait until the chain names this gateway (tests and the demo start in order)."""
        async with asyncio.timeout(within):
            await self._enrolled.wait()

    # -- webhooks ---------------------------------------------------------------------------

    async def _serve(self) -> str:
        app = web.Application(client_max_size=MAX_WEBHOOK_BYTES)
        app.router.add_get(self._config.path, self._handshake)
        app.router.add_post(self._config.path, self._notification)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._config.host, self._config.port)
        await site.start()
        port = self._runner.addresses[0][1]
        return f"http://{self._config.host}:{port}{self._config.path}"

    async def _handshake(self, request: web.Request) -> web.Response:
        query = request.query
        token = query.get("hub.verify_token", "").encode()
        if query.get("hub.mode") == "subscribe" and hmac.compare_digest(
            token, self._config.verify_token.encode()
        ):
            return web.Response(text=query.get("hub.challenge", ""))
        return web.Response(status=403)

    async def _notification(self, request: web.Request) -> web.Response:
        try:
            raw = await request.read()
        except web.HTTPRequestEntityTooLarge:
            log.warning("webhook refused: body over %d bytes", MAX_WEBHOOK_BYTES)
            return web.Response(status=413)
        header = request.headers.get("X-Hub-Signature-256")
        if header is None:
            return web.Response(status=401)
        if not signature_ok(raw, header, self._config.app_secret):
            log.warning("webhook refused: bad signature")
            return web.Response(status=403)
        try:
            document = json.loads(raw)
        except (ValueError, UnicodeDecodeError, RecursionError):
            log.warning("webhook body is not JSON; acknowledged so Meta stops retrying")
            return web.Response(status=200)
        return await self._ingest(document)

    async def _ingest(self, document: object) -> web.Response:
        parsed = parse_webhook(document)
        for problem in parsed.problems:
            log.warning("webhook item not used: %s", problem)
        if not self._log.enrolled or not self._chain_ok:
            return web.Response(status=503, text="gateway not ready")
        try:
            for event in parsed.events:
                await self._publish_once(event)
        except TransportUnavailable:
            log.warning("hub unavailable: asking Meta to retry")
            return web.Response(status=503, text="hub unavailable")
        return web.Response(status=200)

    async def _publish_once(self, event: CustomerMessage | DeliveryStatusChanged) -> None:
        """Publish one webhook item unless Meta delivered it before.

        One item that cannot be sealed is reported and skipped: answering 500 would make Meta
        retry the whole batch for days and hold back every item after it.
        """
        key = (event.wamid, int(event.status) if isinstance(event, DeliveryStatusChanged) else -1)
        if key in self._seen:
            self.stats["duplicates"] += 1
            return  # desks de-duplicate too; this only saves work
        try:
            await self._publish(event)
        except (ValueError, EnvelopeRejected) as exc:
            log.error("webhook item could not be sealed: %s", type(exc).__name__)
            return
        self._seen[key] = None
        if len(self._seen) > _SEEN_LIMIT:
            self._seen.popitem(last=False)

    # -- the log ----------------------------------------------------------------------------

    async def _publish(self, event: GatewayEvent) -> None:
        """Seal and store one event, keeping the gateway's author chain gap-free.

        An envelope whose publish timed out may or may not be stored; it is re-sent byte for
        byte (same id, so the hub de-duplicates) before anything new is sealed.
        """
        async with self._lock:
            if self._pending is not None:
                retried = self._pending_event == event
                await self._send_pending()
                if retried:
                    return  # the event we were asked again for was the one still pending
            self._pending = self._log.seal(event, int(self._clock()))
            self._pending_event = event
            await self._send_pending()
            self.stats["published"] += 1

    async def _send_pending(self) -> None:
        """Publish the pending envelope, guarded so that only this gateway extends `.in`.

        A second writer (another gateway process with the same identity) would fork the
        gateway's author chain and every desk would refuse what follows, so the publish names
        the last sequence this gateway wrote. A refusal is either our own earlier attempt that
        did land (then it is done) or another writer (then we stop and say so).
        """
        assert self._pending is not None
        event_id = parse_envelope(self._pending).header.event_id
        subject = self._subjects.inbound
        try:
            ack = await self._transport.publish(
                subject,
                self._pending,
                msg_id=event_id.hex(),
                expected_last_subject_seq=self._inbound_seq,
            )
            seq = ack.seq
        except StaleWrite:
            last = await self._transport.last_on_subject(subject)
            if last is None or last.data != self._pending:
                log.error("another writer extended the inbound subject: not publishing")
                raise TransportUnavailable("inbound subject has another writer") from None
            seq = last.seq
        self._log.published(self._pending)
        self._inbound_seq = seq
        self._pending = self._pending_event = None

    async def _on_records(self, records: Sequence[LogRecord]) -> None:
        for record in records:
            if record.subject == self._subjects.chain:
                self._apply_link(record)
            elif record.subject == self._subjects.outbound:
                self._requests.put_nowait(record.data)

    def _apply_link(self, record: LogRecord) -> None:
        try:
            self._log.apply_link(record.data)
            if self._log.enrolled:
                self._enrolled.set()
        except ChainInvalid as exc:
            # crypto.md §3.5 rule 7: stop sealing until a person resolves it.
            self._chain_ok = False
            log.error("team chain invalid at stream seq %d: %s", record.seq, exc)

    # -- sending ----------------------------------------------------------------------------

    async def _send_requests(self) -> None:
        """The sender task: one request at a time; no single failure may end it."""
        while True:
            data = await self._requests.get()
            try:
                await self._handle_request(data)
            except asyncio.CancelledError:
                raise
            except Exception:  # the task must outlive any one bad request
                log.exception("outbound request failed unexpectedly")

    async def _handle_request(self, data: bytes) -> None:
        try:
            opened = self._log.open_request(data)
        except EnvelopeRejected as exc:
            self.stats["refused"] += 1
            log.warning("outbound request refused: %s", exc)
            return
        reply_id = opened.request.reply_event_id
        # Recorded before the send: a crash in between leaves "unknown", never a resend.
        token = os.urandom(16)  # the same across retries: a claim that did land stays ours
        if not await self._until_hub(
            lambda: self._transport.claim_once(self.sent_log_bucket, reply_id.hex(), token)
        ):
            return
        result = await self._send(opened)
        outcome = SendOutcome(
            reply_event_id=reply_id,
            wamid=Wamid(result.wamid) if result.wamid else None,
            error_code=result.error_code,
            error_detail=result.error_detail,
        )
        await self._until_hub(lambda: self._publish(outcome))

    async def _until_hub(self, call: Callable[[], Awaitable[T]]) -> T:
        """Retry `call` while the hub is unreachable: the outcome must not be lost."""
        delay = 0.2
        while True:
            try:
                return await call()
            except TransportUnavailable:
                log.warning("hub unavailable; retrying in %.1f s", delay)
                await asyncio.sleep(delay)  # back-off between attempts
                delay = min(delay * 2, 10.0)

    async def _send(self, opened: OpenedRequest) -> SendResult:
        request = opened.request
        result = SendResult(None)
        for attempt in range(_SEND_RETRIES):
            if attempt:
                await asyncio.sleep(min(30.0, 0.25 * 4**attempt))  # Meta's suggested 4^n back-off
            result = await self._graph.send_text(
                request.customer_id, request.customer_wa_id, request.text, opened.event_id.hex()
            )
            if not result.transient:
                break
        key = "sent" if result.wamid else "send_failed"
        self.stats[key] += 1
        log.info("reply %s: %s", short(request.reply_event_id), result.error_code or "accepted")
        return result
