"""The team's lists as the UI sees them: labels and canned replies (Protocols, so `ui`
depends on no implementation; `LabelBook` and `CannedBook` implement them)."""

from __future__ import annotations

from typing import Protocol

from app.domain.canned import CannedId, CannedReply, CannedScope
from app.domain.ids import ConversationId
from app.domain.labels import Label, LabelId


class LabelsApi(Protocol):
    """Labels: admins define them; any agent puts them on conversations. `Changes` with
    `labels_changed` say when to ask `labels()` again; a conversation's labels change with
    its row (`queue_changed`, `conversations`)."""

    def is_admin(self) -> bool:
        """Whether this desk may define, change and delete labels; cheap, no I/O."""
        ...

    async def labels(self) -> list[Label]:
        """The team's labels, by name."""
        ...

    async def labels_of(self, conversation_id: ConversationId) -> tuple[LabelId, ...]:
        """The labels a conversation carries, by name."""
        ...

    async def save_label(self, label_id: LabelId | None, name: str, colour: int) -> LabelId:
        """Define a label (`label_id` None) or rename or recolour one; returns its id.

        Raises:
            NotPermitted: Not an admin's desk.
            LabelRefused: The name is empty, too long or taken (`reason`).
            HubUnreachable: The hub did not take it.
        """
        ...

    async def delete_label(self, label_id: LabelId) -> None:
        """Delete a label (it comes off every conversation). Raises as `save_label`."""
        ...

    async def set_label(self, conversation_id: ConversationId, label_id: LabelId, on: bool) -> None:
        """Put a label on a conversation or take it off.

        Raises:
            LabelRefused: The label was deleted meanwhile.
            HubUnreachable: The hub did not take it.
        """
        ...


class CannedApi(Protocol):
    """Canned replies: shared ones (admins manage them) and this person's personal ones.
    `Changes` with `canned_changed` say when to ask `canned_replies()` again."""

    def is_admin(self) -> bool:
        """Whether this desk may manage the shared replies; cheap, no I/O."""
        ...

    def may_edit(self, reply: CannedReply) -> bool:
        """Whether this desk may change or delete `reply`; cheap, no I/O."""
        ...

    async def canned_replies(self) -> list[CannedReply]:
        """The shared replies and this person's personal ones, by shortcut."""
        ...

    async def save_canned(
        self, canned_id: CannedId | None, scope: CannedScope, shortcut: str, body: str
    ) -> CannedId:
        """Define a canned reply (`canned_id` None) or change one; returns its id.

        Raises:
            NotPermitted: A shared reply on a desk that is not an admin's.
            CannedRefused: A rule of `app.domain.canned` is broken (`reason`).
            HubUnreachable: The hub did not take it.
        """
        ...

    async def delete_canned(self, canned_id: CannedId) -> None:
        """Delete a canned reply. Raises as `save_canned`."""
        ...
