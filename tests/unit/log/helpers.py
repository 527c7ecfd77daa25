"""Reading back what a kind's fold did: the conversation row, the thread, the tab counts."""

from __future__ import annotations

from app.domain.ids import DeviceId
from app.domain.model import ConversationDetail, Message, QueueView
from app.store.records import AppliedRecord
from app.store.replica import Replica
from tests.unit.store.builders import conversation_of, raw


async def apply(replica: Replica, *records: AppliedRecord) -> None:
    """Each record in its own batch, as a live desk often sees them."""
    for record in records:
        await replica.apply_batch([record], record.seq)


async def detail(replica: Replica, customer: str = "CC.alice") -> ConversationDetail:
    found = await replica.conversation(conversation_of(customer))
    assert found is not None
    return found


async def thread(replica: Replica, customer: str = "CC.alice") -> list[Message]:
    return list(await replica.messages_page(conversation_of(customer), None, 100))


async def counts(replica: Replica, me: DeviceId) -> dict[QueueView, int]:
    return {view: await replica.conversation_count(view, me=me) for view in QueueView}


async def recounted(replica: Replica, me: DeviceId) -> dict[QueueView, int]:
    """The tab counts by counting rows, to hold the kept buckets to."""
    found: dict[QueueView, int] = {}
    for view in QueueView:
        page = await replica.conversation_page(view, 0, 10_000, me=me)
        found[view] = len(page)
    return found


async def outcome_of(replica: Replica, record: AppliedRecord) -> int:
    rows = await raw(replica, "SELECT outcome FROM events WHERE stream_seq = ?", (record.seq,))
    return int(rows[0][0])
