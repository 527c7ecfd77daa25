"""Every query the views and sync run walks an index: none reads a whole table or sorts.

Written when migration 0011 dropped indexes to make applies cheaper; a query that lost its
index would still answer right, only slowly on a large replica, so the plans are checked here.
"""

from __future__ import annotations

import re

import pytest

from app.domain.model import QueueView
from app.store import (
    batch,
    batch_customers,
    list_rows,
    outbox,
    profile,
    queries,
    replica,
    search,
    syncstate,
)
from app.store.replica import Replica
from tests.unit.store.builders import ANNA, LogBuilder, conversation_of, raw

pytestmark = pytest.mark.asyncio

CID = conversation_of("CC.alice")
TABLES = {
    "conversations",
    "customers",
    "customer_ids",
    "messages",
    "events",
    "outbox",
    "wamid_status",
    "conversation_labels",
}
SORTS_A_FEW = {"by wa_id", "detail", "labels of"}
"""These sort what one customer has (their rows under a phone number, their ids, their
labels): a handful."""
_BARE_SCAN = re.compile(r"^SCAN (\w+)(?: AS \w+)?$")

PLANS: dict[str, tuple[str, tuple[object, ...]]] = {
    **{
        f"page {view.name}": (
            queries._SQL_PAGE.format(filter=queries._FILTERS[view]),
            ((ANNA,) if view is QueueView.MINE else ()) + (10, 0),
        )
        for view in QueueView
    },
    "label page": (
        queries._SQL_LABEL_PAGE.format(filter=queries._FILTERS[QueueView.UNASSIGNED]),
        (b"l" * 16, 10, 0),
    ),
    "label count": (
        queries._SQL_LABEL_COUNT.format(filter=queries._FILTERS[QueueView.MINE]),
        (ANNA, b"l" * 16),
    ),
    "labels of": (list_rows._SQL_LABELS_OF.format("?"), (CID,)),
    "unread": (queries._SQL_UNREAD, (ANNA,)),
    "next wake": (queries._SQL_NEXT_WAKE, ()),
    "snoozes due": (queries._SQL_DUE, (1_000, 10)),
    "detail": (queries._SQL_DETAIL, (CID,)),
    "messages page": (queries._SQL_MESSAGES, (CID, 1 << 40, 30)),
    "message": (queries._SQL_MESSAGE, (b"e" * 16,)),
    "last seen": (queries._SQL_LAST_SEEN, (ANNA,)),
    "subject seq": (syncstate._SQL_SUBJECT_SEQ, ("sb.t.ev.x",)),
    "others wrote after": (syncstate._SQL_OTHERS_AFTER, ("sb.t.ev.x", 5, ANNA)),
    "event seq": (syncstate._SQL_EVENT_SEQ, (b"e" * 16,)),
    "by wa_id": (replica._SQL_BY_WA_ID, ("4915112345678",)),
    "search span": (search._SQL_SPAN, (CID,)),
    "search in conversation": (search._SQL_CONVERSATION, ('"x"', 10, 1, CID, 10)),
    "search everywhere": (search._SQL_GLOBAL, ('"x"', 10, 10)),
    "resolved lines": (profile._SQL_RESOLVED, (CID, 10, 10)),
    "recent": (profile._SQL_RECENT, (CID, 10)),
    "outbox due": (outbox._SQL_DUE, (1_000, 10)),
    "outbox pending": (outbox._SQL_HAS_PENDING, (CID,)),
    "known events": (batch._SQL_KNOWN.format("?", "?"), (b"e" * 16, 5)),
    "customer ids": (batch_customers._SQL_IDS.format("?"), ("CC.x", "CC.x")),
    "messages by wamid": (batch._SQL_MESSAGES_BY_WAMID.format("?"), ("wamid.x",)),
}


@pytest.mark.parametrize("name", sorted(PLANS))
async def test_the_query_walks_an_index(replica: Replica, log: LogBuilder, name: str) -> None:
    records = [log.customer(f"m{n}", customer=f"CC.c{n % 3}") for n in range(20)]
    await replica.apply_batch(records, cursor=records[-1].seq)
    sql, params = PLANS[name]
    details = [str(row[-1]) for row in await raw(replica, f"EXPLAIN QUERY PLAN {sql}", params)]
    scanned = [d for d in details if (m := _BARE_SCAN.match(d)) and m[1] in TABLES]
    assert not scanned, details
    if name not in SORTS_A_FEW:
        assert not any("TEMP B-TREE" in d for d in details), details
