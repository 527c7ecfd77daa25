"""The activity report's queries read a range of time by index, never a whole table: a report
over one week of a years-old replica reads that week (migration 0021's messages_by_time)."""

from __future__ import annotations

import re

import pytest

from app.domain.reports import Period
from app.store import report_rows
from app.store.replica import Replica
from tests.unit.store.builders import LogBuilder, raw

pytestmark = pytest.mark.asyncio

_BARE_SCAN = re.compile(r"^SCAN (messages|message_pricing)(?: AS \w+)?$")
_RANGE = (1_000, 2_000)
PLANS = {
    "episodes": report_rows._SQL_EPISODES.format(
        period=report_rows.period_sql(Period.WEEK, "o.opened_at")
    ),
    "messages": report_rows._SQL_MESSAGES.format(period=report_rows.period_sql(Period.DAY)),
    "billable": report_rows._SQL_BILLABLE.format(period=report_rows.period_sql(Period.MONTH)),
    "sent by": report_rows._SQL_SENT_BY,
    "hours": report_rows._SQL_HOURS,
}


@pytest.mark.parametrize("name", sorted(PLANS))
async def test_the_report_query_seeks_its_range(
    replica: Replica, log: LogBuilder, name: str
) -> None:
    records = [log.customer(f"m{n}", customer=f"CC.c{n % 3}") for n in range(20)]
    await replica.apply_batch(records, cursor=records[-1].seq)
    plan = await raw(replica, f"EXPLAIN QUERY PLAN {PLANS[name]}", _RANGE)
    details = [str(row[-1]) for row in plan]
    assert not [d for d in details if _BARE_SCAN.match(d)], details
    assert any("_by_time (at>? AND at<?)" in d for d in details), details
