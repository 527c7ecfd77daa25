"""Business → customer sends: policy checks, the customer's inbox and status progression."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

from app.simulator import errors, payloads
from app.simulator.config import SimulatorConfig
from app.simulator.ids import outbound_wamid
from app.simulator.payloads import WebhookItem
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
    ) -> None:
        """Wire the send pipeline.

        Args:
            config: Status delays and the window length.
            state: Customers, windows and inboxes.
            emit: Queues a webhook item.
            clock: The simulator's wall clock (Unix seconds), injectable for tests.
        """
        self._config = config
        self._state = state
        self._emit = emit
        self._clock = clock
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

    def _mark_read(self, request: MarkRead) -> dict[str, Any]:
        if not self._state.mark_read(request.message_id):
            raise errors.invalid_parameter("Param message_id is not a valid message id.")
        return {"success": True}

    def _send(self, request: SendRequest) -> dict[str, Any]:
        customer = self._resolve(request)
        now = self._clock()
        # Every type we accept so far is free-form; templates will be exempt.
        if not self._state.window_open(customer.user_id, now, self._config.csw_seconds):
            raise errors.reengagement()
        wamid = outbound_wamid()
        message = ReceivedMessage(
            wamid=wamid,
            type=request.type,
            text=request.content.get("body") if request.type == "text" else None,
            timestamp=now,
            biz_opaque_callback_data=request.biz_opaque_callback_data,
            context_message_id=request.context_message_id,
            content=MappingProxyType(dict(request.content)),
        )
        recipient_id = customer.user_id if request.recipient else str(customer.wa_id)
        self._state.record_outbound(message, customer.user_id, recipient_id)
        self._tasks.spawn(self._progress(customer, message, recipient_id), f"sim-status-{wamid}")
        log.debug("accepted %s message %s", request.type, wamid)
        contact = {"input": request.raw_address}
        contact.update(
            {"user_id": customer.user_id} if request.recipient else {"wa_id": recipient_id}
        )
        return {
            "messaging_product": "whatsapp",
            "contacts": [contact],
            "messages": [{"id": wamid, "message_status": "accepted"}],
        }

    def _resolve(self, request: SendRequest) -> Customer:
        if request.recipient is not None:
            customer = self._state.by_user_id(request.recipient)
        else:
            customer = self._state.by_wa_id(str(request.to))
        if customer is None:
            raise errors.undeliverable("The recipient is not a WhatsApp user known to this number.")
        return customer

    async def _progress(self, customer: Customer, message: ReceivedMessage, recipient: str) -> None:
        """Emit sent → delivered → read at their offsets from acceptance."""
        config = self._config
        schedule = [("sent", config.sent_delay), ("delivered", config.delivered_delay)]
        if config.read_delay is not None:
            schedule.append(("read", config.read_delay))
        loop = asyncio.get_running_loop()
        start = loop.time()
        for state, offset in schedule:
            await asyncio.sleep(max(0.0, start + offset - loop.time()))
            self._state.record_status(message.wamid, state)
            self._emit(
                payloads.status(
                    customer,
                    message.wamid,
                    state,
                    self._clock(),
                    recipient,
                    message.biz_opaque_callback_data,
                )
            )
