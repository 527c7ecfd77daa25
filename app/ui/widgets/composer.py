"""The reply box: Enter (or Ctrl+Enter) sends, Shift+Enter starts a new line, it grows with the
text up to a few lines, and it counts characters against WhatsApp's 4,096 limit near the end.
A paperclip button beside it asks for a file to send. Files pasted or dropped into the box, and
pasted pictures, are offered for sending too (the pane shows them in the preview sheet) rather
than pasted as their paths. Both are disabled, with a placeholder that says why, whenever the
agent may not reply.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QMimeData, QRect, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.icons import icon_pixmap
from app.ui.theme import COLORS
from app.ui.widgets.popup_keys import POPUP_KEYS

MAX_CHARS = 4096
"""WhatsApp's limit for a text message body."""
COUNTER_FROM = 3600
"""Show the counter only when the limit comes into view."""
MAX_LINES = 6
ATTACH_SHORTCUT = "Ctrl+Shift+A"
"""The window's "Attach a file" action (`DeskWindow`); the button names it in its tooltip."""
_ICON = 20


def _for_open_popup(event: QKeyEvent) -> bool:
    """A key that belongs to an open popup list (the @mention names): a `QCompleter` hands the
    edit every key its popup receives, calling `event()` directly (no event filter sees it),
    and uses only the keys the edit leaves unaccepted. Enter must pick the name, not send, and
    Tab must not move the focus out of the box."""
    return (
        event.type() == QEvent.Type.KeyPress
        and event.key() in POPUP_KEYS
        and QApplication.activePopupWidget() is not None
    )


class _ReplyEdit(QPlainTextEdit):
    """A plain text edit that turns Enter into a submit request.

    Signals:
        submitted(): Enter or Ctrl+Enter was pressed.
        reflow_needed(): Style, font or width changed, so the height has to be fitted again.
    """

    submitted = Signal()
    reflow_needed = Signal()
    files_offered = Signal(list)
    image_offered = Signal(QImage)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return (
            bool(local_files(source)) or source.hasImage() or super().canInsertFromMimeData(source)
        )

    def insertFromMimeData(self, source: QMimeData) -> None:
        # A file pasted or dropped here is meant to be sent, not typed as its path.
        files = local_files(source)
        if files:
            self.files_offered.emit(files)
        elif source.hasImage() and not source.hasText():
            self.image_offered.emit(QImage(source.imageData()))
        else:
            super().insertFromMimeData(source)

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and _for_open_popup(event):
            event.ignore()  # the popup's completer then picks the name or closes the list
            return False
        handled = super().event(event)
        # The style sheet sets margins and fonts when the widget is polished, after __init__.
        if event.type() in (QEvent.Type.Polish, QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self.reflow_needed.emit()
        return handled

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.reflow_needed.emit()  # lines (and the placeholder) wrap differently

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if enter and modifiers in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.ControlModifier,
        ):
            event.accept()
            self.submitted.emit()
            return
        if enter and modifiers == Qt.KeyboardModifier.ShiftModifier:
            # Shift+Enter would insert a line separator (U+2028); a plain newline is what
            # WhatsApp shows as a line break.
            self.insertPlainText("\n")
            event.accept()
            return
        super().keyPressEvent(event)


class Composer(QWidget):
    """Where the agent writes replies.

    Signals:
        send_requested(str): The agent sent this text (stripped, non-empty, within the limit).
        attach_requested(): The agent asked to send a file (the paperclip button).
        files_offered(list): Local files (paths as str) were pasted or dropped into the box.
        image_offered(QImage): A picture was pasted into the box.
    """

    send_requested = Signal(str)
    attach_requested = Signal()
    files_offered = Signal(list)
    image_offered = Signal(QImage)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ComposerBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._edit = _ReplyEdit(self)
        self._edit.setObjectName("Composer")
        self._edit.setAccessibleName(self.tr("Reply"))
        self._edit.setTabChangesFocus(True)
        self._edit.submitted.connect(self.submit)
        self._edit.textChanged.connect(self._text_changed)
        self._edit.reflow_needed.connect(self._fit_height)
        self._edit.files_offered.connect(self.files_offered)
        self._edit.image_offered.connect(self.image_offered)
        self._send = QPushButton(self.tr("Send"), self)
        self._send.setObjectName("Primary")
        self._send.setAccessibleName(self.tr("Send reply"))
        self._send.setToolTip(self.tr("Send (Enter)"))
        self._send.clicked.connect(self.submit)
        self._attach = _attach_button(self)
        self._attach.clicked.connect(self.attach_requested)
        self._counter = QLabel(self)
        self._counter.setObjectName("Counter")
        self._counter.hide()
        self._lay_out()
        self._allowed = False
        self.set_allowed(False, self.tr("Choose a conversation to reply"))
        self._fit_height()

    def _lay_out(self) -> None:
        side = QVBoxLayout()
        side.addStretch(1)
        side.addWidget(self._counter, 0, Qt.AlignmentFlag.AlignRight)
        side.addWidget(self._send)
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 10, 14, 12)
        row.setSpacing(10)
        row.addWidget(self._attach, 0, Qt.AlignmentFlag.AlignBottom)
        row.addWidget(self._edit, 1)
        row.addLayout(side)

    @property
    def edit(self) -> QPlainTextEdit:
        return self._edit

    @property
    def send_button(self) -> QPushButton:
        return self._send

    @property
    def attach_button(self) -> QToolButton:
        return self._attach

    def is_allowed(self) -> bool:
        return self._allowed

    def set_allowed(self, allowed: bool, placeholder: str) -> None:
        """Enable or disable replying, with a placeholder that explains the state."""
        self._allowed = allowed
        self._edit.setEnabled(allowed)
        self._attach.setEnabled(allowed)
        self._edit.setPlaceholderText(placeholder)
        # QPlainTextEdit repaints only when the placeholder appears or disappears, not when its
        # words change: a colleague's conversation kept saying "Loading…" on screen.
        self._edit.viewport().update()
        self._update_send_button()
        self._fit_height()

    def text(self) -> str:
        return self._edit.toPlainText()

    def take_text(self) -> str:
        """The box's text, stripped, and clear the box (a file's caption takes it)."""
        text = self._edit.toPlainText().strip()
        self._edit.clear()
        return text

    def set_text(self, text: str) -> None:
        self._edit.setPlainText(text)
        self._edit.moveCursor(self._edit.textCursor().MoveOperation.End)

    def focus_editor(self) -> None:
        if self._allowed:
            self._edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def submit(self) -> None:
        """Send the text if it may be sent, and clear the box."""
        text = self._edit.toPlainText().strip()
        if not self._allowed or not text or len(text) > MAX_CHARS:
            return
        self._edit.clear()
        self.send_requested.emit(text)

    def _text_changed(self) -> None:
        length = len(self._edit.toPlainText())
        over = length > MAX_CHARS
        self._counter.setVisible(length >= COUNTER_FROM)
        locale = QLocale()
        self._counter.setText(f"{locale.toString(length)} / {locale.toString(MAX_CHARS)}")
        if self._counter.property("over") != over:
            self._counter.setProperty("over", over)
            # Re-polish so the style sheet's [over="true"] rule applies.
            self._counter.style().unpolish(self._counter)
            self._counter.style().polish(self._counter)
        self._update_send_button()
        self._fit_height()

    def _update_send_button(self) -> None:
        text = self._edit.toPlainText().strip()
        self._send.setEnabled(self._allowed and bool(text) and len(text) <= MAX_CHARS)

    def _fit_height(self) -> None:
        # QPlainTextEdit's document size is counted in lines, so lines times line height it is;
        # the contents margins already include the style sheet's border and padding.
        wanted = int(self._edit.document().size().height())
        line_height = self._edit.fontMetrics().lineSpacing()
        document = int(self._edit.document().documentMargin() * 2)
        if self._edit.document().isEmpty() and self._edit.placeholderText():
            # The placeholder explains why the box is disabled: it must be readable in full.
            width = max(1, self._edit.viewport().width() - document)
            flags = Qt.TextFlag.TextWordWrap
            box = self._edit.fontMetrics().boundingRect(
                QRect(0, 0, width, 10_000), flags, self._edit.placeholderText()
            )
            # Rounded, not ceiled: a font with negative leading is taller per line than its
            # line spacing, so one line measures a pixel or two over.
            wanted = max(wanted, round(box.height() / line_height))
        lines = max(1, min(MAX_LINES, wanted))
        margins = self._edit.contentsMargins()
        height = lines * line_height + document + margins.top() + margins.bottom() + 2
        self._edit.setFixedHeight(height)
        # A scroll bar only once the box stops growing; before that it would only flicker.
        policy = Qt.ScrollBarPolicy
        overflow = policy.ScrollBarAsNeeded if wanted > MAX_LINES else policy.ScrollBarAlwaysOff
        self._edit.setVerticalScrollBarPolicy(overflow)


def local_files(source: QMimeData) -> list[str]:
    """The local files a paste or drop carries, as paths (web links are not files)."""
    return [url.toLocalFile() for url in source.urls() if url.isLocalFile()]


def _attach_button(parent: QWidget) -> QToolButton:
    button = QToolButton(parent)
    button.setObjectName("Attach")
    button.setAccessibleName(QCoreApplication.translate("Composer", "Attach a file"))
    button.setToolTip(
        QCoreApplication.translate("Composer", "Attach a file (%1)").replace(
            "%1", _keys(ATTACH_SHORTCUT)
        )
    )
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    icon = QIcon()
    for ratio in (1.0, 2.0):  # sharp on ordinary and high-DPI screens alike
        icon.addPixmap(icon_pixmap("paperclip", _ICON, COLORS.muted, ratio))
        disabled = icon_pixmap("paperclip", _ICON, COLORS.border, ratio)
        icon.addPixmap(disabled, QIcon.Mode.Disabled)
    button.setIcon(icon)
    button.setIconSize(QSize(_ICON, _ICON))
    return button


def _keys(shortcut: str) -> str:
    """A shortcut as the user's keyboard names it ("Strg+Umschalt+A" in German)."""
    return QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
