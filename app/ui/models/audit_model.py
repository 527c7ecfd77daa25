"""The audit trail as a table, loaded a page at a time as the view scrolls.

A new filter starts a new generation: the first page is asked for off the UI thread, and an
answer for an older generation is dropped, so a slow answer never shows under a newer filter.
Further pages follow by keyset (`before` = the last entry's log position) through Qt's
`canFetchMore`/`fetchMore`, so the replica is never read whole. Checking signatures runs for the
entries loaded so far, and fills the last column.
"""

from __future__ import annotations

import enum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.domain.audit import NEWEST, AuditEntry, AuditFilter, Verification
from app.domain.errors import SwitchboardError
from app.services.audit_api import AuditApi
from app.ui import audit_words
from app.ui.bridge import loop_running, spawn

PAGE_SIZE = 100

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class AuditColumn(enum.IntEnum):
    WHEN = 0
    PERSON = 1
    ACTION = 2
    WHAT = 3
    COLLEAGUE = 4
    CHECK = 5


ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's `AuditEntry`."""


class AuditModel(QAbstractTableModel):
    """Audit entries passing a filter, newest first.

    Signals:
        loaded(): A first page arrived (possibly empty).
        load_failed(SwitchboardError): The replica could not answer.
        checked(int, int): Signatures were checked: how many verified, how many failed.
    """

    loaded = Signal()
    load_failed = Signal(object)
    checked = Signal(int, int)

    def __init__(self, api: AuditApi, page_size: int = PAGE_SIZE, parent: QObject | None = None):
        super().__init__(parent)
        self._api = api
        self._page_size = page_size
        self._entries: list[AuditEntry] = []
        self._verdicts: dict[int, Verification] = {}
        self._filter = AuditFilter()
        self._generation = 0
        self._has_more = False
        self._fetching = False

    @property
    def entries(self) -> list[AuditEntry]:
        return list(self._entries)

    @property
    def current_filter(self) -> AuditFilter:
        return self._filter

    def set_filter(self, wanted: AuditFilter) -> None:
        """Show the entries passing `wanted`, from the newest."""
        self._filter = wanted
        self._generation += 1
        self._fetching = False
        if loop_running():
            spawn(self, self._first_page(self._generation), name="audit")

    async def _first_page(self, generation: int) -> None:
        entries = await self._ask(NEWEST)
        if generation != self._generation:
            return
        self.beginResetModel()
        self._entries = entries or []
        self._verdicts = {}
        self._has_more = len(self._entries) == self._page_size
        self.endResetModel()
        self.loaded.emit()

    async def _next_page(self, generation: int) -> None:
        entries = await self._ask(self._entries[-1].seq)
        if generation != self._generation or entries is None:
            return
        self._fetching = False
        self._has_more = len(entries) == self._page_size
        if entries:
            first = len(self._entries)
            self.beginInsertRows(_ROOT, first, first + len(entries) - 1)
            self._entries += entries
            self.endInsertRows()

    async def _ask(self, before: int) -> list[AuditEntry] | None:
        try:
            return await self._api.page(self._filter, before, self._page_size)
        except SwitchboardError as error:
            self.load_failed.emit(error)
            return None

    def check_signatures(self) -> None:
        """Check the loaded entries against the team chain (off the UI thread)."""
        if self._entries and loop_running():
            spawn(self, self._check(self._generation, list(self._entries)), name="audit-check")

    async def _check(self, generation: int, entries: list[AuditEntry]) -> None:
        try:
            verdicts = await self._api.verify(entries)
        except SwitchboardError as error:
            self.load_failed.emit(error)
            return
        if generation != self._generation:
            return
        self._verdicts.update(verdicts)
        if self._entries:
            column = AuditColumn.CHECK
            self.dataChanged.emit(self.index(0, column), self.index(len(self._entries) - 1, column))
        values = list(verdicts.values())
        self.checked.emit(values.count(Verification.VERIFIED), values.count(Verification.FAILED))

    def verdict(self, row: int) -> Verification:
        entry = self._entries[row]
        return self._verdicts.get(entry.seq, Verification.UNCHECKED)

    # Qt API --------------------------------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(AuditColumn)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._has_more and not self._fetching

    def fetchMore(self, parent: Index) -> None:
        if self.canFetchMore(parent) and self._entries and loop_running():
            self._fetching = True
            spawn(self, self._next_page(self._generation), name="audit-more")

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (
            self.tr("When"),
            self.tr("Who"),
            self.tr("Action"),
            self.tr("Concerning"),
            self.tr("Colleague"),
            self.tr("Signature"),
        )
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == ENTRY_ROLE:
            return entry
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(entry, AuditColumn(index.column()), index.row())
        return None

    def _text(self, entry: AuditEntry, column: AuditColumn, row: int) -> str:
        match column:
            case AuditColumn.WHEN:
                return _when(entry.at)
            case AuditColumn.PERSON:
                return self._api.name(entry.actor)
            case AuditColumn.ACTION:
                return audit_words.action_name(entry.action)
            case AuditColumn.WHAT:
                return audit_words.what(entry)
            case AuditColumn.COLLEAGUE:
                return "" if entry.target is None else self._api.name(entry.target)
            case AuditColumn.CHECK:
                return audit_words.check_text(self.verdict(row))


def _when(at: int) -> str:
    if not at:
        return ""
    moment = QDateTime.fromSecsSinceEpoch(at)
    return QLocale().toString(moment, QLocale.FormatType.ShortFormat)
