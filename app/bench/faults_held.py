"""A desk's side of the fault "offline while the 24-hour window closes" (`faults_window`).

The scripted agent leaves a customer message marked held (`faults_agent.HELD_PREFIX`)
unanswered, so the runner can have it answered at the moment it chooses: once the desk is cut
from the hub. These are the desk process's commands for it, each answered with one JSON object:

- ``holds <wamid>``: ``{"holds": true}`` when the message is in one of this desk's own
  conversations.
- ``answer <wamid>``: the agent answers it now, as a person typing into the composer would;
  ``{"answered": <event id hex>}``, or ``{"refused": <error code>}``.
- ``window <wamid>``: what the composer of its conversation offers now, by this desk's
  clock: ``{"open": bool, "templates": int}`` (the approved templates the agent may pick once
  the window has closed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.bench.faults_agent import all_messages, reply_text
from app.domain import rules
from app.domain.errors import SwitchboardError
from app.domain.ids import ConversationId
from app.domain.model import Direction, QueueView
from app.services.desk import DeskSession

COMMANDS = frozenset({"holds", "answer", "window"})
PAGE = 200


async def held_command(
    desk: DeskSession, clock: Callable[[], float], command: str, wamid: str
) -> dict[str, Any]:
    """Answer one of `COMMANDS` about the customer message `wamid`."""
    conversation = await _own_conversation_of(desk, wamid)
    if command == "holds":
        return {"holds": conversation is not None}
    if conversation is None:
        return {"refused": "not-mine"}
    if command == "answer":
        try:
            reply = await desk.reply(conversation, reply_text(wamid))
        except SwitchboardError as error:
            return {"refused": error.code}
        return {"answered": reply.event_id.hex()}
    detail = await desk.conversation(conversation)
    last_inbound_at = None if detail is None else detail.last_inbound_at
    is_open = rules.window_open(last_inbound_at, int(clock()))
    return {"open": is_open, "templates": len(await desk.templates())}


async def _own_conversation_of(desk: DeskSession, wamid: str) -> ConversationId | None:
    """This desk's own conversation that holds the customer message `wamid`, if any."""
    for row in await desk.queue_page(QueueView.MINE, 0, PAGE):
        for message in await all_messages(desk, row.conversation_id):
            if message.direction is Direction.INBOUND and message.wamid == wamid:
                return row.conversation_id
    return None
