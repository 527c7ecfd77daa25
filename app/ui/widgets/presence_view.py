"""Who else is in a conversation: a line in the conversation header ("Ben is typing…") and a
small mark in the queue row (an eye or a pencil with the colleague's initial).

Presence is a courtesy, never a lock: the line and the mark only tell; claiming and the blind-
send guard decide.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QWidget

from app.domain.ids import DeviceId
from app.domain.presence import ConversationPresence
from app.ui.icons import icon_pixmap, paint_icon
from app.ui.theme import COLORS, qcolor

_ICON = 14
_MARK_FILL = "#CBE9DD"
"""A shade deeper than the selected row's `accent_soft`, so the mark shows on it too."""


def presence_words(typing: Sequence[str], viewing: Sequence[str]) -> str:
    """One line for the header: typists first, then those only looking; "" for nobody.

    Args:
        typing: Names of colleagues typing.
        viewing: Names of colleagues viewing without typing.
    """
    parts = []
    if typing:
        parts.append(_phrase(typing, typing=True))
    if viewing:
        parts.append(_phrase(viewing, typing=False))
    return " · ".join(parts)


def _phrase(names: Sequence[str], *, typing: bool) -> str:
    # Spelled out in full each time: lupdate reads only literal `QCoreApplication.translate`.
    if len(names) == 1:
        if typing:
            text = QCoreApplication.translate("PresenceLine", "%1 is typing…")
        else:
            text = QCoreApplication.translate("PresenceLine", "%1 is viewing")
        return text.replace("%1", names[0])
    if len(names) == 2:
        if typing:
            text = QCoreApplication.translate("PresenceLine", "%1 and %2 are typing…")
        else:
            text = QCoreApplication.translate("PresenceLine", "%1 and %2 are viewing")
        return text.replace("%1", names[0]).replace("%2", names[1])
    others = len(names) - 1
    if typing:
        text = QCoreApplication.translate(
            "PresenceLine", "%1 and %n others are typing…", "", others
        )
    else:
        text = QCoreApplication.translate(
            "PresenceLine", "%1 and %n others are viewing", "", others
        )
    return text.replace("%1", names[0])


def split_names(
    presence: ConversationPresence, name_of: Callable[[DeviceId], str]
) -> tuple[list[str], list[str]]:
    """(typing, only viewing) display names."""
    typing = [name_of(c.device) for c in presence.colleagues if c.typing]
    viewing = [name_of(c.device) for c in presence.colleagues if not c.typing]
    return typing, viewing


class PresenceLine(QFrame):
    """A quiet pill in the conversation header; hidden while nobody else is there."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PresenceLine")
        self.setStyleSheet(
            f"#PresenceLine {{ background: {COLORS.accent_soft}; border-radius: 9px; }}"
            f"#PresenceLine QLabel {{ color: {COLORS.accent_pressed}; }}"
        )
        self._icon = QLabel(self)
        self._label = QLabel(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(7, 1, 9, 1)
        row.setSpacing(5)
        row.addWidget(self._icon)
        row.addWidget(self._label)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self._compact = False
        self._names: tuple[list[str], list[str]] = ([], [])
        self.hide()

    def text(self) -> str:
        """The whole sentence, also when the pill shows only initials."""
        return self.accessibleName()

    def set_compact(self, compact: bool) -> None:
        """First names only (the sentence moves to the tooltip), for narrow headers."""
        if compact != self._compact:
            self._compact = compact
            self._show()

    def show_presence(self, typing: Sequence[str], viewing: Sequence[str]) -> None:
        """Show who is typing and who is viewing (display names); hide for nobody."""
        self._names = (list(typing), list(viewing))
        self._show()

    def _show(self) -> None:
        typing, viewing = self._names
        text = presence_words(typing, viewing)
        self.setAccessibleName(text)
        short = ", ".join(_first_word(name) for name in [*typing, *viewing])
        self._label.setText(short if self._compact else text)
        self.setToolTip(text if self._compact else "")
        icon = "pencil" if typing else "eye"
        ratio = self.devicePixelRatioF()
        self._icon.setPixmap(icon_pixmap(icon, _ICON, COLORS.accent, ratio))
        self.setVisible(bool(text))

    def sizeHint(self) -> QSize:
        return super().sizeHint().expandedTo(QSize(0, 20))


def _first_word(name: str) -> str:
    words = name.split()
    return words[0] if words else name


def paint_presence_mark(
    painter: QPainter, base: QFont, right: float, baseline: float, initial: str, typing: bool
) -> float:
    """Paint the queue row's mark (eye or pencil, then the colleague's initial) ending at
    `right` on the text line whose baseline is `baseline`; returns the space left of it."""
    font = QFont(base)
    font.setPointSizeF(max(6.0, base.pointSizeF() - 1.5))
    font.setWeight(QFont.Weight.Bold)
    metrics = QFontMetricsF(font)
    height = metrics.height() + 2
    icon = round(metrics.ascent())
    width = icon + 4 + metrics.horizontalAdvance(initial) + 12
    pill = QRectF(right - width, baseline - metrics.ascent() - 2, width, height)
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(qcolor(_MARK_FILL))
    painter.drawRoundedRect(pill, height / 2, height / 2)
    box = QRectF(pill.left() + 6, pill.center().y() - icon / 2, icon, icon)
    paint_icon(painter, box, "pencil" if typing else "eye", COLORS.accent)
    painter.setFont(font)
    painter.setPen(qcolor(COLORS.accent_pressed))
    painter.drawText(QPointF(box.right() + 4, baseline - 1), initial)
    painter.restore()
    return pill.left() - 6
