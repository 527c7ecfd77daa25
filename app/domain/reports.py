"""The team's activity report (issue 12, item 6): conversations opened and resolved, how fast
the team answered and resolved them, messages in and out, busiest hours and Meta's billable
messages, per day, week or month and per agent.

A conversation here is one episode of a thread: it opens with the customer's first message
after the thread was last resolved and ends at the next RESOLVED line, as the customer panel
counts earlier conversations (`app.domain.profile`). The store aggregates in SQL and hands over
one row per episode and counts per period; the figures are computed here.

Pure: values and rules, no I/O. Times are Unix seconds, periods are UTC.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum

from app.domain.ids import DeviceId


class Period(IntEnum):
    """How the report groups time; a period is named by its first day, `YYYY-MM-DD` (UTC)."""

    DAY = 1
    WEEK = 2
    """Monday to Sunday (ISO weeks)."""
    MONTH = 3


@dataclass(frozen=True, slots=True)
class EpisodeTimes:
    """One conversation (episode) as the store found it, opened within the report's range."""

    period: str
    opened_at: int
    responded_at: int | None
    """The team's first reply after the customer's first message; None: not answered yet."""
    responder: DeviceId | None
    resolved_at: int | None
    resolver: DeviceId | None


@dataclass(frozen=True, slots=True)
class Spread:
    """Median and 90th percentile of some durations, in seconds; None when there were none."""

    median: float | None
    p90: float | None
    count: int


NO_SPREAD = Spread(None, None, 0)


def spread(durations: Iterable[int]) -> Spread:
    """The median (mean of the two middle values for an even count) and the 90th percentile by
    nearest rank (the smallest value at least 90 % of the values do not exceed)."""
    values = sorted(durations)
    if not values:
        return NO_SPREAD
    rank = math.ceil(0.9 * len(values))
    return Spread(float(statistics.median(values)), float(values[rank - 1]), len(values))


@dataclass(frozen=True, slots=True)
class PeriodCounts:
    """What the store counted in one period (messages by their own time)."""

    messages_in: int = 0
    messages_out: int = 0
    billable: tuple[tuple[str, int], ...] = ()
    """Billable messages by Meta's category word, by the day Meta first priced them."""


@dataclass(frozen=True, slots=True)
class PeriodLine:
    """One period of the report."""

    period: str
    opened: int
    resolved: int
    first_response: Spread
    resolution: Spread
    messages_in: int
    messages_out: int
    billable: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class AgentLine:
    """One agent's share of the whole range."""

    agent: DeviceId
    first_responses: int
    resolved: int
    messages_out: int
    first_response: Spread
    resolution: Spread


@dataclass(frozen=True, slots=True)
class TeamReport:
    """The report over a range: its periods in order, its agents, and inbound messages by hour
    of day (UTC, 24 counts)."""

    periods: tuple[PeriodLine, ...] = ()
    agents: tuple[AgentLine, ...] = ()
    busiest_hours: tuple[int, ...] = (0,) * 24
    names: dict[DeviceId, str] = field(default_factory=dict)


def period_lines(
    episodes: Sequence[EpisodeTimes], counts: dict[str, PeriodCounts]
) -> tuple[PeriodLine, ...]:
    """Each period that had an episode or a count, oldest first. An episode belongs to the
    period it opened in, with its reply and resolution however much later they came."""
    by_period: dict[str, list[EpisodeTimes]] = defaultdict(list)
    for episode in episodes:
        by_period[episode.period].append(episode)
    return tuple(
        _period_line(name, by_period.get(name, []), counts.get(name, PeriodCounts()))
        for name in sorted(set(by_period) | set(counts))
    )


def _period_line(name: str, episodes: list[EpisodeTimes], counts: PeriodCounts) -> PeriodLine:
    return PeriodLine(
        period=name,
        opened=len(episodes),
        resolved=sum(1 for e in episodes if e.resolved_at is not None),
        first_response=spread(_response_times(episodes)),
        resolution=spread(_resolution_times(episodes)),
        messages_in=counts.messages_in,
        messages_out=counts.messages_out,
        billable=counts.billable,
    )


def agent_lines(
    episodes: Sequence[EpisodeTimes], sent: dict[DeviceId, int]
) -> tuple[AgentLine, ...]:
    """Per agent: the first replies they gave (and how fast), the conversations they resolved
    (and how long those took from opening), and their messages sent; by device id order."""
    agents = set(sent)
    agents.update(e.responder for e in episodes if e.responder is not None)
    agents.update(e.resolver for e in episodes if e.resolver is not None)
    return tuple(_agent_line(agent, episodes, sent.get(agent, 0)) for agent in sorted(agents))


def _agent_line(agent: DeviceId, episodes: Sequence[EpisodeTimes], sent: int) -> AgentLine:
    answered = [e for e in episodes if e.responder == agent]
    resolved = [e for e in episodes if e.resolver == agent]
    return AgentLine(
        agent=agent,
        first_responses=len(answered),
        resolved=len(resolved),
        messages_out=sent,
        first_response=spread(_response_times(answered)),
        resolution=spread(_resolution_times(resolved)),
    )


def _response_times(episodes: Iterable[EpisodeTimes]) -> list[int]:
    return [e.responded_at - e.opened_at for e in episodes if e.responded_at is not None]


def _resolution_times(episodes: Iterable[EpisodeTimes]) -> list[int]:
    return [e.resolved_at - e.opened_at for e in episodes if e.resolved_at is not None]
