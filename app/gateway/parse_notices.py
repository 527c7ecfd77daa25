"""What Meta tells the business about its account, number and templates → `AdminNotice`.

One notice per webhook item (cloud-api.md §5 `value.errors[]`, §9 and §15 `account_update`,
`phone_number_quality_update`, `phone_number_name_update`, §17 template status, quality and
category updates). They carry Meta's words and the template's name or the business's own
number, never a customer's: a value error keeps its code, title and details only.

Like the other readers, a field of the wrong type or size raises `Skip`; Meta's prose (a
rejection's reason) is cut to fit rather than dropped, since a shortened reason still helps.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from app.domain.admin_notice import CATEGORY_CHANGED, CATEGORY_UPCOMING, AdminNotice, NoticeTopic
from app.gateway.parse_fields import (
    U64,
    Skip,
    as_dict,
    fit_utf8,
    optional_dict,
    u32_or_zero,
    unsigned,
    valid_id,
)
from app.log.kinds.admin_notice import MAX_PROSE, MAX_WORD

_Reader = Callable[[Mapping[str, Any], int], AdminNotice]


def _word(data: Mapping[str, Any], key: str) -> str:
    """One of Meta's words (an event, a score, a code) or a name; "" when absent.

    Raises:
        Skip: present but not a string the log can carry.
    """
    raw = data.get(key)
    if raw is None:
        return ""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)  # template ids and some codes come as numbers
    value = valid_id(raw)
    if not value or len(value.encode("utf-8")) > MAX_WORD:
        raise Skip(f"invalid {key}")
    return value


def _prose(data: Mapping[str, Any], key: str) -> str:
    return fit_utf8(data.get(key), MAX_PROSE)


def _time(data: Mapping[str, Any], key: str) -> int:
    try:
        return unsigned(data.get(key), key, U64) if data.get(key) is not None else 0
    except Skip:
        return 0  # a date Meta wrote as text ("January 1, 2026") is left out, not the notice


def _template_status(value: Mapping[str, Any], at: int) -> AdminNotice:
    rejection = optional_dict(value, "rejection_info")
    other = optional_dict(value, "other_info")
    reason = _word(value, "reason")
    return AdminNotice(
        NoticeTopic.TEMPLATE_STATUS,
        _required(value, "event"),
        _word(value, "message_template_name"),
        _word(value, "message_template_language"),
        current=_word(value, "message_template_category"),
        reason="" if reason == "NONE" else reason,
        detail=_prose(rejection, "reason") or _prose(other, "description"),
        advice=_prose(rejection, "recommendation"),
        at=at,
    )


def _template_quality(value: Mapping[str, Any], at: int) -> AdminNotice:
    return AdminNotice(
        NoticeTopic.TEMPLATE_QUALITY,
        "QUALITY",
        _word(value, "message_template_name"),
        _word(value, "message_template_language"),
        previous=_word(value, "previous_quality_score"),
        current=_required(value, "new_quality_score"),
        at=at,
    )


def _template_category(value: Mapping[str, Any], at: int) -> AdminNotice:
    """Before the change `correct_category` names the coming category and `new_category` the
    one still in force; afterwards `previous_category` and `new_category` (§17)."""
    coming = _word(value, "correct_category")
    if coming:
        event, previous, current = CATEGORY_UPCOMING, _word(value, "new_category"), coming
    else:
        event, previous = CATEGORY_CHANGED, _word(value, "previous_category")
        current = _required(value, "new_category")
    return AdminNotice(
        NoticeTopic.TEMPLATE_CATEGORY,
        event,
        _word(value, "message_template_name"),
        _word(value, "message_template_language"),
        previous=previous,
        current=current,
        until=_time(value, "category_update_timestamp"),
        at=at,
    )


def _number_quality(value: Mapping[str, Any], at: int) -> AdminNotice:
    return AdminNotice(
        NoticeTopic.NUMBER_QUALITY,
        _required(value, "event"),
        _word(value, "display_phone_number"),
        previous=_word(value, "old_limit"),
        current=_word(value, "current_limit"),
        at=at,
    )


def _number_name(value: Mapping[str, Any], at: int) -> AdminNotice:
    return AdminNotice(
        NoticeTopic.NUMBER_NAME,
        _required(value, "decision"),
        _word(value, "display_phone_number"),
        current=_word(value, "requested_verified_name"),
        detail=_prose(value, "rejection_reason"),
        at=at,
    )


def _account(value: Mapping[str, Any], at: int) -> AdminNotice:
    """An account update; what explains it sits in an object named after its kind."""
    ban = optional_dict(value, "ban_info")
    violation = optional_dict(value, "violation_info")
    disconnection = optional_dict(value, "disconnection_info")
    restrictions = value.get("restriction_info")
    first = restrictions[0] if isinstance(restrictions, list) and restrictions else {}
    restriction = as_dict(first, "invalid restriction_info")
    reason = (
        _word(restriction, "restriction_type")
        or _word(violation, "violation_type")
        or _word(disconnection, "reason")
    )
    return AdminNotice(
        NoticeTopic.ACCOUNT,
        _required(value, "event"),
        _word(value, "phone_number"),
        current=_word(ban, "waba_ban_state"),
        reason=reason,
        detail=_prose(ban, "waba_ban_date"),
        until=_time(restriction, "expiration"),
        at=at,
    )


READERS: dict[str, _Reader] = {
    "message_template_status_update": _template_status,
    "message_template_quality_update": _template_quality,
    "template_category_update": _template_category,
    "phone_number_quality_update": _number_quality,
    "phone_number_name_update": _number_name,
    "account_update": _account,
}
"""The account-level fields that become a notice, each with its reader."""


def read_notice(field: str, value: Mapping[str, Any], at: int) -> AdminNotice:
    """The notice of one account-level change; `at` is the entry's `time` (0 if none).

    Raises:
        Skip: a field Meta always sends is missing, or one is of the wrong type.
    """
    return READERS[field](value, at)


def read_value_error(item: object, at: int) -> AdminNotice:
    """One `value.errors[]` item: Meta could not deliver something (§5, §19). `at` is the
    newest time of the messages and statuses beside it (0 if none).

    Raises:
        Skip: not an error object.
    """
    error = as_dict(item)
    data = optional_dict(error, "error_data")
    return AdminNotice(
        NoticeTopic.VALUE_ERROR,
        "",
        reason=fit_utf8(error.get("title") or error.get("message"), MAX_WORD),
        detail=_prose(data, "details"),
        code=u32_or_zero(error.get("code")),
        at=at,
    )


def _required(data: Mapping[str, Any], key: str) -> str:
    word = _word(data, key)
    if not word:
        raise Skip(f"missing {key}")
    return word
