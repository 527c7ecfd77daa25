"""SettingsNoted (kind 42): which gateway-only setting an admin changed survives the wire (an
unknown one does not), only an admin may say so, and it changes no row but is listed in the
audit trail under the action it names."""

from __future__ import annotations

import pytest

from app.crypto.errors import DecodeError
from app.domain.audit import NEWEST, NOTED_ACTIONS, AuditAction, AuditFilter, NotedSetting
from app.domain.errors import EnvelopeRejected
from app.domain.model import Role
from app.log.events import SettingsNoted
from app.log.registry import check_role, guard_neutral
from app.store.replica import Replica
from app.sync import codec
from tests.unit.log.helpers import apply, outcome_of
from tests.unit.store.builders import ANNA, LogBuilder, conversation_of

NOTED = SettingsNoted(NotedSetting.BUSINESS_HOURS)


def test_each_setting_survives_the_wire_and_an_unknown_one_does_not() -> None:
    for setting in NotedSetting:
        noted = SettingsNoted(setting)
        assert codec.decode(codec.encode(noted, conversation_of("x"), 7)).event == noted
    data = bytearray(codec.encode(NOTED, conversation_of("x"), 7))
    data[-1] = 99  # the setting is the body's only byte
    with pytest.raises(DecodeError):
        codec.decode(bytes(data))
    assert guard_neutral(NOTED)
    assert set(NOTED_ACTIONS) == set(NotedSetting)


def test_only_an_admin_may_say_a_setting_changed() -> None:
    check_role(NOTED, Role.ADMIN)
    with pytest.raises(EnvelopeRejected, match="kind-for-role"):
        check_role(NOTED, Role.MEMBER)


@pytest.mark.asyncio
async def test_it_is_listed_in_the_trail(replica: Replica, log: LogBuilder) -> None:
    subject = conversation_of("sb.team.settings")
    for setting in (NotedSetting.BUSINESS_HOURS, NotedSetting.MENU):
        record = log.record(
            SettingsNoted(setting), author=ANNA, conversation_id=subject, subject="sb.team.s"
        )
        await apply(replica, record)
        assert await outcome_of(replica, record) == 1
    entries = await replica.audit_page(AuditFilter(), NEWEST, 10)
    assert [(e.action, e.actor, e.conversation_id) for e in entries] == [
        (AuditAction.MENU_CHANGED, ANNA, None),
        (AuditAction.HOURS_CHANGED, ANNA, None),
    ]
