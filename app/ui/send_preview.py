"""The sheet shown before a file is sent: what will go out, and its caption.

A photo or sticker shows itself (decoded off the UI thread by the caller); any other file shows
its kind's icon, name and size. The caption box follows WhatsApp's rules (`media_rules`): no
caption for audio and stickers, at most 1,024 characters, with the rule's own words shown, and
Send disabled, before anything is sent. Enter sends, Shift+Enter starts a new line, Esc cancels.
The sheet is awaited with `ask()`, never `exec()` (style.md P2).
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, QSize, Qt, Signal
from PySide6.QtGui import QImage, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.content import ContentKind
from app.domain.errors import SwitchboardError
from app.services import media_rules
from app.ui import content_text, wording
from app.ui.icons import icon_pixmap
from app.ui.theme import COLORS

PICTURE_BOX = QSize(440, 320)
"""The largest the picture is shown in the sheet."""
_ICON = 40


class CaptionEdit(QPlainTextEdit):
    """A caption box where Enter sends and Shift+Enter starts a new line.

    Signals:
        submitted(): Enter was pressed.
    """

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if enter and modifiers == Qt.KeyboardModifier.ShiftModifier:
            self.insertPlainText("\n")
        elif enter and modifiers in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.ControlModifier,
        ):
            self.submitted.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class SendPreview(QDialog):
    """Shows a file before it is sent and takes its caption; accepted means "send"."""

    def __init__(
        self,
        parent: QWidget,
        *,
        filename: str,
        mime_type: str,
        kind: ContentKind,
        size: int,
        image: QImage | None,
        caption: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SendPreview")
        self.setWindowTitle(self.tr("Send a file"))
        self._kind = kind
        self.caption_edit = CaptionEdit(self)
        self.caption_edit.setObjectName("Caption")
        self.caption_edit.setAccessibleName(self.tr("Caption"))
        self.caption_edit.setPlaceholderText(self.tr("Add a caption…   Enter sends"))
        self.caption_edit.setTabChangesFocus(True)
        self.caption_edit.setFixedHeight(self.caption_edit.fontMetrics().lineSpacing() * 3 + 16)
        self.caption_edit.setPlainText(caption)
        self.caption_edit.submitted.connect(self.send)
        self.caption_edit.textChanged.connect(self._check)
        self.problem = QLabel(self)
        self.problem.setObjectName("Problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {COLORS.danger};")
        self.counter = QLabel(self)
        self.counter.setObjectName("Muted")
        self.send_button = QPushButton(self.tr("Send"), self)
        self.send_button.setObjectName("Primary")
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.reject)
        self._lay_out(self._subject(filename, mime_type, size, image))
        self._check()
        self.caption_edit.setFocus()

    def caption(self) -> str:
        """The caption as it will be sent (trimmed)."""
        return self.caption_edit.toPlainText().strip()

    def send(self) -> None:
        """Accept, if the caption may be sent."""
        if self.send_button.isEnabled():
            self.accept()

    def _subject(self, filename: str, mime_type: str, size: int, image: QImage | None) -> QWidget:
        if image is not None and not image.isNull():
            picture = QLabel(self)
            picture.setObjectName("PreviewPicture")
            picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            fitted = image
            if image.width() > PICTURE_BOX.width() or image.height() > PICTURE_BOX.height():
                fitted = image.scaled(  # down only: a small picture is shown as it is
                    PICTURE_BOX,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            picture.setPixmap(QPixmap.fromImage(fitted))
            picture.setAccessibleName(filename)
            return picture
        return self._file_card(filename, mime_type, size)

    def _file_card(self, filename: str, mime_type: str, size: int) -> QWidget:
        card = QWidget(self)
        icon = QLabel(card)
        name = content_text.kind_icon(self._kind) or "document"
        icon.setPixmap(icon_pixmap(name, _ICON, COLORS.accent, self.devicePixelRatioF()))
        title = QLabel(filename, card)
        title.setObjectName("FileName")
        title.setWordWrap(True)
        kind = content_text.kind_label(self._kind)
        parts = (kind, content_text.file_type(mime_type, filename), content_text.data_size(size))
        details = " · ".join(part for part in parts if part)
        info = QLabel(details, card)
        info.setObjectName("Muted")
        words = QVBoxLayout()
        words.addWidget(title)
        words.addWidget(info)
        row = QHBoxLayout(card)
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(words, 1)
        return card

    def _lay_out(self, subject: QWidget) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.counter)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.addWidget(subject, 1)
        if media_rules.allows_caption(self._kind):
            layout.addWidget(self.caption_edit)
        else:
            self.caption_edit.hide()
            note = QLabel(self.tr("Stickers and audio are sent without a caption."), self)
            note.setObjectName("Muted")
            layout.addWidget(note)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        self.setMinimumWidth(PICTURE_BOX.width() + 40)

    def _check(self) -> None:
        """Apply WhatsApp's caption rules as the agent types."""
        text = self.caption_edit.toPlainText()
        try:
            media_rules.check_caption(self._kind, text)
        except SwitchboardError as error:
            self.problem.setText(wording.describe_error(error))
            self.problem.show()
            self.send_button.setEnabled(False)
        else:
            self.problem.hide()
            self.send_button.setEnabled(True)
        length = len(text.strip())
        locale = QLocale()
        self.counter.setText(
            f"{locale.toString(length)} / {locale.toString(media_rules.MAX_CAPTION)}"
        )
        self.counter.setVisible(media_rules.allows_caption(self._kind))
