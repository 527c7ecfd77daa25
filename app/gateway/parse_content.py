"""What an inbound message says: its content, context and referral (cloud-api.md §4).

One reader per `type` of §4's table, each building the domain's value type from the message
object. Caps come from the log's content codec (`app.log.content_codec`): every value returned
fits it, or the reader raises `Skip` (see `parse_fields` for the rules).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.domain.content import (
    NO_CONTEXT,
    ContactPhone,
    Contacts,
    Content,
    ContentKind,
    InteractiveReply,
    Location,
    Media,
    MessageContext,
    Order,
    OrderItem,
    Reaction,
    Referral,
    ReplyType,
    SharedContact,
    TemplateButton,
    Text,
    Unsupported,
)
from app.domain.ids import Wamid
from app.gateway.parse_fields import (
    U32,
    Skip,
    as_dict,
    decimal_text,
    fit_utf8,
    flag,
    label,
    object_list,
    optional_dict,
    optional_id,
    required_id,
    text,
    u32_or_zero,
    unsigned,
)
from app.log.content_codec import MAX_ITEMS, MAX_SHORT, MAX_TEXT

MEDIA_TYPES = {
    "image": ContentKind.IMAGE,
    "video": ContentKind.VIDEO,
    "audio": ContentKind.AUDIO,
    "document": ContentKind.DOCUMENT,
    "sticker": ContentKind.STICKER,
}
_CAPTIONED = frozenset({"image", "video", "document"})
_MAX_EMOJI = 64
"""Bytes: the content codec's cap on a reaction's emoji."""
_MAX_CURRENCY = 16
"""Bytes: the content codec's cap on an order item's currency."""
_MAX_URL = MAX_SHORT * 4
"""Bytes: the content codec's cap on a referral's source URL, and ours on a media URL."""
_MAX_PRICE = 10**15
_INTERACTIVE = {
    "button_reply": ReplyType.BUTTON,
    "list_reply": ReplyType.LIST,
    "nfm_reply": ReplyType.FLOW,
}


@dataclass(frozen=True, slots=True)
class MediaRef:
    """Where to fetch an inbound media file: for the gateway's downloader, not the log."""

    wamid: Wamid
    """The message the file belongs to; its `Media` content has `stored=None` until fetched."""
    media_id: str
    """Meta's media id for `GET /{version}/{media-id}` (valid for 7 days, cloud-api.md §10)."""
    url: str | None
    """The lookaside URL newer payloads carry (needs the Bearer token), or None."""


def _text(data: dict[str, Any]) -> Text:
    body = as_dict(data.get("text"), "no body")
    return Text(text(body, "body", MAX_TEXT, required=True))


def _media(data: dict[str, Any]) -> Media:
    word = data["type"]
    body = as_dict(data.get(word), "no body")
    captioned = word in _CAPTIONED
    return Media(
        media_kind=MEDIA_TYPES[word],
        mime_type=text(body, "mime_type", MAX_SHORT),
        caption=text(body, "caption", MAX_TEXT) if captioned else "",
        filename=text(body, "filename", MAX_SHORT) if word == "document" else "",
        voice=flag(body, "voice") if word == "audio" else False,
        animated=flag(body, "animated") if word == "sticker" else False,
        meta_sha256=text(body, "sha256", MAX_SHORT),
    )


def media_source(data: dict[str, Any]) -> tuple[str, str | None]:
    """The media id and lookaside URL of a media message whose content `_media` read.

    A URL that is not http(s) or too long is dropped: the id alone is enough to fetch the file.

    Raises:
        Skip: the media id is missing or invalid.
    """
    body = as_dict(data.get(data["type"]))
    media_id = required_id(body, "id")
    url = body.get("url")
    usable = (
        isinstance(url, str)
        and url.startswith(("https://", "http://"))
        and url.isascii()
        and len(url) <= _MAX_URL
    )
    return media_id, url if usable and isinstance(url, str) else None


def _location(data: dict[str, Any]) -> Location:
    body = as_dict(data.get("location"), "no body")
    return Location(
        latitude=decimal_text(body.get("latitude"), "latitude", 90),
        longitude=decimal_text(body.get("longitude"), "longitude", 180),
        name=text(body, "name", MAX_SHORT),
        address=text(body, "address", MAX_SHORT),
        url=text(body, "url", MAX_SHORT),
    )


def _contacts(data: dict[str, Any]) -> Contacts:
    cards = object_list(data, "contacts", MAX_ITEMS)
    if not cards:
        raise Skip("contacts without any contact")
    return Contacts(tuple(_vcard(card) for card in cards))


def _vcard(card: dict[str, Any]) -> SharedContact:
    name = optional_dict(card, "name")
    formatted = text(name, "formatted_name", MAX_SHORT)
    if not formatted:
        # Meta documents formatted_name as required; build it if a client left it out.
        parts = (text(name, "first_name", MAX_SHORT), text(name, "last_name", MAX_SHORT))
        formatted = fit_utf8(" ".join(p for p in parts if p), MAX_SHORT)
    phones = tuple(
        ContactPhone(
            phone=text(entry, "phone", MAX_SHORT),
            wa_id=text(entry, "wa_id", MAX_SHORT),
            type=text(entry, "type", MAX_SHORT),
        )
        for entry in object_list(card, "phones", MAX_ITEMS)
    )
    emails = tuple(text(e, "email", MAX_SHORT) for e in object_list(card, "emails", MAX_ITEMS))
    org = optional_dict(card, "org")
    return SharedContact(formatted, phones, emails, text(org, "company", MAX_SHORT))


def _interactive(data: dict[str, Any]) -> InteractiveReply | Unsupported:
    if data.get("interactive") is None:
        # A client re-sending an interactive reply (WhatsApp Web reconnecting) arrives without
        # its content, Meta's error beside it in `value.errors` (cloud-api.md §19): kept as a
        # reply nobody can read, never as a button tap.
        return Unsupported(0, "interactive")
    body = as_dict(data.get("interactive"), "no body")
    word = body.get("type")
    if not isinstance(word, str) or word not in _INTERACTIVE:
        raise Skip(f"interactive {label(word, _INTERACTIVE)} not handled")
    reply_type = _INTERACTIVE[word]
    reply = as_dict(body.get(word), f"{word} without body")
    if reply_type is ReplyType.FLOW:
        # A Flow's reply has no id or title: `name` says which flow, `body` what the user saw.
        return InteractiveReply(
            reply_type,
            reply_id=text(reply, "name", MAX_SHORT),
            title=text(reply, "body", MAX_SHORT),
            response_json=text(reply, "response_json", MAX_TEXT, required=True),
        )
    return InteractiveReply(
        reply_type,
        reply_id=text(reply, "id", MAX_SHORT, required=True),
        title=text(reply, "title", MAX_SHORT),
        description=text(reply, "description", MAX_SHORT),
    )


def _button(data: dict[str, Any]) -> TemplateButton:
    body = as_dict(data.get("button"), "no body")
    return TemplateButton(text(body, "payload", MAX_SHORT), text(body, "text", MAX_SHORT))


def _reaction(data: dict[str, Any]) -> Reaction:
    body = as_dict(data.get("reaction"), "no body")
    # An empty or missing emoji means the customer took their reaction back.
    return Reaction(Wamid(required_id(body, "message_id")), text(body, "emoji", _MAX_EMOJI))


def _order(data: dict[str, Any]) -> Order:
    body = as_dict(data.get("order"), "no body")
    items = tuple(
        OrderItem(
            product_retailer_id=text(item, "product_retailer_id", MAX_SHORT, required=True),
            quantity=unsigned(item.get("quantity"), "quantity", U32),
            item_price=decimal_text(item.get("item_price"), "item_price", _MAX_PRICE, signed=False),
            currency=text(item, "currency", _MAX_CURRENCY),
        )
        for item in object_list(body, "product_items", MAX_ITEMS)
    )
    return Order(text(body, "catalog_id", MAX_SHORT), text(body, "text", MAX_TEXT), items)


def _unsupported(data: dict[str, Any]) -> Unsupported:
    # No body: what Meta knows is in errors[0] (code 131051), a label of Meta's, so cut to fit.
    errors = data.get("errors")
    first = errors[0] if isinstance(errors, list) and errors else None
    if not isinstance(first, dict):
        return Unsupported(0, "")
    return Unsupported(u32_or_zero(first.get("code")), fit_utf8(first.get("title"), MAX_SHORT))


ContentReader = Callable[[dict[str, Any]], Content]

CONTENT_READERS: dict[str, ContentReader] = {
    "text": _text,
    **dict.fromkeys(MEDIA_TYPES, _media),
    "location": _location,
    "contacts": _contacts,
    "interactive": _interactive,
    "button": _button,
    "reaction": _reaction,
    "order": _order,
    "unsupported": _unsupported,
    "unknown": _unsupported,
}
"""Message `type` → reader of that type's content, for every type of §4 but `system`."""


def read_context(data: dict[str, Any]) -> MessageContext:
    """The message's `context` and `referral`; `NO_CONTEXT` when it has neither.

    Raises:
        Skip: either is present but malformed.
    """
    referral = data.get("referral")
    if data.get("context") is None and referral is None:
        return NO_CONTEXT
    context = optional_dict(data, "context")
    quoted = optional_id(context, "id")
    return MessageContext(
        quoted=Wamid(quoted) if quoted else None,
        forwarded=flag(context, "forwarded"),
        frequently_forwarded=flag(context, "frequently_forwarded"),
        referred_product=_referred_product(context.get("referred_product")),
        referral=None if referral is None else _referral(referral),
    )


def _referred_product(value: object) -> str:
    if value is None:
        return ""
    product = as_dict(value, "invalid referred_product")
    catalog = text(product, "catalog_id", MAX_SHORT, required=True)
    retailer_id = text(product, "product_retailer_id", MAX_SHORT, required=True)
    joined = f"{catalog}/{retailer_id}"
    if len(joined.encode("utf-8")) > MAX_SHORT:
        raise Skip("referred_product too long")
    return joined


def _referral(value: object) -> Referral:
    body = as_dict(value, "invalid referral")
    return Referral(
        source_type=text(body, "source_type", MAX_SHORT),
        source_id=text(body, "source_id", MAX_SHORT),
        source_url=text(body, "source_url", _MAX_URL),
        headline=text(body, "headline", MAX_SHORT),
        body=text(body, "body", MAX_TEXT),
        ctwa_clid=text(body, "ctwa_clid", MAX_SHORT),
    )
