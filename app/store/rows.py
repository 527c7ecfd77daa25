"""Stored rows ↔ domain values. Column lists live here so queries and writers agree on order."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from app.domain.content import Content, ContentKind, Text, Unsupported
from app.domain.handling import ConversationState
from app.domain.ids import ConversationId, CustomerId, DeviceId, EventId, Wamid
from app.domain.model import (
    ConversationSummary,
    DeliveryStatus,
    Direction,
    Message,
    QuotedMessage,
)
from app.log.events import Preference
from app.log.values import Outcome as Outcome
from app.log.values import StoredConversation as StoredConversation
from app.log.values import WamidStatus as WamidStatus
from app.store.content_rows import (
    content_from_json,
    content_to_json,
    context_from_json,
    context_to_json,
)
from app.store.db import Row
from app.store.edit_rows import EDITED_SQL
from app.store.records import ConversationDetail, OutboxJob, OutboxKind, OutboxState

PENDING_POSITION_BASE = 1 << 62
"""Our own replies not yet applied from the log sit above every stream sequence (u64 in JetStream
but far below 2^62 in practice), so they sort last; the applied Reply moves them to its seq."""


def _opt_bytes(value: Any) -> bytes | None:
    return None if value is None else bytes(value)


def _opt_int(value: Any) -> int | None:
    return None if value is None else int(value)


MESSAGE_COLUMNS = (
    "event_id, conversation_id, position, direction, text, at, author, wamid, status, error_code, "
    "content_kind, content, context, quoted_wamid, from_phone, sent_by_system"
)
# What the views read: the message, the customer's reaction to it, and the message it quotes.
MESSAGE_VIEW_COLUMNS = (
    ", ".join(f"m.{name.strip()}" for name in MESSAGE_COLUMNS.split(","))
    + ", coalesce(r.emoji, '') AS reaction, q.direction AS q_direction, q.text AS q_text, "
    f"q.content_kind AS q_kind, q.author AS q_author, {EDITED_SQL}"
)
MESSAGE_VIEW_JOINS = (
    "LEFT JOIN reactions AS r ON r.target_wamid = m.wamid "
    "AND r.conversation_id = m.conversation_id "
    "LEFT JOIN messages AS q ON q.wamid = m.quoted_wamid AND q.conversation_id = m.conversation_id"
)


def message_params(m: Message) -> tuple[object, ...]:
    """Values in `MESSAGE_COLUMNS` order."""
    return (
        m.event_id,
        m.conversation_id,
        m.position,
        int(m.direction),
        m.text,
        m.at,
        m.author,
        m.wamid,
        int(m.status),
        m.error_code,
        int(m.kind),
        None if m.content is None else content_to_json(m.content),
        context_to_json(m.context),
        m.context.quoted,
        m.from_phone,
        m.sent_by_system,
    )


def message_from_row(row: Row) -> Message:
    """A row selected with `MESSAGE_COLUMNS` (without what the views join to it)."""
    author = _opt_bytes(row["author"])
    content = row["content"]
    return Message(
        event_id=EventId(bytes(row["event_id"])),
        conversation_id=ConversationId(bytes(row["conversation_id"])),
        direction=Direction(row["direction"]),
        text=str(row["text"]),
        at=int(row["at"]),
        author=None if author is None else DeviceId(author),
        wamid=None if row["wamid"] is None else Wamid(str(row["wamid"])),
        status=DeliveryStatus(row["status"]),
        error_code=int(row["error_code"]),
        position=int(row["position"]),
        content=None if content is None else content_from_json(bytes(content)),
        context=context_from_json(_opt_bytes(row["context"])),
        from_phone=bool(row["from_phone"]),
        sent_by_system=str(row["sent_by_system"]),
    )


def message_view_from_row(row: Row) -> Message:
    """A row selected with `MESSAGE_VIEW_COLUMNS` and `MESSAGE_VIEW_JOINS`."""
    message = message_from_row(row)
    quoted = None
    if row["q_direction"] is not None:
        author = _opt_bytes(row["q_author"])
        quoted = QuotedMessage(
            direction=Direction(row["q_direction"]),
            text=str(row["q_text"]),
            kind=_kind(row["q_kind"]),
            author=None if author is None else DeviceId(author),
        )
    return replace(
        message, reaction=str(row["reaction"]), quoted=quoted, edited=bool(row["edited"])
    )


def _kind(value: Any) -> ContentKind:
    """A stored content kind; one a newer build added reads as UNSUPPORTED (see content_rows)."""
    try:
        return ContentKind(int(value))
    except ValueError:
        return ContentKind.UNSUPPORTED


CONVERSATION_COLUMNS = (
    "conversation_id, customer_id, assignee, last_subject_seq, last_inbound_at, waiting_since, "
    "last_text, last_at, unread, message_count, last_kind, state, snooze_until"
)


def conversation_params(c: StoredConversation) -> tuple[object, ...]:
    """Values in `CONVERSATION_COLUMNS` order."""
    return (
        c.conversation_id,
        c.customer_id,
        c.assignee,
        c.last_subject_seq,
        c.last_inbound_at,
        c.waiting_since,
        c.last_text,
        c.last_at,
        c.unread,
        c.message_count,
        int(c.last_kind),
        int(c.state),
        c.snooze_until,
    )


def conversation_from_row(row: Row) -> StoredConversation:
    """A row selected with `CONVERSATION_COLUMNS`.

    Read by position, and the enums by dictionary: a live batch loads one conversation a
    message, and thirteen look-ups by column name (each a search of the row's names) and two
    enum calls were half of this function (3.8 -> 1.9 µs a row measured)."""
    assignee = row[2]
    last_inbound_at = row[4]
    waiting_since = row[5]
    return StoredConversation(
        conversation_id=ConversationId(bytes(row[0])),
        customer_id=CustomerId(str(row[1])),
        assignee=None if assignee is None else DeviceId(bytes(assignee)),
        last_subject_seq=int(row[3]),
        last_inbound_at=None if last_inbound_at is None else int(last_inbound_at),
        waiting_since=None if waiting_since is None else int(waiting_since),
        last_text=str(row[6]),
        last_at=int(row[7]),
        unread=int(row[8]),
        message_count=int(row[9]),
        last_kind=_KINDS.get(row[10]) or _kind(row[10]),
        state=_STATES.get(row[11]) or ConversationState(int(row[11])),
        snooze_until=int(row[12]),
    )


_KINDS = {int(kind): kind for kind in ContentKind}
"""Stored content kinds by value; one not here (a newer build's) goes through `_kind`."""
_STATES = {int(state): state for state in ConversationState}
"""Stored conversation states by value; one not here raises, as `ConversationState` does."""


def status_from_row(row: Row) -> WamidStatus:
    return WamidStatus(
        wamid=Wamid(str(row["wamid"])),
        status=DeliveryStatus(row["status"]),
        error_code=int(row["error_code"]),
        at=int(row["at"]),
    )


# The name a queue row shows: the WhatsApp profile name, else the name the business's phone
# book gives the number (coexistence, `phone_contacts`), else the number, else the BSUID.
CUSTOMER_NAME_SQL = (
    "coalesce(nullif(cu.profile_name, ''), "
    "(SELECT nullif(pc.full_name, '') FROM phone_contacts AS pc WHERE pc.wa_id = cu.wa_id), "
    "nullif(cu.wa_id, ''), nullif(cu.current_id, ''), cu.customer_id) AS customer_name"
)

SUMMARY_COLUMNS = (
    "c.conversation_id, c.customer_id, c.assignee, c.last_text, c.last_at, c.waiting_since, "
    f"c.unread, c.message_count, c.last_kind, c.state, c.snooze_until, {CUSTOMER_NAME_SQL}"
)


def summary_from_row(row: Row) -> ConversationSummary:
    """A row selected with `SUMMARY_COLUMNS`."""
    assignee = _opt_bytes(row["assignee"])
    return ConversationSummary(
        conversation_id=ConversationId(bytes(row["conversation_id"])),
        customer_id=CustomerId(str(row["customer_id"])),
        customer_name=str(row["customer_name"]),
        assignee=None if assignee is None else DeviceId(assignee),
        last_text=str(row["last_text"]),
        last_at=int(row["last_at"]),
        waiting_since=_opt_int(row["waiting_since"]),
        unread=int(row["unread"]),
        message_count=int(row["message_count"]),
        last_kind=_kind(row["last_kind"]),
        state=ConversationState(int(row["state"])),
        snooze_until=int(row["snooze_until"]),
    )


# The newest marketing preference under any id the customer has had, or their number.
_OPT_OUT_SQL = (
    "coalesce((SELECT p.preference FROM marketing_preferences AS p "
    "WHERE p.customer_id IN (cu.customer_id, cu.wa_id) OR p.customer_id IN "
    "(SELECT a.customer_id FROM customer_ids AS a WHERE a.conversation_id = c.conversation_id) "
    f"ORDER BY p.at DESC, p.stream_seq DESC LIMIT 1), 0) = {Preference.STOP:d} AS opted_out"
)

DETAIL_COLUMNS = (
    "c.conversation_id, coalesce(nullif(cu.current_id, ''), c.customer_id) AS customer_id, "
    "cu.wa_id, c.assignee, c.last_subject_seq, c.last_inbound_at, c.unread, c.message_count, "
    "c.state, c.snooze_until, "
    f"{CUSTOMER_NAME_SQL}, {_OPT_OUT_SQL}"
)


def detail_from_row(row: Row) -> ConversationDetail:
    """A row selected with `DETAIL_COLUMNS`."""
    assignee = _opt_bytes(row["assignee"])
    return ConversationDetail(
        conversation_id=ConversationId(bytes(row["conversation_id"])),
        customer_id=CustomerId(str(row["customer_id"])),
        customer_wa_id=str(row["wa_id"]),
        customer_name=str(row["customer_name"]),
        assignee=None if assignee is None else DeviceId(assignee),
        last_subject_seq=int(row["last_subject_seq"]),
        last_inbound_at=_opt_int(row["last_inbound_at"]),
        unread=int(row["unread"]),
        message_count=int(row["message_count"]),
        marketing_opt_out=bool(row["opted_out"]),
        state=ConversationState(int(row["state"])),
        snooze_until=int(row["snooze_until"]),
    )


OUTBOX_COLUMNS = (
    "event_id, conversation_id, kind, payload, expected_subject_seq, state, attempts, "
    "next_attempt_at, last_error, created_at"
)


def outbox_payload(content: Content) -> tuple[OutboxKind, bytes]:
    """How a reply's content is stored in its job: plain text as before, the rest as JSON."""
    if isinstance(content, Text) and not content.preview_url:
        return OutboxKind.REPLY, content.body.encode("utf-8")
    return OutboxKind.REPLY_CONTENT, content_to_json(content)


def outbox_content(kind: OutboxKind, payload: bytes) -> Content:
    """The content a job's payload stores (see `outbox_payload`).

    Raises:
        ValueError: The payload does not decode (a damaged row).
    """
    if kind is OutboxKind.REPLY:
        return Text(payload.decode("utf-8"))  # UnicodeDecodeError is a ValueError
    content = content_from_json(payload)
    if isinstance(content, Unsupported):
        # A newer build queued a kind this one does not know: never publish a placeholder.
        raise ValueError("queued content of a kind this build cannot send")
    return content


def outbox_job_from_row(row: Row) -> OutboxJob:
    """A row selected with `OUTBOX_COLUMNS`.

    Raises:
        ValueError: The kind is unknown or the payload does not decode.
    """
    kind = OutboxKind(row["kind"])
    payload = bytes(row["payload"])
    return OutboxJob(
        event_id=EventId(bytes(row["event_id"])),
        conversation_id=ConversationId(bytes(row["conversation_id"])),
        kind=kind,
        payload=payload,
        content=outbox_content(kind, payload),
        expected_subject_seq=int(row["expected_subject_seq"]),
        state=OutboxState(row["state"]),
        attempts=int(row["attempts"]),
        next_attempt_at=int(row["next_attempt_at"]),
        last_error=str(row["last_error"]),
        created_at=int(row["created_at"]),
    )
