"""The business's own phone, with coexistence (cloud-api.md §15): the WhatsApp Business app
on the number the Cloud API also serves.

What the owner types there reaches the customer like any message and comes back to the API
as an echo (`smb_message_echoes`, §15.2); what they save in the phone book comes as
`smb_app_state_sync` (§15.4); its past chats (invented with `keep_past`, plus everything the
number exchanged since) come as `history` once asked for, unless the owner declined to share
them (§15.3, `phone_history`). Echoes carry the §4 objects for what a customer could send too
and §6's send shapes for interactive messages and templates; the phone sends no statuses.
"""

from __future__ import annotations

import logging
import random
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from app.simulator import errors, inbound, payloads, phone_history
from app.simulator.config import SimulatorConfig
from app.simulator.ids import outbound_wamid
from app.simulator.payloads import WebhookItem
from app.simulator.state import Customer, ReceivedMessage, SimState

log = logging.getLogger(__name__)

EchoContent = inbound.Text | inbound.Media | inbound.Location | inbound.Contacts
"""What the phone sends in the same shape a customer would (§4)."""
ECHOED = (inbound.Text, inbound.Media, inbound.Location, inbound.Contacts)


@dataclass(frozen=True)
class SentObject:
    """An interactive message or a template as the phone sent it, in §6's send shape."""

    type: Literal["interactive", "template"]
    body: Mapping[str, Any]


PhoneMessage = EchoContent | SentObject

SYNC_TYPES = frozenset({"smb_app_state_sync", "history"})
SYNC_WINDOW_S = 24 * 3600
"""Each sync may be requested once, within 24 hours of onboarding (§15.1)."""


class BusinessPhone:
    """The owner's phone: sends to customers (echoed) and keeps a phone book (synced)."""

    def __init__(
        self,
        config: SimulatorConfig,
        state: SimState,
        emit: Callable[[WebhookItem], None],
        clock: Callable[[], float],
        type_object: Callable[[inbound.InboundMessage, float], tuple[str, Any]],
    ) -> None:
        """Wire the phone to the number's state and webhook queue.

        Args:
            type_object: Builds a §4 type object (storing a file): the customers' builder.
        """
        self._config = config
        self._state = state
        self._emit = emit
        self._clock = clock
        self._type_object = type_object
        self._onboarded_at = clock()
        self._book: dict[str, str] = {}
        """The phone book: phone digits → the name saved for them."""
        self._requested: set[str] = set()
        self._past: list[phone_history.PastChat] = []
        """Chats from before onboarding (invented by tests and the demo)."""
        self.shares_history = True
        """The owner's choice at onboarding: False makes Meta answer a history request with
        error 2593109 instead of chats."""
        self._rng = random.Random()

    def keep_past(self, chats: list[phone_history.PastChat], rng: random.Random) -> None:
        """Give the phone chats from before onboarding (`phone_history.seed_chats`); `rng`
        shuffles the chunks when they are shared."""
        self._past.extend(chats)
        self._rng = rng

    def send(self, customer: Customer, message: PhoneMessage) -> str:
        """The owner writes to a customer from the phone; returns the echo's wamid.

        Raises:
            ValueError: a message the business app does not send (a reply button, say).
        """
        now = self._clock()
        msg_type: str
        body: Any
        if isinstance(message, SentObject):
            msg_type, body = message.type, dict(message.body)
        elif isinstance(message, ECHOED):
            msg_type, body = self._type_object(message, now)
        else:
            raise ValueError(
                "the business phone sends text, media, locations, contacts, "
                "interactive messages and templates"
            )
        wamid = outbound_wamid()
        text = body.get("body") if msg_type == "text" else None
        received = ReceivedMessage(wamid, msg_type, text, now, content=body)
        self._state.record_echo(received, customer.user_id)
        self._emit(self._echo(customer, wamid, now, msg_type, body))
        log.debug("the business phone sent %s %s", msg_type, wamid)
        return wamid

    def _echo(
        self, customer: Customer, wamid: str, now: float, msg_type: str, body: Any
    ) -> WebhookItem:
        echo: dict[str, Any] = {"from": self._config.display_phone_number}
        if customer.wa_id is not None:
            echo["to"] = customer.wa_id
        echo.update(
            {
                "to_user_id": customer.user_id,
                "id": wamid,
                "timestamp": payloads.timestamp(now),
                "type": msg_type,
                msg_type: body,
            }
        )
        return WebhookItem("smb_message_echoes", "message_echoes", echo, (customer.contact(),))

    def save_contact(self, phone_number: str, full_name: str) -> None:
        """The owner saves (or renames) a number in the phone book; once the API asked for the
        phone book (`request_sync`), every change follows as it happens."""
        self._book[phone_number] = full_name
        if "smb_app_state_sync" in self._requested:
            self._emit(self._added(phone_number, full_name))

    def remove_contact(self, phone_number: str) -> None:
        """The owner deletes a number from the phone book."""
        self._book.pop(phone_number, None)
        if "smb_app_state_sync" in self._requested:
            self._emit(self._state_sync("remove", {"phone_number": phone_number}))

    def request_sync(self, body: object) -> dict[str, Any]:
        """``POST /{phone-id}/smb_app_data``: once per ``sync_type``, within 24 hours of
        onboarding. The phone book comes at once (one ``add`` per contact); the history comes
        in phases and chunks, or as error 2593109 when the owner declined to share it.

        Raises:
            GraphError: an unknown sync type, a repeat, or too late (code 100).
        """
        sync_type = body.get("sync_type") if isinstance(body, dict) else None
        if not isinstance(sync_type, str) or sync_type not in SYNC_TYPES:
            raise errors.invalid_parameter("sync_type must be smb_app_state_sync or history")
        if sync_type in self._requested:
            raise errors.invalid_parameter(f"{sync_type} was already requested for this number")
        if self._clock() - self._onboarded_at > SYNC_WINDOW_S:
            raise errors.invalid_parameter("the sync window of 24 hours after onboarding closed")
        self._requested.add(sync_type)
        if sync_type == "smb_app_state_sync":
            for phone_number, full_name in self._book.items():
                self._emit(self._added(phone_number, full_name))
        else:
            self._share_history()
        request_id = "SYNCREQ" + secrets.token_hex(6).upper()
        return {"messaging_product": "whatsapp", "request_id": request_id}

    def _share_history(self) -> None:
        if not self.shares_history:
            self._emit(phone_history.declined_item())
            return
        number = self._config.display_phone_number
        now = self._clock()
        items = phone_history.history_items(self._chats(), now, number, self._rng)
        for item in items:
            self._emit(item)
        # Then the files of the last 14 days' placeholders, with media ids (§15.3).
        for chat, message in phone_history.recent_media(self._past, now):
            _, body = self._type_object(inbound.Media(_media_kind(message.type)), now)
            self._emit(phone_history.media_follow_up(chat, message, number, body))
        log.debug("the business phone shared its history in %d chunks", len(items))

    def _chats(self) -> list[phone_history.PastChat]:
        """The invented past and what the number exchanged since (history overlaps the live
        messages and echoes the API already had: Meta sends them again)."""
        chats = {
            chat.wa_id: phone_history.PastChat(chat.wa_id, list(chat.messages))
            for chat in self._past
        }
        for customer in self._state.customers():
            if customer.wa_id is None:
                continue  # history names threads by phone number only
            chat = chats.setdefault(customer.wa_id, phone_history.PastChat(customer.wa_id))
            chat.messages.extend(
                phone_history.PastMessage(
                    line.wamid, line.at, line.from_business, line.type, line.body
                )
                for line in self._state.chat(customer.user_id)
            )
        return list(chats.values())

    def _added(self, phone_number: str, full_name: str) -> WebhookItem:
        first = full_name.split(" ", 1)[0]
        contact = {"full_name": full_name, "first_name": first, "phone_number": phone_number}
        return self._state_sync("add", contact)

    def _state_sync(self, action: str, contact: dict[str, Any]) -> WebhookItem:
        item = {
            "type": "contact",
            "action": action,
            "contact": contact,
            "metadata": {"timestamp": payloads.timestamp(self._clock())},
        }
        return WebhookItem("smb_app_state_sync", "state_sync", item)


def _media_kind(word: str) -> inbound.MediaKind:
    kinds: dict[str, inbound.MediaKind] = {
        "image": "image",
        "video": "video",
        "audio": "audio",
        "document": "document",
        "sticker": "sticker",
    }
    return kinds[word]
