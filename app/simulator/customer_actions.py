"""What customers do on their phones: write any §4 message, block, opt out, change identity.

Each action updates the simulator's state and queues the webhook Meta would send. The
``Simulator`` exposes these as its customer API and the control surface calls them over HTTP.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from app.simulator import edits, errors, inbound, payloads
from app.simulator.config import SimulatorConfig
from app.simulator.ids import inbound_wamid, new_bsuid, new_wa_id
from app.simulator.inbound import InboundMessage
from app.simulator.media import MediaStore
from app.simulator.payloads import WebhookItem
from app.simulator.rules import Policy
from app.simulator.state import Customer, SimState

log = logging.getLogger(__name__)

UNREADABLE_PAYLOAD = {
    "code": 131000,
    "title": "Something went wrong",
    "message": "Something went wrong",
    "error_data": {"details": "Unsupported webhook payload"},
}
"""Meta's value-level error beside an interactive message it could not read (§19)."""


@dataclass(frozen=True)
class SendOptions:
    """How a customer's message relates to others."""

    reply_to: str | None = None
    """wamid of the business message quoted (or tapped, for button replies)."""
    forwarded: inbound.Forwarded | None = None
    referral: inbound.Referral | None = None
    """Click-to-WhatsApp ad the customer came from; opens the free entry point window."""
    referred_product: tuple[str, str] | None = None
    """(catalog_id, product_retailer_id) for a product inquiry; needs ``reply_to``."""


class CustomerActions:
    """The customers' side of the simulated WhatsApp."""

    def __init__(
        self,
        config: SimulatorConfig,
        state: SimState,
        emit: Callable[[WebhookItem], None],
        clock: Callable[[], float],
        *,
        media: MediaStore,
        policy: Policy,
        rng: random.Random,
        base_url: Callable[[], str],
    ) -> None:
        """Wire the actions to the simulator's state, media store and webhook queue."""
        self._config = config
        self._state = state
        self._emit = emit
        self._clock = clock
        self._media = media
        self._policy = policy
        self._rng = rng
        self._base_url = base_url

    def send(self, customer: Customer, message: InboundMessage, options: SendOptions) -> str:
        """Have a customer send a message; returns its wamid.

        Raises:
            ValueError: A reply-type message with nothing to reply to.
        """
        wamid, now = inbound_wamid(), self._clock()
        flags = self._state.flags(customer.user_id)
        if flags.blocked_by_business:
            self._state.inbound_dropped += 1  # Meta never delivers these
            log.debug("dropped message %s from a blocked user", wamid)
            return wamid
        context = self._context(customer, message, options)
        msg_type, body, errs = self._type_object(message, now)
        self._state.record_inbound(customer.user_id, wamid, now, msg_type, body)
        if options.referral is not None:
            flags.entry_point_at = now
        self._emit(
            payloads.inbound_message(
                customer,
                wamid,
                now,
                msg_type,
                body,
                context=context,
                referral=None if options.referral is None else options.referral.as_json(),
                errors=errs,
            )
        )
        log.debug("customer %s sent %s %s", customer.user_id, msg_type, wamid)
        return wamid

    def send_unreadable_interactive(self, customer: Customer, reply_to: str) -> str:
        """An ``interactive`` message Meta could not read, its error beside it (§19)."""
        wamid, now = inbound_wamid(), self._clock()
        self._state.record_inbound(customer.user_id, wamid, now)
        context = {"from": self._config.display_phone_number, "id": reply_to}
        item = payloads.inbound_message(customer, wamid, now, "interactive", None, context=context)
        self._emit(replace(item, value_errors=(UNREADABLE_PAYLOAD,)))
        return wamid

    def edit(self, customer: Customer, original: str, body: str) -> str:
        """The customer edits a text they sent, or a file's caption (`body`); returns the
        edit's own wamid.

        Raises:
            ValueError: Not their message, not a text or captioned file, past the 15 minutes,
                or an empty text.
        """
        if not body:
            raise ValueError("text must not be empty")
        now = self._clock()
        sent_at = self._state.sent_at(customer.user_id, original)
        edits.check_window(sent_at, now, edits.EDIT_WINDOW_S, "edit")
        sent = self._state.sent_body(original)
        if sent is None:
            raise ValueError("only texts and captions can be edited")
        wamid = inbound_wamid()
        self._emit(edits.edit_item(customer, wamid, now, original, edits.edited(*sent, body)))
        log.debug("customer %s edited %s", customer.user_id, original)
        return wamid

    def revoke(self, customer: Customer, original: str) -> str:
        """The customer deletes a message they sent for everyone; returns the deletion's wamid.

        Raises:
            ValueError: Not their message, or past the 2 days.
        """
        now = self._clock()
        sent_at = self._state.sent_at(customer.user_id, original)
        edits.check_window(sent_at, now, edits.REVOKE_WINDOW_S, "delete")
        wamid = inbound_wamid()
        self._emit(edits.revoke_item(customer, wamid, now, original))
        log.debug("customer %s deleted %s", customer.user_id, original)
        return wamid

    def change_number(self, customer: Customer, new_wa_id: str | None) -> Customer:
        """The customer moves to a new phone number, and so gets a new BSUID (§3.1)."""
        country = customer.user_id[:2]
        changed = replace(
            customer,
            wa_id=new_wa_id or new_wa_id_for(country, self._rng),
            user_id=new_bsuid(country, self._rng),
        )
        before = customer.wa_id or "their old number"
        system = {
            "body": f"User {customer.profile_name} changed from {before} to {changed.wa_id}",
            "type": "user_changed_number",
            "wa_id": changed.wa_id,
            "user_id": changed.user_id,
            "previous_user_id": customer.user_id,
        }
        return self._rekey(customer, changed, system)

    def change_user_id(self, customer: Customer, new_user_id: str | None) -> Customer:
        """Meta gives the customer a new BSUID (``user_changed_user_id``, Aug 2026)."""
        changed = replace(
            customer, user_id=new_user_id or new_bsuid(customer.user_id[:2], self._rng)
        )
        system = {
            "body": f"User changed from {customer.user_id} to {changed.user_id}",
            "type": "user_changed_user_id",
            "user_id": changed.user_id,
            "previous_user_id": customer.user_id,
        }
        return self._rekey(customer, changed, system)

    def set_promotions(self, customer: Customer, stopped: bool) -> None:
        """The customer taps "stop promotions" (or resumes them): a ``user_preferences``."""
        self._state.flags(customer.user_id).marketing_stopped = stopped
        value = "stop" if stopped else "resume"
        self._emit(payloads.user_preference(customer, value, self._clock()))

    def _rekey(self, old: Customer, new: Customer, system: dict[str, Any]) -> Customer:
        # The system message comes from the identity Meta knew until now.
        wamid, now = inbound_wamid(), self._clock()
        self._state.rekey(old.user_id, new)
        self._policy.rekey(old.user_id, new.user_id)
        self._emit(payloads.inbound_message(old, wamid, now, "system", system))
        log.debug("customer %s is now %s", old.user_id, new.user_id)
        return new

    def _context(
        self, customer: Customer, message: InboundMessage, options: SendOptions
    ) -> dict[str, Any] | None:
        reply_to = options.reply_to
        if reply_to is None and isinstance(message, inbound.NEEDS_CONTEXT):
            received = self._state.received(customer.user_id)
            if not received:
                raise ValueError("a reply needs a business message to reply to")
            reply_to = received[-1].wamid
        context: dict[str, Any] = {}
        if options.forwarded is not None:
            context[options.forwarded] = True
        if reply_to is not None:
            context.update({"from": self._config.display_phone_number, "id": reply_to})
        if options.referred_product is not None:
            if reply_to is None:
                raise ValueError("a product inquiry needs reply_to")
            catalog_id, product = options.referred_product
            context["referred_product"] = {
                "catalog_id": catalog_id,
                "product_retailer_id": product,
            }
        return context or None

    def type_object(self, message: InboundMessage, now: float) -> tuple[str, Any]:
        """The §4 ``type`` and type object of a message, its file stored for download: what
        the business's phone sends looks the same (``business_phone``)."""
        msg_type, body, _ = self._type_object(message, now)
        return msg_type, body

    def _type_object(
        self, message: InboundMessage, now: float
    ) -> tuple[str, Any, list[dict[str, Any]] | None]:
        if isinstance(message, inbound.Unsupported):
            error = errors.unsupported_message()
            obj = {
                "code": error.code,
                "title": error.title,
                "message": error.title,
                "error_data": {"details": error.details},
            }
            return ("unknown" if message.legacy else "unsupported"), None, [obj]
        if isinstance(message, inbound.Media):
            return message.kind, self._media_object(message, now), None
        msg_type, body = inbound.type_object(message)
        return msg_type, body, None

    def _media_object(self, message: inbound.Media, now: float) -> dict[str, Any]:
        data, mime = message.file()
        filename = message.filename or ("document.pdf" if message.kind == "document" else None)
        stored = self._media.add(
            data,
            mime,
            now,
            lifetime=self._config.inbound_media_ttl,
            origin="inbound",
            filename=filename,
        )
        obj: dict[str, Any] = {}
        if message.caption is not None:
            obj["caption"] = message.caption
        if filename is not None:
            obj["filename"] = filename
        obj.update({"mime_type": mime, "sha256": stored.sha256_b64, "id": stored.id})
        if message.kind == "audio":
            obj["voice"] = message.voice
        if message.kind == "sticker":
            obj["animated"] = message.animated
        if self._config.inbound_media_url:
            obj["url"] = self._media.url(stored, self._base_url(), now)
        return obj


def new_wa_id_for(country: str, rng: random.Random) -> str:
    """A fresh number in the customer's country (Germany when the BSUID's is unknown)."""
    try:
        return new_wa_id(country, rng)
    except ValueError:
        return new_wa_id("DE", rng)
