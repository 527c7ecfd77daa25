"""The search panel: a box over the desk for finding messages (Ctrl+K everywhere, Ctrl+F in the
open conversation). Typing searches as it goes, arrows move through the hits, Enter (or a click)
opens the chosen message, Esc closes.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGraphicsDropShadowEffect,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import SwitchboardError
from app.domain.ids import ConversationId
from app.services.api import DeskApi
from app.ui.messages import MessageChannel
from app.ui.models.search_model import SearchModel
from app.ui.theme import COLORS
from app.ui.widgets.search_view import SearchResultsView

WIDTH = 620
MARGIN = 24


class SearchPanel(QFrame):
    """Finds messages in all conversations or in one, over its parent widget.

    Signals:
        hit_chosen(object): The agent chose a `SearchHit`; the panel has closed.
    """

    hit_chosen = Signal(object)

    def __init__(
        self,
        api: DeskApi,
        messages: MessageChannel,
        clock: Callable[[], float] = time.time,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SearchPanel")
        self.setAccessibleName(self.tr("Search messages"))
        self._clock = clock
        self._messages = messages
        self._return_focus: QWidget | None = None
        self.model = SearchModel(api, now=int(clock()), parent=self)
        self.model.load_failed.connect(self._load_failed)
        self.model.results_changed.connect(self._results_changed)
        self.model.searching_changed.connect(self._searching_changed)
        self.title = QLabel(self)
        self.title.setObjectName("SearchTitle")
        self.edit = QLineEdit(self)
        self.edit.setObjectName("SearchEdit")
        self.edit.setClearButtonEnabled(True)
        self.edit.setPlaceholderText(self.tr("Search messages…"))
        self.edit.setAccessibleName(self.tr("Search for"))
        self.edit.textChanged.connect(self.model.set_text)
        self.edit.installEventFilter(self)
        self.results = SearchResultsView(self)
        self.results.setModel(self.model)
        self.results.hit_activated.connect(self._choose)
        self.results.installEventFilter(self)
        self.hint = QLabel(self.tr("↑ ↓ move · Enter opens the message · Esc closes"), self)
        self.hint.setObjectName("Muted")
        self._build_layout()
        self._style()
        self.hide()
        if parent is not None:
            parent.installEventFilter(self)  # follow the parent's size

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 10)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.edit)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.hint)

    def _style(self) -> None:
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(
            f"#SearchPanel {{ background: {COLORS.surface}; border: 1px solid {COLORS.border};"
            " border-radius: 10px; }"
            f"#SearchTitle {{ color: {COLORS.muted}; font-weight: 600; }}"
            f"#SearchEdit {{ padding: 7px 10px; border: 1px solid {COLORS.accent};"
            " border-radius: 6px; }"
            f"#SearchResults {{ border: 1px solid {COLORS.border}; border-radius: 6px; }}"
        )
        shadow = QGraphicsDropShadowEffect(self)
        shadow.setBlurRadius(28)
        shadow.setOffset(0, 6)
        shadow.setColor(QColor(0, 0, 0, 70))
        self.setGraphicsEffect(shadow)

    # opening and closing -------------------------------------------------------------------

    def open_everywhere(self) -> None:
        """Search all conversations (Ctrl+K)."""
        self.title.setText(self.tr("Search all conversations"))
        self._open(None)

    def open_in(self, conversation_id: ConversationId, customer_name: str) -> None:
        """Search the open conversation only (Ctrl+F)."""
        title = self.tr("Search in the conversation with %1").replace("%1", customer_name)
        self.title.setText(title)
        self._open(conversation_id)

    def _open(self, scope: ConversationId | None) -> None:
        if not self.isVisible():
            focused = QApplication.focusWidget()
            self._return_focus = focused if focused is not None else self.parentWidget()
        self.model.search_again(scope, int(self._clock()))
        self._place()
        self.show()
        self.raise_()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def close_panel(self) -> None:
        """Hide the panel and give the focus back to where it was; what was typed stays for
        the next time it opens."""
        self.hide()
        back = self._return_focus
        self._return_focus = None
        if back is not None and shiboken6.isValid(back) and back.isVisible():
            back.setFocus(Qt.FocusReason.OtherFocusReason)

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        area = parent.rect()
        width = min(WIDTH, area.width() - 2 * MARGIN)
        height = max(240, min(560, area.height() - 3 * MARGIN))
        self.setGeometry(QRect(area.center().x() - width // 2, MARGIN * 2, width, height))

    # keys ----------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            if self.isVisible():
                self._place()
            return False
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key(watched, event)
        return False

    def _key(self, watched: QObject, event: QKeyEvent) -> bool:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close_panel()
            return True
        if watched is self.edit and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.results.move_selection(1 if key == Qt.Key.Key_Down else -1)
            return True
        if watched is self.edit and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.results.activate_current()
            return True
        return False

    # results -------------------------------------------------------------------------------

    def _results_changed(self) -> None:
        if self.model.rowCount():
            self.results.setCurrentIndex(self.model.index(0, 0))
        self.results.viewport().update()

    def _searching_changed(self, searching: bool) -> None:
        self.results.viewport().update()

    def _choose(self, row: int) -> None:
        hit = self.model.hit(row)
        if hit is not None:
            self.close_panel()
            self.hit_chosen.emit(hit)

    def _load_failed(self, error: SwitchboardError) -> None:
        self._messages.report(error, "search")
