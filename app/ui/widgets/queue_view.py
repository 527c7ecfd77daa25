"""The queue list: one row per conversation with avatar, name, waiting time (coloured as it
grows), preview, assignee and an unread badge; the selected conversation is highlighted.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFocusEvent, QFont, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from app.domain.content import ContentKind
from app.domain.handling import DEFAULT_FIRST_RESPONSE_SECONDS, SlaLevel, sla_level
from app.domain.ids import ConversationId
from app.ui import content_text, wording
from app.ui.icons import paint_icon
from app.ui.label_chips import paint_chips
from app.ui.models.queue_model import QueueModel, QueueRole
from app.ui.theme import COLORS, avatar_color, qcolor
from app.ui.widgets.presence_view import paint_presence_mark

Index = QModelIndex | QPersistentModelIndex

ROW_HEIGHT = 68
AVATAR = 40.0
PAD = 14.0


def waiting_color(seconds: int, target: int = DEFAULT_FIRST_RESPONSE_SECONDS) -> QColor:
    """A waiting time against the first-response target (`app.domain.handling.sla_level`):
    amber from three quarters of it, red once it has passed."""
    level = sla_level(0, seconds, target)
    if level is SlaLevel.BREACHED:
        return qcolor(COLORS.danger)
    if level is SlaLevel.NEAR:
        return qcolor(COLORS.warning)
    return qcolor(COLORS.muted)


class QueueDelegate(QStyledItemDelegate):
    """Paints one queue row."""

    def __init__(self, parent: QWidget, clock: Callable[[], float] = time.time) -> None:
        super().__init__(parent)
        self._clock = clock
        self.target = DEFAULT_FIRST_RESPONSE_SECONDS
        """The first-response target the waiting times are coloured against (seconds)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(option.rect.width(), ROW_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        rect = QRectF(option.rect)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self._paint_background(painter, option, rect)
        name = str(index.data(QueueRole.CUSTOMER_NAME) or "")
        key = str(index.data(QueueRole.CUSTOMER_ID) or name)
        self._paint_avatar(painter, option, rect, name, key)
        unread = int(index.data(QueueRole.UNREAD) or 0)
        fonts = _RowFonts(option.font, bold_name=unread > 0)
        left, right = rect.left() + PAD + AVATAR + 12, rect.right() - PAD
        baseline = rect.top() + 14 + fonts.name_metrics.ascent()
        self._paint_top_line(painter, index, fonts, QRectF(left, baseline, right - left, 0))
        baseline += fonts.name_metrics.descent() + 6 + fonts.body_metrics.ascent()
        self._paint_preview(painter, index, fonts, QRectF(left, baseline, right - left, 0))
        painter.setPen(qcolor(COLORS.border))
        painter.drawLine(QPointF(left, rect.bottom()), QPointF(rect.right(), rect.bottom()))
        painter.restore()

    def _paint_top_line(
        self, painter: QPainter, index: Index, fonts: _RowFonts, line: QRectF
    ) -> None:
        """Name, the assignee's pill if someone else holds it, and the waiting time.

        `line` spans the text column; its top is the baseline.
        """
        time_text, time_color = self._time(index)
        time_width = fonts.small_metrics.horizontalAdvance(time_text)
        painter.setFont(fonts.small)
        painter.setPen(time_color)
        painter.drawText(QPointF(line.right() - time_width, line.top()), time_text)
        name_right = line.right() - time_width - 10
        mark = index.data(QueueRole.PRESENCE)
        if mark:
            name_right = paint_presence_mark(painter, fonts.body, name_right, line.top(), *mark)
        mine = bool(index.data(QueueRole.ASSIGNED_TO_ME))
        assignee = "" if mine else str(index.data(QueueRole.ASSIGNEE_NAME) or "")
        if assignee:
            # In a narrow queue a long colleague's name must not run over the avatar.
            room = (name_right - line.left()) / 2
            name_right = self._paint_pill(painter, fonts, name_right, line.top(), assignee, room)
        name = str(index.data(QueueRole.CUSTOMER_NAME) or "")
        elided = fonts.name_metrics.elidedText(
            name, Qt.TextElideMode.ElideRight, name_right - line.left()
        )
        painter.setFont(fonts.name)
        painter.setPen(qcolor(COLORS.text))
        painter.drawText(QPointF(line.left(), line.top()), elided)

    def _paint_preview(
        self, painter: QPainter, index: Index, fonts: _RowFonts, line: QRectF
    ) -> None:
        """The last message, the labels' chips and the unread badge; unread rows are darker."""
        unread = int(index.data(QueueRole.UNREAD) or 0)
        right = line.right()
        if unread:
            right = self._paint_badge(painter, fonts, right, line.top(), unread) - 6
        chips = index.data(QueueRole.LABELS) or []
        if chips:  # at most half the line: the preview keeps its start readable
            room = (right - line.left()) / 2
            right = paint_chips(painter, fonts.pill, chips, right, line.top(), room) - 6
        preview = str(index.data(QueueRole.PREVIEW) or "")
        color = qcolor(COLORS.text if unread else COLORS.muted)
        left = line.left()
        icon = content_text.kind_icon(index.data(QueueRole.PREVIEW_KIND) or ContentKind.TEXT)
        if icon:
            size = round(fonts.body_metrics.ascent())
            box = QRectF(left, line.top() - size + 1, size, size)
            paint_icon(painter, box, icon, color)
            left += size + 5
        elided = fonts.body_metrics.elidedText(preview, Qt.TextElideMode.ElideRight, right - left)
        painter.setFont(fonts.body)
        painter.setPen(color)
        painter.drawText(QPointF(left, line.top()), elided)

    def _time(self, index: Index) -> tuple[str, QColor]:
        now = int(self._clock())
        waiting = index.data(QueueRole.WAITING_SINCE)
        if waiting is not None:
            seconds = max(0, now - int(waiting))
            return wording.duration(seconds), waiting_color(seconds, self.target)
        return wording.last_activity(int(index.data(QueueRole.LAST_AT) or 0), now), qcolor(
            COLORS.faint
        )

    def _paint_background(
        self, painter: QPainter, option: QStyleOptionViewItem, rect: QRectF
    ) -> None:
        state = option.state
        if state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, qcolor(COLORS.accent_soft))
            painter.fillRect(
                QRectF(rect.left(), rect.top(), 3, rect.height()), qcolor(COLORS.accent)
            )
        elif state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, qcolor(COLORS.hover))
        else:
            painter.fillRect(rect, qcolor(COLORS.surface))

    def _paint_avatar(
        self, painter: QPainter, option: QStyleOptionViewItem, rect: QRectF, name: str, key: str
    ) -> None:
        circle = QRectF(rect.left() + PAD, rect.center().y() - AVATAR / 2, AVATAR, AVATAR)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(avatar_color(key))
        painter.drawEllipse(circle)
        font = QFont(option.font)
        font.setPointSizeF(option.font.pointSizeF() + 1)
        font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, wording.initials(name))

    def _paint_pill(
        self,
        painter: QPainter,
        fonts: _RowFonts,
        right: float,
        baseline: float,
        text: str,
        room: float,
    ) -> float:
        """A colleague's name in a pill ending at `right`, at most `room` wide (elided)."""
        text = fonts.pill_metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0, room - 12))
        width = fonts.pill_metrics.horizontalAdvance(text) + 12
        height = fonts.pill_metrics.height() + 2
        pill = QRectF(right - width, baseline - fonts.name_metrics.ascent() + 1, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(qcolor("#E3ECF5"))
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.setFont(fonts.pill)
        painter.setPen(qcolor("#3B5B7A"))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
        return pill.left() - 8

    def _paint_badge(
        self, painter: QPainter, fonts: _RowFonts, right: float, baseline: float, count: int
    ) -> float:
        text = str(count) if count < 100 else "99+"
        height = fonts.badge_metrics.height() + 3
        width = max(height, fonts.badge_metrics.horizontalAdvance(text) + 10)
        badge = QRectF(right - width, baseline - fonts.body_metrics.ascent() - 1, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(qcolor(COLORS.badge))
        painter.drawRoundedRect(badge, height / 2, height / 2)
        painter.setFont(fonts.badge)
        painter.setPen(QColor("white"))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
        return badge.left()


class _RowFonts:
    def __init__(self, base: QFont, *, bold_name: bool) -> None:
        self.name = QFont(base)
        self.name.setPointSizeF(base.pointSizeF() + 0.5)
        self.name.setWeight(QFont.Weight.Bold if bold_name else QFont.Weight.DemiBold)
        self.body = QFont(base)
        self.small = QFont(base)
        self.small.setPointSizeF(base.pointSizeF() - 1)
        self.pill = QFont(self.small)
        self.pill.setPointSizeF(base.pointSizeF() - 1.5)
        self.badge = QFont(self.small)
        self.badge.setWeight(QFont.Weight.Bold)
        self.name_metrics = QFontMetricsF(self.name)
        self.body_metrics = QFontMetricsF(self.body)
        self.small_metrics = QFontMetricsF(self.small)
        self.pill_metrics = QFontMetricsF(self.pill)
        self.badge_metrics = QFontMetricsF(self.badge)


class QueueListView(QListView):
    """One queue tab's list.

    Signals:
        conversation_chosen(bytes): The user moved to a conversation (click or arrow keys).
    """

    conversation_chosen = Signal(bytes)

    def __init__(
        self, empty_text: str, clock: Callable[[], float] = time.time, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("QueueList")
        self.setAccessibleName(self.tr("Conversation queue"))
        self.rows = QueueDelegate(self, clock)
        self.setItemDelegate(self.rows)
        self.setUniformItemSizes(True)
        self.setMouseTracking(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._empty_text = empty_text
        self._reshaping = 0
        """Model changes in progress: the current row moves then, but nobody chose anything."""
        self._shown: ConversationId | None = None
        """The conversation the desk has open, kept selected while rows come and go."""
        # Waiting times are minutes; repaint twice a minute so they never lag by a whole one.
        self._tick = QTimer(self)
        self._tick.setInterval(30_000)
        self._tick.timeout.connect(self.viewport().update)
        self._tick.start()

    def set_queue_model(self, model: QueueModel) -> None:
        # Connected before `setModel`, so these run before the selection model reacts: when the
        # open conversation's row leaves (claimed, say), Qt moves the current row to a
        # neighbour, and that must not read as the agent choosing the neighbour.
        for started in (
            model.rowsAboutToBeRemoved,
            model.rowsAboutToBeInserted,
            model.layoutAboutToBeChanged,
            model.modelAboutToBeReset,
        ):
            started.connect(self._reshape_started)
        for ended in (model.rowsRemoved, model.rowsInserted, model.layoutChanged, model.modelReset):
            ended.connect(self._reshape_ended)
        self.setModel(model)
        self.selectionModel().currentChanged.connect(self._current_changed)

    def select_conversation(self, conversation_id: ConversationId | None) -> None:
        """Highlight a conversation if this list has it loaded, without announcing a choice.

        The list remembers it and selects it again when it is loaded later (None: nothing).
        """
        self._shown = conversation_id
        model = self.model()
        if not isinstance(model, QueueModel):
            return
        row = None if conversation_id is None else model.row_of(conversation_id)
        if row is None:
            self._clear_current()
            return
        blocked = self.selectionModel().blockSignals(True)
        self.setCurrentIndex(model.index(row))
        self.selectionModel().blockSignals(blocked)
        self.viewport().update()

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Qt makes the first row current when the list gets the keyboard focus, and that
        opens it; while the rows reload they may be stale (a conversation that has left this
        tab), so then nothing is chosen here and `QueuePane.focus_list` picks from fresh rows."""
        model = self.model()
        reloading = isinstance(model, QueueModel) and not model.settled
        if reloading and not self.currentIndex().isValid():
            blocked = self.selectionModel().blockSignals(True)
            super().focusInEvent(event)
            self.selectionModel().clearCurrentIndex()
            self.selectionModel().blockSignals(blocked)
            return
        super().focusInEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if isinstance(model, QueueModel) and model.rowCount() == 0 and not model.busy:
            painter = QPainter(self.viewport())
            painter.setPen(qcolor(COLORS.faint))
            area = self.viewport().rect().adjusted(24, 0, -24, 0)
            painter.drawText(
                area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._empty_text
            )

    def _clear_current(self) -> None:
        blocked = self.selectionModel().blockSignals(True)
        self.selectionModel().clear()
        self.selectionModel().blockSignals(blocked)
        self.viewport().update()

    def _reshape_started(self, *_args: object) -> None:
        self._reshaping += 1

    def _reshape_ended(self, *_args: object) -> None:
        self._reshaping = max(0, self._reshaping - 1)
        if not self._reshaping:
            self.select_conversation(self._shown)

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._reshaping:
            return
        conversation_id = current.data(QueueRole.CONVERSATION_ID) if current.isValid() else None
        if conversation_id:
            self.conversation_chosen.emit(bytes(conversation_id))
