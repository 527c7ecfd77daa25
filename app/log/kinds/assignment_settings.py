"""An admin sets the team's auto-assignment (member event, admin only: the reader refuses it
from anyone else, `KindSpec.admin_only`).

Team-wide, so it names no conversation: it travels on the subject of its own random id, which
the hub cannot tell from a conversation's. The whole settings travel each time; the one set
last (`at`, then log order) wins on every desk, whatever order copies arrive in, like the
business hours (`app.domain.assignment`).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto.encoding import Reader, Writer
from app.crypto.errors import DecodeError
from app.domain.assignment import (
    MAX_AGENT_RULES,
    MAX_HANDLED_LABELS,
    AgentRule,
    AssignmentSettings,
    canonical,
    settings_refusal,
)
from app.domain.events import EventKind
from app.domain.ids import ID_LEN, DeviceId
from app.domain.labels import LabelId
from app.log.kind import KindSpec, read_flag
from app.log.state import BatchState, Keys
from app.log.values import AppliedRecord, Outcome


@dataclass(frozen=True, slots=True)
class AssignmentSettingsSet:
    """The team's auto-assignment is now `settings` (set at `at`)."""

    settings_id: bytes
    """Random; the subject the event travels on."""
    settings: AssignmentSettings
    at: int
    """Unix seconds on the admin's desk: the newest wins."""

    kind = EventKind.ASSIGNMENT_SETTINGS


def _write_rule(rule: AgentRule, w: Writer) -> None:
    w.fixed(rule.agent, ID_LEN).u16(rule.capacity or 0)
    w.items(rule.labels, _write_label)


def _write_label(label: LabelId, w: Writer) -> None:
    w.fixed(label, ID_LEN)


def _write(w: Writer, e: AssignmentSettingsSet) -> None:
    s = e.settings
    w.fixed(e.settings_id, ID_LEN).u8(int(s.enabled)).u16(s.default_capacity)
    w.u32(s.wait_for_menu_seconds).items(s.rules, _write_rule).u64(e.at)


def _read_rule(r: Reader) -> AgentRule:
    agent = DeviceId(r.fixed(ID_LEN))
    capacity = r.u16()
    labels = r.items(_read_label, MAX_HANDLED_LABELS)
    return AgentRule(agent, capacity or None, tuple(labels))


def _read_label(r: Reader) -> LabelId:
    return LabelId(r.fixed(ID_LEN))


def _read(r: Reader) -> AssignmentSettingsSet:
    settings_id = r.fixed(ID_LEN)
    enabled = read_flag(r)
    default_capacity = r.u16()
    wait = r.u32()
    rules = tuple(r.items(_read_rule, MAX_AGENT_RULES))
    settings = AssignmentSettings(enabled, default_capacity, rules, wait)
    if canonical(settings) != settings:
        raise DecodeError("value")  # one encoding per settings: rules sorted, none empty
    return AssignmentSettingsSet(settings_id, settings, r.u64())


def _keys(keys: Keys, record: AppliedRecord, event: AssignmentSettingsSet) -> None:
    """Nothing to load: the store keeps the newest (`app.store.assignment_rows`)."""


def _fold(state: BatchState, record: AppliedRecord, ev: AssignmentSettingsSet) -> Outcome:
    if settings_refusal(ev.settings) is not None:
        return Outcome.SKIPPED  # a desk checks the same rules before it publishes
    state.assignment.settings.append((ev.settings, ev.at, record.seq))
    return Outcome.APPLIED


def _admin_only(event: AssignmentSettingsSet) -> bool:
    return True


SPEC = KindSpec(
    EventKind.ASSIGNMENT_SETTINGS,
    AssignmentSettingsSet,
    _write,
    _read,
    _fold,
    _keys,
    guard_neutral=True,
    admin_only=_admin_only,
)
