"""The fault suite's ground truth: what desks show beside what the customers sent and got."""

from __future__ import annotations

from app.bench.faults_agent import DeskReport, ReplySeen, reply_text
from app.bench.faults_check import received_counts, tally


def _desk(inbound: dict[str, int], *replies: tuple[str, str, str]) -> DeskReport:
    seen = [ReplySeen(event, wamid, status, 0) for event, wamid, status in replies]
    return DeskReport(inbound, seen, "ok", "online")


def test_a_message_on_every_desk_answered_and_received_once_is_settled_and_clean() -> None:
    desk = _desk({"w1": 1}, ("e1", "w1", "DELIVERED"))

    counted = tally(["w1"], {"A": desk, "B": desk}, received_counts([reply_text("w1")]))

    assert counted.settled
    assert counted.clean
    assert (counted.sent, counted.applied, counted.replies) == (1, (1, 1), 1)


def test_a_message_missing_on_one_desk_is_lost() -> None:
    answered = _desk({"w1": 1}, ("e1", "w1", "READ"))
    behind = _desk({}, ("e1", "w1", "READ"))

    counted = tally(["w1"], {"A": answered, "B": behind}, {"w1": 1})

    assert (counted.lost, counted.applied, counted.settled) == (1, (1, 0), False)


def test_a_reply_shown_as_sent_that_never_arrived_is_lost() -> None:
    desk = _desk({"w1": 1}, ("e1", "w1", "SENT"))

    counted = tally(["w1"], {"A": desk}, {})

    assert (counted.lost, counted.failed) == (1, 0)


def test_a_reply_shown_as_failed_that_did_not_arrive_is_told_not_lost() -> None:
    desk = _desk({"w1": 1}, ("e1", "w1", "FAILED"))

    counted = tally(["w1"], {"A": desk}, {})

    assert (counted.lost, counted.failed, counted.wrongly_marked) == (0, 1, 0)
    assert counted.settled


def test_a_reply_shown_as_failed_that_arrived_is_wrongly_marked() -> None:
    desk = _desk({"w1": 1}, ("e1", "w1", "FAILED"))

    counted = tally(["w1"], {"A": desk}, {"w1": 1})

    assert counted.wrongly_marked == 1
    assert not counted.clean


def test_copies_on_a_desk_answers_twice_and_replies_received_twice_are_duplicates() -> None:
    desk = _desk({"w1": 2}, ("e1", "w1", "READ"), ("e2", "w1", "READ"))

    counted = tally(["w1"], {"A": desk}, {"w1": 2})

    assert counted.duplicated == 1 + 1 + 1


def test_a_reply_still_queued_is_not_settled_yet() -> None:
    desk = _desk({"w1": 1}, ("e1", "w1", "QUEUED"))

    assert not tally(["w1"], {"A": desk}, {"w1": 1}).settled


def test_only_the_agents_answers_count_as_received() -> None:
    assert received_counts([reply_text("w1"), "hello", reply_text("w1")]) == {"w1": 2}
