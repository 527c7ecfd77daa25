"""The phone's chat history (`history`, coexistence, cloud-api.md §15.3).

Each `value.history[]` item is a chunk (`metadata` with phase, chunk_order and progress, and
`threads[]` of past 1:1 chats) or an error, 2593109 when the owner declined to share history.
A chunk becomes one `HistoryChunk` event, or a few when it is too big for one sealed record;
a message that cannot be read is skipped alone (named in Meta's words only). Each message
keeps its wamid, time, side (`to` is present only on what the business sent) and status at
sync time; media come as `media_placeholder`, without ids. Media of the last 14 days follow
in a later `history` webhook carrying `value.messages[]` (same wamids, normal media objects;
seen by integrators, not documented by Meta): each becomes a one-message chunk record with the
file's `MediaRef`, which desks use to replace the placeholder (`read_media_follow_up`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from app.domain.content import Content, Unsupported
from app.domain.history import DECLINED_CODE, HistoryStage
from app.domain.history import MEDIA_PLACEHOLDER as MEDIA_PLACEHOLDER_TYPE
from app.domain.ids import NO_CONVERSATION, Wamid
from app.domain.model import DeliveryStatus
from app.gateway.parse_coexistence import ECHO_TYPES, business_content
from app.gateway.parse_content import MEDIA_TYPES, MediaRef, media_source
from app.gateway.parse_fields import (
    MAX_LABEL_BYTES,
    Skip,
    as_dict,
    fit_utf8,
    label,
    optional_dict,
    phone,
    required_id,
    timestamp,
    u32_or_zero,
    unsigned,
    valid_id,
)
from app.log.content_codec import MAX_TEXT
from app.log.events import HistoryChunk, HistoryMessage, HistorySync
from app.log.kinds.history_chunk import MAX_MESSAGES
from app.log.kinds.history_sync import MAX_REASON
from app.sync import codec

PLACEHOLDER = MEDIA_PLACEHOLDER_TYPE
MEDIA_PLACEHOLDER = Unsupported(0, PLACEHOLDER)
"""A photo, video, voice note or file of the past: Meta shares no file with history."""
_TYPES = frozenset({*ECHO_TYPES, PLACEHOLDER})
_STATUSES = {
    "PENDING": DeliveryStatus.QUEUED,
    "SENT": DeliveryStatus.SENT,
    "DELIVERED": DeliveryStatus.DELIVERED,
    "READ": DeliveryStatus.READ,
    "PLAYED": DeliveryStatus.PLAYED,
    "ERROR": DeliveryStatus.FAILED,
}
RECORD_BYTES = 3 * MAX_TEXT
"""Encoded bytes of one chunk record at most: below the log's limit of a body (4 × MAX_TEXT)."""


def read_history_item(
    item: object, at: int, problems: list[str], where: str
) -> list[HistoryChunk | HistorySync]:
    """One `history[]` item: its chunk's records, or what the error says of the request.

    Args:
        at: The entry's time (0 if none): when a decline was said.
        problems: Where unreadable messages of the chunk are named.

    Raises:
        Skip: neither a readable chunk nor an error.
    """
    data = as_dict(item)
    if "errors" in data:
        return [_refusal(data, at)]
    metadata = as_dict(data.get("metadata"), "chunk without metadata")
    phase = unsigned(metadata.get("phase"), "phase", 3)
    order = unsigned(metadata.get("chunk_order"), "chunk_order", 2**32)
    progress = unsigned(metadata.get("progress"), "progress", 101)
    messages = list(_messages(data.get("threads"), problems, where))
    return _records(HistoryChunk(phase, order, progress, tuple(messages)))


FOLLOW_UP_PHASE = 0
"""What a follow-up record says of the import: nothing (phase 0, progress 0 move nothing)."""


def read_media_follow_up(item: object) -> tuple[HistoryChunk, MediaRef]:
    """One `messages[]` item of a `history` webhook: a placeholder's file, with its media id.

    Raises:
        Skip: not a media message, or no usable media id.
    """
    data = as_dict(item)
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in MEDIA_TYPES:
        raise Skip(f"history follow-up type {label(kind, _TYPES)} not handled")
    to = valid_id(data.get("to"))
    wa_id = phone(to or data.get("from")).removeprefix("+")
    if not wa_id:
        raise Skip("history follow-up without a phone number")
    message = _message(data, wa_id)
    ref = MediaRef(message.wamid, *media_source(data))
    return HistoryChunk(FOLLOW_UP_PHASE, 0, 0, (message,)), ref


def _refusal(data: dict[str, Any], at: int) -> HistorySync:
    """The error in place of history: declined by the owner (2593109), or another refusal."""
    errors = data.get("errors")
    first = as_dict(errors[0] if isinstance(errors, list) and errors else None, "empty errors")
    code = u32_or_zero(first.get("code"))
    details = optional_dict(first, "error_data").get("details")
    reason = fit_utf8(first.get("title") or first.get("message") or details, MAX_REASON)
    stage = HistoryStage.DECLINED if code == DECLINED_CODE else HistoryStage.REFUSED
    return HistorySync(stage, reason, code, at)


def _messages(threads: object, problems: list[str], where: str) -> Iterator[HistoryMessage]:
    if not isinstance(threads, list):
        raise Skip("chunk without threads")
    for t, thread in enumerate(threads):
        try:
            data = as_dict(thread)
            wa_id = phone(data.get("id")).removeprefix("+")
            if not wa_id:
                raise Skip("thread without a phone number")
            messages = data.get("messages")
            if not isinstance(messages, list):
                raise Skip("thread without messages")
        except Skip as skip:
            problems.append(f"{where}.threads[{t}] skipped: {skip}")
            continue
        for m, message in enumerate(messages):
            try:
                yield _message(message, wa_id)
            except Skip as skip:
                problems.append(f"{where}.threads[{t}].messages[{m}] skipped: {skip}")


def _message(item: object, wa_id: str) -> HistoryMessage:
    data = as_dict(item)
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in _TYPES:
        raise Skip(f"history type {label(kind, _TYPES)} not handled")
    from_business = bool(valid_id(data.get("to")))
    status = optional_dict(data, "history_context").get("status")
    default = DeliveryStatus.SENT if from_business else DeliveryStatus.DELIVERED
    return HistoryMessage(
        wamid=Wamid(required_id(data, "id")),
        wa_id=wa_id,
        from_business=from_business,
        sent_at=timestamp(data),
        status=_STATUSES.get(status, default) if isinstance(status, str) else default,
        content=_content(kind, data),
    )


def _content(kind: str, data: dict[str, Any]) -> Content:
    if kind == PLACEHOLDER:
        return MEDIA_PLACEHOLDER
    try:
        return business_content(kind, data)
    except Skip as skip:
        raise Skip(f"{kind}: {skip}") from None


def _records(chunk: HistoryChunk) -> list[HistoryChunk | HistorySync]:
    """The chunk as records the log takes: halved until each holds at most MAX_MESSAGES and
    encodes within RECORD_BYTES."""
    count = len(chunk.messages)
    if count <= 1 or (
        count <= MAX_MESSAGES and len(codec.encode(chunk, NO_CONVERSATION, 0)) <= RECORD_BYTES
    ):
        return [chunk]
    half = len(chunk.messages) // 2
    first = HistoryChunk(chunk.phase, chunk.chunk_order, chunk.progress, chunk.messages[:half])
    rest = HistoryChunk(chunk.phase, chunk.chunk_order, chunk.progress, chunk.messages[half:])
    return [*_records(first), *_records(rest)]


__all__ = ["MAX_LABEL_BYTES", "MEDIA_PLACEHOLDER", "read_history_item", "read_media_follow_up"]
