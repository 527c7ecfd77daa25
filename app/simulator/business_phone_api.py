"""The business-phone half of the ``Simulator``'s Python API (coexistence, cloud-api.md §15).

A mixin like ``CustomerApi``: it relies on the attributes the ``Simulator`` constructor sets.
"""

from __future__ import annotations

from app.simulator.business_phone import BusinessPhone, PhoneMessage
from app.simulator.errors import UnknownCustomerError
from app.simulator.inbound import Text
from app.simulator.state import SimState


class BusinessPhoneApi:
    """The owner writes from the WhatsApp Business app and edits its phone book."""

    _state: SimState
    _business_phone: BusinessPhone

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
