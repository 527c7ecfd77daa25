"""The left side of the desk: queue tabs (Unassigned / Mine / All open) over their lists.

Each tab has its own model and list, so switching tabs keeps every list's scroll position and
selection. Hidden tabs only recount (for the numbers on the tabs) until they are shown again.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from app.domain.errors import SwitchboardError
from app.domain.ids import ConversationId
from app.domain.labels import LabelId
from app.domain.model import QueueView
from app.services.api import Changes, DeskApi
from app.ui.icons import icon_pixmap
from app.ui.label_chips import LabelCatalogue
from app.ui.messages import MessageChannel
from app.ui.models.queue_model import QueueModel
from app.ui.theme import COLORS
from app.ui.widgets.label_filter import LabelFilter
from app.ui.widgets.queue_tabs import QueueTabBar, TabLabel
from app.ui.widgets.queue_view import QueueListView

TABS = (
    QueueView.UNASSIGNED,
    QueueView.MINE,
    QueueView.ALL_OPEN,
    QueueView.PENDING,
    QueueView.SNOOZED,
    QueueView.RESOLVED,
)
COMPACT_TABS = {
    QueueView.PENDING: "pending",
    QueueView.SNOOZED: "snoozed",
    QueueView.RESOLVED: "resolved",
}
"""Tabs shown as an icon and their count (their name is the tooltip and accessible name), so
six tabs with counts fit a narrow queue."""


class QueuePane(QWidget):
    """The queue tabs and lists.

    Signals:
        conversation_chosen(bytes): The agent moved to a conversation in one of the lists.
        tab_shown(QueueView): Another tab is now shown (picked by the agent or by `show_tab`).
    """

    conversation_chosen = Signal(bytes)
    tab_shown = Signal(object)

    def __init__(
        self,
        api: DeskApi,
        messages: MessageChannel,
        clock: Callable[[], float] = time.time,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("QueuePane")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._messages = messages
        self.tabs = QueueTabBar(self)  # in a narrow desk the names shorten, not the counts
        self.tabs.setAccessibleName(self.tr("Queue views"))
        self._stack = QStackedWidget(self)
        self.models: list[QueueModel] = []
        self.lists: list[QueueListView] = []
        self._first_row_for: int | None = None
        """The tab whose first row `focus_list` chooses once that tab's rows are fresh."""
        for view in TABS:
            self._add_tab(api, view, clock)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.catalogue = LabelCatalogue(api, messages, self)
        self.label_filter = LabelFilter(self.catalogue, self)
        self.label_filter.label_chosen.connect(self._label_chosen)
        for model in self.models:
            model.set_label_names(self.catalogue.chips)
        self.catalogue.changed.connect(self._labels_loaded)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.setSpacing(8)
        tabs_row = QVBoxLayout()
        tabs_row.setContentsMargins(10, 0, 10, 0)
        tabs_row.addWidget(self.tabs)
        tabs_row.addWidget(self.label_filter)
        layout.addLayout(tabs_row)
        layout.addWidget(self._stack, 1)
        self._tab_changed(0)
        self.catalogue.reload()

    def _add_tab(self, api: DeskApi, view: QueueView, clock: Callable[[], float]) -> None:
        model = QueueModel(api, view, clock=clock, parent=self)
        listing = QueueListView(_empty_text(self, view), clock, self)
        listing.set_queue_model(model)
        listing.conversation_chosen.connect(self.conversation_chosen)
        model.total_changed.connect(self._update_labels)
        model.load_failed.connect(self._load_failed)
        model.loading_changed.connect(listing.viewport().update)
        model.loading_changed.connect(self._loading_changed)
        self.models.append(model)
        self.lists.append(listing)
        self._stack.addWidget(listing)
        index = self.tabs.addTab(tab_title(self, view))
        icon = COMPACT_TABS.get(view)
        if icon is not None:
            self.tabs.setTabIcon(index, QIcon(icon_pixmap(icon, 32, COLORS.muted, 2.0)))
            self.tabs.setTabText(index, "")
            self.tabs.setTabToolTip(index, tab_title(self, view))
            self.tabs.setAccessibleTabName(index, tab_title(self, view))
        model.start()

    @property
    def current_list(self) -> QueueListView:
        return self.lists[self.tabs.currentIndex()]

    @property
    def current_model(self) -> QueueModel:
        return self.models[self.tabs.currentIndex()]

    @property
    def current_view(self) -> QueueView:
        return TABS[self.tabs.currentIndex()]

    def show_tab(self, view: QueueView) -> None:
        self.tabs.setCurrentIndex(TABS.index(view))

    def set_first_response_target(self, seconds: int) -> None:
        """Colour waiting times against this target (View → First-response target)."""
        for listing in self.lists:
            listing.rows.target = seconds
            listing.viewport().update()

    def focus_list(self) -> None:
        """Put keyboard focus in the visible list, on its current or first conversation.

        A tab shown again after changes reloads first, and its first row is chosen from what
        it lists now: a row it only still showed may have left the tab, and opening that
        conversation would move the desk to another tab than the one the agent asked for."""
        self.current_list.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._first_row_for = self.tabs.currentIndex()
        self._choose_first_row()

    def _choose_first_row(self) -> None:
        tab = self._first_row_for
        if tab is None or not self.models[tab].settled:
            return
        self._first_row_for = None
        listing, model = self.lists[tab], self.models[tab]
        shown = tab == self.tabs.currentIndex()
        if shown and not listing.currentIndex().isValid() and model.rowCount() > 0:
            listing.setCurrentIndex(model.index(0, 0))

    def _loading_changed(self, loading: bool) -> None:
        if not loading:
            self._choose_first_row()

    def apply_changes(self, changes: Changes) -> None:
        self.catalogue.apply_changes(changes)
        for model in self.models:
            model.apply_changes(changes)

    def filter_by_label(self, label: LabelId | None) -> None:
        """List only conversations carrying `label` in every tab (None: all of them)."""
        self.label_filter.choose(label)

    def _label_chosen(self, label: LabelId | None) -> None:
        for model in self.models:
            model.set_label_filter(label)

    def _labels_loaded(self) -> None:
        for model in self.models:
            model.set_label_names(self.catalogue.chips)

    def highlight(self, conversation_id: ConversationId | None) -> None:
        """Mark the open conversation in every list that has it."""
        for listing in self.lists:
            listing.select_conversation(conversation_id)

    def _tab_changed(self, index: int) -> None:
        for i, model in enumerate(self.models):  # first: a stale list starts reloading
            model.set_active(i == index)  # before the stack hands it the keyboard focus
        self._stack.setCurrentIndex(index)
        self.tab_shown.emit(TABS[index])

    def _update_labels(self) -> None:
        locale = QLocale()
        for i, (view, model) in enumerate(zip(TABS, self.models, strict=True)):
            count = locale.toString(model.total) if model.total else ""
            label = TabLabel(tab_title(self, view), count, icon_only=view in COMPACT_TABS)
            self.tabs.set_label(i, label)

    def _load_failed(self, error: SwitchboardError) -> None:
        self._messages.report(error, "load queue")


def tab_title(owner: QWidget, view: QueueView) -> str:
    """The name of a queue tab (in the QueuePane context, wherever it is shown)."""
    titles = {
        QueueView.UNASSIGNED: QCoreApplication.translate("QueuePane", "Unassigned"),
        QueueView.MINE: QCoreApplication.translate("QueuePane", "Mine"),
        QueueView.ALL_OPEN: QCoreApplication.translate("QueuePane", "All open"),
        QueueView.PENDING: QCoreApplication.translate("QueuePane", "Pending"),
        QueueView.SNOOZED: QCoreApplication.translate("QueuePane", "Snoozed"),
        QueueView.RESOLVED: QCoreApplication.translate("QueuePane", "Resolved"),
    }
    return titles[view]


def _empty_text(owner: QWidget, view: QueueView) -> str:
    texts = {
        QueueView.UNASSIGNED: QCoreApplication.translate(
            "QueuePane", "Nobody is waiting. New conversations appear here."
        ),
        QueueView.MINE: QCoreApplication.translate(
            "QueuePane", "Nothing assigned to you. Claim a conversation to work on it."
        ),
        QueueView.ALL_OPEN: QCoreApplication.translate("QueuePane", "No open conversations."),
        QueueView.PENDING: QCoreApplication.translate(
            "QueuePane", "Nothing is waiting for a customer's answer."
        ),
        QueueView.SNOOZED: QCoreApplication.translate(
            "QueuePane", "Nothing is snoozed. Snoozed conversations come back on their own."
        ),
        QueueView.RESOLVED: QCoreApplication.translate(
            "QueuePane", "No resolved conversations yet."
        ),
    }
    return texts[view]
