"""Writing a private note instead of a reply: the composer's mode switch and @mentions.

A note goes to colleagues only (never to the customer), whether or not the agent holds the
conversation or the 24-hour window is open. Typing `@` offers the team's names; the note
names whom it mentions by device (`app.domain.notes.mentions_in`), and they are notified.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QButtonGroup,
    QCompleter,
    QHBoxLayout,
    QPlainTextEdit,
    QToolButton,
    QWidget,
)

from app.domain.ids import DeviceId
from app.ui.widgets.popup_keys import POPUP_KEYS

Colleagues = Callable[[], list[tuple[DeviceId, str]]]

COMPACT_BELOW = 600
"""Row width (px) under which the actions at its end show icons only."""


class Compactable(QWidget):
    """An action that can shrink to an icon, its words kept in tooltip and accessible name."""

    def set_compact(self, compact: bool) -> None:
        raise NotImplementedError


class ComposeModeBar(QWidget):
    """ "Reply" or "Private note", above the composer (Ctrl+Shift+P switches).

    Signals:
        note_mode_changed(bool): True when the composer now writes a private note.
        mode_chosen(): The agent picked a mode (a button or the shortcut), not the desk.
    """

    note_mode_changed = Signal(bool)
    mode_chosen = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ComposeModeBar")
        self._actions: list[Compactable] = []
        self.reply_button = self._mode_button(self.tr("Reply"), self.tr("Write to the customer"))
        self.note_button = self._mode_button(
            self.tr("Private note"),
            self.tr("Write to colleagues only; the customer never sees it (Ctrl+Shift+P)"),
        )
        self.reply_button.setChecked(True)
        group = QButtonGroup(self)
        group.setExclusive(True)
        group.addButton(self.reply_button)
        group.addButton(self.note_button)
        self.note_button.toggled.connect(self.note_mode_changed)
        self.reply_button.clicked.connect(self.mode_chosen)
        self.note_button.clicked.connect(self.mode_chosen)
        toggle = QShortcut(QKeySequence("Ctrl+Shift+P"), self)
        toggle.setContext(Qt.ShortcutContext.WindowShortcut)
        toggle.activated.connect(self._toggle)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 4, 12, 0)
        row.setSpacing(4)
        row.addWidget(self.reply_button)
        row.addWidget(self.note_button)
        row.addStretch(1)

    def _mode_button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName("ComposeMode")
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(text)
        button.setCheckable(True)
        button.setAutoRaise(True)
        return button

    def add_action(self, widget: Compactable) -> None:
        """Put a widget at the row's right end (what the agent does with the conversation); it
        turns to icons when the row is narrow."""
        self._actions.append(widget)
        row = self.layout()
        if isinstance(row, QHBoxLayout):
            row.addWidget(widget)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        for action in self._actions:
            action.set_compact(event.size().width() < COMPACT_BELOW)

    def is_note_mode(self) -> bool:
        return self.note_button.isChecked()

    def set_note_mode(self, note: bool) -> None:
        (self.note_button if note else self.reply_button).setChecked(True)

    def _toggle(self) -> None:
        self.set_note_mode(not self.is_note_mode())
        self.mode_chosen.emit()


class MentionCompleter(QObject):
    """Offers colleagues' names after an `@` in a text edit, while `active()` says so."""

    def __init__(
        self, edit: QPlainTextEdit, colleagues: Colleagues, active: Callable[[], bool]
    ) -> None:
        super().__init__(edit)
        self._edit = edit
        self._colleagues = colleagues
        self._active = active
        self._model = QStringListModel(self)
        self.completer = QCompleter(self._model, self)
        self.completer.setWidget(edit)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.activated.connect(self._insert)
        edit.textChanged.connect(self._text_changed)
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """While the list is open, Enter picks a name instead of sending."""
        if (
            event.type() == QEvent.Type.KeyPress
            and self._popup_visible()
            and isinstance(event, QKeyEvent)
            and event.key() in POPUP_KEYS
        ):
            event.ignore()
            return True
        return super().eventFilter(watched, event)

    def _popup_visible(self) -> bool:
        popup = self.completer.popup()
        return popup is not None and popup.isVisible()

    def _hide_popup(self) -> None:
        popup = self.completer.popup()
        if popup is not None:
            popup.hide()

    def _typed(self) -> str | None:
        """The `@word` being typed at the cursor (without the `@`), or None."""
        cursor = self._edit.textCursor()
        before = self._edit.toPlainText()[: cursor.position()]
        at = before.rfind("@")
        if at == -1 or (at > 0 and before[at - 1].isalnum()):
            return None
        word = before[at + 1 :]
        return None if "\n" in word or len(word) > 40 else word

    def _text_changed(self) -> None:
        typed = self._typed() if self._active() else None
        if typed is None:
            self._hide_popup()
            return
        self._model.setStringList([name for _, name in self._colleagues()])
        self.completer.setCompletionPrefix(typed)
        if self.completer.completionCount() == 0:
            self._hide_popup()
            return
        rect = self._edit.cursorRect()
        rect.setWidth(220)
        self.completer.complete(rect)
        popup = self.completer.popup()
        if popup is not None:  # the first name is highlighted: Enter or Tab picks it
            popup.setCurrentIndex(self.completer.completionModel().index(0, 0))

    def _insert(self, name: str) -> None:
        typed = self._typed()
        if typed is None:
            return
        cursor = self._edit.textCursor()
        cursor.movePosition(
            QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, len(typed)
        )
        cursor.insertText(name + " ")
        self._edit.setTextCursor(cursor)
