"""The parts a chat bubble is stacked from: wrapped text (with its links), one-line labels,
chips, a quote, a picture (its thumbnail, or a tile while there is none), cards. Each is
measured when built and painted where the delegate puts it, so what `sizeHint` measures is
exactly what `paint` draws.

Backgrounds inside a bubble are translucent black, so they read on the grey (customer) and the
green (ours) bubble alike.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPolygonF,
    QTextCharFormat,
    QTextLayout,
    QTextLine,
    QTextOption,
)

from app.ui.content_text import Card, Tile
from app.ui.icons import paint_icon
from app.ui.links import Link, find_links
from app.ui.theme import COLORS, qcolor

SHADE = QColor(0, 0, 0, 16)
"""Quote and card backgrounds."""
TILE_SHADE = QColor(0, 0, 0, 26)
TILE_W, TILE_H, STICKER = 240.0, 140.0, 150.0
CARD_MAX = 320.0
ICON_GAP = 6.0
PHOTO_MIN_H, PHOTO_MAX_H = 90.0, 320.0
"""A photo's thumbnail keeps its aspect within these heights (cropped beyond them)."""
LINK_COLOR = "#0A6A9E"
"""Links read as links on the grey and the green bubble alike."""


class Fonts:
    """The fonts of a bubble, derived from the view's font."""

    def __init__(self, base: QFont) -> None:
        self.body = QFont(base)
        self.body.setPointSizeF(base.pointSizeF() + 0.5)
        self.title = QFont(self.body)
        self.title.setWeight(QFont.Weight.DemiBold)
        self.italic = QFont(self.body)
        self.italic.setItalic(True)
        self.small = QFont(base)
        self.small.setPointSizeF(max(6.5, base.pointSizeF() - 1.5))
        self.small_italic = QFont(self.small)
        self.small_italic.setItalic(True)
        self.author = QFont(self.small)
        self.author.setWeight(QFont.Weight.DemiBold)
        self.body_metrics = QFontMetricsF(self.body)
        self.title_metrics = QFontMetricsF(self.title)
        self.small_metrics = QFontMetricsF(self.small)
        self.author_metrics = QFontMetricsF(self.author)


class Block:
    """One part of a bubble's column. `width` is what it needs, `height` what it takes."""

    width: float = 0.0
    height: float = 0.0
    opens_file = False
    """Clicking it opens the message's file (a picture)."""

    def link_at(self, x: float, y: float) -> str:
        """The link under (`x`, `y`), relative to the block's top-left corner; "" if none."""
        return ""

    def paint(self, painter: QPainter, at: QPointF, column: float) -> None:
        """Paint with the top-left corner at `at`; `column` is the bubble's content width."""
        raise NotImplementedError


def lay_out(text: str, font: QFont, width: float) -> QTextLayout:
    """`text` wrapped to `width` (at word boundaries, or anywhere for long links)."""
    # QTextLayout breaks lines only at U+2028, so newlines are converted (one character for
    # one: link positions stay those of `text`).
    layout = QTextLayout(text.replace("\n", "\u2028") or " ", font)
    layout.setFormats([_link_format(link) for link in find_links(text)])
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


def _link_format(link: Link) -> QTextLayout.FormatRange:
    look = QTextCharFormat()
    look.setForeground(qcolor(LINK_COLOR))
    look.setFontUnderline(True)
    span = QTextLayout.FormatRange()
    span.start, span.length, span.format = link.start, link.end - link.start, look
    return span


class TextBlock(Block):
    """Wrapped text (a message, a caption, a placeholder sentence); links are underlined."""

    def __init__(self, layout: QTextLayout, color: str = COLORS.text) -> None:
        lines = [layout.lineAt(i) for i in range(layout.lineCount())]
        self.layout = layout
        self.color = color
        self.width = max((line.naturalTextWidth() for line in lines), default=0.0)
        self.height = sum(line.height() for line in lines)
        self.last_line = lines[-1].naturalTextWidth() if lines else 0.0
        self.links = find_links(layout.text())

    def paint(self, painter: QPainter, at: QPointF, column: float) -> None:
        painter.setPen(qcolor(self.color))
        self.layout.draw(painter, at)

    def link_at(self, x: float, y: float) -> str:
        if not self.links:
            return ""
        for i in range(self.layout.lineCount()):
            line = self.layout.lineAt(i)
            if line.y() <= y < line.y() + line.height() and 0 <= x <= line.naturalTextWidth():
                at = line.xToCursor(x, QTextLine.CursorPosition.CursorOnCharacter)
                return next((k.url for k in self.links if k.start <= at < k.end), "")
        return ""


class LineBlock(Block):
    """An icon and one line of small text, shortened with "…" when too long."""

    def __init__(
        self, icon: str, text: str, font: QFont, limit: float, color: str = COLORS.muted
    ) -> None:
        self.metrics = QFontMetricsF(font)
        self.font, self.icon, self.color = font, icon, color
        self.icon_size = round(self.metrics.ascent())
        room = limit - self.icon_size - ICON_GAP
        self.text = self.metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
        self.width = self.icon_size + ICON_GAP + self.metrics.horizontalAdvance(self.text)
        self.height = self.metrics.height()

    def paint(self, painter: QPainter, at: QPointF, column: float) -> None:
        top = at.y() + (self.height - self.icon_size) / 2
        paint_icon(
            painter, QRectF(at.x(), top, self.icon_size, self.icon_size), self.icon, self.color
        )
        painter.setFont(self.font)
        painter.setPen(qcolor(self.color))
        x = at.x() + self.icon_size + ICON_GAP
        painter.drawText(QPointF(x, at.y() + self.metrics.ascent()), self.text)


class ChipBlock(LineBlock):
    """A `LineBlock` in a rounded, tinted pill (where an ad sent the customer from)."""

    PAD_X, PAD_Y = 8.0, 3.0

    def __init__(self, icon: str, text: str, font: QFont, limit: float) -> None:
        super().__init__(icon, text, font, limit - 2 * self.PAD_X, COLORS.accent_pressed)
        self.width += 2 * self.PAD_X
        self.height += 2 * self.PAD_Y

    def paint(self, painter: QPainter, at: QPointF, column: float) -> None:
        pill = QRectF(at.x(), at.y(), self.width, self.height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(qcolor(COLORS.accent_soft))
        painter.drawRoundedRect(pill, self.height / 2, self.height / 2)
        super().paint(painter, at + QPointF(self.PAD_X, self.PAD_Y), column)


class QuoteBlock(Block):
    """The quoted message above a reply: a bar, who wrote it, and its first line."""

    PAD = 6.0

    def __init__(self, author: str, icon: str, text: str, fonts: Fonts, limit: float) -> None:
        self.fonts, self.author = fonts, author
        room = limit - 2 * self.PAD - 3
        self.author_text = fonts.author_metrics.elidedText(
            author, Qt.TextElideMode.ElideRight, room
        )
        self.line = LineBlock(icon, text, fonts.small, room) if icon else None
        self.text = fonts.small_metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
        text_width = (
            self.line.width if self.line else fonts.small_metrics.horizontalAdvance(self.text)
        )
        author_width = fonts.author_metrics.horizontalAdvance(self.author_text)
        self.width = max(text_width, author_width) + 2 * self.PAD + 3
        self.height = 2 * self.PAD + fonts.small_metrics.height()
        if author:
            self.height += fonts.author_metrics.height()

    def paint(self, painter: QPainter, at: QPointF, column: float) -> None:
        box = QRectF(at.x(), at.y(), column, self.height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(SHADE)
        painter.drawRoundedRect(box, 6, 6)
        painter.setBrush(qcolor(COLORS.accent))
        painter.drawRoundedRect(QRectF(box.left(), box.top(), 3, box.height()), 1.5, 1.5)
        x, y = box.left() + 3 + self.PAD, box.top() + self.PAD
        if self.author:
            painter.setFont(self.fonts.author)
            painter.setPen(qcolor(COLORS.accent_pressed))
            painter.drawText(QPointF(x, y + self.fonts.author_metrics.ascent()), self.author_text)
            y += self.fonts.author_metrics.height()
        if self.line is not None:
            self.line.paint(painter, QPointF(x, y), column)
            return
        painter.setFont(self.fonts.small)
        painter.setPen(qcolor(COLORS.muted))
        painter.drawText(QPointF(x, y + self.fonts.small_metrics.ascent()), self.text)


class TileBlock(Block):
    """Where a photo, video or sticker goes: its kind's icon and a label (no preview yet)."""

    opens_file = True

    def __init__(self, tile: Tile, fonts: Fonts, limit: float) -> None:
        self.tile, self.fonts = tile, fonts
        self.width = STICKER if tile.square else min(TILE_W, limit)
        self.height = STICKER if tile.square else TILE_H

    def paint(self, painter: QPainter, at: QPointF, column: float) -> None:
        box = QRectF(at.x(), at.y(), self.width, self.height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(TILE_SHADE)
        painter.drawRoundedRect(box, 8, 8)
        centre = box.center() - QPointF(0, 8)
        if self.tile.play:
            _paint_play(painter, centre)
        else:
            icon = QRectF(centre.x() - 20, centre.y() - 20, 40, 40)
            paint_icon(painter, icon, self.tile.icon, QColor(255, 255, 255, 230))
        self._paint_label(painter, box)

    def _paint_label(self, painter: QPainter, box: QRectF) -> None:
        _paint_pill(painter, self.fonts, box, self.tile.icon, self.tile.label)


def _paint_pill(painter: QPainter, fonts: Fonts, box: QRectF, icon_name: str, label: str) -> None:
    """An icon and a label in a dark pill on the tile's lower left."""
    metrics = fonts.small_metrics
    room = box.width() - 16 - metrics.ascent() - ICON_GAP - 12
    text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, room)
    icon = metrics.ascent()
    pill = QRectF(
        box.left() + 8,
        box.bottom() - 8 - metrics.height() - 4,
        icon + ICON_GAP + metrics.horizontalAdvance(text) + 12,
        metrics.height() + 4,
    )
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 120))
    painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
    icon_box = QRectF(pill.left() + 6, pill.center().y() - icon / 2, icon, icon)
    paint_icon(painter, icon_box, icon_name, "white")
    painter.setFont(fonts.small)
    painter.setPen(QColor("white"))
    baseline = pill.top() + 2 + metrics.ascent()
    painter.drawText(QPointF(icon_box.right() + ICON_GAP, baseline), text)


class PictureBlock(Block):
    """A photo or sticker: its thumbnail once loaded; before that a tile of the same place
    saying what is happening (loading, still downloading, or why it cannot be shown)."""

    def __init__(
        self,
        tile: Tile,
        fonts: Fonts,
        limit: float,
        image: QImage | None,
        status: tuple[str, str] | None = None,
        opens_file: bool = True,
    ) -> None:
        """Args:
        tile: The kind's icon and label (shown while there is no image).
        image: The thumbnail, when loaded.
        status: An icon name and a few words (downloading, failed); None while loading.
        opens_file: Whether a click may open the file (not while it is downloading).
        """
        self.tile, self.fonts, self.image, self.status = tile, fonts, image, status
        self.opens_file = opens_file
        if tile.square:
            self.width = self.height = STICKER
            return
        self.width = min(TILE_W, limit)
        if image is None or image.width() == 0:
            self.height = self.width * 3 / 4  # most photos are 4:3; a cached one is exact
        else:
            aspect = image.height() / image.width()
            self.height = min(max(self.width * aspect, PHOTO_MIN_H), PHOTO_MAX_H)

    def paint(self, painter: QPainter, at: QPointF, column: float) -> None:
        box = QRectF(at.x(), at.y(), self.width, self.height)
        if self.image is not None:
            self._paint_image(painter, box, self.image)
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(TILE_SHADE)
        painter.drawRoundedRect(box, 8, 8)
        icon = self.status[0] if self.status else self.tile.icon
        centre = box.center() - QPointF(0, 10 if self.status else 8)
        # A state worth reading (downloading, why it failed) in dark grey; a picture on its way
        # in the tiles' quiet white.
        ink = qcolor(COLORS.muted) if self.status else QColor(255, 255, 255)
        paint_icon(painter, QRectF(centre.x() - 18, centre.y() - 18, 36, 36), icon, ink)
        if self.status is None:
            _paint_pill(painter, self.fonts, box, self.tile.icon, self.tile.label)
            return
        painter.setFont(self.fonts.small)
        painter.setPen(ink)
        words = QRectF(box.left() + 8, centre.y() + 22, box.width() - 16, box.bottom() - 30)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
        painter.drawText(words, int(flags) | int(Qt.TextFlag.TextWordWrap), self.status[1])

    def _paint_image(self, painter: QPainter, box: QRectF, image: QImage) -> None:
        if self.tile.square:  # a sticker floats, whole, without a frame
            fitted = QRectF(0, 0, image.width(), image.height())
            scale = min(box.width() / fitted.width(), box.height() / fitted.height())
            fitted.setSize(fitted.size() * scale)
            fitted.moveCenter(box.center())
            painter.drawImage(fitted, image)
            return
        # A photo fills its place; one taller or wider than the limits is cropped in the middle.
        scale = max(box.width() / image.width(), box.height() / image.height())
        source = QRectF(0, 0, box.width() / scale, box.height() / scale)
        source.moveCenter(QRectF(image.rect()).center())
        clip = QPainterPath()
        clip.addRoundedRect(box, 8, 8)
        painter.save()
        painter.setClipPath(clip)
        painter.drawImage(box, image, source)
        painter.restore()


def _paint_play(painter: QPainter, centre: QPointF) -> None:
    painter.setBrush(QColor(0, 0, 0, 110))
    painter.drawEllipse(centre, 22, 22)
    painter.setBrush(QColor("white"))
    triangle = QPolygonF(
        [centre + QPointF(-6, -9), centre + QPointF(-6, 9), centre + QPointF(10, 0)]
    )
    path = QPainterPath()
    path.addPolygon(triangle)
    painter.drawPath(path)


class CardBlock(Block):
    """A document, voice note, place, contact, order or button tap: icon, title, details."""

    PAD, ICON = 8.0, 34.0

    def __init__(self, card: Card, fonts: Fonts, limit: float) -> None:
        self.card, self.fonts = card, fonts
        room = min(limit, CARD_MAX) - 2 * self.PAD - self.ICON - 10
        elide = Qt.TextElideMode.ElideRight
        self.title = fonts.title_metrics.elidedText(card.title, elide, room)
        self.lines = [fonts.small_metrics.elidedText(line, elide, room) for line in card.lines]
        widest = max(
            [fonts.title_metrics.horizontalAdvance(self.title)]
            + [fonts.small_metrics.horizontalAdvance(line) for line in self.lines]
        )
        self.width = 2 * self.PAD + self.ICON + 10 + widest
        text_height = fonts.title_metrics.height() + len(self.lines) * fonts.small_metrics.height()
        self.height = 2 * self.PAD + max(self.ICON, text_height)

    def paint(self, painter: QPainter, at: QPointF, column: float) -> None:
        box = QRectF(at.x(), at.y(), max(self.width, column), self.height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(SHADE)
        painter.drawRoundedRect(box, 8, 8)
        circle = QRectF(box.left() + self.PAD, box.top() + self.PAD, self.ICON, self.ICON)
        painter.setBrush(QColor(255, 255, 255, 210))
        painter.drawEllipse(circle)
        paint_icon(painter, circle.adjusted(8, 8, -8, -8), self.card.icon, COLORS.accent)
        x = circle.right() + 10
        fonts = self.fonts
        text_height = fonts.title_metrics.height() + len(self.lines) * fonts.small_metrics.height()
        y = box.top() + (box.height() - text_height) / 2
        painter.setFont(fonts.title)
        painter.setPen(qcolor(COLORS.text))
        painter.drawText(QPointF(x, y + fonts.title_metrics.ascent()), self.title)
        y += fonts.title_metrics.height()
        painter.setFont(fonts.small)
        painter.setPen(qcolor(COLORS.muted))
        for line in self.lines:
            painter.drawText(QPointF(x, y + fonts.small_metrics.ascent()), line)
            y += fonts.small_metrics.height()
