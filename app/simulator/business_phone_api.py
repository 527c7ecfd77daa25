"""The business-phone half of the ``Simulator``'s Python API (coexistence, cloud-api.md §15).

A mixin like ``CustomerApi``: it relies on the attributes the ``Simulator`` constructor sets.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from app.simulator.business_phone import BusinessPhone, PhoneMessage
from app.simulator.errors import UnknownCustomerError
from app.simulator.inbound import Text
from app.simulator.phone_history import HISTORY_DAYS, PastChat, seed_chats
from app.simulator.state import SimState


class BusinessPhoneApi:
    """The owner writes from the WhatsApp Business app and edits its phone book."""

    _state: SimState
    _business_phone: BusinessPhone
    _rng: random.Random
    _clock: Callable[[], float]

    def phone_sends(self, user_id: str, message: PhoneMessage) -> str:
        """The owner writes to a customer from the phone: the customer receives it, and the
        API gets an ``smb_message_echoes`` webhook.

        Returns:
            The echo's wamid.

        Raises:
            UnknownCustomerError: If no customer has this BSUID.
            ValueError: a message the business app does not send.
        """
        customer = self._state.by_user_id(user_id)
        if customer is None:
            raise UnknownCustomerError(f"no customer with user_id {user_id}")
        return self._business_phone.send(customer, message)

    def phone_sends_text(self, user_id: str, text: str) -> str:
        """``phone_sends`` with a text."""
        if not text:
            raise ValueError("text must not be empty")
        return self.phone_sends(user_id, Text(text))

    def phone_saves_contact(self, phone_number: str, full_name: str) -> None:
        """The owner saves or renames a contact: ``smb_app_state_sync`` ``add`` once the API
        asked for the phone book (``POST /{phone-id}/smb_app_data``)."""
        if not (phone_number.isdigit() and full_name):
            raise ValueError("a contact needs bare digits and a name")
        self._business_phone.save_contact(phone_number, full_name)

    def phone_removes_contact(self, phone_number: str) -> None:
        """The owner deletes a contact: ``smb_app_state_sync`` ``remove``."""
        if not phone_number.isdigit():
            raise ValueError("phone_number must be bare digits")
        self._business_phone.remove_contact(phone_number)

    def phone_has_past(
        self, chats: int, messages: int, days: int = HISTORY_DAYS
    ) -> tuple[PastChat, ...]:
        """Invent the phone's chats from before onboarding: `messages` messages over `chats`
        numbers, spread over the last `days` days. Shared as ``history`` once the API asks.

        Returns:
            The chats invented (their wamids, times and sides), for tests to compare with.
        """
        if chats < 1 or messages < 0 or not 1 <= days <= HISTORY_DAYS:
            raise ValueError(f"at least one chat, and 1 to {HISTORY_DAYS} days")
        made = seed_chats(self._rng, self._clock(), chats=chats, messages=messages, days=days)
        self._business_phone.keep_past(made, self._rng)
        return tuple(made)

    def phone_keeps_chats(self, chats: Sequence[PastChat]) -> None:
        """Give the phone these chats from before onboarding, as they are."""
        self._business_phone.keep_past(list(chats), self._rng)

    def phone_shares_history(self, shares: bool) -> None:
        """The owner's choice at onboarding: False makes Meta answer a history request with
        error 2593109 (history sharing is off) instead of chats."""
        self._business_phone.shares_history = shares
