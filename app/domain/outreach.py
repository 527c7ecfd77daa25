"""Writing first to a customer known only by phone number (cloud-api.md §3.1, §8). PURE.

Conversations key on the customer's BSUID, which Meta reveals only when the customer writes.
A conversation the business starts by number is keyed on `number_customer_id` instead; when
the customer answers, their first message carries both the BSUID and the number (`wa_id`), and
the fold files it under the conversation started for that number and maps the BSUID to it
(as for an id change), so the answer lands in the same thread.
"""

from __future__ import annotations

import re

from app.domain.errors import PhoneNumberInvalid
from app.domain.ids import CustomerId

NUMBER_PREFIX = "wa:"
"""BSUIDs are `CC.<alnum>`: no BSUID starts with this."""
MIN_DIGITS = 8
MAX_DIGITS = 15
"""E.164: at most 15 digits with the country code."""

_SEPARATORS = re.compile(r"[\s\-().\u00a0/]")


def normalise_phone(text: str) -> str:
    """The number's digits as WhatsApp's `wa_id` writes them (country code, no `+`).

    Accepts `+49 151 2345-6789`, `0049 …`; refuses numbers without a country code (a
    leading single 0), letters and lengths outside 8–15 digits.

    Raises:
        PhoneNumberInvalid: It is not such a number.
    """
    compact = _SEPARATORS.sub("", text.strip())
    if compact.startswith("+"):
        digits = compact[1:]
    elif compact.startswith("00"):
        digits = compact[2:]
    else:
        digits = compact
    if not digits.isascii() or not digits.isdigit() or digits.startswith("0"):
        raise PhoneNumberInvalid("not an international phone number")
    if not MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        raise PhoneNumberInvalid("a phone number has 8 to 15 digits")
    return digits


def number_customer_id(wa_id: str) -> CustomerId:
    """The customer id of a conversation started by phone number (before any BSUID)."""
    return CustomerId(NUMBER_PREFIX + wa_id)


def started_by_number(customer_id: str) -> bool:
    return customer_id.startswith(NUMBER_PREFIX)
