"""The canned-reply picker: typing `/` at the start of the reply box lists the canned replies
whose shortcut (or text) matches what follows; arrows choose, Enter or Tab inserts, Esc closes.

The keyboard stays in the reply box (the list never takes focus), as in the best shared
inboxes. Inserting replaces the `/shortcut` with the reply's text, its variables filled in
(`app.domain.canned.fill_variables`): the customer's first name and the agent's name.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.canned import CannedReply, CannedScope, fill_variables, matching
from app.domain.errors import SwitchboardError
from app.services.api import Changes, DeskApi
from app.ui.bridge import loop_running, spawn
from app.ui.messages import MessageChannel
from app.ui.theme import COLORS

MAX_SHOWN = 8
"""Rows the list shows at once (it scrolls beyond)."""
WIDTH = 360
_PREVIEW_CHARS = 60
_INSERT_KEYS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab})
_STYLE = f"""
QFrame#CannedPicker {{
    background: {COLORS.surface}; border: 1px solid {COLORS.border}; border-radius: 8px;
}}
QListWidget#CannedList {{ border: none; outline: none; }}
QListWidget#CannedList::item {{ padding: 4px 6px; border-radius: 4px; }}
QListWidget#CannedList::item:selected {{ background: {COLORS.accent_soft}; color: {COLORS.text}; }}
"""


class CannedPicker(QFrame):
    """The list of canned replies over the reply box, while the agent types `/…`.

    Signals:
        inserted(str): A canned reply was put in the box (the text inserted).
    """

    inserted = Signal(str)

    def __init__(
        self,
        api: DeskApi,
        edit: QPlainTextEdit,
        customer_name: Callable[[], str],
        active: Callable[[], bool],
        messages: MessageChannel,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("CannedPicker")
        self.setAccessibleName(self.tr("Canned replies"))
        self.setStyleSheet(_STYLE)
        self._api = api
        self._edit = edit
        self._customer_name = customer_name
        self._active = active
        self._messages = messages
        self._replies: list[CannedReply] | None = None
        """What `DeskApi.canned` listed; None until loaded, and after a change."""
        self._shown: list[CannedReply] = []
        self._dismissed = False
        """Esc closed the list: it stays closed until the `/` is gone."""
        self.list = QListWidget(self)
        self.list.setObjectName("CannedList")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay in the reply box
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setUniformItemSizes(True)
        self.list.itemClicked.connect(self._clicked)
        self.hint = QLabel(self.tr("↑↓ choose · Enter inserts · Esc closes"), self)
        self.hint.setObjectName("Muted")
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.list)
        layout.addWidget(self.hint)
        self.hide()
        edit.textChanged.connect(self.refresh)
        edit.cursorPositionChanged.connect(self.refresh)
        edit.installEventFilter(self)

    @property
    def shown(self) -> list[CannedReply]:
        """The replies listed now, in order."""
        return list(self._shown) if self.isVisible() else []

    def apply_changes(self, changes: Changes) -> None:
        if changes.canned_changed:
            self._replies = None
            if self.isVisible():
                self._load()

    def typed(self) -> str | None:
        """What follows a `/` that starts the box, up to the cursor; None when it does not."""
        before = self._edit.toPlainText()[: self._edit.textCursor().position()]
        if not before.startswith("/") or any(ch.isspace() for ch in before):
            return None
        return before[1:]

    def refresh(self) -> None:
        typed = self.typed() if self._active() else None
        if typed is None:
            self._dismissed = False
            self.hide()
            return
        if self._dismissed:
            return
        if self._replies is None:
            self._load()
            return
        self._shown = matching(self._replies, typed)
        if not self._shown:
            self.hide()  # nothing matches: Enter sends what was typed
            return
        self._fill()
        self._place()
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """While the list is open, arrows choose, Enter or Tab inserts and Esc closes."""
        if not (
            watched is self._edit
            and self.isVisible()
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            return super().eventFilter(watched, event)
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if key == Qt.Key.Key_Up else 1
            row = (self.list.currentRow() + step) % max(1, self.list.count())
            self.list.setCurrentRow(row)
            return True
        if key in _INSERT_KEYS and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.insert(self.list.currentRow())
            return True
        if key == Qt.Key.Key_Escape:
            self._dismissed = True
            self.hide()
            return True
        return super().eventFilter(watched, event)

    def insert(self, row: int) -> None:
        """Put the `row`th listed reply in the box in place of the `/shortcut`."""
        typed = self.typed()
        if typed is None or not 0 <= row < len(self._shown):
            return
        text = fill_variables(self._shown[row].body, self._customer_name(), self._api.my_name)
        cursor = self._edit.textCursor()
        cursor.setPosition(cursor.position() - len(typed) - 1)
        cursor.setPosition(cursor.position() + len(typed) + 1, QTextCursor.MoveMode.KeepAnchor)
        self.hide()
        cursor.insertText(text)
        self._edit.setTextCursor(cursor)
        self.inserted.emit(text)

    def _fill(self) -> None:
        self.list.clear()
        for reply in self._shown:
            preview = " ".join(reply.body.split())
            if len(preview) > _PREVIEW_CHARS:
                preview = preview[: _PREVIEW_CHARS - 1] + "…"
            item = QListWidgetItem(f"/{reply.shortcut}   {preview}")
            item.setToolTip(reply.body)
            if reply.scope is CannedScope.PERSONAL:
                item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, self.tr("Personal"))
            self.list.addItem(item)
        self.list.setCurrentRow(0)

    def _place(self) -> None:
        """Just above the reply box, as wide as fits."""
        parent = self.parentWidget()
        if parent is None:
            return
        rows = min(MAX_SHOWN, len(self._shown))
        row_height = self.list.sizeHintForRow(0) if self.list.count() else 24
        margins = self._layout.contentsMargins()
        height = (
            rows * row_height
            + 2 * self.list.frameWidth()
            + self.hint.sizeHint().height()
            + self._layout.spacing()
            + margins.top()
            + margins.bottom()
            + 4  # the items' style sheet padding, which the row hint leaves out
        )
        width = min(WIDTH, max(200, self._edit.width()))
        top_left = self._edit.mapTo(parent, QPoint(0, 0))
        self.setGeometry(top_left.x(), max(0, top_left.y() - height - 4), width, height)

    def _clicked(self, item: QListWidgetItem) -> None:
        self.insert(self.list.row(item))
        self._edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _load(self) -> None:
        if loop_running():
            spawn(self, self._fetch(), name="canned-replies")

    async def _fetch(self) -> None:
        try:
            replies = await self._api.canned.canned_replies()
        except SwitchboardError as error:
            self._messages.report(error, "canned replies")
            return
        self._replies = replies
        self.refresh()
