"""Message contents ↔ canonical bytes, inside event plaintexts. PURE.

Each content is `u8 kind ‖ fields in a fixed order`; optional parts are written as flags or
empty strings (the codec has no optional fields), lists as counts. Readers cap every length.
"""

from __future__ import annotations

from collections.abc import Callable

from app.crypto.encoding import Reader, Writer, read_enum
from app.crypto.errors import DecodeError
from app.domain.content import (
    MEDIA_KINDS,
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
    StoredMedia,
    Template,
    TemplateButton,
    Text,
    Unsupported,
)
from app.domain.ids import Wamid
from app.log.template_codec import read_template, write_template

MAX_TEXT = 64 * 1024
"""Bytes; WhatsApp texts are ≤ 4096 characters, so this bounds hostile input only."""
MAX_SHORT = 1024
MAX_ITEMS = 256


LOCAL_KINDS = frozenset({ContentKind.NOTE, ContentKind.ACTIVITY})
"""Contents the replica makes from events (a note, a hand-over line); never sent as content."""


def write_content(w: Writer, content: Content) -> None:
    w.u8(content.kind)
    _WRITERS[type(content)](w, content)


_WIRE_KINDS = {int(kind): kind for kind in ContentKind if kind not in LOCAL_KINDS}
"""Content kinds by their byte: a dict lookup instead of the enum's call, once a record.
Notes and activity lines are never content on the wire."""


def read_content(r: Reader) -> Content:
    kind = _WIRE_KINDS.get(r.u8())
    if kind is None:
        raise DecodeError("value")  # unknown, or a local kind
    if kind in MEDIA_KINDS:
        return _read_media(r, kind)
    return _READERS[kind](r)


def write_context(w: Writer, context: MessageContext) -> None:
    if context is NO_CONTEXT:
        # Most messages: the bytes `_write_context_fields` gives it, written out once.
        w.fixed(_NO_CONTEXT_BYTES, len(_NO_CONTEXT_BYTES))
        return
    _write_context_fields(w, context)


def _write_context_fields(w: Writer, context: MessageContext) -> None:
    w.text(context.quoted or "").u8(context.forwarded).u8(context.frequently_forwarded)
    w.text(context.referred_product)
    referral = context.referral
    w.u8(referral is not None)
    if referral is not None:
        w.text(referral.source_type).text(referral.source_id).text(referral.source_url)
        w.text(referral.headline).text(referral.body).text(referral.ctwa_clid)


def read_context(r: Reader) -> MessageContext:
    if r.skip(_NO_CONTEXT_BYTES):
        return NO_CONTEXT  # most messages: the same value the fields below would give
    quoted = r.text(MAX_SHORT)
    forwarded, frequently = _flag(r), _flag(r)
    product = r.text(MAX_SHORT)
    referral = None
    if _flag(r):
        referral = Referral(
            source_type=r.text(MAX_SHORT),
            source_id=r.text(MAX_SHORT),
            source_url=r.text(MAX_SHORT * 4),
            headline=r.text(MAX_SHORT),
            body=r.text(MAX_TEXT),
            ctwa_clid=r.text(MAX_SHORT),
        )
    return MessageContext(
        Wamid(quoted) if quoted else None, forwarded, frequently, product, referral
    )


def _no_context_bytes() -> bytes:
    w = Writer()
    _write_context_fields(w, NO_CONTEXT)
    return w.getvalue()


_NO_CONTEXT_BYTES = _no_context_bytes()
"""`NO_CONTEXT` as its fields are written (canonical, so no other context reads the same)."""


def _flag(r: Reader) -> bool:
    value = r.u8()
    if value > 1:
        raise DecodeError("value")
    return value == 1


def _write_text(w: Writer, c: Text) -> None:
    w.text(c.body).u8(c.preview_url)


def _read_text(r: Reader) -> Text:
    return Text(r.text(MAX_TEXT), _flag(r))


def write_stored(w: Writer, stored: StoredMedia) -> None:
    w.text(stored.object_name).fixed(stored.file_key, 32)
    w.fixed(stored.ciphertext_sha256, 32).u64(stored.size)


def read_stored(r: Reader) -> StoredMedia:
    return StoredMedia(r.text(MAX_SHORT), r.fixed(32), r.fixed(32), r.u64())


def _write_media(w: Writer, c: Media) -> None:
    w.text(c.mime_type).text(c.caption).text(c.filename).u8(c.voice).u8(c.animated)
    w.text(c.meta_sha256).u8(c.stored is not None)
    if c.stored is not None:
        write_stored(w, c.stored)


def _read_media(r: Reader, kind: ContentKind) -> Media:
    mime, caption, filename = r.text(MAX_SHORT), r.text(MAX_TEXT), r.text(MAX_SHORT)
    voice, animated, meta_sha256 = _flag(r), _flag(r), r.text(MAX_SHORT)
    stored = None
    if _flag(r):
        stored = read_stored(r)
    return Media(kind, mime, caption, filename, voice, animated, meta_sha256, stored)


def _write_location(w: Writer, c: Location) -> None:
    w.text(c.latitude).text(c.longitude).text(c.name).text(c.address).text(c.url)


def _read_location(r: Reader) -> Location:
    return Location(*(r.text(MAX_SHORT) for _ in range(5)))


def _write_phone(w: Writer, p: ContactPhone) -> None:
    w.text(p.phone).text(p.wa_id).text(p.type)


def _read_phone(r: Reader) -> ContactPhone:
    return ContactPhone(r.text(MAX_SHORT), r.text(MAX_SHORT), r.text(MAX_SHORT))


def _write_contact(w: Writer, c: SharedContact) -> None:
    w.text(c.formatted_name).items(c.phones, lambda p, out: _write_phone(out, p))
    w.items(c.emails, lambda e, out: out.text(e)).text(c.organization)


def _read_contact(r: Reader) -> SharedContact:
    name = r.text(MAX_SHORT)
    phones = tuple(r.items(_read_phone, MAX_ITEMS))
    emails = tuple(r.items(lambda x: x.text(MAX_SHORT), MAX_ITEMS))
    return SharedContact(name, phones, emails, r.text(MAX_SHORT))


def _write_contacts(w: Writer, c: Contacts) -> None:
    w.items(c.contacts, lambda c, out: _write_contact(out, c))


def _read_contacts(r: Reader) -> Contacts:
    return Contacts(tuple(r.items(_read_contact, MAX_ITEMS)))


def _write_interactive(w: Writer, c: InteractiveReply) -> None:
    w.u8(c.reply_type).text(c.reply_id).text(c.title).text(c.description).text(c.response_json)


def _read_interactive(r: Reader) -> InteractiveReply:
    reply_type = read_enum(r.u8(), ReplyType)
    return InteractiveReply(
        reply_type, r.text(MAX_SHORT), r.text(MAX_SHORT), r.text(MAX_SHORT), r.text(MAX_TEXT)
    )


def _write_button(w: Writer, c: TemplateButton) -> None:
    w.text(c.payload).text(c.text)


def _read_button(r: Reader) -> TemplateButton:
    return TemplateButton(r.text(MAX_SHORT), r.text(MAX_SHORT))


def _write_reaction(w: Writer, c: Reaction) -> None:
    w.text(c.target).text(c.emoji)


def _read_reaction(r: Reader) -> Reaction:
    return Reaction(Wamid(r.text(MAX_SHORT)), r.text(64))


def _write_item(w: Writer, i: OrderItem) -> None:
    w.text(i.product_retailer_id).u32(i.quantity).text(i.item_price).text(i.currency)


def _read_item(r: Reader) -> OrderItem:
    return OrderItem(r.text(MAX_SHORT), r.u32(), r.text(MAX_SHORT), r.text(16))


def _write_order(w: Writer, c: Order) -> None:
    w.text(c.catalog_id).text(c.text).items(c.items, lambda i, out: _write_item(out, i))


def _read_order(r: Reader) -> Order:
    return Order(r.text(MAX_SHORT), r.text(MAX_TEXT), tuple(r.items(_read_item, MAX_ITEMS)))


def _write_unsupported(w: Writer, c: Unsupported) -> None:
    w.u32(c.error_code).text(c.title)


def _read_unsupported(r: Reader) -> Unsupported:
    return Unsupported(r.u32(), r.text(MAX_SHORT))


_WRITERS: dict[type, Callable[[Writer, object], None]] = {
    Text: _write_text,  # type: ignore[dict-item]
    Media: _write_media,  # type: ignore[dict-item]
    Location: _write_location,  # type: ignore[dict-item]
    Contacts: _write_contacts,  # type: ignore[dict-item]
    InteractiveReply: _write_interactive,  # type: ignore[dict-item]
    TemplateButton: _write_button,  # type: ignore[dict-item]
    Reaction: _write_reaction,  # type: ignore[dict-item]
    Order: _write_order,  # type: ignore[dict-item]
    Unsupported: _write_unsupported,  # type: ignore[dict-item]
    Template: write_template,  # type: ignore[dict-item]
}
_READERS: dict[ContentKind, Callable[[Reader], Content]] = {
    ContentKind.TEXT: _read_text,
    ContentKind.LOCATION: _read_location,
    ContentKind.CONTACTS: _read_contacts,
    ContentKind.INTERACTIVE_REPLY: _read_interactive,
    ContentKind.TEMPLATE_BUTTON: _read_button,
    ContentKind.REACTION: _read_reaction,
    ContentKind.ORDER: _read_order,
    ContentKind.UNSUPPORTED: _read_unsupported,
    ContentKind.TEMPLATE: read_template,
}
