"""Chat bubbles: inbound on the left in grey, outbound on the right in green, with the sending
agent's name, the time and delivery marks, day separators, and notes for failed sends.

`sizeHint` and `paint` share one geometry function, so what is measured is what is painted.
Wrapped text is laid out with `QTextLayout` (word boundaries, or anywhere for long links) and
cached per text and width, because list views ask for size hints often.
"""

from __future__ import annotations

import collections
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QDateTime, QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.domain.model import DeliveryStatus, Direction
from app.ui import wording
from app.ui.models.conversation_model import MessageRole
from app.ui.theme import COLORS, qcolor
from app.ui.widgets.ticks import TICK_SIZE, paint_status, status_color

Index = QModelIndex | QPersistentModelIndex

SIDE_MARGIN = 18.0
PAD_H, PAD_V = 10.0, 6.0
RADIUS, TAIL_RADIUS = 10.0, 3.0
GAP_SAME, GAP_GROUP = 2.0, 10.0
DAY_HEIGHT = 40.0
NOTE_HEIGHT = 22.0
FOOTER_GAP = 10.0
GROUP_SECONDS = 10 * 60
"""Consecutive messages of one sender within this time form a group: one name, tight spacing."""


@dataclass(frozen=True, slots=True)
class _Bubble:
    """What one row shows, read from the model."""

    event_id: bytes
    text: str
    outbound: bool
    at: int
    author: str
    status: DeliveryStatus

    @classmethod
    def read(cls, index: Index) -> _Bubble:
        direction = index.data(MessageRole.DIRECTION)
        return cls(
            event_id=index.data(MessageRole.EVENT_ID) or b"",
            text=index.data(MessageRole.TEXT) or "",
            outbound=direction == Direction.OUTBOUND,
            at=index.data(MessageRole.AT) or 0,
            author=index.data(MessageRole.AUTHOR_NAME) or "",
            status=DeliveryStatus(index.data(MessageRole.STATUS) or 0),
        )


@dataclass(frozen=True, slots=True)
class _Geometry:
    bubble: _Bubble
    top: float
    """Space above the bubble (group gap and day separator)."""
    day: str
    author: str
    text: QTextLayout
    size: QRectF
    """The bubble's size (x and y are 0)."""
    inline_footer: bool
    note: str

    @property
    def height(self) -> int:
        return int(self.top + self.size.height() + (NOTE_HEIGHT if self.note else 0) + 0.999)


class BubbleDelegate(QStyledItemDelegate):
    """Paints the messages of a `ConversationModel` as chat bubbles."""

    def __init__(self, parent: QWidget, clock: Callable[[], float] = time.time) -> None:
        super().__init__(parent)
        self._clock = clock
        self._layouts: collections.OrderedDict[tuple[str, str, int], QTextLayout] = (
            collections.OrderedDict()
        )

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        geometry = self._measure(option, index)
        return QSize(int(option.rect.width()), geometry.height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        rect = QRectF(option.rect)
        g = self._measure(option, index)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        if g.day:
            self._paint_day(painter, option, rect, g.day)
        x = (
            rect.right() - SIDE_MARGIN - g.size.width()
            if g.bubble.outbound
            else rect.left() + SIDE_MARGIN
        )
        bubble = QRectF(x, rect.top() + g.top, g.size.width(), g.size.height())
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        self._paint_body(painter, bubble, g, selected)
        self._paint_content(painter, option, bubble, g)
        if g.note:
            self._paint_note(painter, option, bubble, g)
        painter.restore()

    # Geometry -------------------------------------------------------------------------------

    def _measure(self, option: QStyleOptionViewItem, index: Index) -> _Geometry:
        fonts = _Fonts(option.font)
        bubble = _Bubble.read(index)
        above = index.model().index(index.row() - 1, 0) if index.row() > 0 else None
        previous = _Bubble.read(above) if above is not None else None
        day = self._day_label(bubble, previous)
        starts_group = bool(day) or _starts_group(bubble, previous)
        author = bubble.author if bubble.outbound and starts_group else ""
        width = max(self._row_width(option), 200.0)
        max_text = min(width * 0.72, 560.0) - 2 * PAD_H
        layout, text_width, text_height, last_line = self._text(bubble.text, fonts.body, max_text)
        footer = fonts.small_metrics.horizontalAdvance(wording.clock_time(bubble.at))
        if bubble.outbound:
            footer += 4 + TICK_SIZE.width()
        inline = last_line + FOOTER_GAP + footer <= max_text
        content_width = max(
            text_width,
            last_line + FOOTER_GAP + footer if inline else footer,
            fonts.author_metrics.horizontalAdvance(author),
        )
        content_height = text_height + (0 if inline else fonts.small_metrics.height())
        if author:
            content_height += fonts.author_metrics.height() + 1
        top = (GAP_GROUP if starts_group else GAP_SAME) + (DAY_HEIGHT if day else 0)
        size = QRectF(0, 0, content_width + 2 * PAD_H, content_height + 2 * PAD_V)
        return _Geometry(bubble, top, day, author, layout, size, inline, _note(bubble))

    def _row_width(self, option: QStyleOptionViewItem) -> float:
        # QListView does not always fill option.rect when asking for size hints; the viewport
        # width is what rows get.
        view = self.parent()
        viewport = getattr(view, "viewport", None)
        if callable(viewport):
            return float(viewport().width())
        return float(option.rect.width())

    def _day_label(self, bubble: _Bubble, previous: _Bubble | None) -> str:
        if previous is not None and _same_day(previous.at, bubble.at):
            return ""
        return wording.day_label(bubble.at, int(self._clock()))

    def _text(
        self, text: str, font: QFont, width: float
    ) -> tuple[QTextLayout, float, float, float]:
        key = (text, font.key(), int(width))
        layout = self._layouts.get(key)
        if layout is None:
            layout = _lay_out(text, font, width)
            self._layouts[key] = layout
            if len(self._layouts) > 2000:
                self._layouts.popitem(last=False)
        else:
            self._layouts.move_to_end(key)
        lines = [layout.lineAt(i) for i in range(layout.lineCount())]
        widest = max((line.naturalTextWidth() for line in lines), default=0.0)
        height = sum(line.height() for line in lines)
        last = lines[-1].naturalTextWidth() if lines else 0.0
        return layout, widest, height, last

    # Painting -------------------------------------------------------------------------------

    def _paint_day(
        self, painter: QPainter, option: QStyleOptionViewItem, rect: QRectF, day: str
    ) -> None:
        fonts = _Fonts(option.font)
        width = fonts.small_metrics.horizontalAdvance(day) + 24
        chip = QRectF(rect.center().x() - width / 2, rect.top() + GAP_GROUP + 6, width, 22)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(qcolor("#E6EAED"))
        painter.drawRoundedRect(chip, 11, 11)
        painter.setPen(qcolor(COLORS.muted))
        painter.setFont(fonts.small)
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, day)

    def _paint_body(self, painter: QPainter, bubble: QRectF, g: _Geometry, selected: bool) -> None:
        outbound = g.bubble.outbound
        tail = g.top >= GAP_GROUP  # the first bubble of a group points at its sender's side
        radii = (
            (RADIUS, TAIL_RADIUS if tail else RADIUS, RADIUS, RADIUS)
            if outbound
            else (TAIL_RADIUS if tail else RADIUS, RADIUS, RADIUS, RADIUS)
        )
        painter.setPen(qcolor(COLORS.accent) if selected else Qt.PenStyle.NoPen)
        painter.setBrush(qcolor(COLORS.outbound if outbound else COLORS.inbound))
        painter.drawPath(_rounded(bubble, *radii))

    def _paint_content(
        self, painter: QPainter, option: QStyleOptionViewItem, bubble: QRectF, g: _Geometry
    ) -> None:
        fonts = _Fonts(option.font)
        y = bubble.top() + PAD_V
        if g.author:
            painter.setFont(fonts.author)
            painter.setPen(qcolor(COLORS.accent_pressed))
            painter.drawText(
                QPointF(bubble.left() + PAD_H, y + fonts.author_metrics.ascent()), g.author
            )
            y += fonts.author_metrics.height() + 1
        painter.setPen(qcolor(COLORS.text))
        g.text.draw(painter, QPointF(bubble.left() + PAD_H, y))
        right = bubble.right() - PAD_H
        baseline = bubble.bottom() - PAD_V - fonts.small_metrics.descent()
        if g.bubble.outbound:
            box = QRectF(
                right - TICK_SIZE.width(),
                baseline - TICK_SIZE.height() + 2,
                TICK_SIZE.width(),
                TICK_SIZE.height(),
            )
            paint_status(painter, box, g.bubble.status)
            right = box.left() - 4
        when = wording.clock_time(g.bubble.at)
        painter.setFont(fonts.small)
        painter.setPen(qcolor(COLORS.muted))
        painter.drawText(
            QPointF(right - fonts.small_metrics.horizontalAdvance(when), baseline), when
        )

    def _paint_note(
        self, painter: QPainter, option: QStyleOptionViewItem, bubble: QRectF, g: _Geometry
    ) -> None:
        fonts = _Fonts(option.font)
        painter.setFont(fonts.small)
        painter.setPen(status_color(g.bubble.status))
        area = QRectF(bubble.left() - 200, bubble.bottom() + 3, bubble.width() + 200, NOTE_HEIGHT)
        painter.drawText(area, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, g.note)


class _Fonts:
    """The body, small and author fonts derived from the view's font."""

    def __init__(self, base: QFont) -> None:
        self.body = QFont(base)
        self.body.setPointSizeF(base.pointSizeF() + 0.5)
        self.small = QFont(base)
        self.small.setPointSizeF(max(6.5, base.pointSizeF() - 1.5))
        self.author = QFont(self.small)
        self.author.setWeight(QFont.Weight.DemiBold)
        self.small_metrics = QFontMetricsF(self.small)
        self.author_metrics = QFontMetricsF(self.author)


def _lay_out(text: str, font: QFont, width: float) -> QTextLayout:
    # QTextLayout breaks lines only at U+2028, so newlines are converted.
    layout = QTextLayout(text.replace("\n", "\u2028") or " ", font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    y = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, y))
        y += line.height()
    layout.endLayout()
    return layout


def _rounded(rect: QRectF, tl: float, tr: float, br: float, bl: float) -> QPainterPath:
    path = QPainterPath()
    path.moveTo(rect.left() + tl, rect.top())
    path.arcTo(QRectF(rect.right() - 2 * tr, rect.top(), 2 * tr, 2 * tr), 90, -90)
    path.arcTo(QRectF(rect.right() - 2 * br, rect.bottom() - 2 * br, 2 * br, 2 * br), 0, -90)
    path.arcTo(QRectF(rect.left(), rect.bottom() - 2 * bl, 2 * bl, 2 * bl), 270, -90)
    path.arcTo(QRectF(rect.left(), rect.top(), 2 * tl, 2 * tl), 180, -90)
    path.closeSubpath()
    return path


def _starts_group(bubble: _Bubble, previous: _Bubble | None) -> bool:
    return (
        previous is None
        or previous.outbound != bubble.outbound
        or previous.author != bubble.author
        or bubble.at - previous.at > GROUP_SECONDS
    )


def _same_day(a: int, b: int) -> bool:
    return QDateTime.fromSecsSinceEpoch(a).date() == QDateTime.fromSecsSinceEpoch(b).date()


def _note(bubble: _Bubble) -> str:
    if not bubble.outbound:
        return ""
    if bubble.status is DeliveryStatus.FAILED:
        return wording.tr("Not delivered — hover for the reason")
    if bubble.status is DeliveryStatus.CONFLICT:
        return wording.tr("Not sent — conversation changed")
    return ""


def bubble_color(outbound: bool) -> QColor:
    """The fill of a bubble, for tests and other painters."""
    return qcolor(COLORS.outbound if outbound else COLORS.inbound)
