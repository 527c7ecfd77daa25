"""Labels and canned replies for the fake desk the UI tests use: the same rules as the real
services (`app.services.labels`, `app.services.canned`), kept in memory and shared by the fake
team's desks. `tests/contract/test_lists_contract.py` holds both to the same assertions."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from app.domain.assignment import OFF, AssignmentSettings
from app.domain.canned import CannedId, CannedReply, CannedScope, canned_refusal
from app.domain.errors import CannedRefused, ConversationUnknown, LabelRefused, NotPermitted
from app.domain.ids import ConversationId, DeviceId
from app.domain.labels import Label, LabelId, by_name, clean_label_name, label_refusal
from app.domain.model import ConversationSummary
from app.domain.releases import Release
from app.services.api import Changes


@dataclass
class FakeLists:
    """What every desk of the fake team agrees on."""

    publish: Callable[[Changes], None]
    conversations: Callable[[], set[ConversationId]]
    admins: set[DeviceId] = field(default_factory=set)
    labels: dict[LabelId, Label] = field(default_factory=dict)
    marks: dict[ConversationId, set[LabelId]] = field(default_factory=dict)
    canned: dict[CannedId, CannedReply] = field(default_factory=dict)
    releases: list[Release] = field(default_factory=list)
    """Versions admins announced, in log order (`tests.helpers.fake_releases`)."""
    assignment: AssignmentSettings = OFF
    """Auto-assignment as an admin set it last (`tests.helpers.fake_assignment`)."""
    away: set[DeviceId] = field(default_factory=set)
    """Agents who said they are away."""
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def new_id(self) -> bytes:
        return b"list" + next(self._ids).to_bytes(12, "big")

    def labels_of(self, conversation_id: ConversationId) -> tuple[LabelId, ...]:
        marked = self.marks.get(conversation_id, set())
        return tuple(
            k.label_id for k in by_name(list(self.labels.values())) if k.label_id in marked
        )

    def with_labels(self, row: ConversationSummary) -> ConversationSummary:
        return replace(row, labels=self.labels_of(row.conversation_id))

    def define(self, name: str, colour: int) -> LabelId:
        """A label an admin defined (set-up for tests)."""
        label_id = LabelId(self.new_id())
        self.labels[label_id] = Label(label_id, clean_label_name(name), colour)
        self.publish(Changes(labels_changed=True, queue_changed=True))
        return label_id


class FakeLabelBook:
    """One desk's `LabelsApi` over the team's `FakeLists`."""

    def __init__(self, lists: FakeLists, me: DeviceId) -> None:
        self._lists = lists
        self._me = me

    def is_admin(self) -> bool:
        return self._me in self._lists.admins

    async def labels(self) -> list[Label]:
        return by_name(list(self._lists.labels.values()))

    async def labels_of(self, conversation_id: ConversationId) -> tuple[LabelId, ...]:
        return self._lists.labels_of(conversation_id)

    async def save_label(self, label_id: LabelId | None, name: str, colour: int) -> LabelId:
        self._require_admin()
        known = self._lists.labels
        if label_id is not None and label_id not in known:
            raise LabelRefused("label-unknown")
        others = tuple(k for k in known.values() if k.label_id != label_id)
        refusal = label_refusal(name, colour, others)
        if refusal is not None and (refusal != "too-many-labels" or label_id is None):
            raise LabelRefused(refusal)
        chosen = label_id if label_id is not None else LabelId(self._lists.new_id())
        known[chosen] = Label(chosen, clean_label_name(name), colour)
        self._lists.publish(Changes(labels_changed=True, queue_changed=True))
        return chosen

    async def delete_label(self, label_id: LabelId) -> None:
        self._require_admin()
        if self._lists.labels.pop(label_id, None) is None:
            raise LabelRefused("label-unknown")
        for marked in self._lists.marks.values():
            marked.discard(label_id)
        self._lists.publish(Changes(labels_changed=True, queue_changed=True))

    async def set_label(self, conversation_id: ConversationId, label_id: LabelId, on: bool) -> None:
        if conversation_id not in self._lists.conversations():
            raise ConversationUnknown("unknown conversation")
        if label_id not in self._lists.labels:
            raise LabelRefused("label-unknown")
        marked = self._lists.marks.setdefault(conversation_id, set())
        if (label_id in marked) == on:
            return
        (marked.add if on else marked.discard)(label_id)
        self._lists.publish(Changes(frozenset({conversation_id}), queue_changed=True))

    def _require_admin(self) -> None:
        if not self.is_admin():
            raise NotPermitted("only an admin manages labels")


class FakeCannedBook:
    """One desk's `CannedApi` over the team's `FakeLists` (one device per person)."""

    def __init__(self, lists: FakeLists, me: DeviceId) -> None:
        self._lists = lists
        self._me = me

    def is_admin(self) -> bool:
        return self._me in self._lists.admins

    def may_edit(self, reply: CannedReply) -> bool:
        if reply.scope is CannedScope.SHARED:
            return self.is_admin()
        return reply.owner == self._me

    async def canned_replies(self) -> list[CannedReply]:
        mine = [
            r
            for r in self._lists.canned.values()
            if r.scope is CannedScope.SHARED or r.owner == self._me
        ]
        return sorted(mine, key=lambda r: (r.shortcut.casefold(), int(r.scope), r.canned_id))

    async def save_canned(
        self, canned_id: CannedId | None, scope: CannedScope, shortcut: str, body: str
    ) -> CannedId:
        shortcut, body = shortcut.strip().lstrip("/"), body.strip()
        if scope is CannedScope.SHARED and not self.is_admin():
            raise NotPermitted("only an admin manages shared canned replies")
        known = await self.canned_replies()
        owner = self._me
        if canned_id is not None:
            owner = self._editable(known, canned_id).owner
        others = [r for r in known if r.canned_id != canned_id]
        count = sum(1 for r in others if r.scope is scope)
        refusal = canned_refusal(shortcut, body, others, count if canned_id is None else 0)
        if refusal is not None:
            raise CannedRefused(refusal)
        chosen = canned_id if canned_id is not None else CannedId(self._lists.new_id())
        self._lists.canned[chosen] = CannedReply(chosen, shortcut, body, scope, owner)
        self._lists.publish(Changes(canned_changed=True))
        return chosen

    async def delete_canned(self, canned_id: CannedId) -> None:
        self._editable(await self.canned_replies(), canned_id)
        del self._lists.canned[canned_id]
        self._lists.publish(Changes(canned_changed=True))

    def _editable(self, known: list[CannedReply], canned_id: CannedId) -> CannedReply:
        reply = next((r for r in known if r.canned_id == canned_id), None)
        if reply is None:
            raise CannedRefused("canned-unknown")
        if not self.may_edit(reply):
            if reply.scope is CannedScope.SHARED:
                raise NotPermitted("only an admin manages shared canned replies")
            raise CannedRefused("canned-not-yours")
        return reply
