"""`DeskWindow`: one agent's desk — header, queue tabs, the open conversation, a status line.

The window wires its parts together and owns the keyboard map; the parts do the work
(attributes down, messages up). Everything the services report arrives through the window's
`DeskBridge` on the main thread.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QDate, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QSplitter, QVBoxLayout, QWidget

from app.domain import rules
from app.domain.errors import SwitchboardError
from app.domain.ids import ConversationId
from app.domain.model import ConversationDetail, HubState, QueueView
from app.domain.search import SearchHit
from app.services.api import Changes, DeskApi
from app.services.team_api import TeamAdmin
from app.ui.about_dialog import AboutDialog
from app.ui.assignment.away_switch import AwaySwitch
from app.ui.assignment.settings_dialog import AssignmentDialog
from app.ui.audit_window import AuditWindow
from app.ui.backup_dialog import BackupDialog
from app.ui.bridge import DeskBridge, spawn
from app.ui.cost_report_dialog import CostReportDialog
from app.ui.export_flow import ExportFlow
from app.ui.i18n.language import LanguageSetting
from app.ui.lists.canned_dialog import CannedRepliesDialog
from app.ui.lists.labels_dialog import LabelsDialog
from app.ui.media_viewer import MediaOpener
from app.ui.messages import Level, MessageChannel
from app.ui.notifications.notifier import DeskNotifications, WindowHooks
from app.ui.releases.announce_dialog import AnnounceVersionDialog
from app.ui.releases.update_notice import UpdateNotice
from app.ui.reports_dialog import ReportsDialog
from app.ui.resources import app_icon
from app.ui.team.notice_watch import AdminNoticeWatch
from app.ui.team.team_window import TeamWindows
from app.ui.widgets.composer import ATTACH_SHORTCUT
from app.ui.widgets.conversation_pane import ConversationPane
from app.ui.widgets.gateway_view import GatewayView
from app.ui.widgets.header_bar import HeaderBar
from app.ui.widgets.hub_integrity_view import HubIntegrityView
from app.ui.widgets.language_menu import LanguageMenu
from app.ui.widgets.local_store_view import LocalStoreView
from app.ui.widgets.new_conversation import NewConversationDialog
from app.ui.widgets.queue_pane import QueuePane, tab_title
from app.ui.widgets.search_panel import SearchPanel
from app.ui.widgets.sla_menu import SlaMenu, SlaSetting
from app.ui.widgets.sync_progress_view import SyncProgressView

ListDialog = TypeVar("ListDialog", LabelsDialog, CannedRepliesDialog)

_MESSAGE_MS = {Level.INFO: 5000, Level.WARNING: 10_000, Level.ERROR: 15_000}


class DeskWindow(QMainWindow):
    """The desk of one agent.

    Signals:
        quit_requested(): The agent asked to quit the app (Ctrl+Q or the menu).
        closed(): This window was closed.
    """

    quit_requested = Signal()
    closed = Signal()

    def __init__(
        self,
        api: DeskApi,
        *,
        business_name: str = "",
        clock: Callable[[], float] = time.time,
        team: TeamAdmin | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.api = api
        self._clock = clock
        self.team_windows = TeamWindows(self, team, clock) if team is not None else None
        self._shown_name = api.my_name
        self.setWindowTitle(self.tr("Switchboard — %1").replace("%1", self._shown_name))
        self.setWindowIcon(app_icon())
        self.messages = MessageChannel(self)
        self.header = HeaderBar(business_name, api.my_name, api.me.hex(), self)
        self.queue = QueuePane(api, self.messages, clock, self)
        self.conversation = ConversationPane(api, self.messages, clock, self)
        self.media = MediaOpener(api, self.messages, self)
        self.conversation.media_requested.connect(self.media.open)
        self.notifications = DeskNotifications(
            api,
            self,
            WindowHooks(self.open_conversation, self._viewing, self.quit_requested.emit),
            business_name=business_name,
        )
        self._build_body()
        self.search = SearchPanel(api, self.messages, clock, self.centralWidget())
        self.search.hit_chosen.connect(self._hit_chosen)
        self._build_status_line()
        self._build_actions()
        self.queue.conversation_chosen.connect(self._conversation_chosen)
        self.queue.tab_shown.connect(self._tab_shown)
        self.conversation.detail_shown.connect(self._detail_shown)
        self.bridge = DeskBridge(api, self)
        self.bridge.changes_arrived.connect(self._changes_arrived)
        self.bridge.hub_state_changed.connect(self._hub_state_changed)
        self.notifications.follow(self.bridge)
        self.header.hub.set_state(api.hub_state)
        self._status_requests = 0
        self._refresh_number_status()
        self._show_sync_progress()
        self.update_notice.refresh()
        self.hub_integrity.show_integrity(api.hub_integrity())
        self.local_store.show_state(api.local_store())
        self.gateway.show_health(api.gateway_health())
        self._set_tab_order()
        self.resize(1120, 740)

    def _build_body(self) -> None:
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.setHandleWidth(1)
        splitter.addWidget(self.queue)
        splitter.addWidget(self.conversation)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        # Two desks side by side must fit a 1280-pixel screen.
        self.queue.setMinimumWidth(230)
        self.conversation.setMinimumWidth(360)
        splitter.setSizes([340, 780])
        central = QWidget(self)
        central.setObjectName("DeskCentral")
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

    def _build_status_line(self) -> None:
        self.status_text = QLabel(self)
        self.status_text.setObjectName("StatusText")
        self.statusBar().addWidget(self.status_text, 1)
        self.update_notice = UpdateNotice(self.api.releases, self.messages, self)
        self.statusBar().addPermanentWidget(self.update_notice)
        # A new desk of a long-lived team opens at once and syncs in the background.
        self.sync_progress = SyncProgressView(self)
        self.sync_progress.setMinimumWidth(260)
        self.statusBar().addPermanentWidget(self.sync_progress)
        self.hub_integrity = HubIntegrityView(self)
        self.statusBar().addPermanentWidget(self.hub_integrity)
        self.local_store = LocalStoreView(self)
        self.statusBar().addPermanentWidget(self.local_store)
        self.gateway = GatewayView(self, self._clock)
        self.statusBar().addPermanentWidget(self.gateway)
        self.statusBar().addPermanentWidget(self.notifications.dnd_button)
        self.away_switch = AwaySwitch(self.api, self.messages, self)
        self.away_switch.away_changed.connect(self.conversation.handling.set_away)
        self.away_switch.away_changed.connect(
            lambda away: self.header.set_away(self.api.me in away)
        )
        self.statusBar().addPermanentWidget(self.away_switch.button)
        self.away_switch.refresh()
        self.statusBar().setSizeGripEnabled(False)
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.timeout.connect(self.status_text.clear)
        self.messages.attach(self._show_message)

    def _build_actions(self) -> None:
        desk = QMenu(self.tr("&Desk"), self)
        self._action(desk, self.tr("&New conversation…"), "Ctrl+N", self.new_conversation)
        self.claim_action = self._action(
            desk, self.tr("&Claim conversation"), "Ctrl+Shift+C", self.conversation.claim
        )
        self._action(desk, self.tr("Go to &queue"), "Ctrl+L", self.queue.focus_list)
        self._action(
            desk, self.tr("&Search all conversations…"), "Ctrl+K", self.search.open_everywhere
        )
        self._action(desk, self.tr("&Find in conversation…"), "Ctrl+F", self.find_in_conversation)
        self._action(desk, self.tr("&Reply"), "Ctrl+R", self.conversation.focus_composer)
        self._action(desk, self.tr("&Attach a file…"), ATTACH_SHORTCUT, self.conversation.attach)
        if self.team_windows is not None:
            desk.addSeparator()
            self._action(desk, self.tr("&Team…"), "Ctrl+Shift+T", self.team_windows.show_team)
            self._action(
                desk, self.tr("WhatsApp &number…"), "Ctrl+Shift+N", self.team_windows.show_number
            )
            notices = self._action(
                desk, self.tr("Notices from &Meta…"), "Ctrl+Shift+M", self.team_windows.show_notices
            )
            templates = self._action(
                desk, self.tr("T&emplates…"), "Ctrl+Shift+E", self.team_windows.show_templates
            )
            systems = self._action(
                desk,
                self.tr("&Back-office systems…"),
                "Ctrl+Shift+B",
                self.team_windows.show_back_office,
            )
            hours = self._action(
                desk, self.tr("B&usiness hours…"), "", self.team_windows.show_business_hours
            )
            menu = self._action(desk, self.tr("Me&nu…"), "", self.show_menu)
            # Admins only, like the notices entry, whose watch learns this desk's role.
            for admins_only in (templates, systems, hours, menu):
                admins_only.setVisible(False)
                notices.visibleChanged.connect(
                    lambda a=admins_only: a.setVisible(notices.isVisible())
                )
            banner = self.notifications.show_account_banner
            team = self.team_windows.team
            self.notice_watch = AdminNoticeWatch(team, notices, banner, self._clock, self)
        self._action(desk, self.tr("C&osts…"), "Ctrl+Shift+O", self.show_costs)
        self._action(desk, self.tr("R&eports…"), "Ctrl+Shift+G", self.show_reports)
        self._add_audit_actions(desk)
        desk.addSeparator()
        self.labels_action = self._action(
            desk, self.tr("&Labels…"), "Ctrl+Shift+L", self.show_labels
        )
        self.labels_action.setVisible(self.api.labels.is_admin())  # admins define labels
        self._action(desk, self.tr("Canned re&plies…"), "Ctrl+Shift+K", self.show_canned_replies)
        self.announce_action = self._action(
            desk, self.tr("Announce a new &version…"), "", self.announce_version
        )
        self.announce_action.setVisible(self.api.releases.is_admin())
        self.assignment_action = self._action(
            desk, self.tr("Auto-&assignment…"), "", self.show_assignment
        )
        self.assignment_action.setVisible(self.api.assignment.is_admin())
        desk.addSeparator()
        self.addAction(self.away_switch.action)  # Ctrl+Shift+Y works with the menu hidden
        desk.addAction(self.away_switch.action)
        desk.addAction(self.notifications.dnd_action)
        desk.addAction(self.notifications.show_text_action)
        desk.addSeparator()
        self._action(desk, self.tr("Close &window"), QKeySequence.StandardKey.Close, self.close)
        self.quit_action = self._action(desk, self.tr("&Quit"), "Ctrl+Q", self.quit_requested.emit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        view = QMenu(self.tr("&View"), self)
        for number, queue_view in enumerate(QueueView, start=1):
            title = tab_title(self.queue, queue_view)
            self._action(view, title, f"Ctrl+{number}", _ShowTab(self.queue, queue_view))
        view.addSeparator()
        panel_action = self.conversation.panel_toggle.action
        self.addAction(panel_action)  # Ctrl+I works even while the menu bar is hidden
        view.addAction(panel_action)
        self.language_menu = LanguageMenu(LanguageSetting.for_user(), self.messages, self)
        view.addMenu(self.language_menu)
        sla = SlaSetting.for_user()
        self.queue.set_first_response_target(sla.read())
        self.sla_menu = SlaMenu(sla, self.queue.set_first_response_target, self)
        view.addMenu(self.sla_menu)
        help_menu = QMenu(self.tr("&Help"), self)
        self.about_action = QAction(self.tr("&About Switchboard"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)
        self._install_menus(desk, view, help_menu)

    def show_about(self) -> AboutDialog:
        """Help → About: the version this desk runs, and a newer one if announced (not modal)."""
        dialog = AboutDialog(self, release=self.update_notice.release)
        dialog.show()
        return dialog

    def show_assignment(self) -> AssignmentDialog | None:
        """The team's auto-assignment settings (nothing for a member: the entry is hidden)."""
        if not self.api.assignment.is_admin():
            return None
        dialog = AssignmentDialog(self.api, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # never exec(): the loop keeps running (stack.md §5)
        return dialog

    def announce_version(self) -> AnnounceVersionDialog | None:
        """Tell the team a newer version is out (nothing for a member: the entry is hidden)."""
        if not self.api.releases.is_admin():
            return None
        dialog = AnnounceVersionDialog(self.api.releases, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # never exec(): the loop keeps running (stack.md §5)
        return dialog

    def _add_audit_actions(self, desk: QMenu) -> None:
        """The audit trail and exports (issue 12), when the services offer them."""
        if self.api.audit is None:
            return
        self.exports = ExportFlow(self.api.audit, self.messages, self)
        self._action(desk, self.tr("A&udit trail…"), "Ctrl+Shift+U", self.show_audit)
        self._action(desk, self.tr("E&xport conversation…"), "", self.export_conversation)
        self._action(desk, self.tr("Export &all conversations…"), "", self.exports.export_history)
        self._action(desk, self.tr("Back up this des&k…"), "", self.back_up)

    def _install_menus(self, desk: QMenu, view: QMenu, help_menu: QMenu) -> None:
        if sys.platform == "darwin":
            # macOS users look for commands in the global menu bar.
            self.menuBar().addMenu(desk)
            self.menuBar().addMenu(view)
            self.menuBar().addMenu(help_menu)
            return
        # Elsewhere a menu bar would be a strip of two words above our header; a header menu
        # keeps the commands discoverable without it.
        header_menu = QMenu(self)
        header_menu.addActions(view.actions())
        header_menu.addSeparator()
        header_menu.addActions(desk.actions())
        header_menu.addSeparator()
        header_menu.addActions(help_menu.actions())
        self.header.set_menu(header_menu)
        # F10 opens an application's menu on Linux and Windows desktops: here, the header's
        # (as a click on it does).
        opener = QAction(self.tr("Menu"), self)
        opener.setShortcut(QKeySequence("F10"))
        opener.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        opener.triggered.connect(self.header.menu_button.showMenu)
        self.addAction(opener)

    def _action(
        self,
        menu: QMenu,
        text: str,
        keys: str | QKeySequence.StandardKey,
        slot: Callable[[], object],
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even while the menu bar is hidden
        menu.addAction(action)
        return action

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.queue.tabs,
            *self.queue.lists,
            self.conversation.header.claim_button,
            self.conversation.panel_toggle.button,
            self.conversation.view,
            self.conversation.composer.attach_button,
            self.conversation.composer.edit,
            self.conversation.composer.send_button,
            self.conversation.panel.earlier,
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def open_conversation(self, conversation_id: ConversationId) -> None:
        """Open a conversation and highlight it in the queue."""
        self.conversation.open(conversation_id)
        self.queue.highlight(conversation_id)

    def new_conversation(self) -> NewConversationDialog:
        """Ask for a phone number and a template, and open the conversation it starts."""
        dialog = NewConversationDialog(self.api, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.started.connect(lambda cid: self.open_conversation(ConversationId(cid)))
        dialog.open()  # never exec(): the loop keeps running (stack.md §5)
        spawn(dialog, dialog.load(), name="new-conversation-templates")
        return dialog

    def _viewing(self) -> ConversationId | None:
        """The conversation the agent is reading: the one open here, while this window is
        the active one."""
        return self.conversation.current_conversation if self.isActiveWindow() else None

    def _conversation_chosen(self, conversation_id: bytes) -> None:
        self.open_conversation(ConversationId(conversation_id))

    def show_costs(self) -> CostReportDialog:
        """Open the costs report (what Meta priced since the start of this month)."""
        dialog = CostReportDialog(self.api, self.messages, QDate.currentDate(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        dialog.reload()
        return dialog

    def show_reports(self) -> ReportsDialog:
        """Open the activity report (this month so far, per day)."""
        dialog = ReportsDialog(self.api, self.messages, QDate.currentDate(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        dialog.reload()
        return dialog

    def show_audit(self) -> AuditWindow | None:
        """Open the audit trail, offering to narrow it to the open conversation."""
        if self.api.audit is None:
            return None
        current = self.conversation.current_conversation
        scope = None if current is None else (current, self.conversation.customer_name)
        window = AuditWindow(
            self.api.audit, self.messages, self.api.hub_integrity(), scope, parent=self
        )
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
        return window

    def back_up(self) -> BackupDialog | None:
        """Write an encrypted backup of this desk's replica (any member: her own copy)."""
        if self.api.audit is None:
            return None
        dialog = BackupDialog(self.api.audit, self.messages, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def export_conversation(self) -> None:
        """Export the open conversation; says so when none is open."""
        current = self.conversation.current_conversation
        if current is None:
            self.messages.info(self.tr("Open a conversation to export it."))
            return
        self.exports.export_conversation(current, self.conversation.customer_name)

    def show_menu(self) -> None:
        """Open the menu new conversations get (admins; its options pick from the labels)."""
        if self.team_windows is not None:
            self.team_windows.show_menu(self.api.labels)

    def show_labels(self) -> LabelsDialog | None:
        """Open the labels an admin manages (nothing for a member: the entry is hidden)."""
        if not self.api.labels.is_admin():
            return None
        dialog = LabelsDialog(self.api, self.messages, self)
        return self._open_list_dialog(dialog)

    def show_canned_replies(self) -> CannedRepliesDialog:
        """Open the canned replies: shared ones (admins change them) and the agent's own."""
        return self._open_list_dialog(CannedRepliesDialog(self.api, self.messages, self))

    def _open_list_dialog(self, dialog: ListDialog) -> ListDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.bridge.changes_arrived.connect(dialog.apply_changes)
        dialog.open()  # never exec(): the loop keeps running (stack.md §5)
        return dialog

    def find_in_conversation(self) -> None:
        """Search the open conversation (Ctrl+F); all of them when none is open."""
        current = self.conversation.current_conversation
        if current is None:
            self.search.open_everywhere()
        else:
            self.search.open_in(current, self.conversation.customer_name)

    def _hit_chosen(self, hit: SearchHit) -> None:
        self.open_conversation(hit.conversation_id)
        self.conversation.reveal(hit.event_id, hit.position)

    # The selected tab and the open conversation agree (issue 7): the open conversation is
    # always in the selected tab. When it leaves the tab (the agent claimed it, a colleague
    # did) or is opened from elsewhere, the tab follows it; when the agent picks a tab that
    # does not list it, the conversation is closed and the pane shows its empty page.

    def _detail_shown(self, detail: ConversationDetail) -> None:
        views = rules.queue_views_of(detail.assignee, self.api.me, detail.state)
        if self.queue.current_view not in views:
            self.queue.show_tab(views[0])
        self.queue.highlight(detail.conversation_id)

    def _tab_shown(self, view: QueueView) -> None:
        current = self.conversation.current_conversation
        if current is None:
            return
        detail = self.conversation.detail
        if detail is None:  # still loading: keep it only if the tab lists it
            leaves = self.queue.current_model.row_of(current) is None
        else:
            leaves = view not in rules.queue_views_of(detail.assignee, self.api.me, detail.state)
        if leaves:
            self.conversation.close_conversation()
            self.queue.highlight(None)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.conversation.window_activated()

    def _changes_arrived(self, changes: Changes) -> None:
        self.queue.apply_changes(changes)
        self.conversation.apply_changes(changes)
        self.update_notice.apply_changes(changes)
        self.away_switch.apply_changes(changes)
        if changes.number_status_changed:
            self._refresh_number_status()
        if changes.sync_progressed:
            self._show_sync_progress()
        if changes.hub_integrity_changed:
            self.hub_integrity.show_integrity(self.api.hub_integrity())
        if changes.local_store_changed:
            self.local_store.show_state(self.api.local_store())
        if changes.gateway_changed:
            self.gateway.show_health(self.api.gateway_health())
        if changes.chain_changed:  # this desk's role may have arrived with its chain link
            self.labels_action.setVisible(self.api.labels.is_admin())
            self.announce_action.setVisible(self.api.releases.is_admin())

    def _show_sync_progress(self) -> None:
        progress = self.api.sync_progress()
        self.sync_progress.set_progress(progress.applied, progress.total)
        self._show_my_name()

    def _show_my_name(self) -> None:
        """Until the sync has brought this device's own chain link, the name is its id."""
        name = self.api.my_name
        if name != self._shown_name:
            self._shown_name = name
            self.header.set_agent(name)
            self.notifications.set_base_title(self.tr("Switchboard — %1").replace("%1", name))

    def _refresh_number_status(self) -> None:
        self._status_requests += 1
        spawn(self, self._load_number_status(self._status_requests), name="number-status")

    async def _load_number_status(self, request: int) -> None:
        try:
            status = await self.api.number_status()
        except SwitchboardError as error:
            self.messages.report(error, "number status")
            return
        if request == self._status_requests:  # an older answer never overwrites a newer one
            self.header.set_number_status(status)

    def _hub_state_changed(self, state: HubState) -> None:
        self.header.hub.set_state(state)
        if state is HubState.ONLINE:
            self.conversation.thumbnails.forget_failures()  # pictures the hub could not give

    def _show_message(self, level: Level, text: str) -> None:
        self.status_text.setText(text)
        self.status_text.setProperty("level", level.value)
        self.status_text.style().unpolish(self.status_text)
        self.status_text.style().polish(self.status_text)
        self._status_timer.start(_MESSAGE_MS[level])

    def closeEvent(self, event: QCloseEvent) -> None:
        self.bridge.close()
        self.closed.emit()
        super().closeEvent(event)


class _ShowTab:
    """A slot that shows one queue tab (a callable object rather than a lambda: style.md P3)."""

    def __init__(self, pane: QueuePane, view: QueueView) -> None:
        self._pane = pane
        self._view = view

    def __call__(self) -> None:
        self._pane.show_tab(self._view)
        self._pane.focus_list()
