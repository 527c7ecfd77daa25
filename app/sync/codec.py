"""Event plaintexts ↔ domain events (crypto.md §3.6, "Plaintext").

PURE. Layout: `u8 kind ‖ conversation_id(16) ‖ u64 author_time ‖ frontier ‖ var body`, where the
frontier is a list of `(device_id, seq, hash)` — always empty in v1 — and `body` is the kind's
fields in a fixed order, encoded with the strict canonical codec. Padding is the envelope's job.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.crypto.encoding import Reader, Writer, read_enum
from app.crypto.errors import DecodeError
from app.domain.events import (
    Claim,
    CustomerIdChanged,
    CustomerMessage,
    DeliveryStatusChanged,
    Event,
    EventKind,
    MediaStored,
    NumberStatus,
    OutboundRequest,
    Preference,
    PreferenceChanged,
    Reply,
    SendOutcome,
)
from app.domain.ids import ID_LEN, NO_CONVERSATION, ConversationId, CustomerId, EventId, Wamid
from app.domain.model import DeliveryStatus
from app.sync.connection_codec import (
    read_settings,
    read_status,
    write_settings,
    write_status,
)
from app.sync.content_codec import (
    MAX_TEXT,
    read_content,
    read_context,
    read_stored,
    write_content,
    write_context,
    write_stored,
)

MAX_ID = 256


@dataclass(frozen=True, slots=True)
class Plaintext:
    """A decoded event plaintext."""

    event: Event
    conversation_id: ConversationId
    """`NO_CONVERSATION` for gateway events: desks derive it from the customer."""
    author_time: int
    """Advisory Unix seconds from the author's clock: display only, never ordering."""


def encode(event: Event, conversation_id: ConversationId, author_time: int) -> bytes:
    """The plaintext bytes of `event` (before padding)."""
    body = Writer()
    _WRITERS[event.kind](body, event)
    out = Writer().u8(event.kind).fixed(conversation_id, ID_LEN).u64(author_time)
    out.u32(0)  # the frontier: empty until v1.1 fills it
    return out.var(body.getvalue()).getvalue()


def decode(data: bytes) -> Plaintext:
    """Strictly parse a plaintext. Raises `DecodeError` on anything non-canonical."""
    reader = Reader(data)
    kind = read_enum(reader.u8(), EventKind)
    conversation_id = ConversationId(reader.fixed(ID_LEN))
    author_time = reader.u64()
    if reader.u32() != 0:
        raise DecodeError("frontier")
    body = Reader(reader.var(4 * MAX_TEXT))
    reader.finish()
    event = _READERS[kind](body)
    body.finish()
    return Plaintext(event, conversation_id, author_time)


def _write_customer_message(w: Writer, e: CustomerMessage) -> None:
    w.text(e.wamid).text(e.customer_id).text(e.customer_wa_id).text(e.profile_name)
    w.u64(e.sent_at)
    write_content(w, e.content)
    write_context(w, e.context)


def _read_customer_message(r: Reader) -> CustomerMessage:
    return CustomerMessage(
        wamid=Wamid(r.text(MAX_ID)),
        customer_id=CustomerId(r.text(MAX_ID)),
        customer_wa_id=r.text(MAX_ID),
        profile_name=r.text(MAX_ID * 4),
        sent_at=r.u64(),
        content=read_content(r),
        context=read_context(r),
    )


def _write_id_changed(w: Writer, e: CustomerIdChanged) -> None:
    w.text(e.previous_id).text(e.new_id).text(e.new_wa_id).u64(e.at)


def _read_id_changed(r: Reader) -> CustomerIdChanged:
    return CustomerIdChanged(
        previous_id=CustomerId(r.text(MAX_ID)),
        new_id=CustomerId(r.text(MAX_ID)),
        new_wa_id=r.text(MAX_ID),
        at=r.u64(),
    )


def _write_preference(w: Writer, e: PreferenceChanged) -> None:
    w.text(e.customer_id).u8(e.preference).u64(e.at)


def _read_preference(r: Reader) -> PreferenceChanged:
    return PreferenceChanged(
        customer_id=CustomerId(r.text(MAX_ID)),
        preference=read_enum(r.u8(), Preference),
        at=r.u64(),
    )


def _write_media_stored(w: Writer, e: MediaStored) -> None:
    w.text(e.wamid)
    write_stored(w, e.stored)


def _read_media_stored(r: Reader) -> MediaStored:
    return MediaStored(Wamid(r.text(MAX_ID)), read_stored(r))


def _write_number(w: Writer, e: NumberStatus) -> None:
    w.text(e.display_phone_number).text(e.verified_name).text(e.name_status)
    w.text(e.quality_rating).u8(e.is_official_business_account).text(e.throughput_level)
    w.text(e.messaging_limit).u64(e.at)


def _read_number(r: Reader) -> NumberStatus:
    display, name, name_status, quality = (r.text(MAX_ID) for _ in range(4))
    official = r.u8()
    if official > 1:
        raise DecodeError("value")
    return NumberStatus(
        display_phone_number=display,
        verified_name=name,
        name_status=name_status,
        quality_rating=quality,
        is_official_business_account=official == 1,
        throughput_level=r.text(MAX_ID),
        messaging_limit=r.text(MAX_ID),
        at=r.u64(),
    )


def _write_status(w: Writer, e: DeliveryStatusChanged) -> None:
    w.text(e.wamid).u8(e.status).u64(e.at).u32(e.error_code).text(e.error_title)


def _read_status(r: Reader) -> DeliveryStatusChanged:
    return DeliveryStatusChanged(
        wamid=Wamid(r.text(MAX_ID)),
        status=read_enum(r.u8(), DeliveryStatus),
        at=r.u64(),
        error_code=r.u32(),
        error_title=r.text(MAX_ID * 4),
    )


def _write_outcome(w: Writer, e: SendOutcome) -> None:
    w.fixed(e.reply_event_id, ID_LEN).text(e.wamid or "").u32(e.error_code).text(e.error_detail)


def _read_outcome(r: Reader) -> SendOutcome:
    reply_event_id = EventId(r.fixed(ID_LEN))
    wamid = r.text(MAX_ID)
    return SendOutcome(
        reply_event_id=reply_event_id,
        wamid=Wamid(wamid) if wamid else None,
        error_code=r.u32(),
        error_detail=r.text(MAX_ID * 4),
    )


def _write_claim(w: Writer, e: Claim) -> None:
    w.fixed(e.conversation_id, ID_LEN)


def _read_claim(r: Reader) -> Claim:
    return Claim(ConversationId(r.fixed(ID_LEN)))


def _write_reply(w: Writer, e: Reply) -> None:
    w.fixed(e.conversation_id, ID_LEN)
    write_content(w, e.content)


def _read_reply(r: Reader) -> Reply:
    return Reply(ConversationId(r.fixed(ID_LEN)), read_content(r))


def _write_request(w: Writer, e: OutboundRequest) -> None:
    w.fixed(e.reply_event_id, ID_LEN).text(e.customer_id).text(e.customer_wa_id)
    write_content(w, e.content)


def _read_request(r: Reader) -> OutboundRequest:
    return OutboundRequest(
        reply_event_id=EventId(r.fixed(ID_LEN)),
        customer_id=CustomerId(r.text(MAX_ID)),
        customer_wa_id=r.text(MAX_ID),
        content=read_content(r),
    )


_WRITERS: dict[EventKind, Callable[[Writer, object], None]] = {
    EventKind.CUSTOMER_MESSAGE: _write_customer_message,  # type: ignore[dict-item]
    EventKind.DELIVERY_STATUS: _write_status,  # type: ignore[dict-item]
    EventKind.SEND_OUTCOME: _write_outcome,  # type: ignore[dict-item]
    EventKind.CUSTOMER_ID_CHANGED: _write_id_changed,  # type: ignore[dict-item]
    EventKind.PREFERENCE_CHANGED: _write_preference,  # type: ignore[dict-item]
    EventKind.NUMBER_STATUS: _write_number,  # type: ignore[dict-item]
    EventKind.MEDIA_STORED: _write_media_stored,  # type: ignore[dict-item]
    EventKind.CLAIM: _write_claim,  # type: ignore[dict-item]
    EventKind.REPLY: _write_reply,  # type: ignore[dict-item]
    EventKind.OUTBOUND_REQUEST: _write_request,  # type: ignore[dict-item]
    EventKind.GATEWAY_STATUS: write_status,  # type: ignore[dict-item]
    EventKind.GATEWAY_SETTINGS: write_settings,  # type: ignore[dict-item]
}
_READERS: dict[EventKind, Callable[[Reader], Event]] = {
    EventKind.CUSTOMER_MESSAGE: _read_customer_message,
    EventKind.DELIVERY_STATUS: _read_status,
    EventKind.SEND_OUTCOME: _read_outcome,
    EventKind.CUSTOMER_ID_CHANGED: _read_id_changed,
    EventKind.PREFERENCE_CHANGED: _read_preference,
    EventKind.NUMBER_STATUS: _read_number,
    EventKind.MEDIA_STORED: _read_media_stored,
    EventKind.CLAIM: _read_claim,
    EventKind.REPLY: _read_reply,
    EventKind.OUTBOUND_REQUEST: _read_request,
    EventKind.GATEWAY_STATUS: read_status,
    EventKind.GATEWAY_SETTINGS: read_settings,
}

__all__ = ["NO_CONVERSATION", "Plaintext", "decode", "encode"]
