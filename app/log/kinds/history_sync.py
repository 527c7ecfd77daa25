"""How the gateway's request for the phone's history went (gateway event, coexistence).

An admin asks for the sync (`PhoneSyncRequest`); the gateway calls Meta's `smb_app_data` and
says what came of it: requested (Meta accepted), already done (it happens once per number),
refused (with Meta's words, or the gateway's reason word), or, later, declined by the owner
(Meta's error 2593109 in place of history). Desks keep one row of the import's state
(`history_import`) beside what the chunks add (`history_chunk`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.crypto.encoding import Reader, Writer, read_enum
from app.crypto.errors import DecodeError
from app.crypto.header import EventType
from app.domain.events import EventKind
from app.domain.history import GATEWAY_STAGES, HistoryImport, HistoryStage, next_stage
from app.log.kind import MAX_ID, KindSpec
from app.log.state import BatchState, Keys
from app.log.values import AppliedRecord, Outcome

MAX_REASON = 4 * MAX_ID
"""Bytes of Meta's sentence saying why."""


@dataclass(frozen=True, slots=True)
class HistorySync:
    """What became of the request for the phone's history (gateway event)."""

    stage: HistoryStage
    """One of `GATEWAY_STAGES`."""
    reason: str = ""
    """Meta's words for a refusal or a decline; "" otherwise."""
    code: int = 0
    """Meta's error code (2593109 for a decline), 0 when none."""
    at: int = 0

    kind = EventKind.HISTORY_SYNC


def _write(w: Writer, e: HistorySync) -> None:
    w.u8(e.stage).text(e.reason).u32(e.code).u64(e.at)


def _read(r: Reader) -> HistorySync:
    stage = read_enum(r.u8(), HistoryStage)
    if stage not in GATEWAY_STAGES:
        raise DecodeError("value")  # the desks' own stages never travel
    return HistorySync(stage, r.text(MAX_REASON), r.u32(), r.u64())


def _keys(keys: Keys, record: AppliedRecord, event: HistorySync) -> None:
    keys.history = True


def _fold(state: BatchState, record: AppliedRecord, ev: HistorySync) -> Outcome:
    current = state.history
    stage = next_stage(None if current is None else current.stage, ev.stage)
    if current is not None and stage is current.stage and stage is not ev.stage:
        return Outcome.APPLIED  # a late "requested" after the chunks began: they say more
    state.history = replace(
        current or HistoryImport(stage), stage=stage, reason=ev.reason, code=ev.code, at=ev.at
    )
    state.history_changed = True
    return Outcome.APPLIED


SPEC = KindSpec(
    EventKind.HISTORY_SYNC, HistorySync, _write, _read, _fold, _keys, envelope=EventType.GATEWAY
)
