"""Validation of ``POST /{phone-id}/messages`` bodies, answering like Graph (code 100).

Pure: JSON in, a typed request out, or a ``GraphError``. Message types are a registry
(``TYPE_VALIDATORS``); the validators of the richer types live in ``sendtypes``,
``interactive`` and ``templates``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from app.simulator import checks, sendtypes
from app.simulator.errors import invalid_parameter
from app.simulator.interactive import interactive
from app.simulator.templates import validate_template

MAX_TEXT_BODY = 4096
MAX_CALLBACK_DATA = 512

_PHONE_SEPARATORS = re.compile(r"[\s\-()]")
_BSUID = re.compile(r"^[A-Z]{2}\.(ENT\.)?[A-Za-z0-9]+$")
_SEND_KEYS = frozenset(
    {
        "messaging_product",
        "recipient_type",
        "to",
        "recipient",
        "type",
        "context",
        "biz_opaque_callback_data",
    }
)
_READ_KEYS = frozenset({"messaging_product", "status", "message_id", "typing_indicator"})


@dataclass(frozen=True)
class SendRequest:
    """A valid message send."""

    to: str | None
    """Bare digits of ``to``; None when addressed by ``recipient``."""
    recipient: str | None
    """The BSUID of ``recipient``; None when addressed by ``to``."""
    raw_address: str
    """The address exactly as given, echoed as ``contacts[].input``."""
    type: str
    content: Any
    """The normalised type object, e.g. ``{"body": "hi", "preview_url": False}`` (a list
    for ``contacts``)."""
    context_message_id: str | None
    biz_opaque_callback_data: str | None


@dataclass(frozen=True)
class MarkRead:
    """A mark-as-read call, optionally showing typing dots."""

    message_id: str
    typing_indicator: bool


def _text(obj: Any) -> dict[str, Any]:
    obj = checks.obj(obj, "text", {"body", "preview_url"})
    body = obj.get("body")
    if not isinstance(body, str) or not body:
        raise invalid_parameter("Param text['body'] must be a non-empty string.")
    if len(body) > MAX_TEXT_BODY:
        raise invalid_parameter(
            f"Param text['body'] must be at most {MAX_TEXT_BODY} characters long."
        )
    preview = obj.get("preview_url", False)
    if not isinstance(preview, bool):
        raise invalid_parameter("Param text['preview_url'] must be a boolean.")
    return {"body": body, "preview_url": preview}


TYPE_VALIDATORS: dict[str, Callable[[Any], Any]] = {
    "text": _text,
    **{kind: sendtypes.media(kind) for kind in sendtypes.MEDIA_TYPES},
    "location": sendtypes.location,
    "contacts": sendtypes.contacts,
    "reaction": sendtypes.reaction,
    "interactive": interactive,
    "template": validate_template,
}
"""Message type → validator of its type object (raises ``GraphError``, returns a copy)."""


def parse_messages_body(body: Any) -> SendRequest | MarkRead:
    """Validate a ``/messages`` body.

    Args:
        body: The decoded JSON.

    Returns:
        A ``MarkRead`` for a body with ``status``, else a ``SendRequest``.

    Raises:
        GraphError: Code 100 describing the first problem found.
    """
    if not isinstance(body, dict):
        raise invalid_parameter("The request body must be a JSON object.")
    if body.get("messaging_product") != "whatsapp":
        raise invalid_parameter("The parameter messaging_product is required.")
    if "status" in body:
        return _mark_read(body)
    checks.no_unknown_keys(body, _SEND_KEYS | TYPE_VALIDATORS.keys(), "$")
    msg_type = body.get("type", "text")
    if msg_type not in TYPE_VALIDATORS:
        raise invalid_parameter(f"Param type must be one of {sorted(TYPE_VALIDATORS)}.")
    if msg_type not in body:
        raise invalid_parameter(f"The parameter {msg_type} is required.")
    extra = (body.keys() & TYPE_VALIDATORS.keys()) - {msg_type}
    if extra:
        raise invalid_parameter(f'Unexpected key "{sorted(extra)[0]}" on param "$".')
    to, recipient, raw = _address(body)
    return SendRequest(
        to=to,
        recipient=recipient,
        raw_address=raw,
        type=msg_type,
        content=TYPE_VALIDATORS[msg_type](body[msg_type]),
        context_message_id=_context(body.get("context")),
        biz_opaque_callback_data=_callback_data(body.get("biz_opaque_callback_data")),
    )


def _mark_read(body: Mapping[str, Any]) -> MarkRead:
    checks.no_unknown_keys(body, _READ_KEYS, "$")
    if body["status"] != "read":
        raise invalid_parameter("Param status must be 'read'.")
    message_id = body.get("message_id")
    if not isinstance(message_id, str) or not message_id:
        raise invalid_parameter("The parameter message_id is required.")
    typing = body.get("typing_indicator")
    if (
        typing is not None
        and checks.obj(typing, "typing_indicator", {"type"}).get("type") != "text"
    ):
        raise invalid_parameter("Param typing_indicator['type'] must be 'text'.")
    return MarkRead(message_id=message_id, typing_indicator=typing is not None)


def _address(body: Mapping[str, Any]) -> tuple[str | None, str | None, str]:
    """Return (to digits, recipient BSUID, raw input), checking exactly one is given."""
    if body.get("recipient_type", "individual") != "individual":
        raise invalid_parameter("Param recipient_type must be 'individual'.")
    to, recipient = body.get("to"), body.get("recipient")
    if to is not None and recipient is not None:
        raise invalid_parameter("Use either the parameter to or recipient, not both.")
    if recipient is not None:
        if not isinstance(recipient, str) or not _BSUID.match(recipient):
            raise invalid_parameter("Param recipient must be a business-scoped user id.")
        return None, recipient, recipient
    if to is None:
        raise invalid_parameter("The parameter to is required.")
    digits = _PHONE_SEPARATORS.sub("", to).removeprefix("+") if isinstance(to, str) else ""
    if not (digits.isdigit() and 6 <= len(digits) <= 15):
        raise invalid_parameter("Param to must be a phone number in E.164 format.")
    return digits, None, to


def _context(context: Any) -> str | None:
    if context is None:
        return None
    message_id = checks.obj(context, "context", {"message_id"}).get("message_id")
    if not isinstance(message_id, str) or not message_id:
        raise invalid_parameter("Param context['message_id'] must be a non-empty string.")
    return message_id


def _callback_data(data: Any) -> str | None:
    if data is None:
        return None
    if not isinstance(data, str) or len(data) > MAX_CALLBACK_DATA:
        raise invalid_parameter(
            f"Param biz_opaque_callback_data must be a string of at most {MAX_CALLBACK_DATA} "
            "characters."
        )
    return data
