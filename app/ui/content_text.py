"""Words and icons for message contents: kind labels, queue previews, and what a bubble shows
for each kind (`describe`). Every string is translatable in the `content` context.

The store keeps only a message's searchable words (`searchable_text`); the label in front of
them ("Photo · receipt") is the UI's, so it follows the user's language.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale

from app.domain.content import (
    Activity,
    Contacts,
    Content,
    ContentKind,
    Deleted,
    InteractiveReply,
    Location,
    Media,
    Note,
    Order,
    Reaction,
    ReplyType,
    SharedContact,
    Template,
    TemplateButton,
    Text,
    Unsupported,
)
from app.domain.history import MEDIA_PLACEHOLDER

_LABELS: dict[ContentKind, object] = {
    ContentKind.TEXT: QT_TRANSLATE_NOOP("content", "Message"),
    ContentKind.IMAGE: QT_TRANSLATE_NOOP("content", "Photo"),
    ContentKind.VIDEO: QT_TRANSLATE_NOOP("content", "Video"),
    ContentKind.AUDIO: QT_TRANSLATE_NOOP("content", "Audio"),
    ContentKind.DOCUMENT: QT_TRANSLATE_NOOP("content", "Document"),
    ContentKind.STICKER: QT_TRANSLATE_NOOP("content", "Sticker"),
    ContentKind.LOCATION: QT_TRANSLATE_NOOP("content", "Location"),
    ContentKind.CONTACTS: QT_TRANSLATE_NOOP("content", "Contact"),
    ContentKind.INTERACTIVE_REPLY: QT_TRANSLATE_NOOP("content", "Reply"),
    ContentKind.TEMPLATE_BUTTON: QT_TRANSLATE_NOOP("content", "Button"),
    ContentKind.REACTION: QT_TRANSLATE_NOOP("content", "Reaction"),
    ContentKind.ORDER: QT_TRANSLATE_NOOP("content", "Order"),
    ContentKind.UNSUPPORTED: QT_TRANSLATE_NOOP("content", "Unsupported message"),
    ContentKind.TEMPLATE: QT_TRANSLATE_NOOP("content", "Template"),
    ContentKind.NOTE: QT_TRANSLATE_NOOP("content", "Private note"),
    ContentKind.ACTIVITY: QT_TRANSLATE_NOOP("content", "Activity"),
    ContentKind.DELETED: QT_TRANSLATE_NOOP("content", "Deleted by the customer"),
}

_ICONS: dict[ContentKind, str] = {
    ContentKind.IMAGE: "photo",
    ContentKind.VIDEO: "video",
    ContentKind.AUDIO: "audio",
    ContentKind.DOCUMENT: "document",
    ContentKind.STICKER: "sticker",
    ContentKind.LOCATION: "location",
    ContentKind.CONTACTS: "contact",
    ContentKind.INTERACTIVE_REPLY: "tap",
    ContentKind.TEMPLATE_BUTTON: "tap",
    ContentKind.REACTION: "sticker",
    ContentKind.ORDER: "order",
    ContentKind.UNSUPPORTED: "unsupported",
    ContentKind.TEMPLATE: "template",
    ContentKind.NOTE: "note",
    ContentKind.ACTIVITY: "pending",
    ContentKind.DELETED: "deleted",
}


def tr(text: str, n: int = -1) -> str:
    """Translate `text` in this module's context (`%n` takes `n`)."""
    return QCoreApplication.translate("content", text, None, n)


def kind_label(kind: ContentKind) -> str:
    """A word for a kind of message: "Photo", "Location" …"""
    return tr(str(_LABELS[kind]))


def kind_icon(kind: ContentKind) -> str:
    """The icon name (`app.ui.icons`) of a kind; "" for text, which needs none."""
    return _ICONS.get(kind, "")


def preview(kind: ContentKind, text: str) -> str:
    """A queue row's one line: "Photo · receipt", or the words alone for a text."""
    words = " ".join(text.split())
    if kind is ContentKind.TEXT:
        return words
    label = kind_label(kind)
    return f"{label} · {words}" if words else label


def data_size(size: int) -> str:
    """A file size the way people read it: "48 kB", "1.2 MB"."""
    precision = 0 if size < 1_000_000 else 1
    return QLocale().formattedDataSize(size, precision, QLocale.DataSizeFormat.DataSizeSIFormat)


def file_type(mime_type: str, filename: str = "") -> str:
    """A short file type: "PDF" from `invoice.pdf` or `application/pdf`."""
    if "." in filename:
        return filename.rsplit(".", 1)[1].upper()[:6]
    subtype = mime_type.split(";")[0].split("/")[-1]
    return subtype.upper()[:6] if subtype else ""


@dataclass(frozen=True, slots=True)
class Tile:
    """A picture's place (no preview is fetched yet): its icon and a label."""

    icon: str
    label: str
    square: bool = False
    """Stickers are square; photos and videos landscape."""
    play: bool = False
    """Videos show a play mark."""


@dataclass(frozen=True, slots=True)
class Card:
    """A compact box: icon, a bold title, muted detail lines."""

    icon: str
    title: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Shown:
    """What a bubble shows for one content, top to bottom."""

    tile: Tile | None = None
    cards: tuple[Card, ...] = ()
    body: str = ""
    """Words under the tile or cards: the text itself, a caption, an order's note."""
    placeholder: str = ""
    """A muted sentence instead of content (unsupported types)."""


def describe(content: Content | None, text: str) -> Shown:
    """What a bubble shows for `content`, whichever side sent it (None: an older reply, whose
    words are `text`)."""
    match content:
        case None | Text():
            return Shown(body=text)
        case Media():
            return _media(content)
        case Location():
            return Shown(cards=(_location(content),))
        case Contacts():
            return Shown(cards=tuple(_contact(c) for c in content.contacts))
        case InteractiveReply():
            return Shown(cards=(_interactive(content),))
        case TemplateButton():
            return Shown(cards=(Card("tap", tr("Tapped “%1”").replace("%1", content.text)),))
        case Order():
            return Shown(cards=(_order(content),), body=content.text)
        case Reaction():
            return Shown(body=tr("Reacted %1").replace("%1", content.emoji))
        case Unsupported() | Deleted():
            return _placeholder(content)
        case Note(body=words) | Activity(note=words):
            return Shown(body=words)
        case Template():
            return _template(content)


def _placeholder(content: Unsupported | Deleted) -> Shown:
    if isinstance(content, Deleted):
        return Shown(placeholder=tr("Deleted by the customer"))
    if content.title == MEDIA_PLACEHOLDER:
        # Meta shares the phone's history without its files (cloud-api.md §15.3).
        return Shown(placeholder=tr("A photo or file from the phone's history (not imported)"))
    return Shown(placeholder=tr("This message type isn't supported by WhatsApp's API"))


def _template(template: Template) -> Shown:
    """A template we sent: which one (its buttons beneath), then its words as the customer
    reads them."""
    title = tr("Template “%1”").replace("%1", template.name)
    buttons = tuple(f"[ {label} ]" for label in template.rendered.buttons)
    return Shown(cards=(Card("template", title, buttons),), body=template.rendered.text)


def _sized(label: str, media: Media) -> str:
    if media.stored is None:
        return label
    return f"{label} · {data_size(media.stored.size)}"


def _media(media: Media) -> Shown:
    kind = media.media_kind
    if kind is ContentKind.AUDIO:
        title = tr("Voice message") if media.voice else media.filename or tr("Audio file")
        icon = "mic" if media.voice else "audio"
        details = _sized(file_type(media.mime_type, media.filename), media)
        return Shown(cards=(Card(icon, title, (details,)),))
    if kind is ContentKind.DOCUMENT:
        title = media.filename or tr("Document")
        details = _sized(file_type(media.mime_type, media.filename), media)
        caption = "" if media.caption == media.filename else media.caption
        return Shown(cards=(Card("document", title, (details,)),), body=caption)
    if kind is ContentKind.STICKER:
        label = tr("Animated sticker") if media.animated else kind_label(kind)
        return Shown(tile=Tile("sticker", label, square=True))
    tile = Tile(kind_icon(kind), _sized(kind_label(kind), media), play=kind is ContentKind.VIDEO)
    return Shown(tile=tile, body=media.caption)


def _location(location: Location) -> Card:
    # A pin without a name is the customer's "current location".
    title = location.name or tr("Shared location")
    coordinates = f"{location.latitude}, {location.longitude}"
    lines = tuple(line for line in (location.address, coordinates) if line)
    return Card("location", title, lines)


def _contact(contact: SharedContact) -> Card:
    lines = [phone.phone for phone in contact.phones]
    lines += list(contact.emails)
    if contact.organization:
        lines.append(contact.organization)
    return Card("contact", contact.formatted_name or tr("Contact"), tuple(lines))


def _interactive(reply: InteractiveReply) -> Card:
    if reply.reply_type is ReplyType.LIST:
        lines = (reply.description,) if reply.description else ()
        return Card("list", tr("Chose “%1”").replace("%1", reply.title), lines)
    if reply.reply_type is ReplyType.FLOW:
        return Card("form", tr("Sent the form “%1”").replace("%1", reply.title or tr("Form")))
    return Card("tap", tr("Tapped “%1”").replace("%1", reply.title))


def _amount(value: decimal.Decimal) -> str:
    """A sum in the user's locale ("45.48", "45,48" in German), with the decimals Meta gave."""
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return QLocale().toString(float(value), "f", places)


def _order(order: Order) -> Card:
    count = sum(item.quantity for item in order.items)
    totals: dict[str, decimal.Decimal] = {}
    for item in order.items:
        try:
            price = decimal.Decimal(item.item_price)
        except decimal.InvalidOperation:
            continue  # Meta's decimal string is unreadable: leave it out of the sum
        totals[item.currency] = (
            totals.get(item.currency, decimal.Decimal(0)) + price * item.quantity
        )
    lines = tuple(
        tr("Total %1 %2").replace("%1", _amount(amount)).replace("%2", currency)
        for currency, amount in sorted(totals.items())
    )
    title = tr("Order · 1 item") if count == 1 else tr("Order · %n items", count)
    return Card("order", title, lines)
