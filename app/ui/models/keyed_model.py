"""A list model whose rows keep their identity across reloads, loaded by serialised async steps.

Views keep selection, current item and scroll position through persistent indexes. A full model
reset would drop them all and flash the list, so `set_rows` turns a reload into the smallest
honest set of signals: removals, one layout change for moves, insertions, then `dataChanged` for
rows whose values changed.

Loading is asynchronous (`spawn` on the model), one step at a time: a refresh asked for while a
step runs waits for it, and bursts of refresh requests are coalesced by a short timer (style.md
P1: batch model updates per tick).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from app.domain.errors import SwitchboardError
from app.ui.bridge import loop_running, spawn

R = TypeVar("R")
Step = Callable[[], Awaitable[None]]
Index = QModelIndex | QPersistentModelIndex

_ROOT = QModelIndex()


class KeyedListModel(QAbstractListModel, Generic[R]):
    """Rows identified by a bytes key, updated in place; subclasses provide `data()`.

    Signals:
        load_failed(SwitchboardError): A loading step failed with a typed service error.
        loading_changed(bool): A loading step started or the last one finished.
    """

    load_failed = Signal(object)
    loading_changed = Signal(bool)

    def __init__(
        self, key: Callable[[R], bytes], *, coalesce_ms: int = 50, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._key = key
        self._rows: list[R] = []
        self._busy = False
        self._refresh_pending = False
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(coalesce_ms)
        self._refresh_timer.timeout.connect(self._refresh_now)

    # Qt API ---------------------------------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    # Rows -----------------------------------------------------------------------------------

    def row_value(self, index: Index) -> R | None:
        """The row behind `index`, or None for an invalid or stale index."""
        if (
            not index.isValid()
            or index.model() is not self
            or not 0 <= index.row() < len(self._rows)
        ):
            return None
        return self._rows[index.row()]

    def rows(self) -> Sequence[R]:
        return tuple(self._rows)

    def row_of(self, key: bytes) -> int | None:
        """The row holding `key`, if loaded."""
        for i, row in enumerate(self._rows):
            if self._key(row) == key:
                return i
        return None

    def keys(self) -> set[bytes]:
        return {self._key(row) for row in self._rows}

    def set_rows(self, new_rows: Sequence[R]) -> None:
        """Make the model show `new_rows`, keeping the identity of rows with the same key."""
        new_rows = _unique(new_rows, self._key)
        new_keys = [self._key(r) for r in new_rows]
        wanted = set(new_keys)
        self._remove_where(lambda key: key not in wanted)
        kept = {self._key(r) for r in self._rows}
        self._reorder([k for k in new_keys if k in kept])
        self._insert_missing(new_rows)
        self._update_values(new_rows)

    def insert_rows(self, at: int, rows: Sequence[R]) -> None:
        """Insert rows not already shown, at `at` (0 prepends, rowCount appends)."""
        present = self.keys()
        fresh = [r for r in _unique(rows, self._key) if self._key(r) not in present]
        if not fresh:
            return
        self.beginInsertRows(_ROOT, at, at + len(fresh) - 1)
        self._rows[at:at] = fresh
        self.endInsertRows()

    def _remove_where(self, doomed: Callable[[bytes], bool]) -> None:
        end = len(self._rows)
        while end > 0:  # bottom-up, one signal per contiguous run
            if not doomed(self._key(self._rows[end - 1])):
                end -= 1
                continue
            start = end - 1
            while start > 0 and doomed(self._key(self._rows[start - 1])):
                start -= 1
            self.beginRemoveRows(_ROOT, start, end - 1)
            del self._rows[start:end]
            self.endRemoveRows()
            end = start

    def _reorder(self, order: list[bytes]) -> None:
        if [self._key(r) for r in self._rows] == order:
            return
        self.layoutAboutToBeChanged.emit()
        position = {key: i for i, key in enumerate(order)}
        before = self.persistentIndexList()
        after = [self.index(position[self._key(self._rows[p.row()])], p.column()) for p in before]
        self._rows.sort(key=lambda row: position[self._key(row)])
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _insert_missing(self, new_rows: list[R]) -> None:
        present = {self._key(r) for r in self._rows}
        i = 0
        while i < len(new_rows):
            if i < len(self._rows) and self._key(self._rows[i]) == self._key(new_rows[i]):
                i += 1
                continue
            # Survivors are already in order, so a mismatch is a run of new rows starting here.
            end = i
            while end < len(new_rows) and self._key(new_rows[end]) not in present:
                end += 1
            self.beginInsertRows(_ROOT, i, end - 1)
            self._rows[i:i] = new_rows[i:end]
            self.endInsertRows()
            i = end

    def _update_values(self, new_rows: list[R]) -> None:
        changed = [i for i, row in enumerate(new_rows) if self._rows[i] != row]
        self._rows[:] = new_rows
        for first, last in _runs(changed):
            self.dataChanged.emit(self.index(first), self.index(last))

    # Loading --------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Whether a loading step is running."""
        return self._busy

    @property
    def settled(self) -> bool:
        """Whether the rows are as last loaded: no load running, none waiting to start."""
        return not self._busy and not self._refresh_pending and not self._refresh_timer.isActive()

    def schedule_refresh(self) -> None:
        """Ask for a refresh soon; requests within the coalescing interval become one."""
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def _refresh_now(self) -> None:
        self._run_step(self._refresh, refresh=True)

    async def _refresh(self) -> None:
        """Reload what the model shows; subclasses implement it."""
        raise NotImplementedError

    def _run_step(self, step: Step, *, refresh: bool = False) -> bool:
        """Start `step` unless one is running; a refresh is then remembered for afterwards."""
        if self._busy or not loop_running():  # see loop_running: a late timer does nothing
            self._refresh_pending = self._refresh_pending or refresh
            return False
        self._busy = True
        self.loading_changed.emit(True)
        spawn(self, self._guarded(step), name=type(self).__name__)
        return True

    async def _guarded(self, step: Step) -> None:
        try:
            await step()
        except SwitchboardError as error:
            self.load_failed.emit(error)
        self._busy = False
        if self._refresh_pending:
            self._refresh_pending = False
            self._run_step(self._refresh, refresh=True)
        else:
            self.loading_changed.emit(False)


def _unique(rows: Sequence[R], key: Callable[[R], bytes]) -> list[R]:
    seen: set[bytes] = set()
    out: list[R] = []
    for row in rows:
        k = key(row)
        if k not in seen:
            seen.add(k)
            out.append(row)
    return out


def _runs(indexes: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i in indexes:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def role_names(roles: dict[int, str]) -> dict[int, Any]:
    """`roleNames()` wants bytes values."""
    return {role: name.encode() for role, name in roles.items()}
