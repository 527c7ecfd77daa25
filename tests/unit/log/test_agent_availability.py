"""Agents away or available (kind 40): the record survives the wire, anyone may say it of
herself (the author is the agent), and the newest per agent wins on every desk."""

from __future__ import annotations

import pytest

from app.domain.audit import AuditAction
from app.domain.ids import DeviceId
from app.domain.model import Role
from app.log.audit import AuditFacts, audit_facts
from app.log.events import AgentAvailability
from app.log.registry import check_role
from app.log.values import Outcome
from app.store.records import AppliedRecord
from app.store.replica import Replica
from app.sync import codec
from tests.unit.log.helpers import apply
from tests.unit.store.builders import ANNA, BORIS, LogBuilder, conversation_of


def _said(log: LogBuilder, author: DeviceId, away: bool, at: int) -> AppliedRecord:
    event = AgentAvailability(bytes([at % 256]) * 16, away, at)
    subject = conversation_of(f"sb.team.away.{at}")
    return log.record(event, author=author, conversation_id=subject, subject="sb.team.a")


def test_it_survives_the_wire() -> None:
    event = AgentAvailability(b"a" * 16, True, 1_767_225_600)
    assert codec.decode(codec.encode(event, conversation_of("x"), 7)).event == event


def test_any_agent_says_it() -> None:
    check_role(AgentAvailability(b"a" * 16, True, 1), Role.MEMBER)


@pytest.mark.asyncio
async def test_each_agent_is_away_until_she_says_otherwise(
    replica: Replica, log: LogBuilder
) -> None:
    assert await replica.away_agents() == frozenset()
    await apply(replica, _said(log, ANNA, True, 100), _said(log, BORIS, True, 100))
    assert await replica.away_agents() == {ANNA, BORIS}
    await apply(replica, _said(log, ANNA, False, 200))
    assert await replica.away_agents() == {BORIS}
    await apply(replica, _said(log, ANNA, True, 150))  # an older copy arriving late
    assert await replica.away_agents() == {BORIS}


def test_the_audit_trail_names_away_and_back() -> None:
    away = audit_facts(AgentAvailability(b"a" * 16, True, 1), Outcome.APPLIED)
    back = audit_facts(AgentAvailability(b"b" * 16, False, 2), Outcome.APPLIED)
    assert (away, back) == (AuditFacts(AuditAction.WENT_AWAY), AuditFacts(AuditAction.CAME_BACK))
