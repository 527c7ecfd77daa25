"""Activity lines in a thread ("Anna transferred the conversation to Ben — “VIP”"): centred,
small and muted, between the bubbles, wrapping on narrow desks. Measured and painted by the
same function, like the bubbles."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter

from app.ui import wording
from app.ui.theme import COLORS, qcolor
from app.ui.widgets.bubble_blocks import Fonts
from app.ui.widgets.bubble_content import Bubble

LINE_MARGIN_V = 8.0
LINE_PAD_H, LINE_PAD_V = 12.0, 4.0
LINE_RADIUS = 9.0


def words(bubble: Bubble) -> str:
    """The line's words, the hand-over note quoted after them, and the time."""
    text = bubble.line
    if bubble.text:
        text += f" — “{bubble.text}”"
    return f"{text} · {wording.clock_time(bubble.at)}"


def _box(fonts: Fonts, bubble: Bubble, width: float) -> QRectF:
    metrics = QFontMetricsF(fonts.small)
    limit = max(120.0, width * 0.8)
    flags = int(Qt.TextFlag.TextWordWrap)
    text = metrics.boundingRect(QRectF(0, 0, limit, 10_000), flags, words(bubble))
    return QRectF(0, 0, text.width() + 2 * LINE_PAD_H, text.height() + 2 * LINE_PAD_V)


def height(fonts: Fonts, bubble: Bubble, width: float, top: float) -> int:
    """The row's height: the space above (a day separator), the pill and its margins."""
    return int(top + _box(fonts, bubble, width).height() + 2 * LINE_MARGIN_V + 0.999)


def paint(
    painter: QPainter, fonts: Fonts, bubble: Bubble, row: QRectF, top: float, selected: bool
) -> None:
    box = _box(fonts, bubble, row.width())
    box.moveTopLeft(
        QPointF(row.left() + (row.width() - box.width()) / 2, row.top() + top + LINE_MARGIN_V)
    )
    painter.setPen(qcolor(COLORS.accent) if selected else Qt.PenStyle.NoPen)
    painter.setBrush(qcolor(COLORS.surface))
    painter.drawRoundedRect(box, LINE_RADIUS, LINE_RADIUS)
    painter.setFont(fonts.small)
    painter.setPen(qcolor(COLORS.muted))
    inner = box.adjusted(LINE_PAD_H, LINE_PAD_V, -LINE_PAD_H, -LINE_PAD_V)
    flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignHCenter)
    painter.drawText(inner, flags, words(bubble))
