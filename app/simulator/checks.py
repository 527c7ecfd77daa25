"""Small field checks shared by the send validators; each failure is Graph's code 100.

The ``details`` wording follows Graph's habit (``Param text['body'] …``, ``Unexpected key
"x" on param "y"``) so that a client logging ``code`` + ``details`` sees something familiar.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Set
from typing import Any

from app.simulator.errors import invalid_parameter

_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def obj(value: Any, where: str, allowed: Set[str]) -> dict[str, Any]:
    """``value`` as a JSON object with no keys outside ``allowed``."""
    if not isinstance(value, dict):
        raise invalid_parameter(f"Param {where} must be a JSON object.")
    no_unknown_keys(value, allowed, where)
    return value


def no_unknown_keys(value: Mapping[str, Any], allowed: Set[str], where: str) -> None:
    """Reject the first key (alphabetically) that is not in ``allowed``."""
    unknown = sorted(value.keys() - allowed)
    if unknown:
        raise invalid_parameter(f'Unexpected key "{unknown[0]}" on param "{where}".')


def text(value: Any, where: str, limit: int, *, required: bool = True) -> str | None:
    """A string of 1 to ``limit`` characters; None if absent and not ``required``."""
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value:
        raise invalid_parameter(f"Param {where} must be a non-empty string.")
    if len(value) > limit:
        raise invalid_parameter(f"Param {where} must be at most {limit} characters long.")
    return value


def array(value: Any, where: str, low: int, high: int) -> list[Any]:
    """A JSON array with ``low`` to ``high`` elements."""
    if not isinstance(value, list):
        raise invalid_parameter(f"Param {where} must be an array.")
    if not low <= len(value) <= high:
        raise invalid_parameter(f"Param {where} must have between {low} and {high} elements.")
    return value


def number(value: Any, where: str, low: float, high: float) -> float:
    """A JSON number within [low, high] (numeric strings are accepted, as Graph does)."""
    try:
        result = float(value) if not isinstance(value, bool) else float("nan")
    except (TypeError, ValueError):
        result = float("nan")
    if not low <= result <= high:
        raise invalid_parameter(f"Param {where} must be a number between {low} and {high}.")
    return result


def link(value: Any, where: str) -> str:
    """An absolute http(s) URL."""
    if not isinstance(value, str) or not _URL.match(value):
        raise invalid_parameter(f"Param {where} must be a valid http or https URL.")
    return value


def one_of(value: Any, where: str, choices: Set[str]) -> str:
    """One of a fixed set of strings."""
    if value not in choices:
        raise invalid_parameter(f"Param {where} must be one of {sorted(choices)}.")
    return str(value)


def boolean(value: Any, where: str) -> bool:
    """A JSON boolean."""
    if not isinstance(value, bool):
        raise invalid_parameter(f"Param {where} must be a boolean.")
    return value


def required(value: Mapping[str, Any], key: str, where: str) -> Any:
    """``value[key]``, which must be present."""
    if key not in value:
        raise invalid_parameter(f"The parameter {where}['{key}'] is required.")
    return value[key]
