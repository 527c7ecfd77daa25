"""The gateway ignored webhook items addressed to another phone number id (gateway event).

Meta posts every number of an app to the app's one callback, so a second number subscribed by
mistake sends its customers' messages here too. The gateway answers them 200, publishes nothing
of them and tells the team only how many it ignored for which number (a short hash of its id,
`app.gateway.parse.number_tag`), so an admin can fix the subscription.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto.encoding import Reader, Writer
from app.crypto.header import EventType
from app.domain.events import EventKind
from app.log.kind import KindSpec
from app.log.state import BatchState, Keys
from app.log.values import AppliedRecord, Outcome

MAX_TAG = 64


@dataclass(frozen=True, slots=True)
class ForeignWebhooks:
    """Items of one webhook body that named another phone number id, ignored."""

    number_tag: str
    """Which number: a short hash of its id, never the id."""
    items: int
    at: int
    """Meta's time of the newest item ignored (Unix seconds): with the tag it tells a second
    copy of the same report from a new one."""

    kind = EventKind.FOREIGN_WEBHOOKS


def _write(w: Writer, e: ForeignWebhooks) -> None:
    w.text(e.number_tag).u32(e.items).u64(e.at)


def _read(r: Reader) -> ForeignWebhooks:
    return ForeignWebhooks(number_tag=r.text(MAX_TAG), items=r.u32(), at=r.u64())


def _keys(keys: Keys, record: AppliedRecord, event: ForeignWebhooks) -> None:
    """Nothing to load: the store adds the counts up (a copy of a report counts once)."""


def _fold(state: BatchState, record: AppliedRecord, ev: ForeignWebhooks) -> Outcome:
    state.foreign_webhooks.append(ev)
    return Outcome.APPLIED


SPEC = KindSpec(
    EventKind.FOREIGN_WEBHOOKS,
    ForeignWebhooks,
    _write,
    _read,
    _fold,
    _keys,
    envelope=EventType.GATEWAY,
)
