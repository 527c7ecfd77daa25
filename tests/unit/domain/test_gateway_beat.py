"""What a desk makes of its gateways' beats: running, not heard, cannot reach WhatsApp;
replays and far-off beats refused; any one gateway heard is enough."""

from __future__ import annotations

import dataclasses

from app.domain.gateway_beat import (
    MAX_SKEW,
    NO_GATEWAY,
    BeatBoard,
    GatewayBeat,
    GatewayState,
    WhatsAppLink,
    not_heard_after,
)
from app.domain.ids import DeviceId

START = 1_700_000_000.0
ONE = DeviceId(b"\x01" * 16)
TWO = DeviceId(b"\x02" * 16)
BOTH = frozenset({ONE, TWO})
QUIET = not_heard_after(5.0)


def beat(gateway: DeviceId = ONE, at: float = START, **changes: object) -> GatewayBeat:
    made = GatewayBeat(gateway, at, 5.0, WhatsAppLink.OK, 0.0, 0, 0)
    return dataclasses.replace(made, **changes)  # type: ignore[arg-type]


def test_a_team_without_a_gateway_says_nothing() -> None:
    assert BeatBoard(START).health(START + 999, frozenset()) is NO_GATEWAY


def test_unknown_at_first_then_not_heard_when_no_beat_comes() -> None:
    board = BeatBoard(START)

    assert board.health(START + QUIET, BOTH).state is GatewayState.UNKNOWN
    silent = board.health(START + QUIET + 0.1, BOTH)
    assert (silent.state, silent.last_heard) == (GatewayState.NOT_HEARD, None)


def test_running_while_beats_come_and_not_heard_after_three_missed() -> None:
    board = BeatBoard(START)
    assert board.receive(beat(at=START + 1), START + 1.2)

    assert board.health(START + 1.2 + QUIET, BOTH).state is GatewayState.RUNNING
    late = board.health(START + 1.3 + QUIET, BOTH)
    assert (late.state, late.last_heard) == (GatewayState.NOT_HEARD, START + 1.2)
    assert QUIET == 16.0  # three beats of 5 s and a second of slack


def test_the_interval_a_beat_announces_sets_the_silence_allowed() -> None:
    board = BeatBoard(START)
    board.receive(beat(at=START, beat_every=0.5), START)

    assert board.health(START + 2.5, BOTH).state is GatewayState.RUNNING
    assert board.health(START + 2.6, BOTH).state is GatewayState.NOT_HEARD
    assert not_heard_after(3600) == not_heard_after(60)  # a beat cannot buy an hour


def test_a_replayed_or_older_beat_is_refused() -> None:
    board = BeatBoard(START)
    assert board.receive(beat(at=START + 5), START + 5)

    assert not board.receive(beat(at=START + 5), START + 30)
    assert not board.receive(beat(at=START + 4), START + 30)
    assert board.health(START + 30, BOTH).state is GatewayState.NOT_HEARD


def test_a_beat_far_from_the_desks_clock_is_refused() -> None:
    board = BeatBoard(START)

    assert not board.receive(beat(at=START - MAX_SKEW - 1), START)
    assert not board.receive(beat(at=START + MAX_SKEW + 1), START)
    assert board.receive(beat(at=START - MAX_SKEW + 1), START)


def test_any_gateway_heard_and_reaching_whatsapp_is_enough() -> None:
    board = BeatBoard(START)
    board.receive(beat(ONE, START, link=WhatsAppLink.NO_ANSWER, waiting_sends=2), START)
    board.receive(beat(TWO, START, link=WhatsAppLink.OK, waiting_webhooks=3), START)

    health = board.health(START + 1, BOTH)
    assert (health.state, health.waiting_sends, health.waiting_webhooks) == (
        GatewayState.RUNNING,
        2,
        3,
    )
    # Only the one that cannot reach Meta is still in the team.
    assert board.health(START + 1, frozenset({ONE})).state is GatewayState.CANNOT_REACH_WHATSAPP


def test_cannot_reach_says_the_worst_reason_and_since_when() -> None:
    board = BeatBoard(START)
    board.receive(beat(ONE, START, link=WhatsAppLink.NO_ANSWER, link_since=START - 9), START)
    board.receive(beat(TWO, START, link=WhatsAppLink.REFUSED, link_since=START - 60), START)

    health = board.health(START + 1, BOTH)
    assert (health.state, health.link, health.link_since) == (
        GatewayState.CANNOT_REACH_WHATSAPP,
        WhatsAppLink.REFUSED,
        START - 60,
    )


def test_a_removed_gateway_no_longer_counts() -> None:
    board = BeatBoard(START)
    board.receive(beat(ONE, START), START)

    assert board.health(START + QUIET + 1, frozenset({TWO})).state is GatewayState.NOT_HEARD


def test_listening_again_gives_the_gateways_one_interval() -> None:
    board = BeatBoard(START)
    board.receive(beat(at=START), START)
    board.listening_again(START + 100)

    assert board.health(START + 100 + QUIET, BOTH).state is GatewayState.UNKNOWN
    after = board.health(START + 101 + QUIET, BOTH)
    assert (after.state, after.last_heard) == (GatewayState.NOT_HEARD, START)
