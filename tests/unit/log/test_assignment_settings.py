"""Auto-assignment settings (kind 39): the record survives the wire in one encoding, only admins
set them, and every desk keeps the newest by `at` whatever order copies arrive in (real
SQLCipher)."""

from __future__ import annotations

import pytest

from app.crypto.errors import DecodeError
from app.domain.assignment import OFF, AgentRule, AssignmentSettings
from app.domain.audit import AuditAction
from app.domain.errors import EnvelopeRejected
from app.domain.labels import LabelId
from app.domain.model import Role
from app.log.audit import AuditFacts, audit_facts
from app.log.events import AssignmentSettingsSet
from app.log.registry import check_role
from app.log.values import Outcome
from app.store.records import AppliedRecord
from app.store.replica import Replica
from app.sync import codec
from tests.unit.log.helpers import apply, outcome_of
from tests.unit.store.builders import ANNA, BORIS, LogBuilder, conversation_of

ID = b"s" * 16
BILLING = LabelId(b"L" * 16)
ON = AssignmentSettings(
    enabled=True,
    default_capacity=3,
    rules=(AgentRule(ANNA, 5, ()), AgentRule(BORIS, None, (BILLING,))),
    wait_for_menu_seconds=60,
)


def _set(log: LogBuilder, settings: AssignmentSettings, at: int) -> AppliedRecord:
    event = AssignmentSettingsSet(ID, settings, at)
    subject = conversation_of("sb.team.assignment")
    return log.record(event, author=ANNA, conversation_id=subject, subject="sb.team.s")


def test_settings_survive_the_wire() -> None:
    event = AssignmentSettingsSet(ID, ON, 1_767_225_600)
    assert codec.decode(codec.encode(event, conversation_of("x"), 7)).event == event


def test_rules_out_of_order_are_not_canonical() -> None:
    shuffled = AssignmentSettings(True, 3, tuple(reversed(ON.rules)), 0)
    wire = codec.encode(AssignmentSettingsSet(ID, shuffled, 1), conversation_of("x"), 7)
    with pytest.raises(DecodeError):
        codec.decode(wire)


def test_only_an_admin_sets_them() -> None:
    event = AssignmentSettingsSet(ID, ON, 1)
    check_role(event, Role.ADMIN)
    with pytest.raises(EnvelopeRejected, match="kind-for-role"):
        check_role(event, Role.MEMBER)


@pytest.mark.asyncio
async def test_off_until_an_admin_sets_them(replica: Replica) -> None:
    assert await replica.assignment_settings() == OFF


@pytest.mark.asyncio
async def test_the_newest_wins_in_any_order(replica: Replica, log: LogBuilder) -> None:
    await apply(replica, _set(log, ON, 200))
    older = AssignmentSettings(enabled=False, default_capacity=9)
    late = _set(log, older, 100)  # set earlier, arrives later (a desk that was offline)
    await apply(replica, late)
    assert await replica.assignment_settings() == ON
    newer = AssignmentSettings(enabled=False, default_capacity=2)
    await apply(replica, _set(log, newer, 300))
    assert await replica.assignment_settings() == newer


@pytest.mark.asyncio
async def test_settings_the_rules_refuse_change_nothing(replica: Replica, log: LogBuilder) -> None:
    await apply(replica, _set(log, ON, 100))
    broken = _set(log, AssignmentSettings(True, 0), 200)  # capacity 0
    await apply(replica, broken)
    assert await outcome_of(replica, broken) == Outcome.SKIPPED
    assert await replica.assignment_settings() == ON


def test_the_audit_trail_names_the_change() -> None:
    facts = audit_facts(AssignmentSettingsSet(ID, ON, 1), Outcome.APPLIED)
    assert facts == AuditFacts(AuditAction.ASSIGNMENT_CHANGED)
