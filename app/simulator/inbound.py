"""What customers can send (cloud-api.md §4), as values, and their webhook type objects.

Build a message with these classes (``Text``, ``Media``, ``Location`` …) and hand it to
``Simulator.customer_sends``; the control surface parses the same shapes from JSON with
``from_json``. Media bytes go into the simulator's media store, so a gateway can fetch them
through ``GET /{media-id}`` and verify the ``sha256``.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

MediaKind = Literal["image", "video", "audio", "document", "sticker"]
Forwarded = Literal["forwarded", "frequently_forwarded"]

DEFAULT_MIME: dict[str, str] = {
    "image": "image/jpeg",
    "video": "video/mp4",
    "audio": "audio/mpeg",
    "voice": "audio/ogg; codecs=opus",
    "document": "application/pdf",
    "sticker": "image/webp",
}
# File signatures, so placeholder files look like what their MIME type says.
_MAGIC: dict[str, bytes] = {
    "image/jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    "image/png": b"\x89PNG\r\n\x1a\n",
    "video/mp4": b"\x00\x00\x00\x18ftypmp42",
    "audio/ogg": b"OggS\x00\x02",
    "audio/mpeg": b"ID3\x04\x00",
    "application/pdf": b"%PDF-1.4\n",
    "image/webp": b"RIFF\x00\x01\x00\x00WEBPVP8 ",
}


@dataclass(frozen=True)
class Text:
    """A plain text message."""

    body: str


@dataclass(frozen=True)
class Media:
    """An image, video, audio or voice note, document or sticker."""

    kind: MediaKind
    data: bytes | None = None
    """The file; None invents a small placeholder with the right file signature."""
    mime_type: str | None = None
    """None picks the usual type (voice notes: ``audio/ogg; codecs=opus``)."""
    caption: str | None = None
    """Images, videos and documents only."""
    filename: str | None = None
    """Documents only; defaults to ``document.pdf``."""
    voice: bool = False
    """Audio only: a push-to-talk voice note."""
    animated: bool = False
    """Stickers only."""

    def __post_init__(self) -> None:
        """Reject fields the type does not have."""
        if self.caption is not None and self.kind not in {"image", "video", "document"}:
            raise ValueError(f"{self.kind} messages have no caption")
        if self.filename is not None and self.kind != "document":
            raise ValueError("only documents have a filename")
        if self.voice and self.kind != "audio":
            raise ValueError("only audio can be a voice note")
        if self.animated and self.kind != "sticker":
            raise ValueError("only stickers can be animated")

    def file(self) -> tuple[bytes, str]:
        """The bytes and MIME type to store."""
        mime = self.mime_type or DEFAULT_MIME["voice" if self.voice else self.kind]
        if self.data is not None:
            return self.data, mime
        magic = _MAGIC.get(mime.split(";")[0].strip(), b"")
        if self.animated:
            magic = b"RIFF\x00\x01\x00\x00WEBPVP8X\x0a\x00\x00\x00ANIM"
        return magic + secrets.token_bytes(256), mime


@dataclass(frozen=True)
class Location:
    """A location pin; without a name it is a "current location" pin."""

    latitude: float
    longitude: float
    name: str | None = None
    address: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Contacts:
    """Shared contact cards in the vCard-like shape of §4."""

    cards: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class ButtonReply:
    """A tap on a reply button of an interactive message."""

    id: str
    title: str


@dataclass(frozen=True)
class ListReply:
    """A choice from an interactive list."""

    id: str
    title: str
    description: str | None = None


@dataclass(frozen=True)
class TemplateButton:
    """A tap on a template's quick-reply button (``type: button``)."""

    payload: str
    text: str


@dataclass(frozen=True)
class Reaction:
    """A reaction to a message; an empty emoji removes it."""

    message_id: str
    emoji: str = ""


@dataclass(frozen=True)
class OrderItem:
    """One product line of an order."""

    product_retailer_id: str
    quantity: int
    item_price: float
    currency: str


@dataclass(frozen=True)
class Order:
    """A cart sent from the business's catalog."""

    catalog_id: str
    items: tuple[OrderItem, ...]
    text: str | None = None


@dataclass(frozen=True)
class Unsupported:
    """A message type the Cloud API cannot show; ``legacy`` uses the old name ``unknown``."""

    legacy: bool = False


@dataclass(frozen=True)
class Referral:
    """Click-to-WhatsApp ad data (§4 ``referral``)."""

    source_url: str
    source_id: str
    source_type: Literal["ad", "post"] = "ad"
    headline: str = "Spring sale"
    body: str = "Tap to chat with us"
    media_type: Literal["image", "video"] = "image"
    media_url: str = "https://example.com/ad.jpg"
    ctwa_clid: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    thumbnail_url: str | None = None
    welcome_message: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The ``referral`` object."""
        obj: dict[str, Any] = {
            "source_url": self.source_url,
            "source_id": self.source_id,
            "source_type": self.source_type,
            "headline": self.headline,
            "body": self.body,
            "media_type": self.media_type,
            f"{self.media_type}_url": self.media_url,
        }
        if self.thumbnail_url is not None:
            obj["thumbnail_url"] = self.thumbnail_url
        obj["ctwa_clid"] = self.ctwa_clid
        if self.welcome_message is not None:
            obj["welcome_message"] = {"text": self.welcome_message}
        return obj


InboundMessage = (
    Text
    | Media
    | Location
    | Contacts
    | ButtonReply
    | ListReply
    | TemplateButton
    | Reaction
    | Order
    | Unsupported
)
NEEDS_CONTEXT = (ButtonReply, ListReply, TemplateButton)
"""Messages that answer a business message and so always carry ``context``."""


def type_object(message: InboundMessage) -> tuple[str, Any]:
    """The ``type`` and type object of a non-media message (§4)."""
    if isinstance(message, Text):
        return "text", {"body": message.body}
    if isinstance(message, Location):
        loc = {"latitude": message.latitude, "longitude": message.longitude}
        extra = {"name": message.name, "address": message.address, "url": message.url}
        return "location", {**loc, **{k: v for k, v in extra.items() if v is not None}}
    if isinstance(message, Contacts):
        return "contacts", [dict(card) for card in message.cards]
    if isinstance(message, ButtonReply):
        reply = {"id": message.id, "title": message.title}
        return "interactive", {"type": "button_reply", "button_reply": reply}
    if isinstance(message, ListReply):
        row = {"id": message.id, "title": message.title}
        if message.description is not None:
            row["description"] = message.description
        return "interactive", {"type": "list_reply", "list_reply": row}
    if isinstance(message, TemplateButton):
        return "button", {"payload": message.payload, "text": message.text}
    if isinstance(message, Reaction):
        return "reaction", {"message_id": message.message_id, "emoji": message.emoji}
    if isinstance(message, Order):
        return "order", _order(message)
    raise TypeError(f"{type(message).__name__} has no plain type object")


def _order(order: Order) -> dict[str, Any]:
    items = [
        {
            "product_retailer_id": i.product_retailer_id,
            "quantity": i.quantity,
            "item_price": i.item_price,
            "currency": i.currency,
        }
        for i in order.items
    ]
    obj: dict[str, Any] = {"catalog_id": order.catalog_id}
    if order.text is not None:
        obj["text"] = order.text
    obj["product_items"] = items
    return obj


def decode_data(value: Any) -> bytes | None:
    """Base64 file bytes from the control surface (None stays None).

    Raises:
        ValueError: If the value is not base64 text.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("data must be base64 text")
    try:
        return base64.b64decode(value, validate=True)
    except binascii.Error:
        raise ValueError("data is not valid base64") from None
