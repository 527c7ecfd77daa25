"""A canned reply is defined, changed or deleted (member event).

A shared reply is the team's: only admins write it (the reader refuses it from anyone else,
`KindSpec.admin_only`). A personal one is its author's: the device that first defined it is
its owner and the only one whose changes the fold takes; every desk keeps it (the log is the
only way to reach the person's other devices), and only that person's desks list it. Like a
label it travels on the subject of its own id. A deletion is final.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto.encoding import Reader, Writer
from app.crypto.errors import DecodeError
from app.domain.canned import (
    MAX_CANNED_CHARS,
    MAX_SHORTCUT_CHARS,
    CannedId,
    CannedScope,
)
from app.domain.events import EventKind
from app.domain.ids import ID_LEN
from app.log.kind import KindSpec, read_flag
from app.log.state import BatchState, Keys
from app.log.team_lists import StoredCanned
from app.log.values import AppliedRecord, Outcome


@dataclass(frozen=True, slots=True)
class CannedReplyDefined:
    """The canned reply `canned_id` now reads `body` under `/shortcut`, or (`deleted`) is gone."""

    canned_id: CannedId
    scope: CannedScope
    shortcut: str
    body: str
    deleted: bool = False

    kind = EventKind.CANNED_REPLY


def _write(w: Writer, e: CannedReplyDefined) -> None:
    w.fixed(e.canned_id, ID_LEN).u8(int(e.scope)).text(e.shortcut).text(e.body)
    w.u8(int(e.deleted))


def _read(r: Reader) -> CannedReplyDefined:
    canned_id = CannedId(r.fixed(ID_LEN))
    try:
        scope = CannedScope(r.u8())
    except ValueError:
        raise DecodeError("value") from None
    shortcut = r.text(MAX_SHORTCUT_CHARS * 4)
    body = r.text(MAX_CANNED_CHARS * 4)
    return CannedReplyDefined(canned_id, scope, shortcut, body, read_flag(r))


def _keys(keys: Keys, record: AppliedRecord, event: CannedReplyDefined) -> None:
    keys.canned.add(event.canned_id)


def _fold(state: BatchState, record: AppliedRecord, ev: CannedReplyDefined) -> Outcome:
    """A tombstone stays; a reply keeps its scope and first author; a personal reply changes
    only by its owner's hand."""
    lists = state.lists
    prior = lists.canned.get(ev.canned_id)
    owner = record.author
    if prior is not None:
        personal_by_other = prior.scope is CannedScope.PERSONAL and prior.owner != record.author
        if prior.deleted or prior.scope is not ev.scope or personal_by_other:
            return Outcome.SKIPPED
        owner = prior.owner
    lists.canned[ev.canned_id] = StoredCanned(
        ev.canned_id, ev.scope, owner, ev.shortcut, ev.body, ev.deleted, record.seq
    )
    lists.changed_canned[ev.canned_id] = None
    return Outcome.APPLIED


def _admin_only(event: CannedReplyDefined) -> bool:
    return event.scope is CannedScope.SHARED


SPEC = KindSpec(
    EventKind.CANNED_REPLY,
    CannedReplyDefined,
    _write,
    _read,
    _fold,
    _keys,
    guard_neutral=True,
    admin_only=_admin_only,
)
