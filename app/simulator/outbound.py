"""Business → customer sends: validation, rules, the customer's inbox and status progression."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable
from typing import Any

from app.simulator import errors, payloads, statuses
from app.simulator.behaviour import Behaviour
from app.simulator.config import SimulatorConfig
from app.simulator.ids import outbound_wamid
from app.simulator.media import STATIC_STICKER_MAX, MediaStore, is_animated_webp
from app.simulator.payloads import WebhookItem
from app.simulator.rules import Context, Policy, Verdict
from app.simulator.sendtypes import MEDIA_TYPES
from app.simulator.state import Customer, ReceivedMessage, SimState
from app.simulator.tasks import BackgroundTasks
from app.simulator.validation import MarkRead, SendRequest, parse_messages_body

log = logging.getLogger(__name__)


class Outbound:
    """Answers ``POST /{phone-id}/messages`` and emits the resulting statuses."""

    def __init__(
        self,
        config: SimulatorConfig,
        state: SimState,
        emit: Callable[[WebhookItem], None],
        clock: Callable[[], float],
        *,
        media: MediaStore,
        policy: Policy,
        behaviour: Callable[[str | None], Behaviour],
        rng: random.Random,
        accepted: Callable[[ReceivedMessage], None] = lambda message: None,
    ) -> None:
        """Wire the send pipeline.

        Args:
            config: Status delays and window lengths.
            state: Customers, windows and inboxes.
            emit: Queues a webhook item.
            clock: The simulator's wall clock (Unix seconds), injectable for tests.
            media: Uploaded media that sends may refer to by id.
            policy: Meta's rules.
            behaviour: Effective switches for a BSUID (None: the global ones).
            rng: Dice for the status faults.
            accepted: Called as each send is accepted, before Graph answers it.
        """
        self._config = config
        self._state = state
        self._emit = emit
        self._clock = clock
        self._media = media
        self._policy = policy
        self._behaviour = behaviour
        self._rng = rng
        self._accepted = accepted
        self._tasks = BackgroundTasks()

    async def stop(self) -> None:
        """Cancel status progressions still under way."""
        await self._tasks.cancel_all()

    def handle(self, body: Any) -> dict[str, Any]:
        """Process one ``/messages`` body.

        Args:
            body: The decoded JSON request.

        Returns:
            The JSON response for HTTP 200.

        Raises:
            GraphError: For invalid requests and policy rejections.
        """
        try:
            request = parse_messages_body(body)
            if isinstance(request, MarkRead):
                return self._mark_read(request)
            return self._send(request)
        except errors.GraphError as exc:
            self._state.outbound_rejected += 1
            log.info("send rejected with code %d", exc.code)
            raise

    def customer_reads(self, user_id: str) -> list[str]:
        """The customer opens the chat: ``read`` for every delivered, unread message.

        Returns:
            The wamids newly read.
        """
        read = []
        for message in self._state.received(user_id):
            done = self._state.statuses(message.wamid)
            if "delivered" in done and not {"read", "failed"} & set(done):
                self._post(message, "read")
                read.append(message.wamid)
        return read

    def _mark_read(self, request: MarkRead) -> dict[str, Any]:
        if not self._state.mark_read(request.message_id):
            raise errors.invalid_parameter("Param message_id is not a valid message id.")
        return {"success": True}

    def _send(self, request: SendRequest) -> dict[str, Any]:
        customer = self._resolve(request)
        now = self._clock()
        voice = self._check_media(request, now)
        flags = self._state.flags(customer.user_id)
        window = self._state.window_open(customer.user_id, now, self._config.csw_seconds)
        behaviour = self._behaviour(customer.user_id)
        verdict = self._policy.judge(
            Context(request, customer.user_id, flags, behaviour, window, now)
        )
        wamid = outbound_wamid()
        message = ReceivedMessage(
            wamid=wamid,
            type=request.type,
            text=request.content["body"] if request.type == "text" else None,
            timestamp=now,
            biz_opaque_callback_data=request.biz_opaque_callback_data,
            context_message_id=request.context_message_id,
            content=request.content,
            category=verdict.category,
            pricing_type=self._pricing_type(verdict.category, customer.user_id, now),
        )
        recipient_id = customer.user_id if request.recipient else str(customer.wa_id)
        self._state.record_outbound(message, customer.user_id, recipient_id)
        failed, silent = verdict.failure is not None, verdict.silent
        steps = statuses.plan(
            self._config, behaviour, self._rng, voice=voice, failed=failed, silent=silent
        )
        self._tasks.spawn(self._progress(message, steps, verdict), f"sim-status-{wamid}")
        log.debug("accepted %s message %s", request.type, wamid)
        self._accepted(message)
        return _accepted(request, customer, wamid)

    def _resolve(self, request: SendRequest) -> Customer:
        if request.recipient is not None:
            customer = self._state.by_user_id(request.recipient)
        else:
            customer = self._state.by_wa_id(str(request.to))
        if customer is None:
            raise errors.undeliverable("The recipient is not a WhatsApp user known to this number.")
        return customer

    def _check_media(self, request: SendRequest, now: float) -> bool:
        """Check a media send's id against the store; True for a voice note (§10, 131053)."""
        if request.type not in MEDIA_TYPES or "id" not in request.content:
            return False
        media = self._media.get(request.content["id"], now)
        if media is None:
            raise errors.media_error("The media id does not exist or has expired.")
        if request.type != "document" and media.kind != request.type:
            raise errors.media_error(f"A {media.mime_type} file cannot be sent as {request.type}.")
        if (
            request.type == "sticker"
            and len(media.data) > STATIC_STICKER_MAX
            and not is_animated_webp(media.data)
        ):
            raise errors.media_error("Static stickers can be at most 100 KB.")
        return request.type == "audio" and media.is_voice

    async def _progress(
        self, message: ReceivedMessage, steps: list[statuses.Step], verdict: Verdict
    ) -> None:
        """Post the planned statuses at their offsets from acceptance."""
        loop = asyncio.get_running_loop()
        start = loop.time()
        for step in steps:
            await asyncio.sleep(max(0.0, start + step.offset - loop.time()))
            self._post(message, step.status, verdict)

    def _post(self, message: ReceivedMessage, state: str, verdict: Verdict | None = None) -> None:
        owner = self._state.outbound_owner(message.wamid)
        if owner is None:  # pragma: no cover - records are never removed
            return
        user_id, recipient_id = owner
        customer = self._state.customer(user_id)
        self._state.record_status(message.wamid, state)
        failure = verdict.failure if verdict is not None else None
        self._emit(
            payloads.status(
                customer,
                message.wamid,
                state,
                self._clock(),
                recipient_id,
                message.biz_opaque_callback_data,
                price=payloads.pricing(message.category, message.pricing_type),
                errors=[failure.status_error()] if failure is not None else (),
            )
        )

    def _pricing_type(self, category: str, user_id: str, now: float) -> str:
        """Free inside the entry-point window; service and in-window utility are free too."""
        entry = self._state.flags(user_id).entry_point_at
        if entry is not None and now - entry <= self._config.entry_point_seconds:
            return "free_entry_point"
        in_window = self._state.window_open(user_id, now, self._config.csw_seconds)
        if category == "service" or (category == "utility" and in_window):
            return "free_customer_service"
        return "regular"


def _accepted(request: SendRequest, customer: Customer, wamid: str) -> dict[str, Any]:
    """The §7 success body; ``contacts`` echoes the address the way it was given."""
    contact = {"input": request.raw_address}
    if request.recipient:
        contact["user_id"] = customer.user_id
    else:
        contact["wa_id"] = str(customer.wa_id)
    return {
        "messaging_product": "whatsapp",
        "contacts": [contact],
        "messages": [{"id": wamid, "message_status": "accepted"}],
    }
