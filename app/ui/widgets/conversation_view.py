"""The message list of the open conversation: bubbles, sticking to the newest message, and
older pages loaded when the reader scrolls to the top without the view jumping.

The bubbles are painted, not widgets, so the view asks the delegate what is under the mouse: a
link (the cursor becomes a hand; a click opens it in the system browser, and only web and mail
links are ever opened) or a picture (a click opens the file, like a double-click).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPoint, QPointF, Qt, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QMenu, QStyleOptionViewItem, QWidget

from app.domain import rules
from app.ui.links import openable
from app.ui.models.conversation_model import ConversationModel, MessageRole
from app.ui.theme import COLORS, qcolor
from app.ui.thumbnails import Thumbnails
from app.ui.widgets.bubble_content import Bubble
from app.ui.widgets.bubble_delegate import BubbleDelegate, Hit

_STICK_SLACK = 24
"""Pixels from the bottom that still count as "reading the newest messages"."""
_CLICK_SLACK = 4
"""Pixels the mouse may move between press and release for a click on a link or picture."""


class ConversationView(QListView):
    """Shows a `ConversationModel` as chat bubbles, newest at the bottom.

    Signals:
        send_again_requested(bytes): The agent asked to send an unsent reply again (its
            event id); only replies the outbox gave up on or that met a conflict offer it.
        discard_requested(bytes): The agent asked to take such a reply back.
        media_requested(bytes): The agent opened (double-click or Enter, or a click on the
            picture) a bubble standing for a file: a photo, video, voice note, document or
            sticker. Carries the event id.
        link_opened(str): A link in a message was clicked and handed to the system.
        versions_requested(bytes): The agent asked to see the earlier versions of a message
            its customer edited (context menu, or the menu key on the selected bubble).
    """

    media_requested = Signal(bytes)
    send_again_requested = Signal(bytes)
    discard_requested = Signal(bytes)
    link_opened = Signal(str)
    versions_requested = Signal(bytes)

    def __init__(
        self, clock: Callable[[], float] = time.time, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("MessageList")
        self.setAccessibleName(self.tr("Messages"))
        self._delegate = BubbleDelegate(self, clock)
        self.setItemDelegate(self._delegate)
        self.setMouseTracking(True)  # the cursor shows what a click on a link would do
        self._pressed: tuple[QPoint, Hit | None] | None = None
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._menu_event = b""
        self.customContextMenuRequested.connect(self._show_menu)
        self.activated.connect(self._activated)
        self.verticalScrollBar().setSingleStep(24)
        self._stick_to_bottom = True
        self._anchor_from_bottom: int | None = None
        self._watched: QAbstractItemModel | None = None
        bar = self.verticalScrollBar()
        bar.rangeChanged.connect(self._range_changed)
        bar.valueChanged.connect(self._scrolled)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        old, old_selection = self._watched, self.selectionModel()
        if old is not None and shiboken6.isValid(old):
            old.rowsAboutToBeInserted.disconnect(self._rows_about_to_be_inserted)
            old.modelReset.disconnect(self._model_reset)
        super().setModel(model)
        if old_selection is not None:
            old_selection.deleteLater()  # Qt leaves the old selection model to its owner
        self._watched = model
        if model is not None:
            model.rowsAboutToBeInserted.connect(self._rows_about_to_be_inserted)
            model.modelReset.connect(self._model_reset)
        self._model_reset()

    def set_thumbnails(self, thumbnails: Thumbnails) -> None:
        """Show photos and stickers as their thumbnails, loaded from `thumbnails`."""
        self._delegate.thumbnails = thumbnails
        thumbnails.changed.connect(self._thumbnail_changed)

    def hit_at(self, position: QPoint) -> Hit | None:
        """What is under `position` (viewport coordinates): a link, a picture, or bubble."""
        index = self.indexAt(position)
        if not index.isValid():
            return None
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        option.rect = self.visualRect(index)
        return self._delegate.hit(option, index, QPointF(position))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        hit = self.hit_at(event.position().toPoint())
        pointing = hit is not None and (bool(hit.link) or hit.opens_file)
        viewport = self.viewport()
        if pointing and not viewport.testAttribute(Qt.WidgetAttribute.WA_SetCursor):
            viewport.setCursor(Qt.CursorShape.PointingHandCursor)
        elif not pointing and viewport.testAttribute(Qt.WidgetAttribute.WA_SetCursor):
            viewport.unsetCursor()
        self.viewport().setToolTip(hit.link if hit is not None else "")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            point = event.position().toPoint()
            self._pressed = (point, self.hit_at(point))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        pressed, self._pressed = self._pressed, None
        if pressed is None or event.button() != Qt.MouseButton.LeftButton:
            return
        point = event.position().toPoint()
        start, hit = pressed
        if hit is None or (point - start).manhattanLength() > _CLICK_SLACK:
            return  # a drag, or not on anything clickable
        if hit.link:
            self._open_link(hit.link)
        elif hit.opens_file:
            self._activated(self.indexAt(point))

    def _open_link(self, url: str) -> None:
        if openable(url):  # found links are; this guards the one door to the system
            QDesktopServices.openUrl(QUrl(url))
            self.link_opened.emit(url)

    def _thumbnail_changed(self, event_id: bytes) -> None:
        model = self.model()
        if isinstance(model, ConversationModel):
            row = model.row_of(event_id)
            if row is not None:
                self._delegate.thumbnail_arrived(model.index(row))

    def at_bottom(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() >= bar.maximum() - _STICK_SLACK

    def scroll_to_newest(self) -> None:
        self._stick_to_bottom = True
        self.scrollToBottom()

    def show_row(self, row: int) -> None:
        """Bring a message to the middle of the view and select it (a search hit)."""
        model = self.model()
        if model is None or not 0 <= row < model.rowCount():
            return
        index = model.index(row, 0)
        self._stick_to_bottom = False
        self._anchor_from_bottom = None
        self.setCurrentIndex(index)
        self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def copy_current(self) -> None:
        """Copy the selected message's text to the clipboard."""
        index = self.currentIndex()
        if index.isValid():
            QGuiApplication.clipboard().setText(str(index.data(MessageRole.TEXT) or ""))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_current()
            return
        menu_key = event.key() == Qt.Key.Key_Menu or (
            event.key() == Qt.Key.Key_F10 and event.modifiers() == Qt.KeyboardModifier.ShiftModifier
        )
        if menu_key and self.currentIndex().isValid():
            self._show_menu(self.visualRect(self.currentIndex()).center())
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(qcolor(COLORS.faint))
            painter.drawText(
                self.viewport().rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No messages yet")
            )

    def _rows_about_to_be_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        # Older messages go in above what the reader is looking at: keep that in place.
        if first == 0 and self.model() is not None and self.model().rowCount() > 0:
            bar = self.verticalScrollBar()
            self._anchor_from_bottom = bar.maximum() - bar.value()

    def _range_changed(self, minimum: int, maximum: int) -> None:
        bar = self.verticalScrollBar()
        if self._stick_to_bottom:
            bar.setValue(maximum)
        elif self._anchor_from_bottom is not None:
            bar.setValue(maximum - self._anchor_from_bottom)
        self._anchor_from_bottom = None

    def _scrolled(self, value: int) -> None:
        bar = self.verticalScrollBar()
        self._stick_to_bottom = value >= bar.maximum() - _STICK_SLACK
        model = self.model()
        if isinstance(model, ConversationModel):
            at_top = value <= bar.minimum() + _STICK_SLACK and bar.maximum() > 0
            model.set_top_reached(at_top)
            if at_top and model.canFetchMore(QModelIndex()):
                model.fetchMore(QModelIndex())

    def _model_reset(self) -> None:
        self._stick_to_bottom = True
        self._anchor_from_bottom = None

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid() and Bubble.read(index).is_media:
            self.media_requested.emit(bytes(index.data(MessageRole.EVENT_ID)))

    def _add_unsent_actions(self, menu: QMenu, index: QModelIndex) -> None:
        """A reply that never went out can be sent again or taken back (issue 7)."""
        model = self.model()
        message = model.row_value(index) if isinstance(model, ConversationModel) else None
        if message is None or not rules.unsent(message):
            return
        self._menu_event = bytes(message.event_id)
        menu.addSeparator()
        menu.addAction(self.tr("Send again"), self._send_again_chosen)
        menu.addAction(self.tr("Discard this reply"), self._discard_chosen)

    def _send_again_chosen(self) -> None:
        self.send_again_requested.emit(self._menu_event)

    def _discard_chosen(self) -> None:
        self.discard_requested.emit(self._menu_event)

    def _versions_chosen(self) -> None:
        self.versions_requested.emit(self._menu_event)

    def _show_menu(self, position: QPoint) -> None:
        index = self.indexAt(position)
        if not index.isValid():
            return
        self.setCurrentIndex(index)
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction(self.tr("Copy text"), self.copy_current)
        self._add_unsent_actions(menu, index)
        if index.data(MessageRole.EDITED):
            self._menu_event = bytes(index.data(MessageRole.EVENT_ID))
            menu.addAction(self.tr("Show earlier versions…"), self._versions_chosen)
        hit = self.hit_at(position)
        if hit is not None and hit.link:
            link = hit.link
            menu.addAction(self.tr("Open link"), functools.partial(self._open_link, link))
            menu.addAction(self.tr("Copy link"), functools.partial(_copy, link))
        menu.popup(self.viewport().mapToGlobal(position))


def _copy(text: str) -> None:
    QGuiApplication.clipboard().setText(text)
