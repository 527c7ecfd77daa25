"""Parse the control surface's customer messages: the §4 shapes, with base64 ``data``.

``{"type": "image", "image": {"data": "<base64>", "mime_type": "image/png", "caption": "…"}}``;
every media field is optional. Options beside ``type``: ``reply_to`` (a wamid),
``forwarded`` (``forwarded`` or ``frequently_forwarded``) and ``referral`` (§4 fields).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

from app.simulator import inbound
from app.simulator.inbound import InboundMessage

_MEDIA = ("image", "video", "audio", "document", "sticker")


def from_json(body: Mapping[str, Any]) -> InboundMessage:
    """The message a control request describes.

    Raises:
        ValueError: Naming the first problem.
    """
    kind = body.get("type", "text")
    if kind in ("unsupported", "unknown"):
        return inbound.Unsupported(legacy=kind == "unknown")
    if kind not in _PARSERS and kind not in _MEDIA:
        raise ValueError(f"type must be one of {sorted([*_PARSERS, *_MEDIA, 'unsupported'])}")
    obj = body.get(kind, {} if kind in _MEDIA else None)
    if kind == "contacts":
        if not isinstance(obj, list) or not obj or not all(isinstance(c, dict) for c in obj):
            raise ValueError("contacts must be a non-empty list of objects")
        return inbound.Contacts(tuple(obj))
    if not isinstance(obj, dict):
        raise ValueError(f"{kind} must be an object")
    if kind in _MEDIA:
        return _media(cast("inbound.MediaKind", kind), obj)
    return _PARSERS[kind](obj)


def referral(value: Any) -> inbound.Referral | None:
    """The ``referral`` option.

    Raises:
        ValueError: If it is malformed.
    """
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError("referral must be an object")
    media_type = value.get("media_type", "image")
    if media_type not in ("image", "video"):
        raise ValueError("referral.media_type must be image or video")
    welcome = value.get("welcome_message")
    return inbound.Referral(
        source_url=_str(value, "source_url"),
        source_id=_str(value, "source_id"),
        source_type="post" if value.get("source_type") == "post" else "ad",
        headline=_str(value, "headline", "Spring sale"),
        body=_str(value, "body", "Tap to chat with us"),
        media_type=media_type,
        media_url=_str(value, f"{media_type}_url", "https://example.com/ad.jpg"),
        thumbnail_url=value.get("thumbnail_url"),
        welcome_message=_str(welcome, "text") if isinstance(welcome, dict) else None,
    )


def _str(obj: Mapping[str, Any], key: str, default: str | None = None) -> str:
    value = obj.get(key, default)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{key} must be a non-empty string")
    return value


def _optional(obj: Mapping[str, Any], key: str) -> str | None:
    return None if obj.get(key) is None else _str(obj, key)


def _media(kind: inbound.MediaKind, obj: Mapping[str, Any]) -> InboundMessage:
    return inbound.Media(
        kind,
        data=inbound.decode_data(obj.get("data")),
        mime_type=_optional(obj, "mime_type"),
        caption=_optional(obj, "caption"),
        filename=_optional(obj, "filename"),
        voice=obj.get("voice") is True,
        animated=obj.get("animated") is True,
    )


def _location(obj: Mapping[str, Any]) -> InboundMessage:
    try:
        lat, lon = float(obj["latitude"]), float(obj["longitude"])
    except (KeyError, TypeError, ValueError):
        raise ValueError("location needs numeric latitude and longitude") from None
    extra = {k: _optional(obj, k) for k in ("name", "address", "url")}
    return inbound.Location(lat, lon, **extra)


def _interactive(obj: Mapping[str, Any]) -> InboundMessage:
    kind = obj.get("type")
    reply = obj.get(str(kind))
    if kind not in ("button_reply", "list_reply") or not isinstance(reply, dict):
        raise ValueError("interactive needs type button_reply or list_reply and its object")
    if kind == "button_reply":
        return inbound.ButtonReply(_str(reply, "id"), _str(reply, "title"))
    return inbound.ListReply(
        _str(reply, "id"), _str(reply, "title"), _optional(reply, "description")
    )


def _order(obj: Mapping[str, Any]) -> InboundMessage:
    items = obj.get("product_items")
    if not isinstance(items, list) or not items:
        raise ValueError("order.product_items must be a non-empty list")
    try:
        lines = tuple(
            inbound.OrderItem(
                _str(i, "product_retailer_id"),
                int(i["quantity"]),
                float(i["item_price"]),
                _str(i, "currency"),
            )
            for i in items
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"bad order item: {exc}") from None
    return inbound.Order(_str(obj, "catalog_id"), lines, _optional(obj, "text"))


_PARSERS: dict[str, Callable[[Mapping[str, Any]], InboundMessage]] = {
    "text": lambda o: inbound.Text(_str(o, "body")),
    "location": _location,
    "contacts": lambda o: inbound.Contacts(()),  # handled before dispatch
    "interactive": _interactive,
    "button": lambda o: inbound.TemplateButton(_str(o, "payload"), _str(o, "text")),
    "reaction": lambda o: inbound.Reaction(_str(o, "message_id"), str(o.get("emoji", ""))),
    "order": _order,
}
