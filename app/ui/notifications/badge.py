"""The app icon with the unread count painted on it, for the tray."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

_SIZES = (16, 22, 24, 32, 48, 64)
_BADGE_RED = QColor("#d93025")
MAX_SHOWN = 99


def badge_text(count: int) -> str:
    """What the badge says: nothing for none, "99+" past 99 (it must stay legible at 16 px)."""
    if count <= 0:
        return ""
    return f"{MAX_SHOWN}+" if count > MAX_SHOWN else str(count)


def badged_icon(base: QIcon, count: int) -> QIcon:
    """`base` with a red badge holding `count` in its top right corner; `base` itself if 0."""
    text = badge_text(count)
    if not text:
        return base
    icon = QIcon()
    for size in _SIZES:
        icon.addPixmap(_badged_pixmap(base, size, text))
    return icon


def _badged_pixmap(base: QIcon, size: int, text: str) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    base.paint(painter, 0, 0, size, size)
    # The badge takes most of the icon at tray sizes: a count nobody can read is no use.
    height = max(9.0, size * 0.58)
    width = max(height, height * (0.45 + 0.32 * len(text)))
    rect = QRectF(size - width, 0, width, height)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_BADGE_RED)
    painter.drawRoundedRect(rect, height / 2, height / 2)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(max(7, int(height * 0.78)))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return pixmap
