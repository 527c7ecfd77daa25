"""The gateway stored an inbound message's file sealed in the hub (gateway event)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from app.crypto.encoding import Reader, Writer
from app.crypto.header import EventType
from app.domain.content import Media, StoredMedia
from app.domain.events import EventKind
from app.domain.ids import Wamid
from app.log.content_codec import read_stored, write_stored
from app.log.kind import MAX_ID, KindSpec
from app.log.state import BatchState, Keys
from app.log.values import AppliedRecord, Outcome

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MediaStored:
    """The gateway fetched an inbound message's file and stored it sealed (gateway event).

    The message itself is published first, without its file, so Meta's webhook is answered at
    once (cloud-api.md §13); the file follows when downloaded, and desks attach it by wamid.
    """

    wamid: Wamid
    stored: StoredMedia

    kind = EventKind.MEDIA_STORED


def _write(w: Writer, e: MediaStored) -> None:
    w.text(e.wamid)
    write_stored(w, e.stored)


def _read(r: Reader) -> MediaStored:
    return MediaStored(Wamid(r.text(MAX_ID)), read_stored(r))


def _keys(keys: Keys, record: AppliedRecord, event: MediaStored) -> None:
    keys.wamids.add(event.wamid)


def _fold(state: BatchState, record: AppliedRecord, ev: MediaStored) -> Outcome:
    """Attach the gateway's sealed copy to the inbound message it belongs to (by wamid)."""
    event_id = state.by_wamid.get(ev.wamid)
    message = None if event_id is None else state.messages.get(event_id)
    if message is None or not isinstance(message.content, Media):
        log.warning("media for an unknown message")
        return Outcome.SKIPPED
    if message.content.stored is not None:
        return Outcome.DUPLICATE  # attached before (a retried fetch reported twice)
    content = replace(message.content, stored=ev.stored)
    state.put_message(replace(message, content=content))
    return Outcome.APPLIED


SPEC = KindSpec(
    EventKind.MEDIA_STORED, MediaStored, _write, _read, _fold, _keys, envelope=EventType.GATEWAY
)
