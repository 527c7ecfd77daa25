"""The list of search hits: customer and time on top, the snippet with its marked words below."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QKeyEvent, QPainter, QPaintEvent, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from app.ui.models.search_model import SearchModel, SearchRole
from app.ui.theme import COLORS, qcolor

Index = QModelIndex | QPersistentModelIndex

ROW_HEIGHT = 62
PAD = 12.0
SNIPPET_LINES = 2


class SearchDelegate(QStyledItemDelegate):
    """Paints one hit. The snippet is rich text built by `snippet_html`, which escapes the
    message, so a message can never inject markup."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(option.rect.width(), ROW_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(option.rect)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        if selected or hovered:
            painter.fillRect(rect, qcolor(COLORS.accent_soft if selected else COLORS.hover))
        painter.setPen(qcolor(COLORS.border))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        top = self._paint_heading(painter, option, index, rect)
        self._paint_snippet(painter, option, index, rect, top)
        painter.restore()

    def _paint_heading(
        self, painter: QPainter, option: QStyleOptionViewItem, index: Index, rect: QRectF
    ) -> float:
        font = QFont(option.font)
        font.setBold(True)
        metrics = QFontMetricsF(font)
        when = str(index.data(SearchRole.WHEN) or "")
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() - 1))
        when_width = QFontMetricsF(small).horizontalAdvance(when)
        line = QRectF(rect.left() + PAD, rect.top() + 8, rect.width() - 2 * PAD, metrics.height())
        painter.setFont(small)
        painter.setPen(qcolor(COLORS.muted))
        painter.drawText(line, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, when)
        name = str(index.data(SearchRole.HEADING) or "")
        room = line.width() - when_width - PAD
        painter.setFont(font)
        painter.setPen(qcolor(COLORS.text))
        elided = metrics.elidedText(name, Qt.TextElideMode.ElideRight, room)
        painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
        return line.bottom() + 2

    def _paint_snippet(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: Index,
        rect: QRectF,
        top: float,
    ) -> None:
        document = QTextDocument()
        document.setDocumentMargin(0)
        document.setDefaultFont(option.font)
        document.setDefaultStyleSheet(f"body {{ color: {COLORS.muted}; }}")
        document.setHtml(f"<body>{index.data(SearchRole.SNIPPET_HTML) or ''}</body>")
        width = rect.width() - 2 * PAD
        document.setTextWidth(width)
        height = QFontMetricsF(option.font).lineSpacing() * SNIPPET_LINES
        painter.translate(rect.left() + PAD, top)
        document.drawContents(painter, QRectF(0, 0, width, height))


class SearchResultsView(QListView):
    """The hits, loading further pages when scrolled to the end.

    Signals:
        hit_activated(int): The agent chose the hit in this row (Enter, click).
    """

    hit_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SearchResults")
        self.setAccessibleName(self.tr("Search results"))
        self.setItemDelegate(SearchDelegate(self))
        self.setUniformItemSizes(True)
        self.setMouseTracking(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.clicked.connect(self._clicked)

    def move_selection(self, step: int) -> None:
        """Select the next (1) or previous (-1) hit, staying within the list."""
        model = self.model()
        if model is None or model.rowCount() == 0:
            return
        row = self.currentIndex().row() if self.currentIndex().isValid() else -1
        row = min(max(row + step, 0), model.rowCount() - 1)
        self.setCurrentIndex(model.index(row, 0))

    def activate_current(self) -> None:
        """Choose the selected hit, or the first when none is selected."""
        model = self.model()
        if model is None or model.rowCount() == 0:
            return
        row = self.currentIndex().row() if self.currentIndex().isValid() else 0
        self.hit_activated.emit(row)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activate_current()
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if isinstance(model, SearchModel) and model.rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(qcolor(COLORS.faint))
            painter.drawText(
                self.viewport().rect().adjusted(16, 16, -16, -16),
                Qt.AlignmentFlag.AlignHCenter
                | Qt.AlignmentFlag.AlignTop
                | Qt.TextFlag.TextWordWrap,
                self._empty_text(model),
            )

    def _empty_text(self, model: SearchModel) -> str:
        if model.query_is_empty:
            return self.tr("Type a word to find it in the messages")
        if model.searching:
            return self.tr("Searching…")
        return self.tr("No messages match “%1”").replace("%1", model.text.strip())

    def _clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.hit_activated.emit(index.row())
