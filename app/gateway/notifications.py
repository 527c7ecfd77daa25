"""The notification API's parts, put together for the gateway service (docs/notifications.md).

The store, the token book folded from admins' events, the sender over the gateway's one send
queue, the bulk jobs and the HTTP routes: `Gateway` opens this before following `.out` (the
tokens must be loaded when the first request arrives) and closes it after the send queue.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from app.domain.templates import TemplateDef
from app.gateway.api_tokens import TokenBook
from app.gateway.graph import GraphClient
from app.gateway.notify_api import NotificationApi
from app.gateway.notify_bulk import BulkJobs
from app.gateway.notify_send import NotificationSender
from app.gateway.notify_store import NotifyStore
from app.gateway.parse_opt_outs import opt_outs
from app.gateway.sender import SendQueue
from app.log.events import NotificationSent


class Notifications:
    """Back-office systems' notifications, for one gateway."""

    def __init__(
        self,
        state_dir: Path,
        queue: SendQueue,
        graph: Callable[[], GraphClient | None],
        catalogue: Callable[[], Sequence[TemplateDef] | None],
        publish: Callable[[NotificationSent], Awaitable[None]],
        clock: Callable[[], float],
    ) -> None:
        self.store = NotifyStore(state_dir)
        self.tokens = TokenBook(self.store)
        self.sender = NotificationSender(self.store, queue, graph, catalogue, publish, clock)
        self.bulk = BulkJobs(self.store, self.sender)
        self.api = NotificationApi(self.tokens, self.sender, self.bulk)

    async def open(self) -> None:
        await self.store.open()
        await self.tokens.load()

    def on_webhook(self, document: object, events: Sequence[object], number_id: str | None) -> None:
        self.sender.on_webhook(events, opt_outs(document, number_id))

    async def stop(self) -> None:
        """Stop bulk jobs and watchers (before the send queue stops: sends in it finish)."""
        await self.bulk.stop()
        await self.sender.stop()

    async def close(self) -> None:
        await self.store.close()
