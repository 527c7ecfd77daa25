"""The menu: an interactive list the gateway sends as a new conversation's first reply.

Modelled on `auto_replies`: an admin's `MenuSet` (sealed to the gateway) sets the menu, the
newest by `at` kept in the gateway state across restarts. For each customer message, after the
greeting or away message was decided (`AutoReplies` calls `answer`, so the greeting is queued
first and the per-customer send queue keeps that order), `app.domain.menu.menu_due` decides
from the customer's previous message time. The window's key is recorded durably BEFORE the
send is queued, then the message time, so a restart, a redelivered webhook or the spool's
replay never sends the menu twice for one window key. The time of a message that got no menu
guards no send and is written with the state's next transaction: a crash right after may
lose it, and the customer's next message, measured from the message before, may then get a
menu mid-conversation (once for its window key; see `meta_batch`).

A gateway that ran before it had the menu holds no message times: its first start with the
menu notes when (`menu-since`), and a customer without a time counts as having written then,
so switching the menu on does not reach everyone who wrote that day, mid-conversation. The
price: a customer truly new within that first day gets no menu.

Rows carry `route_id(label)`: the customer's pick comes back as an inbound list reply that
every desk folds into the label (`app.log.menu_choice`). What Meta accepted goes to the team as
a `NotificationSent` marked `AUTOMATIC_SYSTEM`, shown as automatic. Customers are recorded by a
salted hash, never by id.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from app.crypto.errors import DecodeError
from app.domain.business_hours import AUTOMATIC_SYSTEM, AUTOMATIC_TOKEN
from app.domain.content import Reaction, Text
from app.domain.ids import NO_CONVERSATION, CustomerId, Wamid
from app.domain.menu import Menu, chosen_label, menu_due, menu_text, route_id
from app.domain.send_codes import NETWORK_ERROR, NOT_SENT
from app.gateway.graph import GraphClient, SendResult
from app.gateway.meta_batch import MetaBatch
from app.gateway.outcomes import SendOutcomeKind
from app.gateway.sender import SendJob, SendQueue, SendQueueClosed
from app.gateway.state import GatewayState
from app.log.events import CustomerMessage, NotificationSent
from app.log.kinds.menu import MenuSet
from app.sync import codec

log = logging.getLogger(__name__)

MENU_KEY = "menu"
"""Meta key of the newest menu: the event's plaintext as the codec wrote it."""
_SALT_KEY = "menu_salt"
_LAST = "menu-last:"
"""The customer's newest message time (Unix seconds, decimal)."""
_SENT = "menu-sent:"
_SINCE_KEY = "menu_since"
"""When a gateway that had served customers first ran with the menu (Unix seconds, decimal)."""


class MenuReplies:
    """Sends the admin's menu once per new conversation."""

    def __init__(
        self,
        state: GatewayState,
        queue: SendQueue,
        graph: Callable[[], GraphClient | None],
        publish: Callable[[NotificationSent], Awaitable[None]],
        clock: Callable[[], float],
    ) -> None:
        self._state = state
        self._queue = queue
        self._graph = graph
        self._publish = publish
        self._clock = clock
        self._current: MenuSet | None = None
        self._salt = b""
        self._since: int | None = None
        """The newest message time a customer without a record may have (see the module)."""
        self.queued = 0
        """Menus handed to the send queue in this run (for tests)."""

    @property
    def menu(self) -> Menu | None:
        return None if self._current is None else self._current.menu

    async def start(self) -> None:
        """Load the kept menu and the salt."""
        salt = await self._state.meta(_SALT_KEY)
        if salt is None:  # the first start with the menu
            if self._state.head is not None or self._state.pending is not None:
                # Its customers wrote before message times were kept: note from when.
                await self._state.save_meta(_SINCE_KEY, str(int(self._clock())).encode())
            salt = os.urandom(16)
            await self._state.save_meta(_SALT_KEY, salt)
        self._salt = salt
        since = await self._state.meta(_SINCE_KEY)
        self._since = None if since is None else int(since)
        kept = await self._state.meta(MENU_KEY)
        if kept is not None:
            with contextlib.suppress(DecodeError):
                event = codec.decode(kept).event
                if isinstance(event, MenuSet):
                    self._current = event

    async def apply(self, event: MenuSet) -> None:
        """An admin's menu: the newest by `at` wins (a late copy of an older one does not)."""
        if self._current is not None and event.at < self._current.at:
            return
        self._current = event
        await self._state.save_meta(MENU_KEY, codec.encode(event, NO_CONVERSATION, 0))

    async def answer(self, message: CustomerMessage) -> bool:
        """Queue the menu when this message opens a new conversation; whether it was queued.

        Every message is recorded (its time), menu on or off, so switching the menu on later
        does not greet a customer in the middle of a conversation as if they were new. A
        reaction opens no conversation, and a pick from an older menu is answered by nobody's
        menu: the customer just chose.
        """
        batch = MetaBatch(self._state)
        queued = await self.decide(message, batch)
        await batch.commit()
        return queued

    def keys(self, messages: Sequence[CustomerMessage]) -> list[str]:
        """The customers' last message times, which `decide` reads for `messages`."""
        return [_LAST + self._tag(message) for message in messages]

    async def decide(self, message: CustomerMessage, batch: MetaBatch) -> bool:
        """`answer`, recorded and queued with `batch`'s commit."""
        if isinstance(message.content, Reaction):
            return False
        tag = self._tag(message)
        kept = await batch.get(_LAST + tag)
        last = self._since if kept is None else int(kept)
        due = None
        if chosen_label(message.content) is None:
            due = menu_due(self.menu, last, message.sent_at, int(self._clock()))
        queued = False
        if due is not None and self.menu is not None:
            key = f"{_SENT}{tag}:{due}"
            if await batch.get(key) is None:
                batch.put(key, b"1")  # recorded before the send: never twice
                job_id = hashlib.sha256(key.encode()).digest()[:16]
                batch.sends.append(functools.partial(self._queue_send, message, self.menu, job_id))
                queued = True
        if kept is None or message.sent_at > int(kept):
            batch.put(_LAST + tag, str(message.sent_at).encode())
        return queued

    def _tag(self, message: CustomerMessage) -> str:
        return hashlib.sha256(self._salt + message.customer_id.encode()).hexdigest()

    def _queue_send(self, message: CustomerMessage, menu: Menu, job_id: bytes) -> None:
        async def attempt() -> SendResult:
            graph = self._graph()
            if graph is None:
                return SendResult(None, NETWORK_ERROR, "not connected")
            return await graph.send_interactive(
                message.customer_id, message.customer_wa_id, list_object(menu), "m:" + job_id.hex()
            )

        async def outcome(job: SendJob, kind: SendOutcomeKind, result: SendResult) -> None:
            if result.wamid is None:
                if result.error_code != NOT_SENT:
                    log.info("menu not sent: %s", kind.reason)
                return
            await self._publish(
                NotificationSent(
                    Wamid(result.wamid),
                    CustomerId(message.customer_id),
                    message.customer_wa_id,
                    AUTOMATIC_SYSTEM,
                    AUTOMATIC_TOKEN,
                    int(self._clock()),
                    Text(menu_text(menu)),
                )
            )

        job = SendJob(job_id, message.customer_id, attempt, on_outcome=outcome)
        with contextlib.suppress(SendQueueClosed):
            if self._queue.submit(job):
                self.queued += 1


def list_object(menu: Menu) -> dict[str, Any]:
    """The menu as Meta's `interactive` list (cloud-api.md §6): one section, a row per option."""
    rows: list[dict[str, Any]] = []
    for option in menu.options:
        row = {"id": route_id(option.label_id), "title": option.title}
        if option.description:
            row["description"] = option.description
        rows.append(row)
    content: dict[str, Any] = {
        "type": "list",
        "body": {"text": menu.body},
        "action": {"button": menu.button, "sections": [{"rows": rows}]},
    }
    if menu.header:
        content["header"] = {"type": "text", "text": menu.header}
    if menu.footer:
        content["footer"] = {"text": menu.footer}
    return content
