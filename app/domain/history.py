"""The phone's chat history, imported once (coexistence, cloud-api.md §15.1, §15.3). PURE.

With coexistence the number stays on the owner's WhatsApp Business app. Once, within 24 hours
of onboarding, the team may ask Meta for the phone book and for the last 180 days of 1:1 chats
(`smb_app_data`). History then arrives in phases (0: the last day, 1: up to 90 days, 2: up to
180 days) of chunks in any order, each saying how far the whole sync is (`progress`, 100 when
done); or, when the owner declined to share it, as one error (code 2593109), which is final.

Imported messages are the past: they keep their own times, make no unread work, notify
nobody and never open the 24-hour window (`history_position` files them before anything
live).
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass

from app.domain.ids import EventId, Wamid

DECLINED_CODE = 2593109
"""Meta's code for "the owner did not share the chat history" (§15.3): final."""
DONE_PERCENT = 100
NO_NUMBER = "no-number"
"""The gateway's reason word: no number is connected to ask Meta for."""
UNREACHABLE = "unreachable"
"""The gateway's reason word: Meta did not answer (or not in its own shape)."""
MEDIA_PLACEHOLDER = "media_placeholder"
"""Meta's type for a photo, video, voice note or file of the history: shared without the file
(kept as `Unsupported(0, MEDIA_PLACEHOLDER)`)."""
HISTORY_POSITION_BASE = -(2**62)
"""Imported messages sit below every live position (stream sequences start at 1)."""
_TIME_SHIFT = 24
"""Bits under a message's time that tell apart messages of one second (by wamid)."""


class HistoryStage(enum.IntEnum):
    """Where the import stands. Wire values (1-4 come from the gateway): never renumber."""

    REQUESTED = 1
    """The gateway asked Meta, and Meta accepted the request."""
    ALREADY_DONE = 2
    """Meta said the sync was requested before: it happens once per number."""
    REFUSED = 3
    """Meta (or the gateway, with no number connected) refused the request."""
    DECLINED = 4
    """The owner chose not to share the chat history on the phone."""
    RECEIVING = 5
    """Chunks are arriving (desks only)."""
    FINISHED = 6
    """Meta said the sync is complete (progress 100; desks only)."""


GATEWAY_STAGES = frozenset(
    {HistoryStage.REQUESTED, HistoryStage.ALREADY_DONE, HistoryStage.REFUSED, HistoryStage.DECLINED}
)
"""What the gateway reports; the rest follows from the chunks."""
FINAL_STAGES = frozenset({HistoryStage.DECLINED, HistoryStage.FINISHED})


@dataclass(frozen=True, slots=True)
class HistoryImport:
    """What a desk knows of the import: for the admin's number panel."""

    stage: HistoryStage
    phase: int = 0
    """The phase of the newest chunk (0-2)."""
    progress: int = 0
    """Meta's overall percent, the highest seen."""
    messages: int = 0
    """Messages imported (copies of live ones not counted)."""
    reason: str = ""
    """Meta's words (or the gateway's reason word) for a refusal or a decline."""
    code: int = 0
    at: int = 0
    """When the newest report came (the gateway's or Meta's time, Unix seconds)."""


def next_stage(current: HistoryStage | None, reported: HistoryStage) -> HistoryStage:
    """The stage after the gateway's report: chunks may come before the gateway's own
    "requested" (Meta is quick), and nothing moves a finished or declined import back."""
    if current is None or current not in FINAL_STAGES | {HistoryStage.RECEIVING}:
        return reported
    if reported is HistoryStage.DECLINED and current is HistoryStage.RECEIVING:
        return reported
    return current


def after_chunk(
    current: HistoryImport | None, phase: int, progress: int, imported: int, at: int
) -> HistoryImport:
    """The import once a chunk came: receiving, or finished at 100 percent."""
    base = current or HistoryImport(HistoryStage.RECEIVING)
    best = max(base.progress, progress)
    return HistoryImport(
        stage=HistoryStage.FINISHED if best >= DONE_PERCENT else HistoryStage.RECEIVING,
        phase=max(base.phase, phase),  # phases come in order; a file's follow-up says 0
        progress=best,
        messages=base.messages + imported,
        at=max(base.at, at),
    )


def history_position(sent_at: int, wamid: Wamid) -> int:
    """Where an imported message sits in its thread: before everything live, in time order.

    Deterministic (every desk files it alike) and unique in practice: messages of one chat in
    the same second are told apart by 24 bits of their wamid's hash.
    """
    tiebreak = int.from_bytes(hashlib.blake2b(wamid.encode(), digest_size=3).digest(), "big")
    return HISTORY_POSITION_BASE + (max(sent_at, 0) << _TIME_SHIFT) + tiebreak


def imported(position: int) -> bool:
    """Whether a message at this position came with the phone's history (not live)."""
    return position < 0


def history_event_id(wamid: Wamid) -> EventId:
    """The message row's own id: one chunk record holds many messages, and the same wamid
    always gets the same id (a chunk Meta sends twice is kept once anyway, by wamid)."""
    return EventId(hashlib.blake2b(b"history:" + wamid.encode(), digest_size=16).digest())
