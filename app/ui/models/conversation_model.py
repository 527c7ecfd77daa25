"""The messages of one conversation: `ConversationSource` owns them, `ConversationModel` adapts.

The newest page loads first; older pages are prepended when the reader scrolls to the top
(`fetchMore`). Changes refresh the newest page and merge it into what is loaded, matching rows by
event id, so a pending reply turns into a sent one in place instead of flickering.
"""

from __future__ import annotations

import enum
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from app.domain.content import Activity
from app.domain.ids import ConversationId
from app.domain.model import DeliveryStatus, Direction, Message, QuotedMessage
from app.services.api import Changes, DeskApi
from app.ui import content_text, handling_words, wording
from app.ui.models.keyed_model import Index, KeyedListModel, role_names

PAGE_SIZE = 50


class ConversationSource:
    """The loaded messages of one conversation, oldest first.

    Attributes:
        rows: Loaded messages in conversation order.
        has_older: Whether older messages may exist beyond the first loaded one.
    """

    def __init__(
        self, api: DeskApi, conversation_id: ConversationId, page_size: int = PAGE_SIZE
    ) -> None:
        self.api = api
        self.conversation_id = conversation_id
        self.page_size = page_size
        self.rows: list[Message] = []
        self.has_older = False

    async def load_newest(self) -> list[Message]:
        """Load the newest page; returns all rows."""
        page = await self.api.messages_page(self.conversation_id, None, self.page_size)
        self.rows = list(page)
        self.has_older = len(page) == self.page_size
        return self.rows

    async def load_older(self) -> list[Message]:
        """Load the page before the oldest loaded message; returns only the new rows."""
        before = self.rows[0].position if self.rows else None
        page = await self.api.messages_page(self.conversation_id, before, self.page_size)
        self.has_older = len(page) == self.page_size
        loaded = {m.event_id for m in self.rows}
        older = [m for m in page if m.event_id not in loaded]
        self.rows[0:0] = older
        return older

    async def refresh(self) -> list[Message]:
        """Reload the newest page and merge it with the older loaded rows; returns all rows."""
        page = await self.api.messages_page(self.conversation_id, None, self.page_size)
        merged = self._merge(page, self.page_size)
        if merged is None:
            # More arrived than one page holds: reload everything we show, in one call.
            limit = len(self.rows) + self.page_size
            page = await self.api.messages_page(self.conversation_id, None, limit)
            merged = self._merge(page, limit) or list(page)
        self.rows = merged
        return self.rows

    def _merge(self, page: list[Message], limit: int) -> list[Message] | None:
        if len(page) < limit or not self.rows:
            self.has_older = len(page) == limit
            return list(page)
        in_page = {m.event_id for m in page}
        first_overlap = next((i for i, m in enumerate(self.rows) if m.event_id in in_page), None)
        if first_overlap is None:
            return None  # a gap between what we have and the new page
        return self.rows[:first_overlap] + list(page)


class MessageRole(enum.IntEnum):
    """Data roles of `ConversationModel` (DisplayRole is the text)."""

    EVENT_ID = Qt.ItemDataRole.UserRole + 1
    TEXT = enum.auto()
    DIRECTION = enum.auto()
    AT = enum.auto()
    """Unix seconds."""
    AUTHOR_NAME = enum.auto()
    """The sending agent's name for outbound messages, "" for the customer's."""
    STATUS = enum.auto()
    ERROR_CODE = enum.auto()
    POSITION = enum.auto()
    KIND = enum.auto()
    """The `ContentKind` (a reply's too: a text, or a file an agent sent)."""
    CONTENT = enum.auto()
    """The message's `Content`; None for replies stored before replies kept theirs."""
    CONTEXT = enum.auto()
    """The `MessageContext`: quote, forwarded flags, referral."""
    REACTION = enum.auto()
    """The customer's reaction (an emoji), "" for none."""
    QUOTED = enum.auto()
    """The quoted `QuotedMessage`, when the replica has it (else None)."""
    QUOTED_AUTHOR = enum.auto()
    """Who wrote the quoted message, in words ("Customer", an agent's name); "" if unknown."""
    LINE_TEXT = enum.auto()
    """For an activity line, what it says in words ("Anna transferred … to Ben"); else ""."""
    EDITED = enum.auto()
    """Whether the customer edited the message (its earlier versions can be shown)."""


_ATTRIBUTES: dict[int, str] = {
    MessageRole.EVENT_ID: "event_id",
    MessageRole.DIRECTION: "direction",
    MessageRole.AT: "at",
    MessageRole.STATUS: "status",
    MessageRole.ERROR_CODE: "error_code",
    MessageRole.POSITION: "position",
    MessageRole.KIND: "kind",
    MessageRole.CONTENT: "content",
    MessageRole.CONTEXT: "context",
    MessageRole.REACTION: "reaction",
    MessageRole.QUOTED: "quoted",
    MessageRole.EDITED: "edited",
}


def _message_key(message: Message) -> bytes:
    return message.event_id


class ConversationModel(KeyedListModel[Message]):
    """The messages of one conversation, newest page first, older pages on demand.

    Qt's views call `fetchMore` when the *last* row is visible, which in a chat is where the
    newest messages are. So fetching is armed only while the reader is at the top
    (`set_top_reached`), or the view would page through the whole history on its own.

    Signals:
        load_failed(SwitchboardError): Inherited; messages could not be loaded.
        loading_changed(bool): Inherited.
    """

    revealed = Signal(int)
    """The message asked for with `reveal` is loaded, in this row."""

    def __init__(
        self,
        api: DeskApi,
        conversation_id: ConversationId,
        *,
        page_size: int = PAGE_SIZE,
        coalesce_ms: int = 50,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(_message_key, coalesce_ms=coalesce_ms, parent=parent)
        self._api = api
        self._source = ConversationSource(api, conversation_id, page_size)
        self._top_reached = False
        self._reveal_target: tuple[bytes, int] | None = None
        self.loading_changed.connect(self._loading_changed)

    @property
    def conversation_id(self) -> ConversationId:
        return self._source.conversation_id

    def start(self) -> None:
        """Load the newest page."""
        self._run_step(self._newest)

    def set_top_reached(self, reached: bool) -> None:
        """The view reports whether the oldest loaded message is in sight."""
        self._top_reached = reached

    def reveal(self, event_id: bytes, position: int) -> None:
        """Load older pages until the message with `event_id` (at `position`) is loaded, then
        emit `revealed`; a load already running finishes first."""
        self._reveal_target = (event_id, position)
        self._loading_changed(self.busy)

    def _loading_changed(self, loading: bool) -> None:
        if not loading and self._reveal_target is not None:
            self._run_step(self._reveal_step)

    async def _reveal_step(self) -> None:
        target, self._reveal_target = self._reveal_target, None
        if target is None:
            return
        event_id, position = target
        while self.row_of(event_id) is None and self._source.has_older:
            if self._source.rows and self._source.rows[0].position < position:
                break  # it would be loaded by now: the message is not in this conversation
            self.insert_rows(0, await self._source.load_older())
        row = self.row_of(event_id)
        if row is not None:
            self.revealed.emit(row)

    def apply_changes(self, changes: Changes) -> None:
        """Refresh soon if the change set touches this conversation."""
        if self.conversation_id in changes.conversations or changes.messages & self.keys():
            self.schedule_refresh()

    def canFetchMore(self, parent: Index) -> bool:
        return (
            not parent.isValid() and self._top_reached and not self.busy and self._source.has_older
        )

    def fetchMore(self, parent: Index) -> None:
        if self.canFetchMore(parent):
            self._run_step(self._older)

    def roleNames(self) -> dict[int, Any]:
        return role_names({role.value: role.name.lower() for role in MessageRole})

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        message = self.row_value(index)
        if message is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, MessageRole.TEXT):
            return message.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(message)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._spoken(message)
        return self._role_value(message, role)

    def _role_value(self, message: Message, role: int) -> Any:
        if role == MessageRole.AUTHOR_NAME:
            return self._author(message)
        if role == MessageRole.QUOTED_AUTHOR:
            return self._quoted_author(message.quoted)
        if role == MessageRole.LINE_TEXT:
            return self._line_text(message)
        attribute = _ATTRIBUTES.get(role)
        return getattr(message, attribute) if attribute is not None else None

    def _line_text(self, message: Message) -> str:
        if not isinstance(message.content, Activity):
            return ""
        actor = self._author(message)
        return handling_words.activity_line(
            message.content, actor, self._api.agent_name, self._api.me
        )

    def _spoken(self, message: Message) -> str:
        """What a screen reader says for a bubble: who, when, what, and the reaction."""
        if message.direction is Direction.ACTIVITY:
            return f"{wording.clock_time(message.at)}: {self._line_text(message)}"
        if message.direction is Direction.NOTE:
            who = self.tr("Private note by %1").replace("%1", self._author(message))
            return f"{who}, {wording.clock_time(message.at)}: {message.text}"
        who = self._author(message) or self.tr("Customer")
        said = f"{who}, {wording.clock_time(message.at)}: "
        said += content_text.preview(message.kind, message.text)
        if message.edited:
            said += ". " + self.tr("Edited by the customer")
        if message.reaction:
            said += ". " + self.tr("Customer reacted %1").replace("%1", message.reaction)
        return said

    def _quoted_author(self, quoted: QuotedMessage | None) -> str:
        if quoted is None:
            return ""
        if quoted.direction is Direction.INBOUND:
            return self.tr("Customer")
        if quoted.author is None:
            return self.tr("Business")
        return self._api.agent_name(quoted.author)

    def _author(self, message: Message) -> str:
        if message.from_phone:
            # Meta does not say who typed it on the phone (cloud-api.md §15.2), only where.
            return self.tr("From the phone")
        if message.sent_by_system:
            # Not an agent: the name an admin gave the system's token (docs/notifications.md).
            return self.tr("%1 (system)").replace("%1", message.sent_by_system)
        if message.direction is Direction.INBOUND or message.author is None:
            return ""
        return self._api.agent_name(message.author)

    def _tooltip(self, message: Message) -> str:
        when = wording.clock_time(message.at)
        if message.direction is not Direction.OUTBOUND:
            return when  # the customer's, a note, an activity line: no delivery to tell of
        if message.from_phone:
            return self.tr("Sent from the WhatsApp Business app on the phone, %1").replace(
                "%1", when
            )
        if message.sent_by_system:
            said = self.tr("Notification sent by the back-office system %1").replace(
                "%1", message.sent_by_system
            )
            return f"{said} · {wording.status_text(message.status)} · {when}"
        if message.status is DeliveryStatus.FAILED:
            return wording.failure_reason(message.error_code)
        if message.status is DeliveryStatus.UNCERTAIN:
            return wording.uncertain_reason(message.error_code)
        if message.status is DeliveryStatus.CONFLICT:
            return self.tr(
                "Not sent: a colleague changed this conversation while you were writing. "
                "Read what changed and send again if it still fits."
            )
        return f"{wording.status_text(message.status)} · {when}"

    async def _newest(self) -> None:
        self.set_rows(await self._source.load_newest())

    async def _older(self) -> None:
        self.insert_rows(0, await self._source.load_older())

    async def _refresh(self) -> None:
        self.set_rows(await self._source.refresh())
