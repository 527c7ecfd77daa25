"""The audit trail's and the export's queries walk an index whatever the filter: a page never
reads the events table whole or sorts it (`test_query_plans` does the same for the views)."""

from __future__ import annotations

import pytest

from app.domain.audit import NEWEST, AuditAction, AuditFilter
from app.store import audit_rows, export_rows
from app.store.replica import Replica
from tests.unit.store.builders import ANNA, LogBuilder, conversation_of, raw
from tests.unit.store.test_query_plans import _BARE_SCAN, TABLES

pytestmark = pytest.mark.asyncio

CID = conversation_of("CC.alice")
_TWO = frozenset({AuditAction.CLAIMED, AuditAction.SENT})
FILTERS = {
    "everything": AuditFilter(),
    "one person": AuditFilter(actor=ANNA),
    "one action": AuditFilter(actions=frozenset({AuditAction.CLAIMED})),
    "two actions": AuditFilter(actions=_TWO),
    "one conversation": AuditFilter(conversation_id=CID),
    "days": AuditFilter(since=1_000, until=2_000),
    "person and actions": AuditFilter(actor=ANNA, actions=_TWO),
}


def _plans() -> dict[str, tuple[str, tuple[object, ...]]]:
    plans: dict[str, tuple[str, tuple[object, ...]]] = {}
    for name, wanted in FILTERS.items():
        filters, params = audit_rows._where(wanted)
        sql = audit_rows._SQL_PAGE.format(index=audit_rows._index(wanted), filters=filters)
        plans[f"audit {name}"] = (sql, (NEWEST, *params, 100))
    plans["chain page"] = (audit_rows._SQL_CHAIN_PAGE, (NEWEST, 64))
    plans["envelopes"] = (audit_rows._SQL_ENVELOPES.format("?"), (5,))
    plans["export conversations"] = (export_rows._SQL_CONVERSATIONS, (b"", 200))
    plans["export messages"] = (export_rows._SQL_MESSAGES, (CID, 0, 200))
    return plans


PLANS = _plans()


@pytest.mark.parametrize("name", sorted(PLANS))
async def test_the_query_walks_an_index(replica: Replica, log: LogBuilder, name: str) -> None:
    records = [log.customer(f"m{n}", customer=f"CC.c{n % 3}") for n in range(20)]
    records += [log.claim(f"CC.c{n}", ANNA) for n in range(3)]
    await replica.apply_batch(records, cursor=records[-1].seq)
    sql, params = PLANS[name]
    details = [str(row[-1]) for row in await raw(replica, f"EXPLAIN QUERY PLAN {sql}", params)]
    scanned = [d for d in details if (m := _BARE_SCAN.match(d)) and m[1] in TABLES]
    assert not scanned, details
    assert not any("TEMP B-TREE" in d for d in details), details
