"""Field readers for Meta's webhook JSON: ids, texts, flags, numbers, timestamps.

Each reader returns a value the sealed log's codec (`app.sync.codec`, `content_codec`) can
carry, or raises `Skip`. A `Skip` reason names our own key names and Meta's vocabulary only,
never a payload value: problem strings end up in logs, and payloads hold message text, names and
phone numbers (cloud-api.md §13).

Two rules for strings that are too long for the codec. What a customer or we wrote (bodies,
captions, ids, payloads, prices) arrives whole or not at all: cutting it would change its
meaning, so the item is skipped. Display labels that Meta supplies (profile names, error titles)
are cut to fit instead, as a shortened name is still a useful name.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from app.log.kind import MAX_ID

MAX_LABEL_BYTES = MAX_ID * 4
"""The codec's cap on profile names, error titles and error details (UTF-8 bytes)."""

U32 = 1 << 32
U64 = 1 << 64

# A decimal as Meta writes it in a string ("52.5200"); Decimal() alone would also take
# "Infinity", "1_000" and " 1".
_DECIMAL = re.compile(r"-?[0-9]{1,20}(?:\.[0-9]{1,20})?")
_MIN_EXPONENT = -20
"""More than 20 decimal places is no real coordinate or price, and bounds the text's length."""


class Skip(Exception):
    """One item of a batch cannot be read; the reason never quotes the payload."""


def as_dict(value: object, reason: str = "not an object") -> dict[str, Any]:
    """`value` if it is a JSON object.

    Raises:
        Skip: with `reason` otherwise.
    """
    if not isinstance(value, dict):
        raise Skip(reason)
    return value


def optional_dict(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    """The object under `key`, {} when absent or null.

    Raises:
        Skip: it is something other than an object.
    """
    raw = data.get(key)
    return {} if raw is None else as_dict(raw, f"invalid {key}")


def valid_id(value: object) -> str:
    """`value` if it is a non-empty string the log can carry as an id, else ""."""
    if not isinstance(value, str) or not value:
        return ""
    if value.isascii():  # most ids: a byte a character, and no lone surrogate to refuse
        return value if len(value) <= MAX_ID else ""
    try:
        size = len(value.encode("utf-8"))
    except UnicodeEncodeError:
        return ""
    return value if size <= MAX_ID else ""


def required_id(data: Mapping[str, Any], key: str) -> str:
    """The id under `key`.

    Raises:
        Skip: it is missing or not an id the log can carry.
    """
    value = valid_id(data.get(key))
    if not value:
        raise Skip(f"missing or invalid {key}")
    return value


def optional_id(data: Mapping[str, Any], key: str) -> str:
    """The id under `key`, "" when absent or null.

    Raises:
        Skip: it is present but not an id the log can carry.
    """
    raw = data.get(key)
    if raw is None:
        return ""
    value = valid_id(raw)
    if not value:
        raise Skip(f"invalid {key}")
    return value


def text(data: Mapping[str, Any], key: str, max_bytes: int, *, required: bool = False) -> str:
    """The string under `key`, lone surrogates replaced; "" when absent or null.

    Raises:
        Skip: it is required and missing, not a string, or longer than `max_bytes` of UTF-8.
    """
    raw = data.get(key)
    if raw is None:
        if required:
            raise Skip(f"missing {key}")
        return ""
    if not isinstance(raw, str):
        raise Skip(f"invalid {key}")
    value = clean(raw)
    if len(value.encode("utf-8")) > max_bytes:
        raise Skip(f"{key} too long")
    return value


def flag(data: Mapping[str, Any], key: str) -> bool:
    """The boolean under `key`, False when absent or null.

    Raises:
        Skip: it is something other than a boolean.
    """
    raw = data.get(key)
    if raw is None:
        return False
    if not isinstance(raw, bool):
        raise Skip(f"invalid {key}")
    return raw


def object_list(data: Mapping[str, Any], key: str, max_items: int) -> list[dict[str, Any]]:
    """The array of objects under `key`, [] when absent or null.

    Raises:
        Skip: it is not an array of objects, or has more than `max_items` items.
    """
    raw = data.get(key)
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        raise Skip(f"invalid {key}")
    if len(raw) > max_items:
        raise Skip(f"too many {key}")
    return raw


def decimal_text(value: object, key: str, limit: int, *, signed: bool = True) -> str:
    """A JSON number or decimal string as positional decimal text, e.g. "52.5200".

    With `decode_json` the document holds the number's own digits as a `Decimal`, so trailing
    zeros survive; a plain `json.loads` float is read through `repr`, its shortest exact form
    ("52.52"). Never exponent notation: 1e-07 becomes "0.0000001".

    Raises:
        Skip: not a finite number within ±`limit` (or ≥ 0 unless `signed`), or too precise.
    """
    number: Decimal | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, float):
        number = Decimal(repr(value)) if math.isfinite(value) else None
    elif isinstance(value, int):
        number = Decimal(value) if abs(value) <= limit else None
    elif isinstance(value, Decimal):
        number = value if value.is_finite() else None
    elif isinstance(value, str) and _DECIMAL.fullmatch(value):
        number = Decimal(value)
    if number is None or abs(number) > limit or (number < 0 and not signed):
        raise Skip(f"invalid {key}")
    exponent = number.as_tuple().exponent
    if not isinstance(exponent, int) or exponent < _MIN_EXPONENT:
        raise Skip(f"invalid {key}")
    return format(number, "f")


def unsigned(value: object, key: str, bound: int) -> int:
    """A non-negative integer below `bound`, from a JSON integer or a string of ASCII digits.

    Raises:
        Skip: anything else.
    """
    if isinstance(value, str) and 0 < len(value) <= 20 and value.isascii() and value.isdigit():
        number = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        raise Skip(f"invalid {key}")
    if not 0 <= number < bound:
        raise Skip(f"invalid {key}")
    return number


def timestamp(data: Mapping[str, Any]) -> int:
    """Unix seconds; Meta sends a string of digits (cloud-api.md §1), sometimes a number.

    Raises:
        Skip: missing, or not a non-negative integer the log's u64 can carry.
    """
    try:
        return unsigned(data.get("timestamp"), "timestamp", U64)
    except Skip:
        raise Skip("bad timestamp") from None


def u32_or_zero(value: object) -> int:
    """A Graph error code, or 0 when it is not one the log can carry."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < U32:
        return value
    return 0


def is_phone(value: str) -> bool:
    """Whether `value` is phone digits (an optional leading "+"), as opposed to a BSUID."""
    digits = value.removeprefix("+")
    return digits.isascii() and digits.isdigit()


def phone(value: object) -> str:
    """`value` if it is phone digits the log can carry as an id, else ""."""
    found = valid_id(value)
    return found if is_phone(found) else ""


def clean(value: str) -> str:
    """`value` with lone surrogates replaced, so that it encodes as UTF-8.

    JSON allows `"\\ud800"`; UTF-8, and so the log, does not.
    """
    return value.encode("utf-8", "replace").decode("utf-8")


def fit_utf8(value: object, max_bytes: int) -> str:
    """A string `value`, cleaned and cut to at most `max_bytes` of UTF-8; "" for non-strings."""
    if not isinstance(value, str):
        return ""
    data = value.encode("utf-8", "replace")[:max_bytes]
    return data.decode("utf-8", "ignore")


def label(value: object, known: Mapping[str, object] | frozenset[str]) -> str:
    """`value` for a problem string if it is one of Meta's words in `known`, else a stand-in."""
    return value if isinstance(value, str) and value in known else "unrecognised"
