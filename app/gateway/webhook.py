"""The webhook endpoint Meta calls: handshake, signature first, then parse and publish."""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import ClientPayloadError, web

from app.domain.content import Media
from app.domain.ids import Wamid
from app.gateway.body_budget import BodyBudget
from app.gateway.inbound import GatewayBusy, InboundPublisher
from app.gateway.media import MediaFetcher
from app.gateway.parse import ParsedWebhook, WebhookEvent, decode_json, parse_webhook
from app.gateway.signature import signature_ok
from app.gateway.spool import Spool, SpoolFull
from app.log.events import (
    AdminNotice,
    CustomerMessage,
    ForeignWebhooks,
    GatewayEvent,
    HistoryChunk,
    HistoryMessage,
    PhoneEcho,
)
from app.sync.transport import TransportUnavailable

log = logging.getLogger(__name__)

MAX_WEBHOOK_BYTES = 3 * 1024 * 1024
"""Meta's payloads stay under about 3 MB (cloud-api.md §2); larger requests are refused."""
BODIES_AT_ONCE = 4
"""Bodies of the largest size the gateway reads at once before checking their signatures
(`body_budget`): 12 MB, however many arrive."""


@dataclass(frozen=True, slots=True)
class Answer:
    """What a webhook request is answered, whichever path took it (aiohttp's or the fast
    lane's)."""

    status: int
    text: str = ""


NOT_CONFIGURED = Answer(503, "gateway not configured")
NOT_READY = Answer(503, "gateway not ready")
DISK_FULL = Answer(503, "gateway disk full")
UNSIGNED = Answer(401)
BAD_SIGNATURE = Answer(403)
_NO_SETTINGS = (
    "webhook answered 503: no number settings yet; an admin connects the number from a desk"
)


class WebhookEndpoint:
    """Answers Meta. A POST is answered 200 once its signed body is in the spool, on disk.

    The spool (`spool.py`) holds the body until `SpoolDrain` has its events stored on the hub,
    so a hub outage never makes Meta retry, and a crash loses nothing Meta was told we have.
    503 asks Meta to retry only what could not be stored: a full disk, no settings yet.
    """

    def __init__(
        self,
        *,
        app_secret: bytes | None,
        verify_token: str | None,
        publisher: InboundPublisher,
        spool: Spool,
        ready: Callable[[], bool],
        on_number_changed: Callable[[], None],
        media: MediaFetcher | None = None,
        on_handshake: Callable[[bool], None] | None = None,
        on_webhook: Callable[[], None] | None = None,
        on_templates: Callable[[list[str], bool], None] | None = None,
        on_callbacks: Callable[[list[tuple[Wamid, str]]], None] | None = None,
        number_id: Callable[[], str | None] = lambda: None,
        on_foreign: Callable[[dict[str, int]], None] | None = None,
        on_items: Callable[[object, list[WebhookEvent]], None] | None = None,
    ) -> None:
        self._app_secret = app_secret
        self._verify_token = verify_token
        self._publisher = publisher
        self._spool = spool
        self._ready = ready
        self._on_number_changed = on_number_changed
        self._on_handshake = on_handshake
        self._on_webhook = on_webhook
        self._on_templates = on_templates
        """Told each signed webhook's account ids, and whether a template changed."""
        self._on_callbacks = on_callbacks
        """Told each status's wamid and callback data (settles sends whose answer was lost)."""
        self._number_id = number_id
        """The team's phone number id, once known: webhooks for any other are ignored."""
        self._on_foreign = on_foreign
        self._on_items = on_items
        """Told each body (decoded) and its events: the notification API learns opt-outs and
        late failures of what back-office systems sent."""
        """Told the items of each body addressed to another number, by `number_tag`."""
        self.foreign: dict[str, int] = {}
        """Items ignored since start because they named another phone number id."""
        self.media = media
        """Fetches inbound files; None keeps media messages without the file."""
        self._bodies = BodyBudget(BODIES_AT_ONCE * MAX_WEBHOOK_BYTES)

    @property
    def configured(self) -> bool:
        """Whether the number's app secret and verify token are known (settings arrived)."""
        return self._app_secret is not None and self._verify_token is not None

    def configure(self, app_secret: bytes, verify_token: str) -> None:
        """Use new settings from the next request on."""
        self._app_secret, self._verify_token = app_secret, verify_token

    def _fetch_file(
        self, message: CustomerMessage | PhoneEcho | HistoryMessage, media_ids: dict[Wamid, str]
    ) -> None:
        """Start the background fetch of the message's file (the answer to Meta won't wait)."""
        media_id = media_ids.get(message.wamid)
        if media_id is not None and isinstance(message.content, Media) and self.media:
            self.media.schedule(message.wamid, media_id, message.content.meta_sha256)

    def install(self, app: web.Application, path: str) -> None:
        app.router.add_get(path, self._handshake)
        app.router.add_post(path, self._notification)

    async def _handshake(self, request: web.Request) -> web.Response:
        if self._verify_token is None:
            log.warning(_NO_SETTINGS)
            return _response(NOT_CONFIGURED)
        query = request.query
        token = query.get("hub.verify_token", "").encode()
        if query.get("hub.mode") == "subscribe" and hmac.compare_digest(
            token, self._verify_token.encode()
        ):
            log.info("Meta's webhook verification succeeded")
            if self._on_handshake is not None:
                self._on_handshake(True)
            return web.Response(text=query.get("hub.challenge", ""))
        log.warning("webhook verification refused: wrong verify token or mode")
        if self._on_handshake is not None:
            self._on_handshake(False)
        return web.Response(status=403)

    async def _notification(self, request: web.Request) -> web.Response:
        declared = request.content_length
        if declared is not None and declared > MAX_WEBHOOK_BYTES:
            log.warning("webhook refused: body over %d bytes", MAX_WEBHOOK_BYTES)
            return web.Response(status=413)
        async with self._bodies.reserve(declared or MAX_WEBHOOK_BYTES):
            checked = await self._read_and_check(request)
        if isinstance(checked, web.Response):
            return checked
        return await self._signed(checked)

    async def _read_and_check(self, request: web.Request) -> web.Response | bytes:
        """The body if Meta signed it, else the answer that refuses it."""
        try:
            raw = await _read_body(request)
        except web.HTTPRequestEntityTooLarge:
            log.warning("webhook refused: body over %d bytes", MAX_WEBHOOK_BYTES)
            return web.Response(status=413)
        except (ConnectionResetError, ClientPayloadError, asyncio.IncompleteReadError):
            # The sender gave up before the body arrived (Meta times out and retries later).
            log.info("webhook sender went away before the body arrived")
            return web.Response(status=400)
        refusal = self.refusal(raw, request.headers.get("X-Hub-Signature-256"))
        if refusal is not None:
            return _response(refusal)
        return bytes(raw)

    async def _signed(self, raw: bytes) -> web.Response:
        stored = self.store(raw)
        if isinstance(stored, Answer):
            return _response(stored)
        try:
            await stored
        except SpoolFull:
            return _response(DISK_FULL)
        return web.Response(status=200)

    @property
    def bodies(self) -> BodyBudget:
        """Bytes of bodies read before their signature is checked, shared by both paths."""
        return self._bodies

    def refusal(self, raw: bytes | bytearray, signature: str | None) -> Answer | None:
        """Why a whole body is refused (no settings yet, no or a bad `X-Hub-Signature-256`),
        or None: Meta signed it. Checked before anything reads the body."""
        if self._app_secret is None:
            log.warning(_NO_SETTINGS)
            return NOT_CONFIGURED
        if signature is None:
            return UNSIGNED
        if not signature_ok(raw, signature, self._app_secret):
            log.warning("webhook refused: bad signature")
            return BAD_SIGNATURE
        return None

    def store(self, raw: bytes) -> Answer | asyncio.Future[None]:
        """Spool a signed body: what settles once it is on disk (Meta's 200; it raises
        `SpoolFull` for a 503), or at once the answer that refuses it (not ready).

        Raises:
            RuntimeError: The spool is closed (the gateway stops).
        """
        if self._on_webhook is not None:
            self._on_webhook()
        if not self._ready():
            return NOT_READY
        return self._spool.add(raw)

    def submit(self, raw: bytes) -> asyncio.Future[bool]:
        """Queue a spooled body's events for the hub now, in call order (`SpoolDrain`).

        Returns:
            What settles once every event is stored, found published before, or reported as
            unusable: True. It raises `TransportError` while the hub cannot take them (also
            while the gateway is not ready, or too many events wait), and the drain tries
            the body again later.
        """
        try:
            document = decode_json(raw)  # keeps coordinates' and prices' digits as sent
        except (ValueError, UnicodeDecodeError, RecursionError):
            log.warning("webhook body is not JSON; dropped")
            return _settled(True)
        if not self._ready():
            return _settled(TransportUnavailable("gateway not ready"))
        parsed = parse_webhook(document, self._number_id())
        for problem in parsed.problems:
            log.warning("webhook item not used: %s", problem)
        for notice in (e for e in parsed.events if isinstance(e, AdminNotice)):
            # The topic and code only: what a notice quotes is Meta's to say, not the log's.
            log.info("Meta notice for admins: %s (code %d)", notice.topic.name, notice.code)
        self._count_foreign(parsed.foreign)
        self._tell(parsed)  # again on a retry: the watchers take a repeat as a no-op
        if self._on_items is not None:
            self._on_items(document, parsed.events)
        # All items are queued at once, in order, so they are sealed in one run with other
        # webhooks' items.
        waiting: list[tuple[GatewayEvent, asyncio.Future[bool]]] = []
        busy: GatewayBusy | None = None
        try:
            for event in [*parsed.events, *_foreign_reports(parsed)]:
                if self._publisher.already_published(event):
                    continue  # a redelivery: its file is being fetched, or was
                waiting.append((event, self._publisher.submit_once(event)))
        except GatewayBusy as exc:
            log.info("too many webhook items wait to be published: the spool holds the rest")
            busy = exc
        media_ids = {ref.wamid: ref.media_id for ref in parsed.media}
        return self._stored(waiting, media_ids, busy)

    def _stored(
        self,
        waiting: list[tuple[GatewayEvent, asyncio.Future[bool]]],
        media_ids: dict[Wamid, str],
        busy: GatewayBusy | None,
    ) -> asyncio.Future[bool]:
        """What settles once every event in `waiting` has: a future fed by callbacks, not a
        task and a gather per body (a tenth of the drain's time per webhook)."""
        body: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        left = len(waiting)

        def one_settled(_: asyncio.Future[bool]) -> None:
            nonlocal left
            left -= 1
            if left == 0 and not body.done():  # the drain may have given up on it
                self._settle_body(body, waiting, media_ids, busy)

        if not waiting:
            self._settle_body(body, waiting, media_ids, busy)
        for _, future in waiting:
            future.add_done_callback(one_settled)
        return body

    def _settle_body(
        self,
        body: asyncio.Future[bool],
        waiting: list[tuple[GatewayEvent, asyncio.Future[bool]]],
        media_ids: dict[Wamid, str],
        busy: GatewayBusy | None,
    ) -> None:
        failed: BaseException | None = None
        for item, future in waiting:
            error = asyncio.CancelledError() if future.cancelled() else future.exception()
            if error is not None:
                failed = failed or error
            elif future.result() is True and self.media:
                if isinstance(item, CustomerMessage | PhoneEcho):
                    self._fetch_file(item, media_ids)
                elif isinstance(item, HistoryChunk):  # a placeholder's file, followed up
                    for message in item.messages:
                        self._fetch_file(message, media_ids)
        failed = failed or busy
        if isinstance(failed, asyncio.CancelledError):
            body.cancel()
        elif failed is not None:
            body.set_exception(failed)
        else:
            body.set_result(True)

    def _count_foreign(self, foreign: dict[str, int]) -> None:
        """Count, log and report items addressed to another number (answered 200 all the
        same: Meta must not retry them, and nothing of them reaches the team)."""
        for tag, items in foreign.items():
            self.foreign[tag] = self.foreign.get(tag, 0) + items
            log.warning(
                "webhook for another phone number id (%s): %d items ignored, %d since start",
                tag,
                items,
                self.foreign[tag],
            )
        if foreign and self._on_foreign is not None:
            self._on_foreign(foreign)

    def _tell(self, parsed: ParsedWebhook) -> None:
        """Tell the number, template and send watchers what this webhook says to them."""
        if parsed.number_changed:
            self._on_number_changed()
        if self._on_templates is not None and parsed.account_ids:
            self._on_templates(parsed.account_ids, parsed.templates_changed)
        if self._on_callbacks is not None and parsed.callbacks:
            self._on_callbacks(parsed.callbacks)


def _foreign_reports(parsed: ParsedWebhook) -> list[ForeignWebhooks]:
    """What the team hears of items for another number: how many, for which (hashed) id."""
    return [
        ForeignWebhooks(tag, items, parsed.foreign_at.get(tag, 0))
        for tag, items in parsed.foreign.items()
    ]


def _response(answer: Answer) -> web.Response:
    return web.Response(status=answer.status, text=answer.text or None)


def _settled(outcome: bool | Exception) -> asyncio.Future[bool]:
    """A future already settled with `outcome` (True, or the error it raises)."""
    future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
    if isinstance(outcome, Exception):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)
    return future


async def _read_body(request: web.Request) -> bytes | bytearray:
    """The whole body in one buffer of its declared size (aiohttp's `read()` grows a buffer by
    doubling and then copies it: three times the body at its peak).

    Raises:
        HTTPRequestEntityTooLarge: More than `MAX_WEBHOOK_BYTES` arrived.
    """
    declared = request.content_length
    if declared == 0:
        return b""  # aiohttp's empty body refuses even a read of nothing
    if declared is not None and declared <= MAX_WEBHOOK_BYTES:
        # The usual case: one read of the declared size (the framing stops it there).
        return await request.content.readexactly(declared)
    body = bytearray(declared or 0)
    filled = 0
    while chunk := await request.content.readany():
        end = filled + len(chunk)
        if end > MAX_WEBHOOK_BYTES:
            raise web.HTTPRequestEntityTooLarge(max_size=MAX_WEBHOOK_BYTES, actual_size=end)
        body[filled:end] = chunk  # within the declared size: no new allocation
        filled = end
    del body[filled:]  # a body shorter than declared
    return body
