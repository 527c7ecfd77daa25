"""`NoticeFeed`: turns what the log applied into notices addressed to this desk.

The sync engine hands each applied batch's change set to the session, which passes it here. For
every new message of a thread (a customer's message, a note, a hand-over's activity line) the
feed reads it and its conversation from the replica and asks the pure rules of
`app.domain.notify` what it tells whom (`notices_of`): a new conversation (everyone), a message
to its holder, a mention, a hand-over; then it keeps only what is addressed to this desk
(`addressed_to`) and tells the listeners.

History is not news: what a desk applies while it catches up after opening (its first sync, or
the backlog since it last ran) gives no notice. The batch that completes the catch-up is still
history; everything after it is live.

Reading the replica is I/O, and the engine's sink is a plain callback: one worker task reads
the batches in the order they were applied, so notices keep the log's order. Nothing here logs
the words of a message or a customer's name.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from app.aio import cancel_and_wait
from app.domain.ids import DeviceId, EventId, short
from app.domain.model import Direction, SyncProgress
from app.domain.notify import Notice, addressed_to, notices_of, opens_conversation
from app.services.api import NoticeListener
from app.store.records import ChangeSet
from app.store.replica import Replica

log = logging.getLogger(__name__)

_TELLING = frozenset({Direction.INBOUND, Direction.NOTE, Direction.ACTIVITY})
"""Messages that may tell someone something; our replies tell nobody."""
_LOOK_BACK = 50
"""Thread items read before a customer's message to see whether it opens the conversation."""


class NoticeFeed:
    """The notices of one desk, from the change sets its engine applied."""

    def __init__(self, me: DeviceId, replica: Replica) -> None:
        self._me = me
        self._replica = replica
        self._listeners: list[NoticeListener] = []
        self._caught_up: bool | None = None
        """None until the desk has started following the log."""
        self._batch_is_live = False
        self._pending: asyncio.Queue[tuple[EventId, ...]] = asyncio.Queue()
        self._worker: asyncio.Task[None] | None = None

    def subscribe(self, listener: NoticeListener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def started(self, progress: SyncProgress) -> None:
        """The engine started following the log from where the replica stood.

        What the hub already holds by now is history; a desk that has nothing to catch up on
        is live at once.
        """
        self._caught_up = progress.caught_up

    def progressed(self, progress: SyncProgress) -> None:
        """The engine's progress report, which comes before the change set of the same batch.

        A batch is live when the desk had caught up before it was applied.
        """
        self._batch_is_live = bool(self._caught_up)
        if self._caught_up is not None and progress.caught_up:
            self._caught_up = True

    def applied(self, changes: ChangeSet) -> None:
        """The engine applied a batch: look at its new messages, if the batch is live."""
        if not self._batch_is_live or not changes.new_messages or not self._listeners:
            return
        if self._worker is None:
            self._worker = asyncio.get_running_loop().create_task(
                self._work(), name=f"notices-{short(self._me)}"
            )
        self._pending.put_nowait(changes.new_messages)

    async def close(self) -> None:
        """Stop reading the replica (before it closes); notices not yet read are dropped."""
        await cancel_and_wait(self._worker)
        self._worker = None

    async def _work(self) -> None:
        while True:
            batch = await self._pending.get()
            for event_id in batch:
                try:
                    notices = await self._notices_for(event_id)
                except Exception:  # a bad row must not end the notices of the session
                    log.exception("no notice for message %s", short(event_id))
                    continue
                for notice in notices:
                    if addressed_to(notice, self._me):
                        self._tell(notice)

    async def _notices_for(self, event_id: EventId) -> list[Notice]:
        message = await self._replica.message_by_event_id(event_id)
        if message is None or message.direction not in _TELLING:
            return []
        detail = await self._replica.conversation(message.conversation_id)
        if detail is None:
            return []
        opens = message.direction is Direction.INBOUND and opens_conversation(
            await self._replica.messages_page(message.conversation_id, message.position, _LOOK_BACK)
        )
        return notices_of(
            message, assignee=detail.assignee, opens=opens, customer_name=detail.customer_name
        )

    def _tell(self, notice: Notice) -> None:
        for listener in list(self._listeners):
            try:
                listener(notice)
            except Exception:  # one listener's bug must not silence the others
                log.exception("a notice listener failed")
