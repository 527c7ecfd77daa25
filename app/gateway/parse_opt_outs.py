"""Marketing opt-outs by phone number, for the notification API (cloud-api.md §5, §8).

`parse_other.read_preference` keys a `user_preferences` item on the customer's BSUID, as the
desks' conversations are keyed; back-office systems name customers by phone number. This reads
the same items for the number: the item's `wa_id`, else the one the value's `contacts[]` give
for its `user_id`. Items of another phone number id are not read (they were never ours).
"""

from __future__ import annotations

from typing import Any

_MARKETING = "marketing_messages"
_STOPPED = {"stop": True, "resume": False, "signup": False}


def opt_outs(document: object, number_id: str | None) -> list[tuple[str, bool, int]]:
    """(wa_id, stopped, Meta's Unix time) of each marketing preference change in a webhook."""
    found: list[tuple[str, bool, int]] = []
    for value in _preference_values(document, number_id):
        numbers = {
            c.get("user_id"): c.get("wa_id")
            for c in _dicts(value.get("contacts"))
            if c.get("wa_id")
        }
        for item in _dicts(value.get("user_preferences")):
            stopped = _STOPPED.get(str(item.get("value")))
            wa_id = item.get("wa_id") or numbers.get(item.get("user_id"))
            if item.get("category") != _MARKETING or stopped is None or not isinstance(wa_id, str):
                continue
            found.append((wa_id, stopped, _timestamp(item.get("timestamp"))))
    return found


def _preference_values(document: object, number_id: str | None) -> list[dict[str, Any]]:
    values: list[dict[str, Any]] = []
    if not isinstance(document, dict):
        return values
    for entry in _dicts(document.get("entry")):
        for change in _dicts(entry.get("changes")):
            value = change.get("value")
            if change.get("field") != "user_preferences" or not isinstance(value, dict):
                continue
            metadata = value.get("metadata")
            named = metadata.get("phone_number_id") if isinstance(metadata, dict) else None
            if number_id is not None and named is not None and named != number_id:
                continue
            values.append(value)
    return values


def _dicts(value: object) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _timestamp(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0
