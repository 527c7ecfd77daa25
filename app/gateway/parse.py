"""Meta's webhook envelope → our typed domain events (cloud-api.md §3–§5, §13).

Walks every `entry[]`, `changes[]`, `messages[]`, `statuses[]` and `user_preferences[]`: Meta
batches, and reading only `[0]` loses data. A malformed item is reported and skipped; the rest of
the batch still counts, in batch order. Nothing here raises on any input.

Every event returned fits the sealed log's codec (`app.sync.codec`): ids within `MAX_ID` bytes,
texts within their caps, integers in range, no lone surrogates (JSON allows `"\\ud800"`, UTF-8
does not). Problem strings name positions, Meta's own vocabulary and numeric codes only: never a
value a customer could have written (bodies, names, phone numbers).

The readers live beside this module: `parse_fields` (values), `parse_content` (what a message
says), `parse_messages` (messages, id changes, statuses), `parse_notices` (what Meta tells
the admins: account, number and template updates, value errors) and `parse_other` (other
fields).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from app.crypto.errors import DecodeError
from app.domain.content import NO_CONTEXT, Text
from app.domain.ids import NO_CONVERSATION, Wamid
from app.gateway.parse_coexistence import read_echo, read_state_sync
from app.gateway.parse_content import MediaRef
from app.gateway.parse_fields import (
    MAX_LABEL_BYTES,
    Skip,
    as_dict,
    fit_utf8,
    timestamp,
    valid_id,
)
from app.gateway.parse_history import read_history_item, read_media_follow_up
from app.gateway.parse_messages import read_callback, read_contacts, read_message, read_status
from app.gateway.parse_notices import READERS as NOTICE_READERS
from app.gateway.parse_notices import read_notice, read_value_error
from app.gateway.parse_other import NUMBER_FIELDS, TEMPLATE_FIELDS, field_label, read_preference
from app.log.content_codec import MAX_TEXT
from app.log.events import (
    AdminNotice,
    ContactSync,
    CustomerEdit,
    CustomerIdChanged,
    CustomerMessage,
    CustomerRevoke,
    DeliveryStatusChanged,
    HistoryChunk,
    HistorySync,
    PhoneEcho,
    PreferenceChanged,
)
from app.sync import codec

WebhookEvent = (
    CustomerMessage
    | DeliveryStatusChanged
    | CustomerIdChanged
    | PreferenceChanged
    | CustomerEdit
    | CustomerRevoke
    | PhoneEcho
    | ContactSync
    | AdminNotice
    | HistoryChunk
    | HistorySync
)
"""What a webhook can tell the team."""

_Read = tuple[WebhookEvent, MediaRef | None]


@dataclass
class ParsedWebhook:
    """What one POST contained, in batch order."""

    events: list[WebhookEvent] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """Short, body-free descriptions of the parts we could not read (for logs and metrics)."""
    media: list[MediaRef] = field(default_factory=list)
    """One entry per media message in `events`, in the same order: what to download."""
    number_changed: bool = False
    """A phone-number name or quality update arrived: fetch the number's status afresh."""
    templates_changed: bool = False
    """A template's status, quality, category or text changed: read the templates afresh."""
    account_ids: list[str] = field(default_factory=list)
    """`entry[].id` of each entry: the business account (WABA) the number belongs to."""
    foreign: dict[str, int] = field(default_factory=dict)
    """Items addressed to another phone number id, ignored: counted by `number_tag` of it."""
    foreign_at: dict[str, int] = field(default_factory=dict)
    """Meta's time of the newest such item per `number_tag` (0 if none said): with the tag,
    what tells a redelivered body's report from a new one."""
    callbacks: list[tuple[Wamid, str]] = field(default_factory=list)
    """(wamid, `biz_opaque_callback_data`) of each status read that carried one: what the
    gateway set on the send, so a status names its reply even when the wamid never reached
    the gateway (`unknown_outcomes`)."""


def decode_json(raw: bytes) -> object:
    """Decode a webhook body, keeping each JSON decimal's own digits (as `Decimal`).

    With plain `json.loads`, a location's `52.5200` becomes the float 52.52 and the parser can
    only give `repr` of it back; with this, `Location.latitude` is "52.5200", as Meta wrote it.

    Raises:
        ValueError: not JSON (including `UnicodeDecodeError`).
        RecursionError: nested too deeply.
    """
    # What `json.loads(raw, parse_float=Decimal)` does, without building a decoder per body.
    return _DECODER.decode(raw.decode(json.detect_encoding(raw), "surrogatepass"))


_DECODER = json.JSONDecoder(parse_float=Decimal)
"""One decoder for every body: `json.loads` with an option makes a new one each call, which
was half of the 10 µs a webhook's decoding took."""


def parse_webhook(document: object, phone_number_id: str | None = None) -> ParsedWebhook:
    """Read a decoded webhook JSON document (from `decode_json` or `json.loads`).

    Args:
        document: The decoded body.
        phone_number_id: The team's number: a change whose `metadata.phone_number_id` names
            another is ignored and only counted (`foreign`), so that nobody answers a customer
            of another number from the team's. None reads every change (tests, tools).

    Never raises on bad input, and never modifies `document`.
    """
    result = ParsedWebhook()
    if not isinstance(document, dict) or document.get("object") != "whatsapp_business_account":
        result.problems.append("not a whatsapp_business_account envelope")
        return result
    for where, name, value, time in _changes(document, result.problems, result.account_ids):
        if phone_number_id is not None and _for_another_number(value, phone_number_id, result):
            continue
        if isinstance(name, str) and name in NOTICE_READERS:
            _read_notice(name, value, where, time, result)
        if name == "messages":
            _read_messages_value(value, where, result)
        elif name == "user_preferences":
            _read_preferences_value(value, where, result)
        elif isinstance(name, str) and name in _COEXISTENCE_FIELDS:
            _read_coexistence_value(name, value, where, time, result)
        elif isinstance(name, str) and name in NUMBER_FIELDS:
            result.number_changed = True
        elif isinstance(name, str) and name in TEMPLATE_FIELDS:
            result.templates_changed = True
        elif not (isinstance(name, str) and name in NOTICE_READERS):
            result.problems.append(f"{where}: field {field_label(name)} not handled")
    return result


def _read_notice(
    name: str, value: dict[str, Any], where: str, time: int, result: ParsedWebhook
) -> None:
    """An account-level change, as the admins' notice it is."""

    def read(item: object) -> _Read:
        return read_notice(name, as_dict(item), time), None

    _read_items(iter([(where, value)]), read, result)


def number_tag(phone_number_id: str) -> str:
    """How logs and reports name a phone number id: a short hash, never the id itself (an id
    is no phone number, but it still says which business a webhook was for)."""
    return "#" + hashlib.sha256(phone_number_id.encode("utf-8", "replace")).hexdigest()[:8]


def _for_another_number(value: dict[str, Any], ours: str, result: ParsedWebhook) -> bool:
    """Whether the change names another phone number id; if so, count its items.

    Account-level fields (templates, the number's quality) carry no `metadata`: they are read.
    """
    metadata = value.get("metadata")
    named = metadata.get("phone_number_id") if isinstance(metadata, dict) else None
    if not isinstance(named, str) or named == ours:
        return False
    lists = [value.get(key) for key in ("messages", "statuses", "user_preferences", "errors")]
    items = [item for found in lists if isinstance(found, list) for item in found]
    tag = number_tag(named)
    result.foreign[tag] = result.foreign.get(tag, 0) + max(len(items), 1)
    newest = max((_time_of(item) for item in items), default=0)
    result.foreign_at[tag] = max(result.foreign_at.get(tag, 0), newest)
    return True


def _time_of(item: object) -> int:
    try:
        return timestamp(item) if isinstance(item, dict) else 0
    except Skip:
        return 0


def _read_messages_value(value: dict[str, Any], where: str, result: ParsedWebhook) -> None:
    # An absent list reads as nothing (`_items`), so it is not walked at all: most webhooks
    # carry messages or statuses, rarely both, and errors almost never.
    if value.get("messages") is not None:
        contacts = read_contacts(value.get("contacts"))
        messages = _items(value["messages"], f"{where}.messages", result)
        _read_items(messages, lambda item: read_message(item, contacts), result)
    if value.get("statuses") is not None:
        statuses = _items(value["statuses"], f"{where}.statuses", result)
        _read_items(statuses, lambda item: _read_status(item, result), result)
    if value.get("errors") is not None:
        errors = _items(value["errors"], f"{where}.errors", result)
        at = _newest_time(value)
        _read_items(errors, lambda item: (read_value_error(item, at), None), result)


def _newest_time(value: dict[str, Any]) -> int:
    """The newest time of a change's messages and statuses (0 if none): when Meta's errors
    beside them happened, near enough to tell a redelivery from a new error."""
    items = [*_as_list(value.get("messages")), *_as_list(value.get("statuses"))]
    return max((_time_of(item) for item in items), default=0)


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _read_status(item: object, result: ParsedWebhook) -> _Read:
    event = read_status(item)
    callback = read_callback(item)
    if callback is not None:
        result.callbacks.append((event.wamid, callback))
    return event, None


def _read_echoes_value(value: dict[str, Any], where: str, result: ParsedWebhook) -> None:
    """What the business sent from its phone (coexistence, cloud-api.md §15.2)."""
    contacts = read_contacts(value.get("contacts"))
    echoes = _items(value.get("message_echoes"), f"{where}.message_echoes", result)
    _read_items(echoes, lambda item: read_echo(item, contacts), result)


_COEXISTENCE_FIELDS = frozenset({"smb_message_echoes", "smb_app_state_sync", "history"})


def _read_coexistence_value(
    name: str, value: dict[str, Any], where: str, time: int, result: ParsedWebhook
) -> None:
    """What the business's phone sent, its phone book, its past chats (cloud-api.md §15)."""
    if name == "smb_message_echoes":
        _read_echoes_value(value, where, result)
    elif name == "smb_app_state_sync":
        items = _items(value.get("state_sync"), f"{where}.state_sync", result)
        _read_items(items, lambda item: (read_state_sync(item), None), result)
    else:
        _read_history_value(value, where, time, result)


def _read_history_value(
    value: dict[str, Any], where: str, time: int, result: ParsedWebhook
) -> None:
    """The phone's past chats, chunk by chunk, or why none come (cloud-api.md §15.3). Each
    chunk's records were cut to fit the log, so they skip `_check_sealable`."""
    for at, item in _items(value.get("history"), f"{where}.history", result):
        try:
            result.events.extend(read_history_item(item, time, result.problems, at))
        except Skip as skip:
            result.problems.append(f"{at} skipped: {skip}")
    follow_ups = _items(value.get("messages"), f"{where}.messages", result)
    _read_items(follow_ups, read_media_follow_up, result)


def _read_preferences_value(value: dict[str, Any], where: str, result: ParsedWebhook) -> None:
    contacts = read_contacts(value.get("contacts"))
    items = _items(value.get("user_preferences"), f"{where}.user_preferences", result)
    _read_items(items, lambda item: (read_preference(item, contacts), None), result)


def _changes(
    document: Mapping[str, Any], problems: list[str], account_ids: list[str]
) -> Iterator[tuple[str, object, dict[str, Any], int]]:
    """Every change of every entry, as (position, field, value, the entry's `time` or 0)."""
    for i, entry in _list(document.get("entry"), "entry", problems, required=True):
        if not isinstance(entry, dict):
            problems.append(f"entry[{i}]: not an object")
            continue
        if isinstance(entry.get("id"), str):
            account_ids.append(entry["id"][:64])
        time = _time_of({"timestamp": entry.get("time")})
        changes = entry.get("changes")
        for j, change in _list(changes, f"entry[{i}].changes", problems, required=True):
            where = f"entry[{i}].changes[{j}]"
            if not isinstance(change, dict) or not isinstance(change.get("value"), dict):
                problems.append(f"{where}: change without a value")
                continue
            yield where, change.get("field"), change["value"], time


def _list(
    value: object, where: str, problems: list[str], *, required: bool = False
) -> Iterator[tuple[int, object]]:
    """The items of a JSON array; anything else (or a required array missing) is a problem."""
    if isinstance(value, list):
        yield from enumerate(value)
    elif required or value is not None:
        problems.append(f"{where}: not a list")


def _items(value: object, where: str, result: ParsedWebhook) -> Iterator[tuple[str, object]]:
    """The items of an optional array, each with its position for problem strings."""
    for k, item in _list(value, where, result.problems):
        yield f"{where}[{k}]", item


def _read_items(
    items: Iterator[tuple[str, object]], read: Callable[[object], _Read], result: ParsedWebhook
) -> None:
    for where, item in items:
        try:
            event, media = read(item)
            _check_sealable(event)
        except Skip as skip:
            result.problems.append(f"{where} skipped: {skip}")
            continue
        result.events.append(event)
        if media is not None:
            result.media.append(media)


def _plain_text_fits(event: WebhookEvent) -> bool:
    """A text message without context whose strings, at 4 bytes a character, stay far below
    the codec's limit: most of Meta's traffic, and encoding it here too would cost a seventh
    of the gateway's time per message."""
    if not isinstance(event, CustomerMessage) or event.context != NO_CONTEXT:
        return False
    if not isinstance(event.content, Text):
        return False
    strings = (event.wamid, event.customer_id, event.customer_wa_id, event.profile_name)
    return 4 * (sum(map(len, strings)) + len(event.content.body)) + 1024 <= MAX_TEXT


def _check_sealable(event: WebhookEvent) -> None:
    """Encode and decode `event` as the log will.

    Each field was already checked against its cap; this catches what no single field shows,
    an event over the codec's total size (say, 256 shared contacts with 256 phones each).

    Raises:
        Skip: the codec refuses the event.
    """
    if _plain_text_fits(event):
        return
    try:
        encoded = codec.encode(event, NO_CONVERSATION, 0)
        if len(encoded) > MAX_TEXT:  # below, the total cannot exceed the codec's limit
            codec.decode(encoded)
    except (ValueError, DecodeError):
        raise Skip("too large for the log") from None


__all__ = [
    "MAX_LABEL_BYTES",
    "MediaRef",
    "ParsedWebhook",
    "WebhookEvent",
    "decode_json",
    "fit_utf8",
    "number_tag",
    "parse_webhook",
    "valid_id",
]
