"""Desk → Canned replies…: shared replies (admins manage them) and the agent's own.

Each change is a member event in the team log (`DeskApi.canned`). A reply this desk may not
change (a shared one for a member, a personal one written on another device) is shown read-only.
"""

from __future__ import annotations

from collections.abc import Awaitable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.canned import MAX_SHORTCUT_CHARS, CannedId, CannedReply, CannedScope
from app.domain.errors import SwitchboardError
from app.services.api import Changes, DeskApi
from app.ui import wording
from app.ui.bridge import loop_running, spawn
from app.ui.messages import MessageChannel


class CannedRepliesDialog(QDialog):
    """The canned replies this agent sees, and a form for the chosen (or a new) one."""

    def __init__(
        self, api: DeskApi, messages: MessageChannel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Canned replies"))
        self._api = api
        self._messages = messages
        self._replies: list[CannedReply] = []
        self._editing: CannedId | None = None
        self._requests = 0
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Canned replies"))
        self.list.currentItemChanged.connect(self._chosen)
        self.shortcut = QLineEdit(self)
        self.shortcut.setMaxLength(MAX_SHORTCUT_CHARS + 1)
        self.shortcut.setAccessibleName(self.tr("Shortcut"))
        self.shortcut.setPlaceholderText(self.tr("e.g. hello (typed as /hello)"))
        self.scope = QComboBox(self)
        self.scope.setAccessibleName(self.tr("For"))
        self.scope.addItem(self.tr("Only me"), CannedScope.PERSONAL)
        if api.canned.is_admin():
            self.scope.addItem(self.tr("The whole team"), CannedScope.SHARED)
        self.body = QPlainTextEdit(self)
        self.body.setAccessibleName(self.tr("Text"))
        self.body.setTabChangesFocus(True)
        self.problem = QLabel(self)
        self.problem.setObjectName("Muted")
        self.problem.setWordWrap(True)
        self.new_button = QPushButton(self.tr("&New reply"), self)
        self.new_button.clicked.connect(self.start_new)
        self.save_button = QPushButton(self.tr("&Save"), self)
        self.save_button.clicked.connect(self.save)
        self.delete_button = QPushButton(self.tr("&Delete"), self)
        self.delete_button.clicked.connect(self.delete)
        self._lay_out()
        self.start_new()
        self.reload()
        self.resize(520, 520)

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("S&hortcut"), self.shortcut)
        form.addRow(self.tr("&For"), self.scope)
        form.addRow(self.tr("&Text"), self.body)
        hint = QLabel(
            self.tr(
                "In the reply box, type / and the shortcut. {first_name} becomes the customer's"
                " first name, {agent_name} your name."
            ),
            self,
        )
        hint.setObjectName("Muted")
        hint.setWordWrap(True)
        actions = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.delete_button):
            actions.addWidget(button)
        actions.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addLayout(actions)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def apply_changes(self, changes: Changes) -> None:
        if changes.canned_changed:
            self.reload()

    def reload(self) -> None:
        if loop_running():
            self._requests += 1
            spawn(self, self._load(self._requests), name="canned-list")

    def start_new(self) -> None:
        self._editing = None
        self.list.setCurrentRow(-1)
        self.shortcut.clear()
        self.body.clear()
        self.scope.setCurrentIndex(0)
        self._set_editable(True, new=True)
        self.problem.clear()
        self.shortcut.setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> None:
        scope = CannedScope(int(self.scope.currentData()))
        work = self._api.canned.save_canned(
            self._editing, scope, self.shortcut.text(), self.body.toPlainText()
        )
        spawn(self, self._run(work), name="save-canned")

    def delete(self) -> None:
        if self._editing is not None:
            spawn(self, self._run(self._api.canned.delete_canned(self._editing), True), name="del")

    async def _run(self, work: Awaitable[object], then_new: bool = False) -> None:
        self.problem.clear()
        try:
            result = await work
        except SwitchboardError as error:
            self.problem.setText(wording.describe_error(error))
            return
        if then_new:
            self.start_new()
        elif isinstance(result, bytes):
            self._editing = CannedId(result)
            self._set_editable(True, new=False)
        self.reload()

    async def _load(self, request: int) -> None:
        try:
            replies = await self._api.canned.canned_replies()
        except SwitchboardError as error:
            self._messages.report(error, "canned replies")
            return
        if request != self._requests:
            return
        self._replies = replies
        blocked = self.list.blockSignals(True)
        self.list.clear()
        for reply in replies:
            scope = self.tr("team") if reply.scope is CannedScope.SHARED else self.tr("only me")
            item = QListWidgetItem(f"/{reply.shortcut}   ({scope})")
            item.setData(Qt.ItemDataRole.UserRole, reply.canned_id)
            item.setToolTip(reply.body)
            self.list.addItem(item)
            if reply.canned_id == self._editing:
                self.list.setCurrentItem(item)
        self.list.blockSignals(blocked)

    def _chosen(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        wanted = bytes(item.data(Qt.ItemDataRole.UserRole))
        reply = next((r for r in self._replies if r.canned_id == wanted), None)
        if reply is None:
            return
        self._editing = reply.canned_id
        self.shortcut.setText(reply.shortcut)
        self.body.setPlainText(reply.body)
        index = self.scope.findData(reply.scope)
        if index < 0:  # a shared reply on a member's desk
            self.scope.addItem(self.tr("The whole team"), CannedScope.SHARED)
            index = self.scope.count() - 1
        self.scope.setCurrentIndex(index)
        self._set_editable(self._api.canned.may_edit(reply), new=False)
        self.problem.setText(
            ""
            if self._api.canned.may_edit(reply)
            else self.tr("You can use this reply, not change it.")
        )

    def _set_editable(self, editable: bool, *, new: bool) -> None:
        self.shortcut.setReadOnly(not editable)
        self.body.setReadOnly(not editable)
        self.scope.setEnabled(editable and new)  # a reply keeps its scope
        self.save_button.setEnabled(editable)
        self.delete_button.setEnabled(editable and not new)
