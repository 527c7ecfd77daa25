"""Validators of the send type objects other than text, interactive and template (§6).

Each takes the raw type object and returns a normalised copy or raises code 100. Whether a
media id exists and fits the type is checked later, against the media store (131053).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.simulator import checks
from app.simulator.errors import invalid_parameter

MAX_CAPTION = 1024
MAX_FILENAME = 240
MEDIA_TYPES = ("image", "video", "audio", "document", "sticker")
_CAPTIONED = {"image", "video", "document"}
_CARD_KEYS = {"name", "phones", "emails", "addresses", "org", "urls", "birthday"}
_NAME_KEYS = {"formatted_name", "first_name", "last_name", "middle_name", "suffix", "prefix"}


def media(kind: str) -> Callable[[Any], dict[str, Any]]:
    """The validator for one media type (``image``, ``video``, ``audio``, ``document``,
    ``sticker``): exactly one of ``id``/``link``; captions where Meta allows them."""

    def validate(value: Any) -> dict[str, Any]:
        allowed = {"id", "link"}
        if kind in _CAPTIONED:
            allowed.add("caption")
        if kind == "document":
            allowed.add("filename")
        content = checks.obj(value, kind, allowed)
        if ("id" in content) == ("link" in content):
            raise invalid_parameter(f"Param {kind} must have exactly one of id or link.")
        result: dict[str, Any] = {}
        if "id" in content:
            result["id"] = checks.text(content["id"], f"{kind}['id']", 64)
        else:
            result["link"] = checks.link(content["link"], f"{kind}['link']")
        if "caption" in content:
            result["caption"] = checks.text(content["caption"], f"{kind}['caption']", MAX_CAPTION)
        if "filename" in content:
            name = checks.text(content["filename"], f"{kind}['filename']", MAX_FILENAME)
            result["filename"] = name
        return result

    validate.__name__ = f"validate_{kind}"
    return validate


def location(value: Any) -> dict[str, Any]:
    """``location``: coordinates plus an optional name and address."""
    content = checks.obj(value, "location", {"latitude", "longitude", "name", "address"})
    result: dict[str, Any] = {
        "latitude": checks.number(
            checks.required(content, "latitude", "location"), "location['latitude']", -90, 90
        ),
        "longitude": checks.number(
            checks.required(content, "longitude", "location"), "location['longitude']", -180, 180
        ),
    }
    for key in ("name", "address"):
        if key in content:
            result[key] = checks.text(content[key], f"location['{key}']", 1000)
    return result


def contacts(value: Any) -> list[dict[str, Any]]:
    """``contacts``: vCard-like objects, each with ``name.formatted_name``."""
    cards = checks.array(value, "contacts", 1, 257)
    for n, card in enumerate(cards):
        where = f"contacts[{n}]"
        card = checks.obj(card, where, _CARD_KEYS)
        name = checks.obj(checks.required(card, "name", where), f"{where}['name']", _NAME_KEYS)
        checks.text(name.get("formatted_name"), f"{where}['name']['formatted_name']", 1000)
        for key in ("phones", "emails", "addresses", "urls"):
            for m, item in enumerate(checks.array(card.get(key, []), f"{where}['{key}']", 0, 20)):
                if not isinstance(item, dict):
                    raise invalid_parameter(f"Param {where}['{key}'][{m}] must be an object.")
    return [dict(card) for card in cards]


def reaction(value: Any) -> dict[str, Any]:
    """``reaction``: a wamid and an emoji; an empty emoji removes the reaction."""
    content = checks.obj(value, "reaction", {"message_id", "emoji"})
    message_id = checks.text(
        checks.required(content, "message_id", "reaction"), "reaction['message_id']", 256
    )
    emoji = content.get("emoji", "")
    if not isinstance(emoji, str) or len(emoji) > 10:
        raise invalid_parameter("Param reaction['emoji'] must be a single emoji or empty.")
    return {"message_id": message_id, "emoji": emoji}
