"""BusinessHoursNoted (kind 42): the fact that the hours changed survives the wire, only an
admin may say so, and it changes no row but is listed in the audit trail."""

from __future__ import annotations

import pytest

from app.domain.audit import NEWEST, AuditAction, AuditFilter
from app.domain.errors import EnvelopeRejected
from app.domain.model import Role
from app.log.events import BusinessHoursNoted
from app.log.registry import check_role, guard_neutral
from app.store.replica import Replica
from app.sync import codec
from tests.unit.log.helpers import apply, outcome_of
from tests.unit.store.builders import ANNA, LogBuilder, conversation_of

NOTED = BusinessHoursNoted(1_767_225_600)


def test_it_survives_the_wire_and_carries_nothing_else() -> None:
    wire = codec.encode(NOTED, conversation_of("x"), 7)
    assert codec.decode(wire).event == NOTED
    assert guard_neutral(NOTED)


def test_only_an_admin_may_say_the_hours_changed() -> None:
    check_role(NOTED, Role.ADMIN)
    with pytest.raises(EnvelopeRejected, match="kind-for-role"):
        check_role(NOTED, Role.MEMBER)


@pytest.mark.asyncio
async def test_it_is_listed_in_the_trail(replica: Replica, log: LogBuilder) -> None:
    subject = conversation_of("sb.team.hours")
    record = log.record(NOTED, author=ANNA, conversation_id=subject, subject="sb.team.h")
    await apply(replica, record)
    assert await outcome_of(replica, record) == 1
    [entry] = await replica.audit_page(AuditFilter(), NEWEST, 10)
    assert (entry.action, entry.actor, entry.conversation_id) == (
        AuditAction.HOURS_CHANGED,
        ANNA,
        None,
    )
