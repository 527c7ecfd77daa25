"""The collision guard's service half: refuse a reply that would answer without having seen
the conversation's newest message (`app.domain.presence.send_is_blind`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from app.domain.errors import NewMessagesArrived
from app.domain.ids import ConversationId, DeviceId
from app.domain.model import Message
from app.domain.presence import send_is_blind

PAGE = 20
"""Messages read per look back for the newest one not written by this agent."""
MAX_PAGES = 5
"""Looks back at most; beyond 100 of the agent's own messages in a row nothing can be new."""

MessagesPage = Callable[[ConversationId, int | None, int], Awaitable[list[Message]]]
"""`DeskApi.messages_page`'s shape: older than a position (None: newest), oldest first."""


async def newest_foreign_position(
    messages_page: MessagesPage, conversation_id: ConversationId, me: DeviceId
) -> int | None:
    """The position of the conversation's newest message not written from this device."""
    before: int | None = None
    for _ in range(MAX_PAGES):
        page = await messages_page(conversation_id, before, PAGE)
        for message in reversed(page):
            if message.author != me:
                return message.position
        if len(page) < PAGE:
            return None
        before = page[0].position
    return None


async def refuse_blind_send(
    messages_page: MessagesPage,
    conversation_id: ConversationId,
    me: DeviceId,
    seen_position: int | None,
) -> None:
    """Raise if a customer's or colleague's message is newer than what the agent had seen.

    Raises:
        NewMessagesArrived: With the newest such message's position.
    """
    if seen_position is None:
        return
    newest = await newest_foreign_position(messages_page, conversation_id, me)
    if send_is_blind(seen_position, newest):
        assert newest is not None  # send_is_blind is False without one
        raise NewMessagesArrived(newest)
