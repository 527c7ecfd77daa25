"""An admin tells the team that a setting only the gateway reads changed (member event, kind 42,
admin only): the business hours, the menu, the number's Cloud API settings, a template sent to
Meta, a request for the phone's chat history.

Those travel sealed to the gateway (type 3), which desks cannot open. This record says only
*which* setting changed (the envelope says who and when), published just before the sealed
request, so that every admin's audit trail lists the change under its author's signature like
any other entry. Team-wide, it names no conversation: it travels on the subject of a random id
the hub cannot tell from a conversation's.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto.encoding import Reader, Writer, read_enum
from app.domain.audit import NotedSetting
from app.domain.events import EventKind
from app.log.kind import KindSpec
from app.log.state import BatchState
from app.log.values import AppliedRecord, Outcome


@dataclass(frozen=True, slots=True)
class SettingsNoted:
    """The record's author changed `setting` (sent to the gateway right after)."""

    setting: NotedSetting

    kind = EventKind.SETTINGS_NOTED


def _write(w: Writer, e: SettingsNoted) -> None:
    w.u8(e.setting)


def _read(r: Reader) -> SettingsNoted:
    return SettingsNoted(read_enum(r.u8(), NotedSetting))


def _fold(state: BatchState, record: AppliedRecord, ev: SettingsNoted) -> Outcome:
    # No projection changes: the record itself, indexed in the events table, is the trail.
    return Outcome.APPLIED


def _admin_only(event: SettingsNoted) -> bool:
    return True


SPEC = KindSpec(
    EventKind.SETTINGS_NOTED,
    SettingsNoted,
    _write,
    _read,
    _fold,
    guard_neutral=True,
    admin_only=_admin_only,
)
