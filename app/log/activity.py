"""Lines in a conversation's thread that say who did what (a hand-over, a state change).

The fold writes them as messages of direction ACTIVITY at the record's place in the log, so the
thread, its paging and search show them with no second table; they never count as messages.
"""

from __future__ import annotations

from app.domain.content import Activity
from app.domain.ids import ConversationId
from app.domain.model import DeliveryStatus, Direction, Message
from app.log.state import BatchState
from app.log.values import AppliedRecord


def add_line(
    state: BatchState, record: AppliedRecord, conversation_id: ConversationId, line: Activity
) -> None:
    """Add `line` to the thread, authored by the record's device, at the record's place."""
    state.add_message(
        Message(
            event_id=record.event_id,
            conversation_id=conversation_id,
            direction=Direction.ACTIVITY,
            text=line.note,
            at=record.author_time or 0,
            author=record.author,
            wamid=None,
            status=DeliveryStatus.DELIVERED,
            error_code=0,
            position=record.seq,
            content=line,
        )
    )
