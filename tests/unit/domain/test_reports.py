"""Medians and 90th percentiles as the report defines them: the mean of the two middle values
for an even count, and the nearest rank (ceil(0.9 n)-th smallest) for the percentile."""

from __future__ import annotations

from app.domain.ids import DeviceId
from app.domain.reports import NO_SPREAD, EpisodeTimes, Spread, agent_lines, period_lines, spread

ANNA = DeviceId(b"A" * 16)


def test_spread_of_nothing_is_empty() -> None:
    assert spread([]) == NO_SPREAD


def test_spread_by_hand() -> None:
    assert spread([7]) == Spread(7.0, 7.0, 1)
    assert spread([30, 10]) == Spread(20.0, 30.0, 2)
    assert spread(range(1, 11)) == Spread(5.5, 9.0, 10)
    assert spread(range(1, 12)) == Spread(6.0, 10.0, 11)


def test_an_unanswered_conversation_counts_as_opened_but_not_in_the_times() -> None:
    waiting = EpisodeTimes("2026-12-07", 100, None, None, None, None)
    answered = EpisodeTimes("2026-12-07", 200, 260, ANNA, 500, ANNA)

    (line,) = period_lines([waiting, answered], {})
    (agent,) = agent_lines([waiting, answered], {ANNA: 4})

    assert (line.opened, line.resolved, line.messages_in) == (2, 1, 0)
    assert line.first_response == Spread(60.0, 60.0, 1)
    assert line.resolution == Spread(300.0, 300.0, 1)
    assert (agent.first_responses, agent.resolved, agent.messages_out) == (1, 1, 4)
