"""The auto-assignment rule: round robin by device id after the last automatic assignee,
capacity, away and offline agents skipped, labels routing, the menu's wait, and settings."""

from __future__ import annotations

from app.domain.assignment import (
    OFF,
    Agent,
    AgentRule,
    AssignmentSettings,
    Waiting,
    canonical,
    choose_agent,
    due_at,
    next_after,
    plan,
    settings_refusal,
)
from app.domain.ids import ConversationId, DeviceId
from app.domain.labels import LabelId

ANNA, BEN, CARL, DORA = (DeviceId(bytes([n]) * 16) for n in (1, 2, 3, 4))
BILLING, ORDERS = LabelId(b"b" * 16), LabelId(b"o" * 16)
ON = AssignmentSettings(enabled=True, default_capacity=2)
NOW = 10_000


def agents(*, away: tuple[DeviceId, ...] = (), offline: tuple[DeviceId, ...] = ()) -> list[Agent]:
    return [Agent(d, d in away, d not in offline, 0) for d in (ANNA, BEN, CARL, DORA)]


def waiting(n: int, labels: frozenset[LabelId] = frozenset(), since: int = NOW) -> list[Waiting]:
    return [Waiting(ConversationId(bytes([100 + i]) * 16), labels, since) for i in range(n)]


def chosen(result: list[tuple[ConversationId, DeviceId]]) -> list[DeviceId]:
    return [agent for _, agent in result]


def test_round_robin_goes_on_after_the_last_automatic_assignee() -> None:
    result = plan(waiting(5), agents(), ON, BEN, NOW)
    assert chosen(result.assignments) == [CARL, DORA, ANNA, BEN, CARL]


def test_the_first_ever_goes_to_the_lowest_id() -> None:
    assert next_after([BEN, CARL], None) == BEN


def test_the_order_holds_when_the_last_assignee_left_the_list() -> None:
    # Ben was last but is full now: the turn is Carl's, not back to Anna's.
    assert next_after([ANNA, CARL, DORA], BEN) == CARL
    assert next_after([ANNA, CARL], DORA) == ANNA


def test_away_and_offline_agents_get_nothing() -> None:
    result = plan(waiting(4), agents(away=(BEN,), offline=(DORA,)), ON, None, NOW)
    assert chosen(result.assignments) == [ANNA, CARL, ANNA, CARL]


def test_capacity_leaves_the_rest_waiting() -> None:
    settings = AssignmentSettings(True, 2, (AgentRule(ANNA, 1),))
    team = [Agent(ANNA, False, True, 0), Agent(BEN, False, True, 1)]
    result = plan(waiting(5), team, settings, None, NOW)
    # Anna holds 1 at most, Ben 2 and has 1: two get an agent, three wait in the queue.
    assert chosen(result.assignments) == [ANNA, BEN]


def test_nobody_available_assigns_nothing() -> None:
    team = agents(away=(ANNA, BEN), offline=(CARL, DORA))
    assert plan(waiting(3), team, ON, None, NOW).assignments == []


def test_off_assigns_nothing() -> None:
    assert plan(waiting(3), agents(), OFF, None, NOW).assignments == []


def test_labels_route_to_the_agents_who_handle_them() -> None:
    settings = AssignmentSettings(
        True, 5, (AgentRule(BEN, None, (BILLING,)), AgentRule(DORA, None, (ORDERS,)))
    )
    billing = frozenset({BILLING})
    assert choose_agent(agents(), settings, billing, None) == ANNA  # Anna handles all
    specialists = AssignmentSettings(
        True, 5, tuple(AgentRule(d, None, (ORDERS,)) for d in (ANNA, CARL)) + settings.rules
    )
    assert choose_agent(agents(), specialists, billing, None) == BEN
    assert choose_agent(agents(), specialists, billing, BEN) == BEN  # the only one


def test_a_full_specialist_keeps_the_conversation_waiting_for_them() -> None:
    rules = (AgentRule(ANNA, None, (ORDERS,)), AgentRule(BEN, None, (BILLING,)))
    settings = AssignmentSettings(True, 1, rules)
    team = [Agent(ANNA, False, True, 0), Agent(BEN, False, True, 1)]
    assert choose_agent(team, settings, frozenset({BILLING}), None) is None
    assert choose_agent(team, settings, frozenset({ORDERS}), None) == ANNA


def test_labels_nobody_available_handles_go_to_anyone() -> None:
    settings = AssignmentSettings(True, 5, (AgentRule(BEN, None, (BILLING,)),))
    team = agents(away=(BEN,))
    only = [a for a in team if a.device in (ANNA, BEN)]
    assert choose_agent(only, settings, frozenset({BILLING}), None) == ANNA
    # Unlabelled conversations go to anyone, specialists included.
    assert choose_agent(agents(), settings, frozenset(), ANNA) == BEN


def test_without_a_label_a_conversation_waits_for_the_menu() -> None:
    settings = AssignmentSettings(True, 5, wait_for_menu_seconds=60)
    fresh = Waiting(ConversationId(b"f" * 16), frozenset(), NOW - 10)
    labelled = Waiting(ConversationId(b"l" * 16), frozenset({ORDERS}), NOW - 10)
    old = Waiting(ConversationId(b"o" * 16), frozenset(), NOW - 60)
    assert due_at(fresh, settings) == NOW + 50
    result = plan([fresh, labelled, old], agents(), settings, None, NOW)
    assert [c for c, _ in result.assignments] == [labelled.conversation_id, old.conversation_id]
    assert result.next_due == NOW + 50
    assert due_at(fresh, ON) is None  # no wait set: due at once


def test_ties_in_order_are_the_queue_order() -> None:
    first, second = waiting(2)
    result = plan([second, first], agents(), ON, None, NOW)
    assert [c for c, _ in result.assignments] == [second.conversation_id, first.conversation_id]


def test_settings_refusals() -> None:
    assert settings_refusal(ON) is None
    assert settings_refusal(AssignmentSettings(True, 0)) == "capacity"
    assert settings_refusal(AssignmentSettings(True, 2, (AgentRule(ANNA, 1000),))) == "capacity"
    assert settings_refusal(AssignmentSettings(True, 2, wait_for_menu_seconds=-1)) == "wait"
    twice = (AgentRule(ANNA, 1), AgentRule(ANNA, 2))
    assert settings_refusal(AssignmentSettings(True, 2, twice)) == "duplicate"


def test_canonical_sorts_and_drops_empty_rules() -> None:
    messy = AssignmentSettings(
        True,
        2,
        (AgentRule(CARL, None, (ORDERS, BILLING, ORDERS)), AgentRule(BEN), AgentRule(ANNA, 3)),
    )
    assert canonical(messy).rules == (AgentRule(ANNA, 3), AgentRule(CARL, None, (BILLING, ORDERS)))
