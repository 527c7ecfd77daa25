"""The fold's working set for the team's lists: labels, conversations' labels, canned replies.

PURE. `BatchState.lists` holds what a batch loaded and changed of them; the kinds
`label_defined`, `conversation_labelled` and `canned_reply` fold into it, and the store's
`list_rows` loads and writes it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain.canned import CannedId, CannedScope
from app.domain.ids import ConversationId, DeviceId
from app.domain.labels import Label, LabelId


@dataclass(frozen=True, slots=True)
class StoredLabel:
    """A `labels` row: the label as last defined, or its tombstone."""

    label_id: LabelId
    name: str
    colour: int
    deleted: bool
    seq: int

    def as_label(self) -> Label:
        return Label(self.label_id, self.name, self.colour)


@dataclass(frozen=True, slots=True)
class StoredCanned:
    """A `canned_replies` row: the reply as last defined, or its tombstone."""

    canned_id: CannedId
    scope: CannedScope
    owner: DeviceId
    shortcut: str
    body: str
    deleted: bool
    seq: int


@dataclass(slots=True)
class ListsState:
    """What one batch read and changed of the team's lists."""

    labels: dict[LabelId, StoredLabel] = field(default_factory=dict)
    """Every label the replica has (tombstones too), loaded when a batch names any label."""
    changed_labels: dict[LabelId, None] = field(default_factory=dict)
    marks: dict[tuple[ConversationId, LabelId], bool] = field(default_factory=dict)
    """Whether each conversation carries each label now, for the pairs the batch changed."""
    canned: dict[CannedId, StoredCanned] = field(default_factory=dict)
    """The canned replies the batch names."""
    changed_canned: dict[CannedId, None] = field(default_factory=dict)

    def live_labels(self) -> tuple[Label, ...]:
        return tuple(s.as_label() for s in self.labels.values() if not s.deleted)
