"""The short authentication string, shown the same way on the newcomer's and the admin's screen.

Seven large emoji with their names under them (or, at a click, three groups of four digits),
and the two answers: *They match* and *They don't match*.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.sas import SAS_EMOJI
from app.services.team_api import Sas

EMOJI_PIXELS = 44
_EMOJI_FAMILIES = ["Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji"]


def emoji_name(index: int) -> str:
    """The translated name of one SAS emoji."""
    return QCoreApplication.translate("sas", SAS_EMOJI[index].name)


def emoji_font(base: QFont, pixels: int = EMOJI_PIXELS) -> QFont:
    """A font that draws colour emoji where the system has one, at `pixels` size."""
    font = QFont(base)
    font.setFamilies([*_EMOJI_FAMILIES, base.family()])
    font.setPixelSize(pixels)
    return font


def digits_text(sas: Sas) -> str:
    return "  ".join(f"{group:04d}" for group in sas.digits)


class EmojiGlyph(QWidget):
    """One emoji, painted centred in a square.

    A QLabel would size itself from the emoji font's metrics, which for colour emoji fonts can
    be thousands of pixels wide; the glyph is square, so the widget is too.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SasGlyph")
        self.setFont(emoji_font(self.font()))
        self.text = ""

    def set_text(self, text: str) -> None:
        self.text = text
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(EMOJI_PIXELS + 12, EMOJI_PIXELS + 12)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.text)


class _EmojiTile(QWidget):
    """One emoji above its name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.glyph = EmojiGlyph(self)
        self.name = QLabel(self)
        self.name.setObjectName("SasName")
        self.name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.name.setWordWrap(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(2, 6, 2, 6)
        column.setSpacing(4)
        column.addWidget(self.glyph, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self.name)
        column.addStretch(1)

    def show_emoji(self, index: int) -> None:
        self.glyph.set_text(SAS_EMOJI[index].emoji)
        self.name.setText(emoji_name(index))
        self.setAccessibleName(emoji_name(index))


class SasPanel(QWidget):
    """Compare and answer. The caller says what to compare with (`set_prompt`).

    Signals:
        matched(): The user said the two screens show the same.
        mismatched(): The user said they differ.
    """

    matched = Signal()
    mismatched = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SasPanel")
        self.prompt = QLabel(self)
        self.prompt.setObjectName("Title")
        self.prompt.setWordWrap(True)
        self.hint = QLabel(self)
        self.hint.setObjectName("Muted")
        self.hint.setWordWrap(True)
        self.tiles = [_EmojiTile(self) for _ in range(7)]
        self.digits = QLabel(self)
        self.digits.setObjectName("SasDigits")
        self.digits.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.digits.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.faces = QStackedWidget(self)
        self.faces.addWidget(self._emoji_row())
        self.faces.addWidget(self.digits)
        self.toggle = QPushButton(self)
        self.toggle.setObjectName("Flat")
        self.toggle.clicked.connect(self._toggle_face)
        self.match_button = QPushButton(self.tr("They match"), self)
        self.match_button.setObjectName("Primary")
        self.mismatch_button = QPushButton(self.tr("They don't match"), self)
        self.match_button.clicked.connect(self.matched)
        self.mismatch_button.clicked.connect(self.mismatched)
        self.status = QLabel(self)
        self.status.setObjectName("Muted")
        self.status.setWordWrap(True)
        self.status.hide()
        self._layout()
        self._show_face(emoji=True)

    def _emoji_row(self) -> QWidget:
        row = QWidget(self)
        grid = QGridLayout(row)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        for column, tile in enumerate(self.tiles):
            grid.addWidget(tile, 0, column)
            grid.setColumnStretch(column, 1)
        return row

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.toggle)
        buttons.addStretch(1)
        buttons.addWidget(self.mismatch_button)
        buttons.addWidget(self.match_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        column.addWidget(self.prompt)
        column.addWidget(self.hint)
        column.addWidget(self.faces)
        column.addWidget(self.status)
        column.addLayout(buttons)
        self.setTabOrder(self.match_button, self.mismatch_button)
        self.setTabOrder(self.mismatch_button, self.toggle)

    def set_prompt(self, prompt: str, hint: str) -> None:
        self.prompt.setText(prompt)
        self.hint.setText(hint)

    def set_sas(self, sas: Sas) -> None:
        """Show a new SAS and make the answers available again."""
        for tile, index in zip(self.tiles, sas.emoji, strict=True):
            tile.show_emoji(index)
        self.digits.setText(digits_text(sas))
        names = ", ".join(emoji_name(i) for i in sas.emoji)
        self.faces.setAccessibleName(self.tr("Emoji: %1").replace("%1", names))
        self.set_waiting("")

    def set_waiting(self, text: str) -> None:
        """After answering: say what happens next and take the answers away (empty: undo)."""
        waiting = bool(text)
        self.status.setText(text)
        self.status.setVisible(waiting)
        self.match_button.setEnabled(not waiting)
        self.mismatch_button.setEnabled(not waiting)

    def showing_digits(self) -> bool:
        return self.faces.currentWidget() is self.digits

    def _toggle_face(self) -> None:
        self._show_face(emoji=self.showing_digits())

    def _show_face(self, emoji: bool) -> None:
        self.faces.setCurrentIndex(0 if emoji else 1)
        if emoji:
            self.toggle.setText(self.tr("Compare numbers instead"))
        else:
            self.toggle.setText(self.tr("Compare emoji instead"))
