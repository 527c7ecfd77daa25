"""Chat bubbles: inbound on the left in grey, outbound on the right in green, with the sending
agent's name, the time and delivery marks, day separators, notes for failed sends, and the
customer's reaction as a small badge on the bubble's edge.

What a bubble holds (context marks, a picture tile, cards, text) is stacked from blocks
(`bubble_content`, `bubble_blocks`). `sizeHint` and `paint` share one geometry function, so what
is measured is what is painted. Wrapped text is laid out with `QTextLayout` and cached per text,
font and width, because list views ask for size hints often.

Pictures load when their row is painted (only rows in sight are), never when it is merely
measured; when a thumbnail arrives the row is measured again (`sizeHintChanged`), since a photo
takes its own aspect. `hit` tells the view what lies under the mouse: a link or a picture.
"""

from __future__ import annotations

import collections
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import (
    QCoreApplication,
    QDateTime,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QTextLayout
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.domain.model import DeliveryStatus
from app.ui import wording
from app.ui.theme import COLORS, qcolor
from app.ui.thumbnails import Thumb, Thumbnails
from app.ui.widgets import thread_lines
from app.ui.widgets.bubble_blocks import Block, Fonts, TextBlock, lay_out
from app.ui.widgets.bubble_content import Bubble, blocks
from app.ui.widgets.ticks import TICK_SIZE, paint_status, status_color

Index = QModelIndex | QPersistentModelIndex

SIDE_MARGIN = 18.0
PAD_H, PAD_V = 10.0, 6.0
BLOCK_GAP = 5.0
RADIUS, TAIL_RADIUS = 10.0, 3.0
GAP_SAME, GAP_GROUP = 2.0, 10.0
DAY_HEIGHT = 40.0
NOTE_HEIGHT = 22.0
REACTION_HEIGHT = 22.0
REACTION_OVERLAP = 8.0
"""How far the reaction badge reaches up into its bubble."""
FOOTER_GAP = 10.0
GROUP_SECONDS = 10 * 60
"""Consecutive messages of one sender within this time form a group: one name, tight spacing."""


@dataclass(frozen=True, slots=True)
class Hit:
    """What lies under a point of a bubble."""

    link: str = ""
    """The URL of the link there, if any."""
    opens_file: bool = False
    """A picture (or a media tile) that opens the message's file."""


@dataclass(frozen=True, slots=True)
class _Geometry:
    bubble: Bubble
    top: float
    """Space above the bubble (group gap and day separator)."""
    day: str
    author: str
    blocks: list[Block]
    size: QRectF
    """The bubble's size (x and y are 0)."""
    inline_footer: bool
    note: str

    @property
    def below(self) -> float:
        """Space under the bubble: the part of the reaction badge that sticks out, a note."""
        reaction = REACTION_HEIGHT - REACTION_OVERLAP if self.bubble.reaction else 0.0
        return reaction + (NOTE_HEIGHT if self.note else 0.0)

    @property
    def height(self) -> int:
        return int(self.top + self.size.height() + self.below + 0.999)


class BubbleDelegate(QStyledItemDelegate):
    """Paints the messages of a `ConversationModel` as chat bubbles."""

    def __init__(
        self,
        parent: QWidget,
        clock: Callable[[], float] = time.time,
        thumbnails: Thumbnails | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self.thumbnails = thumbnails
        """Where pictures come from; None shows photos and stickers as tiles."""
        self._layouts: collections.OrderedDict[tuple[str, str, int], QTextLayout] = (
            collections.OrderedDict()
        )

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        line = self._line(option, index)
        if line is not None:
            bubble, top, _ = line
            fonts = Fonts(option.font)
            return QSize(
                int(option.rect.width()),
                thread_lines.height(fonts, bubble, self._row_width(option), top),
            )
        geometry = self._measure(option, index)
        return QSize(int(option.rect.width()), geometry.height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        line = self._line(option, index)
        if line is not None:
            self._paint_line(painter, option, line)
            return
        rect = QRectF(option.rect)
        g = self._measure(option, index, load=True)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if g.day:
            self._paint_day(painter, option, rect, g.day)
        bubble = _bubble_rect(rect, g)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        fonts = Fonts(option.font)
        self._paint_body(painter, bubble, g, selected)
        self._paint_content(painter, fonts, bubble, g)
        self._paint_footer(painter, fonts, bubble, g)
        if g.bubble.reaction:
            _paint_reaction(painter, fonts, bubble, g.bubble)
        if g.note:
            self._paint_note(painter, fonts, rect, bubble, g)
        painter.restore()

    def _line(self, option: QStyleOptionViewItem, index: Index) -> tuple[Bubble, float, str] | None:
        """An activity line's bubble, the space above it and its day label; None for bubbles."""
        bubble = Bubble.read(index)
        if not bubble.is_line:
            return None
        above = index.model().index(index.row() - 1, 0) if index.row() > 0 else None
        day = self._day_label(bubble, Bubble.read(above) if above is not None else None)
        return bubble, DAY_HEIGHT if day else 0.0, day

    def _paint_line(
        self, painter: QPainter, option: QStyleOptionViewItem, line: tuple[Bubble, float, str]
    ) -> None:
        bubble, top, day = line
        rect = QRectF(option.rect)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        if day:
            self._paint_day(painter, option, rect, day)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        thread_lines.paint(painter, Fonts(option.font), bubble, rect, top, selected)
        painter.restore()

    def hit(self, option: QStyleOptionViewItem, index: Index, point: QPointF) -> Hit | None:
        """What is at `point` (view coordinates) in the row `option.rect` shows; None outside
        the bubble."""
        g = self._measure(option, index)
        bubble = _bubble_rect(QRectF(option.rect), g)
        if not bubble.contains(point):
            return None
        column = bubble.width() - 2 * PAD_H
        for block, at in self._placed(Fonts(option.font), bubble, g):
            x, y = point.x() - at.x(), point.y() - at.y()
            if 0 <= y < block.height and 0 <= x <= max(block.width, column):
                url = block.link_at(x, y)
                return Hit(link=url, opens_file=not url and block.opens_file and x <= block.width)
        return Hit()

    def thumbnail_arrived(self, index: QModelIndex) -> None:
        """Measure the row again: its picture changed size (the view relays `changed`)."""
        self.sizeHintChanged.emit(index)

    # Geometry -------------------------------------------------------------------------------

    def _measure(
        self, option: QStyleOptionViewItem, index: Index, *, load: bool = False
    ) -> _Geometry:
        fonts = Fonts(option.font)
        bubble = Bubble.read(index)
        above = index.model().index(index.row() - 1, 0) if index.row() > 0 else None
        previous = Bubble.read(above) if above is not None else None
        day = self._day_label(bubble, previous)
        starts_group = bool(day) or _starts_group(bubble, previous)
        author = bubble.author if bubble.outbound and starts_group else ""
        if bubble.is_note:  # always says whose it is, and that the customer never sees it
            author = QCoreApplication.translate("BubbleDelegate", "Private note · %1").replace(
                "%1", bubble.author
            )
        width = max(self._row_width(option), 200.0)
        limit = min(width * 0.72, 560.0) - 2 * PAD_H
        column = blocks(bubble, fonts, limit, self._lay_out, self._thumb(bubble, load))
        footer = _footer_width(fonts, bubble)
        last = column[-1]
        inline = isinstance(last, TextBlock) and last.last_line + FOOTER_GAP + footer <= limit
        content_width = max(
            max(block.width for block in column),
            last.last_line + FOOTER_GAP + footer
            if isinstance(last, TextBlock) and inline
            else footer,
            fonts.author_metrics.horizontalAdvance(author),
        )
        content_height = sum(block.height for block in column) + BLOCK_GAP * (len(column) - 1)
        content_height += 0 if inline else fonts.small_metrics.height() + 2
        if author:
            content_height += fonts.author_metrics.height() + 1
        top = (GAP_GROUP if starts_group else GAP_SAME) + (DAY_HEIGHT if day else 0)
        size = QRectF(0, 0, content_width + 2 * PAD_H, content_height + 2 * PAD_V)
        return _Geometry(bubble, top, day, author, column, size, inline, _note(bubble))

    def _thumb(self, bubble: Bubble, load: bool) -> Thumb | None:
        if self.thumbnails is None or not bubble.has_thumbnail:
            return None
        if load:
            return self.thumbnails.request(bubble.event_id)
        return self.thumbnails.peek(bubble.event_id)

    def _placed(self, fonts: Fonts, bubble: QRectF, g: _Geometry) -> list[tuple[Block, QPointF]]:
        """The bubble's blocks with their top-left corners, as painted."""
        x, y = bubble.left() + PAD_H, bubble.top() + PAD_V
        if g.author:
            y += fonts.author_metrics.height() + 1
        placed = []
        for block in g.blocks:
            placed.append((block, QPointF(x, y)))
            y += block.height + BLOCK_GAP
        return placed

    def _row_width(self, option: QStyleOptionViewItem) -> float:
        # QListView does not always fill option.rect when asking for size hints; the viewport
        # width is what rows get.
        view = self.parent()
        viewport = getattr(view, "viewport", None)
        if callable(viewport):
            return float(viewport().width())
        return float(option.rect.width())

    def _day_label(self, bubble: Bubble, previous: Bubble | None) -> str:
        if previous is not None and _same_day(previous.at, bubble.at):
            return ""
        return wording.day_label(bubble.at, int(self._clock()))

    def _lay_out(self, text: str, font: QFont, width: float) -> QTextLayout:
        key = (text, font.key(), int(width))
        layout = self._layouts.get(key)
        if layout is None:
            layout = lay_out(text, font, width)
            self._layouts[key] = layout
            if len(self._layouts) > 2000:
                self._layouts.popitem(last=False)
        else:
            self._layouts.move_to_end(key)
        return layout

    # Painting -------------------------------------------------------------------------------

    def _paint_day(
        self, painter: QPainter, option: QStyleOptionViewItem, rect: QRectF, day: str
    ) -> None:
        fonts = Fonts(option.font)
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
        fill = COLORS.note if g.bubble.is_note else COLORS.outbound if outbound else COLORS.inbound
        painter.setBrush(qcolor(fill))
        painter.drawPath(_rounded(bubble, *radii))

    def _paint_content(self, painter: QPainter, fonts: Fonts, bubble: QRectF, g: _Geometry) -> None:
        if g.author:
            painter.setFont(fonts.author)
            painter.setPen(qcolor(COLORS.accent_pressed))
            top = bubble.top() + PAD_V + fonts.author_metrics.ascent()
            painter.drawText(QPointF(bubble.left() + PAD_H, top), g.author)
        column = bubble.width() - 2 * PAD_H
        for block, at in self._placed(fonts, bubble, g):
            block.paint(painter, at, column)

    def _paint_footer(self, painter: QPainter, fonts: Fonts, bubble: QRectF, g: _Geometry) -> None:
        right = bubble.right() - PAD_H
        baseline = bubble.bottom() - PAD_V - fonts.small_metrics.descent()
        if g.bubble.outbound and not g.bubble.is_note:
            box = QRectF(
                right - TICK_SIZE.width(),
                baseline - TICK_SIZE.height() + 2,
                TICK_SIZE.width(),
                TICK_SIZE.height(),
            )
            paint_status(painter, box, g.bubble.status)
            right = box.left() - 4
        when = g.bubble.footer
        painter.setFont(fonts.small)
        painter.setPen(qcolor(COLORS.muted))
        painter.drawText(
            QPointF(right - fonts.small_metrics.horizontalAdvance(when), baseline), when
        )

    def _paint_note(
        self, painter: QPainter, fonts: Fonts, row: QRectF, bubble: QRectF, g: _Geometry
    ) -> None:
        painter.setFont(fonts.small)
        painter.setPen(status_color(g.bubble.status))
        top = bubble.bottom() + 3 + g.below - NOTE_HEIGHT
        # Under a short bubble the note may reach across the row: a long one ("Not confirmed
        # by WhatsApp — check with the customer …") must not lose its first words.
        left = row.left() + SIDE_MARGIN
        area = QRectF(left, top, bubble.right() - left, NOTE_HEIGHT)
        note = fonts.small_metrics.elidedText(
            g.note, Qt.TextElideMode.ElideRight, int(area.width())
        )
        painter.drawText(area, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, note)


def _bubble_rect(row: QRectF, g: _Geometry) -> QRectF:
    """Where the bubble sits in its row: on the right for ours, on the left for the customer's."""
    x = (
        row.right() - SIDE_MARGIN - g.size.width()
        if g.bubble.outbound
        else row.left() + SIDE_MARGIN
    )
    return QRectF(x, row.top() + g.top, g.size.width(), g.size.height())


def _footer_width(fonts: Fonts, bubble: Bubble) -> float:
    width = fonts.small_metrics.horizontalAdvance(bubble.footer)
    return width + (4 + TICK_SIZE.width() if bubble.outbound and not bubble.is_note else 0)


def _paint_reaction(painter: QPainter, fonts: Fonts, bubble: QRectF, b: Bubble) -> None:
    """A white pill with the emoji on the bubble's lower left edge, clear of the time."""
    metrics = fonts.body_metrics
    width = max(REACTION_HEIGHT + 6, metrics.horizontalAdvance(b.reaction) + 14)
    pill = QRectF(bubble.left() + 10, bubble.bottom() - REACTION_OVERLAP, width, REACTION_HEIGHT)
    painter.setPen(qcolor(COLORS.border))
    painter.setBrush(QColor("white"))
    painter.drawRoundedRect(pill, REACTION_HEIGHT / 2, REACTION_HEIGHT / 2)
    painter.setFont(fonts.body)
    # Where the font draws hearts in outline only, colour makes them read as love.
    painter.setPen(
        qcolor(COLORS.danger if b.reaction.rstrip("\ufe0f") in ("❤", "♥") else COLORS.text)
    )
    painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, b.reaction)


def _rounded(rect: QRectF, tl: float, tr: float, br: float, bl: float) -> QPainterPath:
    path = QPainterPath()
    path.moveTo(rect.left() + tl, rect.top())
    path.arcTo(QRectF(rect.right() - 2 * tr, rect.top(), 2 * tr, 2 * tr), 90, -90)
    path.arcTo(QRectF(rect.right() - 2 * br, rect.bottom() - 2 * br, 2 * br, 2 * br), 0, -90)
    path.arcTo(QRectF(rect.left(), rect.bottom() - 2 * bl, 2 * bl, 2 * bl), 270, -90)
    path.arcTo(QRectF(rect.left(), rect.top(), 2 * tl, 2 * tl), 180, -90)
    path.closeSubpath()
    return path


def _starts_group(bubble: Bubble, previous: Bubble | None) -> bool:
    return (
        previous is None
        or previous.outbound != bubble.outbound
        or previous.author != bubble.author
        or bubble.at - previous.at > GROUP_SECONDS
    )


def _same_day(a: int, b: int) -> bool:
    return QDateTime.fromSecsSinceEpoch(a).date() == QDateTime.fromSecsSinceEpoch(b).date()


def _note(bubble: Bubble) -> str:
    if not bubble.outbound:
        return ""
    if bubble.status is DeliveryStatus.FAILED:
        return wording.tr("Not delivered — hover for the reason")
    if bubble.status is DeliveryStatus.CONFLICT:
        return wording.tr("Not sent — conversation changed")
    if bubble.status is DeliveryStatus.UNCERTAIN:
        return wording.uncertain_note(bubble.error_code)
    return ""


def bubble_color(outbound: bool) -> QColor:
    """The fill of a bubble, for tests and other painters."""
    return qcolor(COLORS.outbound if outbound else COLORS.inbound)
