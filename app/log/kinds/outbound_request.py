"""Ask the gateway to send a reply (type-3 event, sealed to the gateway only)."""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto.encoding import Reader, Writer
from app.crypto.header import EventType
from app.domain.content import Content, searchable_text
from app.domain.events import EventKind
from app.domain.ids import ID_LEN, CustomerId, EventId
from app.log.content_codec import read_content, write_content
from app.log.kind import MAX_ID, KindSpec


@dataclass(frozen=True, slots=True)
class OutboundRequest:
    """Ask the gateway to send a reply (type-3 event, sealed to the gateway only).

    For a file, `content` carries its `StoredMedia` (object name and key): the gateway fetches
    the sealed copy, opens it and uploads it to Meta.
    """

    reply_event_id: EventId
    customer_id: CustomerId
    customer_wa_id: str
    content: Content

    kind = EventKind.OUTBOUND_REQUEST

    @property
    def text(self) -> str:
        return searchable_text(self.content)


def _write(w: Writer, e: OutboundRequest) -> None:
    w.fixed(e.reply_event_id, ID_LEN).text(e.customer_id).text(e.customer_wa_id)
    write_content(w, e.content)


def _read(r: Reader) -> OutboundRequest:
    return OutboundRequest(
        reply_event_id=EventId(r.fixed(ID_LEN)),
        customer_id=CustomerId(r.text(MAX_ID)),
        customer_wa_id=r.text(MAX_ID),
        content=read_content(r),
    )


# The gateway's to open: desks store it and apply nothing.
SPEC = KindSpec(
    EventKind.OUTBOUND_REQUEST, OutboundRequest, _write, _read, envelope=EventType.OUTBOUND
)
