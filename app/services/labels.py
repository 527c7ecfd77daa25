"""Labels as a desk service: admins define them, agents put them on conversations.

Every change is a member event in the team log (`label_defined`, `conversation_labelled`),
checked here against `app.domain.labels` before it is published and again by the fold, so
desks that raced agree on the outcome. A call returns once this replica shows its change.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable

from app.domain.errors import ConversationUnknown, HubUnreachable, LabelRefused, NotPermitted
from app.domain.ids import ConversationId, EventId, short
from app.domain.labels import Label, LabelId, by_name, clean_label_name, label_refusal
from app.domain.model import Role
from app.log.events import ConversationLabelled, Event, LabelDefined
from app.store.replica import Replica
from app.sync.publisher import Publisher
from app.sync.transport import TransportUnavailable

log = logging.getLogger(__name__)

MyRole = Callable[[], Role | None]
"""This device's role on the validated chain (None once it was removed)."""
Reached = Callable[[int], Awaitable[None]]
"""Waits until this replica applied a stream sequence (`SyncEngine.reached`)."""


class LabelBook:
    """The team's labels for one desk (`DeskApi.labels`)."""

    def __init__(
        self,
        replica: Replica,
        publisher: Publisher,
        role: MyRole,
        reached: Reached,
    ) -> None:
        self._replica = replica
        self._publisher = publisher
        self._role = role
        self._reached = reached

    def is_admin(self) -> bool:
        """Whether this desk may define, change and delete labels; cheap, no I/O."""
        return self._role() is Role.ADMIN

    async def labels(self) -> list[Label]:
        """The team's labels, by name."""
        return by_name(await self._replica.labels())

    async def labels_of(self, conversation_id: ConversationId) -> tuple[LabelId, ...]:
        """The labels a conversation carries, by name."""
        return await self._replica.labels_of(conversation_id)

    async def save_label(self, label_id: LabelId | None, name: str, colour: int) -> LabelId:
        """Define a new label (`label_id` None) or rename or recolour one. Returns its id.

        Raises:
            NotPermitted: This desk is not an admin's.
            LabelRefused: The name is empty, too long or taken, or the label is gone.
            HubUnreachable: The hub did not take it.
        """
        self._require_admin()
        known = await self._replica.labels()
        if label_id is not None and all(k.label_id != label_id for k in known):
            raise LabelRefused("label-unknown")
        others = tuple(k for k in known if k.label_id != label_id)
        refusal = label_refusal(name, colour, others)
        if refusal is not None and (refusal != "too-many-labels" or label_id is None):
            raise LabelRefused(refusal)
        chosen = label_id if label_id is not None else LabelId(os.urandom(16))
        await self._publish(LabelDefined(chosen, clean_label_name(name), colour), chosen)
        log.info("label %s defined", short(chosen))
        return chosen

    async def delete_label(self, label_id: LabelId) -> None:
        """Delete a label; it comes off every conversation. Raises as `save_label`."""
        self._require_admin()
        known = {k.label_id: k for k in await self._replica.labels()}
        label = known.get(label_id)
        if label is None:
            raise LabelRefused("label-unknown")
        await self._publish(LabelDefined(label_id, label.name, label.colour, True), label_id)

    async def set_label(self, conversation_id: ConversationId, label_id: LabelId, on: bool) -> None:
        """Put a label on a conversation (`on`) or take it off; any agent may.

        Raises:
            ConversationUnknown: No such conversation here.
            LabelRefused: `label-unknown`: the label was deleted meanwhile.
            HubUnreachable: The hub did not take it.
        """
        if await self._replica.conversation(conversation_id) is None:
            raise ConversationUnknown("unknown conversation")
        if all(k.label_id != label_id for k in await self._replica.labels()):
            raise LabelRefused("label-unknown")
        if (label_id in await self._replica.labels_of(conversation_id)) == on:
            return  # already so: nothing to publish
        await self._publish(ConversationLabelled(conversation_id, label_id, on), conversation_id)

    def _require_admin(self) -> None:
        if not self.is_admin():
            raise NotPermitted("only an admin manages labels")

    async def _publish(self, event: Event, subject_id: bytes) -> None:
        await publish_list_event(self._publisher, self._reached, event, subject_id)


async def publish_list_event(
    publisher: Publisher, reached: Reached, event: Event, subject_id: bytes
) -> None:
    """Publish a guard-neutral event of the team's lists on the subject of `subject_id` (a
    label's or canned reply's own id, which the hub cannot tell from a conversation's, or the
    conversation's) and wait until this replica applied it.

    Raises:
        HubUnreachable: The hub did not take it, or it has not come back yet.
    """
    try:
        seq = await publisher.member_event(
            event, ConversationId(subject_id), EventId(os.urandom(16)), None
        )
    except TransportUnavailable:
        raise HubUnreachable("the hub did not take the change") from None
    await wait_applied(reached, seq)


async def wait_applied(reached: Reached, seq: int) -> None:
    """What the agent did shows when the call returns."""
    try:
        await reached(seq)
    except TimeoutError:
        raise HubUnreachable("the change is stored but has not come back yet") from None
