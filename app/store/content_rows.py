"""Message contents and contexts ↔ the JSON the replica stores in `messages.content`/`.context`.

The store's own encoding, written out field by field (no reflection), so renaming a domain
attribute can never silently change what is on disk. JSON because these are small, nested and
read back whole; the file is SQLCipher-encrypted, so the media keys inside are as safe as the
message texts beside them. Bytes are base64. Keys, once written, are never renamed.

A newer build of the same major schema may store a kind this build does not know: it reads back
as `Unsupported` (a placeholder), never as an error, because minor schema steps must stay
readable by older builds (migrate.py).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

from app.domain.content import (
    MEDIA_KINDS,
    NO_CONTEXT,
    Activity,
    ActivityKind,
    ContactPhone,
    Contacts,
    Content,
    ContentKind,
    Deleted,
    InteractiveReply,
    Location,
    Media,
    MessageContext,
    Note,
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
from app.domain.ids import DeviceId, Wamid
from app.store.template_rows import template_json, template_value

Json = dict[str, Any]

UNKNOWN_KIND_TITLE = "stored by a newer Switchboard"
"""`Unsupported.title` of a content whose kind this build does not know."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)
"""One encoder for every row: `json.dumps` with options builds a new encoder per call, about a
third of the time it takes to encode a short text message's content."""


def _dump(value: Json) -> bytes:
    return _ENCODER.encode(value).encode()


# -- content ---------------------------------------------------------------------------------


def _stored_json(stored: StoredMedia | None) -> Json | None:
    if stored is None:
        return None
    return {
        "object": stored.object_name,
        "key": _b64(stored.file_key),
        "sha256": _b64(stored.ciphertext_sha256),
        "size": stored.size,
    }


def _stored_value(value: Json | None) -> StoredMedia | None:
    if value is None:
        return None
    return StoredMedia(
        object_name=str(value["object"]),
        file_key=_unb64(value["key"]),
        ciphertext_sha256=_unb64(value["sha256"]),
        size=int(value["size"]),
    )


def _media_json(m: Media) -> Json:
    return {
        "mime": m.mime_type,
        "caption": m.caption,
        "filename": m.filename,
        "voice": m.voice,
        "animated": m.animated,
        "meta_sha256": m.meta_sha256,
        "stored": _stored_json(m.stored),
    }


def _media_value(kind: ContentKind, v: Json) -> Media:
    return Media(
        media_kind=kind,
        mime_type=str(v["mime"]),
        caption=str(v["caption"]),
        filename=str(v["filename"]),
        voice=bool(v["voice"]),
        animated=bool(v["animated"]),
        meta_sha256=str(v["meta_sha256"]),
        stored=_stored_value(v["stored"]),
    )


def _contact_json(c: SharedContact) -> Json:
    return {
        "name": c.formatted_name,
        "phones": [{"phone": p.phone, "wa_id": p.wa_id, "type": p.type} for p in c.phones],
        "emails": list(c.emails),
        "org": c.organization,
    }


def _contact_value(v: Json) -> SharedContact:
    return SharedContact(
        formatted_name=str(v["name"]),
        phones=tuple(
            ContactPhone(str(p["phone"]), str(p["wa_id"]), str(p["type"])) for p in v["phones"]
        ),
        emails=tuple(str(e) for e in v["emails"]),
        organization=str(v["org"]),
    )


def _item_json(i: OrderItem) -> Json:
    return {
        "product": i.product_retailer_id,
        "quantity": i.quantity,
        "price": i.item_price,
        "currency": i.currency,
    }


def _item_value(v: Json) -> OrderItem:
    return OrderItem(str(v["product"]), int(v["quantity"]), str(v["price"]), str(v["currency"]))


def _body_json(content: Content) -> Json:
    match content:
        case Text():
            return {"body": content.body, "preview_url": content.preview_url}
        case Media():
            return _media_json(content)
        case Location():
            return {
                "lat": content.latitude,
                "lon": content.longitude,
                "name": content.name,
                "address": content.address,
                "url": content.url,
            }
        case Contacts():
            return {"contacts": [_contact_json(c) for c in content.contacts]}
        case InteractiveReply():
            return {
                "type": int(content.reply_type),
                "id": content.reply_id,
                "title": content.title,
                "description": content.description,
                "response_json": content.response_json,
            }
        case TemplateButton():
            return {"payload": content.payload, "text": content.text}
        case Reaction():
            return {"target": content.target, "emoji": content.emoji}
        case Order():
            items = [_item_json(i) for i in content.items]
            return {"catalog": content.catalog_id, "text": content.text, "items": items}
        case Unsupported():
            return {"code": content.error_code, "title": content.title}
        case Note():
            return {"body": content.body, "mentions": [m.hex() for m in content.mentions]}
        case Activity():
            target = None if content.target is None else content.target.hex()
            return {
                "activity": int(content.activity),
                "target": target,
                "note": content.note,
                "until": content.until,
            }
    # A sent template is written by `template_rows` (see `content_to_json`).
    raise ValueError(f"{type(content).__name__} has no stored form here")


def _text(v: Json) -> Content:
    return Text(str(v["body"]), bool(v["preview_url"]))


def _location(v: Json) -> Content:
    return Location(str(v["lat"]), str(v["lon"]), str(v["name"]), str(v["address"]), str(v["url"]))


def _contacts(v: Json) -> Content:
    return Contacts(tuple(_contact_value(c) for c in v["contacts"]))


def _interactive(v: Json) -> Content:
    return InteractiveReply(
        reply_type=ReplyType(int(v["type"])),
        reply_id=str(v["id"]),
        title=str(v["title"]),
        description=str(v["description"]),
        response_json=str(v["response_json"]),
    )


def _template_button(v: Json) -> Content:
    return TemplateButton(str(v["payload"]), str(v["text"]))


def _reaction(v: Json) -> Content:
    return Reaction(Wamid(str(v["target"])), str(v["emoji"]))


def _order(v: Json) -> Content:
    return Order(str(v["catalog"]), str(v["text"]), tuple(_item_value(i) for i in v["items"]))


def _unsupported(v: Json) -> Content:
    return Unsupported(int(v["code"]), str(v["title"]))


def _note(v: Json) -> Content:
    return Note(str(v["body"]), tuple(DeviceId(bytes.fromhex(m)) for m in v["mentions"]))


def _activity(v: Json) -> Content:
    target = v["target"]
    return Activity(
        activity=ActivityKind(int(v["activity"])),
        target=None if target is None else DeviceId(bytes.fromhex(str(target))),
        note=str(v["note"]),
        until=int(v["until"]),
    )


_READERS: dict[ContentKind, Callable[[Json], Content]] = {
    ContentKind.TEXT: _text,
    ContentKind.LOCATION: _location,
    ContentKind.CONTACTS: _contacts,
    ContentKind.INTERACTIVE_REPLY: _interactive,
    ContentKind.TEMPLATE_BUTTON: _template_button,
    ContentKind.REACTION: _reaction,
    ContentKind.ORDER: _order,
    ContentKind.UNSUPPORTED: _unsupported,
    ContentKind.NOTE: _note,
    ContentKind.ACTIVITY: _activity,
    ContentKind.TEMPLATE: template_value,
    ContentKind.DELETED: lambda v: Deleted(),
}


def content_to_json(content: Content) -> bytes:
    """The stored form of `content`: `{"kind": <ContentKind>, "v": {…fields…}}`."""
    if type(content) is Text:
        return _text_json(content)
    if isinstance(content, Template):
        body = template_json(content)
    elif isinstance(content, Deleted):
        body = {}  # a tombstone: nothing of what the customer wrote is kept
    else:
        body = _body_json(content)
    return _dump({"kind": int(content.kind), "v": body})


_TEXT_HEAD = f'{{"kind":{ContentKind.TEXT:d},"v":{{"body":'
_TEXT_TAILS = {False: ',"preview_url":false}}', True: ',"preview_url":true}}'}


def _text_json(content: Text) -> bytes:
    """What `_dump` makes of a text, byte for byte, without building the dictionaries: most
    messages are texts, and the apply stores each one's content on the SQLite thread."""
    body = encode_basestring(content.body)
    return (_TEXT_HEAD + body + _TEXT_TAILS[bool(content.preview_url)]).encode()


def content_from_json(data: bytes) -> Content:
    """Read what `content_to_json` wrote.

    Raises:
        ValueError: the data is not a stored content (a bug or a damaged row).
    """
    try:
        stored = json.loads(data)
        raw_kind, body = int(stored["kind"]), stored["v"]
        try:
            kind = ContentKind(raw_kind)
        except ValueError:
            return Unsupported(0, UNKNOWN_KIND_TITLE)
        if kind in MEDIA_KINDS:
            return _media_value(kind, body)
        return _READERS[kind](body)
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"stored message content does not decode: {exc!r}") from exc


# -- context ---------------------------------------------------------------------------------


def _referral_json(r: Referral | None) -> Json | None:
    if r is None:
        return None
    return {
        "type": r.source_type,
        "id": r.source_id,
        "url": r.source_url,
        "headline": r.headline,
        "body": r.body,
        "ctwa_clid": r.ctwa_clid,
    }


def _referral_value(v: Json | None) -> Referral | None:
    if v is None:
        return None
    return Referral(
        source_type=str(v["type"]),
        source_id=str(v["id"]),
        source_url=str(v["url"]),
        headline=str(v["headline"]),
        body=str(v["body"]),
        ctwa_clid=str(v["ctwa_clid"]),
    )


def context_to_json(context: MessageContext) -> bytes | None:
    """The stored form of `context`; None (SQL NULL) for a message without one."""
    if context == NO_CONTEXT:
        return None
    return _dump(
        {
            "quoted": context.quoted,
            "forwarded": context.forwarded,
            "frequently_forwarded": context.frequently_forwarded,
            "referred_product": context.referred_product,
            "referral": _referral_json(context.referral),
        }
    )


def context_from_json(data: bytes | None) -> MessageContext:
    """Read what `context_to_json` wrote (None reads as no context).

    Raises:
        ValueError: the data is not a stored context.
    """
    if data is None:
        return NO_CONTEXT
    try:
        v = json.loads(data)
        quoted = v["quoted"]
        return MessageContext(
            quoted=None if quoted is None else Wamid(str(quoted)),
            forwarded=bool(v["forwarded"]),
            frequently_forwarded=bool(v["frequently_forwarded"]),
            referred_product=str(v["referred_product"]),
            referral=_referral_value(v["referral"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"stored message context does not decode: {exc!r}") from exc
