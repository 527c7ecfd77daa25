"""How a customer's edits and deletions change their messages (cloud-api.md §16).

PURE: the fold's working set in, changed rows out. Every version of an edited message is kept
(`customer_edits` rows, the original first) so an agent can look at what was written before; a
deletion drops them all and leaves a tombstone (`Deleted`), as the customer asked. An edit or a
deletion may reach the log before the message it names (Meta does not order webhooks, and a
message may predate the team's history): it is kept by the target's wamid and applied when the
message arrives (`settle`), so nothing the customer did is lost.
"""

from __future__ import annotations

from dataclasses import replace

from app.domain.content import Content, Deleted, Media, searchable_text
from app.domain.ids import CustomerId, Wamid
from app.domain.model import Direction, Message
from app.log.state import BatchState
from app.log.values import StoredEdit


def target_of(state: BatchState, wamid: Wamid, customer_id: CustomerId) -> Message | None:
    """The customer's own message `wamid` names, or None while this replica does not have it.

    Raises:
        PermissionError: The message is not this customer's (ours, or another's chat).
    """
    event_id = state.by_wamid.get(wamid)
    message = None if event_id is None else state.messages.get(event_id)
    if message is None:
        return None
    if message.direction is not Direction.INBOUND:
        raise PermissionError("customers change only their own messages")
    if state.customer_map.get(customer_id) != message.conversation_id:
        raise PermissionError("customers change only their own messages")
    return message


def is_deleted(state: BatchState, wamid: Wamid) -> bool:
    return any(row.content is None for row in state.edits.get(wamid, ()))


def add_version(state: BatchState, row: StoredEdit) -> None:
    state.edits.setdefault(row.target, []).append(row)
    state.new_edits.append(row)


def keep_original(state: BatchState, message: Message) -> None:
    """Make the message's own content its first version, before an edit replaces it."""
    if message.wamid is None or message.content is None:
        return
    rows = state.edits.setdefault(message.wamid, [])
    if any(row.seq == message.position for row in rows):
        return
    original = StoredEdit(message.wamid, message.position, message.at, message.content)
    rows.insert(0, original)
    state.new_edits.append(original)


def drop_versions(state: BatchState, wamid: Wamid, deletion: StoredEdit) -> None:
    """Forget every version of `wamid` (stored or about to be) and keep only the deletion."""
    state.new_edits = [row for row in state.new_edits if row.target != wamid]
    state.dropped_edits[wamid] = None
    state.edits[wamid] = [deletion]
    state.new_edits.append(deletion)


def shown(state: BatchState, message: Message) -> Message:
    """The message as the customer's changes leave it: deleted, newest edit, or as sent."""
    rows = state.edits.get(message.wamid) if message.wamid is not None else None
    if not rows:
        return message
    if any(row.content is None for row in rows):
        return replace(message, content=Deleted(), text="")
    newest = max(rows, key=lambda row: (row.at, row.seq))
    assert newest.content is not None
    return _with_content(message, newest.content)


def settle(state: BatchState, message: Message) -> Message:
    """A customer's message arriving after its own edits or deletion: apply them now."""
    if message.wamid is None or not state.edits.get(message.wamid):
        return message
    if not is_deleted(state, message.wamid):
        keep_original(state, message)
    return shown(state, message)


def show(state: BatchState, before: Message, after: Message) -> None:
    """Write the changed message, and the queue's preview if it showed this message."""
    state.put_message(after)
    conv = state.conversations.get(before.conversation_id)
    if conv is None or (conv.last_at, conv.last_text, conv.last_kind) != (
        before.at,
        before.text,
        before.kind,
    ):
        return
    state.put_conversation(replace(conv, last_text=after.text, last_kind=after.kind))


def _with_content(message: Message, content: Content) -> Message:
    if isinstance(content, Media) and isinstance(message.content, Media):
        # An edit changes a caption, never the file: keep the one the message has.
        content = replace(message.content, caption=content.caption)
    return replace(message, content=content, text=searchable_text(content))
