"""The audit trail window (Desk menu → Audit trail…): who did what and when, filtered, checked
against the team chain and saved as CSV (issue 12 item 8).

Admins see the whole team; members see their own actions (the person filter is fixed to them).
The table pages through the replica as it scrolls (`AuditModel`); checking and saving run off
the UI thread in the services.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.audit import AuditAction, AuditFilter
from app.domain.errors import SwitchboardError
from app.domain.ids import ConversationId, DeviceId
from app.domain.model import HubIntegrity
from app.services.audit_api import AuditApi
from app.ui import audit_words
from app.ui.bridge import spawn
from app.ui.dialogs import ask_csv_target
from app.ui.messages import MessageChannel
from app.ui.models.audit_model import AuditColumn, AuditModel

_ANY_DAY = QDate(2000, 1, 1)
"""A date edit at its minimum shows "any" (`specialValueText`): no bound on that side."""


class AuditWindow(QWidget):
    """The audit trail, as its own window beside the desk."""

    def __init__(
        self,
        api: AuditApi,
        messages: MessageChannel,
        integrity: HubIntegrity,
        conversation: tuple[ConversationId, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.tr("Audit trail"))
        self._api = api
        self._messages = messages
        self._conversation = conversation
        self.model = AuditModel(api, parent=self)
        self.model.loaded.connect(self._show_counts)
        self.model.load_failed.connect(self._failed)
        self.model.checked.connect(self._show_checked)
        self._build_filters()
        self.table = self._build_table()
        self.check_button = QPushButton(self.tr("Check signatures"), self)
        self.check_button.setToolTip(
            self.tr(
                "Verify again, for the rows shown, that each action is signed by its author's"
                " key as the team chain records it and is the record the sync stored."
            )
        )
        self.check_button.clicked.connect(self.model.check_signatures)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_button.setToolTip(self.tr("Show what the team did since this list loaded"))
        self.refresh_button.clicked.connect(self.apply_filter)
        self.save_button = QPushButton(self.tr("Save as CSV…"), self)
        self.save_button.clicked.connect(self._save_clicked)
        self.chain_label = QLabel(_chain_words(integrity), self)
        self.chain_label.setObjectName("Muted")
        self.chain_label.setWordWrap(True)
        self.status = QLabel(self)
        self._lay_out()
        self.resize(900, 560)
        self.apply_filter()

    def _build_filters(self) -> None:
        self.person = QComboBox(self)
        self.person.setAccessibleName(self.tr("Person"))
        if self._api.sees_everyone:
            self.person.addItem(self.tr("Everyone"), None)
            for device, name in self._api.people():
                self.person.addItem(name, device.hex())  # Qt keeps text as it is
        else:
            self.person.addItem(self.tr("Your own actions"), None)
            self.person.setEnabled(False)
        self.action = QComboBox(self)
        self.action.setAccessibleName(self.tr("Action"))
        self.action.addItem(self.tr("All actions"), None)
        for action in AuditAction:
            self.action.addItem(audit_words.action_name(action), int(action))
        self.since = self._date_edit(self.tr("From"))
        self.until = self._date_edit(self.tr("To"))
        self.only_conversation = QCheckBox(self)
        if self._conversation is not None:
            self.only_conversation.setText(self.tr("Only %1").replace("%1", self._conversation[1]))
        self.only_conversation.setVisible(self._conversation is not None)
        for combo in (self.person, self.action):
            combo.currentIndexChanged.connect(self.apply_filter)
        for edit in (self.since, self.until):
            edit.dateChanged.connect(self.apply_filter)
        self.only_conversation.toggled.connect(self.apply_filter)

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(_ANY_DAY, self)
        edit.setMinimumDate(_ANY_DAY)
        edit.setSpecialValueText(self.tr("any day"))
        edit.setCalendarPopup(True)
        edit.setAccessibleName(name)
        return edit

    def _build_table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.model)
        table.verticalHeader().hide()
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(AuditColumn.WHAT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AuditColumn.CHECK, QHeaderView.ResizeMode.ResizeToContents)
        # Wide enough for the longest action's name in the language shown (German runs long).
        widest = max(
            table.fontMetrics().horizontalAdvance(audit_words.action_name(a)) for a in AuditAction
        )
        for column, width in ((AuditColumn.WHEN, 140), (AuditColumn.ACTION, max(170, widest + 24))):
            table.setColumnWidth(column, width)
        table.setAccessibleName(self.tr("Audit trail"))
        return table

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        for label, widget in (
            (self.tr("Who"), self.person),
            (self.tr("Action"), self.action),
            (self.tr("From"), self.since),
            (self.tr("To"), self.until),
        ):
            filters.addWidget(QLabel(label, self))
            filters.addWidget(widget)
        filters.addWidget(self.only_conversation)
        filters.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.chain_label)
        layout.addLayout(buttons)

    def current_filter(self) -> AuditFilter:
        """What the controls ask for."""
        actor = self.person.currentData()
        action = self.action.currentData()
        chosen = self._conversation is not None and self.only_conversation.isChecked()
        return AuditFilter(
            actor=None if actor is None else DeviceId(bytes.fromhex(str(actor))),
            actions=frozenset() if action is None else frozenset({AuditAction(action)}),
            since=_day_start(self.since.date(), 0),
            until=_day_start(self.until.date(), 1),
            conversation_id=self._conversation[0] if chosen and self._conversation else None,
        )

    def apply_filter(self) -> None:
        self.status.setText(self.tr("Loading…"))
        self.model.set_filter(self.current_filter())

    def _show_counts(self) -> None:
        shown = self.model.rowCount()
        more = self.model.canFetchMore(self.model.index(-1, -1))
        if more:
            text = self.tr("Actions shown: %n (scroll for more)", "", shown)
        else:
            text = self.tr("Actions shown: %n", "", shown)
        self.status.setText(text)
        self.save_button.setEnabled(shown > 0)
        self.check_button.setEnabled(shown > 0)

    def _show_checked(self, verified: int, failed: int) -> None:
        if failed:
            text = self.tr("Rows that do not verify: %n. This desk's copy was changed.", "", failed)
        else:
            text = self.tr("Rows checked against the team chain: %n, all verified.", "", verified)
        self.status.setText(text)

    def _failed(self, error: SwitchboardError) -> None:
        self._messages.report(error, "audit trail")
        self.status.setText("")

    def _save_clicked(self) -> None:
        spawn(self, self._save(), name="audit-save")

    async def _save(self) -> None:
        target = await ask_csv_target(self, self.tr("Save audit trail"), "audit-trail.csv")
        if target is not None:
            await self.save_to(target)

    async def save_to(self, target: Path) -> None:
        """Write every entry passing the filter (not only those loaded) to `target`."""
        try:
            count = await self._api.write_csv(target, self.current_filter(), self._saving)
        except OSError as error:
            self._messages.error(
                self.tr("Could not save the audit trail: %1").replace("%1", error.strerror or "")
            )
            return
        self.status.setText(self.tr("Actions saved: %n", "", count))

    def _saving(self, written: int) -> None:
        self.status.setText(self.tr("Saving… actions written: %n", "", written))


def _day_start(day: QDate, later: int) -> int | None:
    """The first second (local time) of `later` days after `day`; None for "any day"."""
    if day == _ANY_DAY:
        return None
    return int(QDateTime(day.addDays(later), QTime(0, 0)).toSecsSinceEpoch())


def _chain_words(integrity: HubIntegrity) -> str:
    """How far the rows can be trusted: each was verified when this desk's sync received it,
    against a team chain that validated (or not)."""
    if integrity.chain_invalid:
        return QCoreApplication.translate(
            "AuditWindow",
            "The team chain stopped validating on this desk; rows after that point cannot be"
            " trusted. Ask an administrator.",
        )
    return QCoreApplication.translate(
        "AuditWindow",
        "Every row is a record signed by its author, verified against the team chain when this"
        " desk received it. Check signatures verifies the rows shown again.",
    )
