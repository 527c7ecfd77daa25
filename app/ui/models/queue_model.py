"""One tab of the queue: `QueueSource` owns the loaded pages, `QueueModel` adapts them to Qt.

The source is plain Python over `DeskApi` (style.md §2.4 habit 3): it knows pages, totals and
de-duplication, nothing of Qt. The model loads a first page, fetches further pages as the view
scrolls (`canFetchMore`/`fetchMore`), and reloads what it has loaded after changes, coalesced.
A hidden tab only keeps its count fresh and reloads when it is shown again (habit 4).
"""

from __future__ import annotations

import asyncio
import enum
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from app.domain.ids import ConversationId
from app.domain.labels import LabelId
from app.domain.model import ConversationSummary, QueueView
from app.services.api import Changes, DeskApi
from app.ui import content_text, wording
from app.ui.models.keyed_model import Index, KeyedListModel, role_names

PAGE_SIZE = 50


class QueueSource:
    """The rows of one queue view that have been loaded so far, page by page.

    Attributes:
        rows: Loaded rows, in queue order.
        total: How many rows the view has in all, as last counted.
    """

    def __init__(self, api: DeskApi, view: QueueView, page_size: int = PAGE_SIZE) -> None:
        self.api = api
        self.view = view
        self.page_size = page_size
        self.rows: list[ConversationSummary] = []
        self.total = 0
        self._exhausted = False
        self.label: LabelId | None = None
        """Only conversations carrying this label, when set (the queue's label filter)."""

    @property
    def has_more(self) -> bool:
        return not self._exhausted and len(self.rows) < self.total

    async def load_first(self) -> list[ConversationSummary]:
        """Load the first page and the total; returns all rows."""
        self.total, page = await asyncio.gather(
            self.api.queue_count(self.view, self.label),
            self.api.queue_page(self.view, 0, self.page_size, self.label),
        )
        self.rows = list(page)
        self._exhausted = len(page) < self.page_size
        return self.rows

    async def load_more(self) -> list[ConversationSummary]:
        """Load the next page; returns only rows not already loaded."""
        page = await self.api.queue_page(self.view, len(self.rows), self.page_size, self.label)
        self._exhausted = len(page) < self.page_size
        # Rows shift while we page (a customer writes, a colleague claims); the next reload
        # fixes order, and de-duplication keeps a shifted row from appearing twice meanwhile.
        loaded = {r.conversation_id for r in self.rows}
        fresh = [r for r in page if r.conversation_id not in loaded]
        self.rows.extend(fresh)
        return fresh

    async def reload(self) -> list[ConversationSummary]:
        """Reload as many rows as are loaded (at least a page); returns all rows."""
        limit = max(self.page_size, len(self.rows))
        self.total, page = await asyncio.gather(
            self.api.queue_count(self.view, self.label),
            self.api.queue_page(self.view, 0, limit, self.label),
        )
        self.rows = list(page)
        self._exhausted = len(page) < limit
        return self.rows

    async def recount(self) -> int:
        self.total = await self.api.queue_count(self.view, self.label)
        return self.total


class QueueRole(enum.IntEnum):
    """Data roles of `QueueModel` (DisplayRole is the customer's name)."""

    CONVERSATION_ID = Qt.ItemDataRole.UserRole + 1
    CUSTOMER_NAME = enum.auto()
    CUSTOMER_ID = enum.auto()
    PREVIEW = enum.auto()
    """The newest message in one line, with its kind's label: "Photo · receipt"."""
    PREVIEW_KIND = enum.auto()
    """The `ContentKind` of the newest message (the row paints its icon)."""
    WAITING_SINCE = enum.auto()
    """Unix seconds since the customer waits for an answer, or None."""
    LAST_AT = enum.auto()
    ASSIGNEE_NAME = enum.auto()
    """The assigned agent's name, "" when unassigned."""
    ASSIGNED_TO_ME = enum.auto()
    UNREAD = enum.auto()
    PRESENCE = enum.auto()
    """(initial, typing) of a colleague viewing or typing there now (typists first), or None."""
    LABELS = enum.auto()
    """[(name, colour)] of the labels it carries, by name."""


def _summary_key(row: ConversationSummary) -> bytes:
    return row.conversation_id


class QueueModel(KeyedListModel[ConversationSummary]):
    """The conversations of one queue view, loaded a page at a time.

    Signals:
        total_changed(int): The number of conversations in the view changed.
        load_failed(SwitchboardError): Inherited; a page could not be loaded.
        loading_changed(bool): Inherited.
    """

    total_changed = Signal(int)

    def __init__(
        self,
        api: DeskApi,
        view: QueueView,
        *,
        page_size: int = PAGE_SIZE,
        coalesce_ms: int = 50,
        clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(_summary_key, coalesce_ms=coalesce_ms, parent=parent)
        self._api = api
        self._clock = clock
        self._source = QueueSource(api, view, page_size)
        self._active = True
        self._stale = False
        self._last_total = -1
        self._chips: Callable[[tuple[LabelId, ...]], list[tuple[str, int]]] = _no_chips

    def set_label_names(
        self, chips: Callable[[tuple[LabelId, ...]], list[tuple[str, int]]]
    ) -> None:
        """How rows name their labels (`LabelCatalogue.chips`); repaint with it."""
        self._chips = chips
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0), self.index(self.rowCount() - 1), [QueueRole.LABELS]
            )

    @property
    def label_filter(self) -> LabelId | None:
        return self._source.label

    def set_label_filter(self, label: LabelId | None) -> None:
        """List only the conversations carrying `label` (None: all); loads again at once."""
        if label == self._source.label:
            return
        self._source.label = label
        self.schedule_refresh()

    @property
    def view(self) -> QueueView:
        return self._source.view

    @property
    def total(self) -> int:
        return self._source.total

    def start(self) -> None:
        """Load the first page."""
        self._run_step(self._first)

    def set_active(self, active: bool) -> None:
        """Shown tabs reload on changes; hidden ones only recount until shown again."""
        self._active = active
        if active and self._stale:
            self._stale = False
            self.schedule_refresh()

    def apply_changes(self, changes: Changes) -> None:
        """React to a change set from the services: refresh soon if it may touch this view."""
        if changes.queue_changed or changes.conversations & self.keys():
            self.schedule_refresh()
        for key in changes.presence:
            row = self.row_of(key)
            if row is not None:  # presence is asked for when painted: no reload needed
                index = self.index(row)
                self.dataChanged.emit(index, index, [QueueRole.PRESENCE])

    def conversation_id(self, row: int) -> ConversationId | None:
        value = self.row_value(self.index(row))
        return value.conversation_id if value is not None else None

    # Qt API ---------------------------------------------------------------------------------

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self.busy and self._source.has_more

    def fetchMore(self, parent: Index) -> None:
        if self.canFetchMore(parent):
            self._run_step(self._more)

    def roleNames(self) -> dict[int, Any]:
        return role_names({role.value: role.name.lower() for role in QueueRole})

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_value(index)
        if row is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, QueueRole.CUSTOMER_NAME):
            return row.customer_name
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._spoken(row)
        return self._role_value(row, role)

    def _role_value(self, row: ConversationSummary, role: int) -> Any:
        if role == QueueRole.CONVERSATION_ID:
            return row.conversation_id
        if role == QueueRole.CUSTOMER_ID:
            return row.customer_id
        if role == QueueRole.PREVIEW:
            return content_text.preview(row.last_kind, row.last_text)
        if role == QueueRole.PREVIEW_KIND:
            return row.last_kind
        if role == QueueRole.WAITING_SINCE:
            return row.waiting_since
        if role == QueueRole.LAST_AT:
            return row.last_at
        if role == QueueRole.ASSIGNEE_NAME:
            return self._api.agent_name(row.assignee) if row.assignee is not None else ""
        if role == QueueRole.ASSIGNED_TO_ME:
            return row.assignee == self._api.me
        if role == QueueRole.UNREAD:
            return row.unread
        if role == QueueRole.PRESENCE:
            return self._presence_mark(row.conversation_id)
        if role == QueueRole.LABELS:
            return self._chips(row.labels)
        return None

    def _presence_mark(self, conversation_id: ConversationId) -> tuple[str, bool] | None:
        presence = self._api.presence(conversation_id)
        if not presence:
            return None
        first = (presence.typing or presence.viewing)[0]
        return wording.initials(self._api.agent_name(first))[:1], bool(presence.typing)

    def _spoken(self, row: ConversationSummary) -> str:
        parts = [row.customer_name]
        if row.waiting_since is not None:
            waited = wording.duration(int(self._clock()) - row.waiting_since)
            parts.append(self.tr("waiting %1").replace("%1", waited))
        if row.unread:
            parts.append(self.tr("%n unread", "", row.unread))
        if row.assignee is not None:
            name = self._api.agent_name(row.assignee)
            parts.append(self.tr("assigned to %1").replace("%1", name))
        names = [name for name, _ in self._chips(row.labels)]
        if names:
            parts.append(self.tr("labels: %1").replace("%1", ", ".join(names)))
        return ", ".join(parts)

    # Loading steps --------------------------------------------------------------------------

    async def _first(self) -> None:
        self.set_rows(await self._source.load_first())
        self._announce_total()

    async def _more(self) -> None:
        fresh = await self._source.load_more()
        self.insert_rows(self.rowCount(), fresh)
        self._announce_total()

    async def _refresh(self) -> None:
        if self._active:
            self.set_rows(await self._source.reload())
        else:
            self._stale = True
            await self._source.recount()
        self._announce_total()

    def _announce_total(self) -> None:
        if self._source.total != self._last_total:
            self._last_total = self._source.total
            self.total_changed.emit(self._source.total)


def _no_chips(labels: tuple[LabelId, ...]) -> list[tuple[str, int]]:
    return []
