"""The rules of who handles a conversation and where it stands (app.domain.handling)."""

from __future__ import annotations

import pytest

from app.domain.handling import (
    ConversationState,
    HandoverAction,
    SlaLevel,
    assignee_after,
    handover_refusal,
    may_reply,
    sla_level,
    state_after_customer_message,
    state_refusal,
)
from app.domain.ids import DeviceId

ANNA, BEN, CARL = DeviceId(b"a" * 16), DeviceId(b"b" * 16), DeviceId(b"c" * 16)
A = HandoverAction


@pytest.mark.parametrize(
    ("action", "holder", "actor", "target", "refusal", "after"),
    [
        (A.ASSIGN, None, ANNA, BEN, None, BEN),
        (A.ASSIGN, CARL, ANNA, BEN, None, BEN),  # anyone may reassign
        (A.ASSIGN, BEN, ANNA, BEN, "already-theirs", None),
        (A.ASSIGN, None, ANNA, None, "no-target", None),
        (A.TRANSFER, ANNA, ANNA, BEN, None, BEN),
        (A.TRANSFER, BEN, ANNA, CARL, "not-holder", None),
        (A.TRANSFER, None, ANNA, CARL, "nobody-holds", None),
        (A.RELEASE, ANNA, ANNA, None, None, None),
        (A.RELEASE, BEN, ANNA, None, "not-holder", None),
        (A.TAKE_OVER, BEN, ANNA, None, None, ANNA),
        (A.TAKE_OVER, None, ANNA, None, "nobody-holds", None),
        (A.TAKE_OVER, ANNA, ANNA, None, "own", None),
    ],
)
def test_hand_over_rules(
    action: HandoverAction,
    holder: DeviceId | None,
    actor: DeviceId,
    target: DeviceId | None,
    refusal: str | None,
    after: DeviceId | None,
) -> None:
    assert handover_refusal(action, holder, actor, target) == refusal
    if refusal is None:
        assert assignee_after(action, holder, actor, target) == after


def test_only_the_assignee_replies() -> None:
    assert may_reply(ANNA, ANNA)
    assert not may_reply(BEN, ANNA)
    assert not may_reply(None, ANNA)


def test_a_customer_message_opens_every_state() -> None:
    for state in ConversationState:
        assert state_after_customer_message(state) is ConversationState.OPEN


def test_state_changes() -> None:
    S = ConversationState
    assert state_refusal(S.OPEN, S.RESOLVED, 0, 100) is None
    assert state_refusal(S.RESOLVED, S.RESOLVED, 0, 100) == "same-state"
    assert state_refusal(S.OPEN, S.SNOOZED, 100, 100) == "snooze-past"
    assert state_refusal(S.SNOOZED, S.SNOOZED, 200, 100) is None  # a new time


def test_sla_levels() -> None:
    assert sla_level(None, 1_000, 600) is SlaLevel.ANSWERED
    assert sla_level(1_000, 1_100, 600) is SlaLevel.WITHIN
    assert sla_level(1_000, 1_450, 600) is SlaLevel.NEAR
    assert sla_level(1_000, 1_600, 600) is SlaLevel.BREACHED
