"""Identifiers in Meta's formats: wamids, BSUIDs, phone numbers and trace ids.

Ids that must not be guessable (wamids, trace ids) come from ``secrets``; made-up customer
identities take a ``random.Random`` so a seeded script can reproduce its cast.
"""

from __future__ import annotations

import base64
import random
import secrets
import string

# Dialling codes for the countries whose customers we invent; BSUIDs start with the ISO code.
DIAL_CODES: dict[str, str] = {
    "DE": "49",
    "AT": "43",
    "CH": "41",
    "NL": "31",
    "FR": "33",
    "GB": "44",
    "ES": "34",
    "IT": "39",
    "US": "1",
}

_TRACE_ALPHABET = string.ascii_letters + string.digits


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii").rstrip("=")


def outbound_wamid() -> str:
    """A wamid for a message the business sent (``wamid.`` + base64, like Meta's)."""
    return "wamid." + _b64(secrets.token_bytes(30))


def history_wamid() -> str:
    """A wamid for a message of the business phone's invented past (``HIST`` marks it)."""
    return "wamid.HIST" + _b64(secrets.token_bytes(18))


def inbound_wamid() -> str:
    """A wamid for a customer's message; the ``SIM`` marker makes simulator traffic obvious."""
    return "wamid.SIM" + _b64(secrets.token_bytes(24))


def fbtrace_id() -> str:
    """An opaque trace id as Graph puts in every error body."""
    return "".join(secrets.choice(_TRACE_ALPHABET) for _ in range(11))


def new_bsuid(country: str, rng: random.Random) -> str:
    """A business-scoped user id of the form ``CC.<17 digits>``.

    Args:
        country: ISO 3166 alpha-2 code, upper case.
        rng: Source of the digits.

    Returns:
        The BSUID, e.g. ``DE.20481632641282565``.
    """
    digits = "".join(rng.choice(string.digits) for _ in range(16))
    return f"{country}.{rng.choice('123456789')}{digits}"


def new_wa_id(country: str, rng: random.Random) -> str:
    """A mobile number in bare-digit form for ``country``.

    Raises:
        ValueError: If the country has no dialling code in ``DIAL_CODES``.
    """
    try:
        dial = DIAL_CODES[country]
    except KeyError:
        raise ValueError(f"no dialling code known for country {country!r}") from None
    return dial + "15" + "".join(rng.choice(string.digits) for _ in range(9))
