"""Event plaintexts ↔ domain events (crypto.md §3.6, "Plaintext").

PURE. Layout: `u8 kind ‖ conversation_id(16) ‖ u64 author_time ‖ frontier ‖ var body`, where the
frontier is a list of `(device_id, seq, hash)` — always empty in v1 — and `body` is the kind's
fields in a fixed order, encoded with the strict canonical codec by the kind's own module
(`app.log.kinds`, found through `app.log.registry`). Padding is the envelope's job.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto.encoding import Reader, Writer
from app.crypto.errors import DecodeError
from app.domain.frozen import quick_init
from app.domain.ids import ID_LEN, NO_CONVERSATION, ConversationId
from app.log.content_codec import MAX_TEXT
from app.log.events import Event
from app.log.kind import MAX_ID
from app.log.registry import spec_for, spec_for_code


@quick_init
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
    spec = spec_for(event)
    body = Writer()
    spec.write(body, event)
    out = Writer().u8(spec.code).fixed(conversation_id, ID_LEN).u64(author_time)
    out.u32(0)  # the frontier: empty until v1.1 fills it
    return out.var(body.getvalue()).getvalue()


def decode(data: bytes) -> Plaintext:
    """Strictly parse a plaintext. Raises `DecodeError` on anything non-canonical."""
    reader = Reader(data)
    spec = spec_for_code(reader.u8())
    conversation_id = ConversationId(reader.fixed(ID_LEN))
    author_time = reader.u64()
    if reader.u32() != 0:
        raise DecodeError("frontier")
    body = Reader(reader.var(4 * MAX_TEXT))
    reader.finish()
    event: Event = spec.read(body)
    body.finish()
    return Plaintext(event, conversation_id, author_time)


__all__ = ["MAX_ID", "NO_CONVERSATION", "Plaintext", "decode", "encode"]
