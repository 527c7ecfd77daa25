"""The activity report's queries (issue 12, item 6): SQL aggregates over the replica, never the
messages themselves. What comes back is one row per conversation episode and counts per period;
`app.domain.reports` turns them into figures.

Episodes are cut by window functions: a running count of RESOLVED lines numbers each thread's
episodes, and one GROUP BY gives each its opening, first reply and resolution. Only messages
within the range are read, so an episode opened before the range is not counted (its reply or
resolution inside the range has nothing to be measured from).
"""

from __future__ import annotations

from app.domain.content import ActivityKind, ContentKind
from app.domain.ids import DeviceId
from app.domain.model import Direction
from app.domain.reports import (
    EpisodeTimes,
    Period,
    PeriodCounts,
    TeamReport,
    agent_lines,
    period_lines,
)
from app.store.db import Tx

_IN, _OUT, _ACT = int(Direction.INBOUND), int(Direction.OUTBOUND), int(Direction.ACTIVITY)

# The period a time falls in, named by its first day (UTC). 'weekday 0' moves on to Sunday (or
# stays on one), six days back is that week's Monday.
_PERIOD_SQL = {
    Period.DAY: "date({0}, 'unixepoch')",
    Period.WEEK: "date({0}, 'unixepoch', 'weekday 0', '-6 days')",
    Period.MONTH: "date({0}, 'unixepoch', 'start of month')",
}

_RESOLVES = (
    f"(direction = {_ACT} AND content_kind = {ContentKind.ACTIVITY:d} "
    f"AND json_extract(CAST(content AS TEXT), '$.v.activity') = {ActivityKind.RESOLVED:d})"
)
# The episode number counts RESOLVED lines before a message (a RESOLVED line ends its own).
# The first reply is the earliest team message after the episode's first customer message, and
# its author is picked by that same position (SQLite's bare column beside min()). What a system
# sent (the gateway's greeting or away message, a back-office notification) is no one's answer:
# left out here, a greeting would put every first response at about a second.
_SQL_EPISODES = f"""
WITH marked AS (
    SELECT conversation_id, position, direction, at, author, resolves,
        sum(resolves) OVER thread - resolves AS episode
    FROM (
        SELECT conversation_id, position, direction, at, author, {_RESOLVES} AS resolves
        FROM messages WHERE at >= ? AND at < ? AND direction IN ({_IN}, {_OUT}, {_ACT})
            AND sent_by_system = ''
    )
    WINDOW thread AS (PARTITION BY conversation_id ORDER BY position ROWS UNBOUNDED PRECEDING)
),
opened AS (
    SELECT conversation_id, episode, min(position) AS first_position, min(at) AS opened_at
    FROM marked WHERE direction = {_IN} GROUP BY conversation_id, episode
)
SELECT {{period}} AS period, o.opened_at,
    (SELECT m.at FROM marked AS m WHERE m.conversation_id = o.conversation_id
        AND m.episode = o.episode AND m.direction = {_OUT} AND m.position > o.first_position
        ORDER BY m.position LIMIT 1) AS responded_at,
    (SELECT m.author FROM marked AS m WHERE m.conversation_id = o.conversation_id
        AND m.episode = o.episode AND m.direction = {_OUT} AND m.position > o.first_position
        ORDER BY m.position LIMIT 1) AS responder,
    (SELECT m.at FROM marked AS m WHERE m.conversation_id = o.conversation_id
        AND m.episode = o.episode AND m.resolves) AS resolved_at,
    (SELECT m.author FROM marked AS m WHERE m.conversation_id = o.conversation_id
        AND m.episode = o.episode AND m.resolves) AS resolver
FROM opened AS o ORDER BY o.opened_at
"""
_SQL_MESSAGES = (
    "SELECT {period} AS period, direction, count(*) AS n FROM messages "
    f"WHERE at >= ? AND at < ? AND direction IN ({_IN}, {_OUT}) GROUP BY 1, 2"
)
_SQL_BILLABLE = (
    "SELECT {period} AS period, category, count(*) AS n FROM message_pricing "
    "WHERE at >= ? AND at < ? AND billable GROUP BY 1, 2 ORDER BY 1, 2"
)
_SQL_SENT_BY = (
    "SELECT author, count(*) AS n FROM messages "
    f"WHERE at >= ? AND at < ? AND direction = {_OUT} AND author IS NOT NULL GROUP BY author"
)
_SQL_HOURS = (
    "SELECT CAST(strftime('%H', at, 'unixepoch') AS INTEGER) AS hour, count(*) AS n "
    f"FROM messages WHERE at >= ? AND at < ? AND direction = {_IN} GROUP BY 1"
)


def _device(value: bytes | None) -> DeviceId | None:
    return None if value is None else DeviceId(bytes(value))


def period_sql(period: Period, column: str = "at") -> str:
    """The SQL expression naming the period `column` (Unix seconds) falls in."""
    return _PERIOD_SQL[period].format(column)


async def episodes(tx: Tx, start: int, end: int, period: Period) -> list[EpisodeTimes]:
    """Every conversation episode opened in [start, end), oldest first."""
    sql = _SQL_EPISODES.format(period=period_sql(period, "o.opened_at"))
    return [
        EpisodeTimes(
            period=str(row["period"]),
            opened_at=int(row["opened_at"]),
            responded_at=None if row["responded_at"] is None else int(row["responded_at"]),
            responder=_device(row["responder"]),
            resolved_at=None if row["resolved_at"] is None else int(row["resolved_at"]),
            resolver=_device(row["resolver"]),
        )
        for row in await tx.fetchall(sql, (start, end))
    ]


async def period_counts(tx: Tx, start: int, end: int, period: Period) -> dict[str, PeriodCounts]:
    """Messages in and out and billable messages by category, per period of [start, end)."""
    inout: dict[str, dict[int, int]] = {}
    sql = _SQL_MESSAGES.format(period=period_sql(period))
    for row in await tx.fetchall(sql, (start, end)):
        inout.setdefault(str(row["period"]), {})[int(row["direction"])] = int(row["n"])
    billable: dict[str, list[tuple[str, int]]] = {}
    sql = _SQL_BILLABLE.format(period=period_sql(period))
    for row in await tx.fetchall(sql, (start, end)):
        billable.setdefault(str(row["period"]), []).append((str(row["category"]), int(row["n"])))
    return {
        name: PeriodCounts(
            messages_in=inout.get(name, {}).get(_IN, 0),
            messages_out=inout.get(name, {}).get(_OUT, 0),
            billable=tuple(billable.get(name, ())),
        )
        for name in set(inout) | set(billable)
    }


async def sent_by(tx: Tx, start: int, end: int) -> dict[DeviceId, int]:
    """Messages each agent sent to customers in [start, end)."""
    rows = await tx.fetchall(_SQL_SENT_BY, (start, end))
    return {DeviceId(bytes(row["author"])): int(row["n"]) for row in rows}


async def busiest_hours(tx: Tx, start: int, end: int) -> tuple[int, ...]:
    """Customer messages in [start, end) by hour of day (UTC): 24 counts."""
    hours = [0] * 24
    for row in await tx.fetchall(_SQL_HOURS, (start, end)):
        hours[int(row["hour"])] = int(row["n"])
    return tuple(hours)


async def team_report(tx: Tx, start: int, end: int, period: Period) -> TeamReport:
    """The whole report over [start, end), without agents' names (the desk knows those)."""
    found = await episodes(tx, start, end, period)
    return TeamReport(
        periods=period_lines(found, await period_counts(tx, start, end, period)),
        agents=agent_lines(found, await sent_by(tx, start, end)),
        busiest_hours=await busiest_hours(tx, start, end),
    )
