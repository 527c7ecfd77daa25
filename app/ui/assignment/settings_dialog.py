"""Desk → Auto-assignment… (admins): whether conversations nobody claimed go to agents by
turns, how many open conversations each agent holds at most, which labels each handles, and
how long a new conversation waits for the customer's menu choice. Saving tells the team (kind
39); every desk's assigner follows the newest settings. Members see who is away, not this."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.assignment import (
    MAX_CAPACITY,
    MAX_WAIT_FOR_MENU_SECONDS,
    AgentRule,
    AssignmentSettings,
)
from app.domain.errors import SwitchboardError
from app.domain.ids import DeviceId
from app.domain.labels import Label, LabelId
from app.services.api import DeskApi
from app.ui import wording
from app.ui.bridge import spawn

_AGENT, _STATUS, _LIMIT, _LABELS = range(4)


class LabelsButton(QToolButton):
    """Which labels one agent handles: a menu of checkable labels; none checked means all."""

    def __init__(self, labels: list[Label], handled: frozenset[LabelId], parent: QWidget) -> None:
        super().__init__(parent)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        self._actions: list[tuple[LabelId, QAction]] = []
        for label in labels:
            action = menu.addAction(label.name)
            action.setCheckable(True)
            action.setChecked(label.label_id in handled)
            action.toggled.connect(self._show)
            self._actions.append((label.label_id, action))
        self.setMenu(menu)
        self.setEnabled(bool(labels))
        self._show()

    def chosen(self) -> tuple[LabelId, ...]:
        return tuple(label_id for label_id, action in self._actions if action.isChecked())

    def _show(self) -> None:
        names = [action.text() for _, action in self._actions if action.isChecked()]
        self.setText(", ".join(names) if names else self.tr("All labels"))
        self.setAccessibleName(self.tr("Labels handled: %1").replace("%1", self.text()))


class AssignmentDialog(QDialog):
    """The team's auto-assignment settings; Save publishes them and closes."""

    def __init__(self, api: DeskApi, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Auto-assignment"))
        self._api = api
        self._agents: list[tuple[DeviceId, str]] = [(api.me, api.my_name), *api.colleagues()]
        self.enabled = QCheckBox(self.tr("&Assign new and reopened conversations automatically"))
        self.capacity = QSpinBox(self)
        self.capacity.setRange(1, MAX_CAPACITY)
        self.wait = QSpinBox(self)
        self.wait.setRange(0, MAX_WAIT_FOR_MENU_SECONDS)
        self.wait.setSuffix(self.tr(" s"))
        self.wait.setSpecialValueText(self.tr("Do not wait"))
        for spin in (self.capacity, self.wait):
            spin.setMaximumWidth(160)  # numbers, not sentences
        self.table = self._build_table()
        self._limits: list[QSpinBox] = []
        self._handled: list[LabelsButton] = []
        """Each agent's row widgets, in the order of `_agents`."""
        self.problem = QLabel(self)
        self.problem.setObjectName("Muted")
        self.problem.setWordWrap(True)
        self.save_button = QPushButton(self.tr("&Save"), self)
        self.save_button.setDefault(True)
        self.save_button.setEnabled(False)  # until the settings are loaded
        self._lay_out()
        self.setMinimumWidth(620)
        spawn(self, self._load(), name="assignment-load")

    def _build_table(self) -> QTableWidget:
        table = QTableWidget(len(self._agents), 4, self)
        table.setHorizontalHeaderLabels(
            [self.tr("Agent"), self.tr("Status"), self.tr("Limit"), self.tr("Labels handled")]
        )
        table.verticalHeader().setVisible(False)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = table.horizontalHeader()
        header.setSectionResizeMode(_AGENT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_STATUS, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_LIMIT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_LABELS, QHeaderView.ResizeMode.Stretch)
        return table

    def _lay_out(self) -> None:
        explained = QLabel(
            self.tr(
                "Conversations nobody has claimed go by turns to agents who are online and not"
                " away, up to each agent's limit of open conversations. The rest wait in the"
                " queue until someone has room. A conversation someone claimed or assigned is"
                " never moved."
            ),
            self,
        )
        explained.setObjectName("Muted")
        explained.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&Open conversations per agent"), self.capacity)
        form.addRow(self.tr("&Wait for the menu choice"), self.wait)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.enabled)
        layout.addWidget(explained)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    async def _load(self) -> None:
        settings = await self._api.assignment.settings()
        away = await self._api.assignment.away_agents()
        labels = await self._api.labels.labels()
        self.show_settings(settings, away, labels)

    def show_settings(
        self, settings: AssignmentSettings, away: frozenset[DeviceId], labels: list[Label]
    ) -> None:
        """Fill the form (public for tests that skip the loading)."""
        self.enabled.setChecked(settings.enabled)
        self.capacity.setValue(settings.default_capacity)
        self.wait.setValue(settings.wait_for_menu_seconds)
        self._limits.clear()
        self._handled.clear()
        for row, (device, name) in enumerate(self._agents):
            self.table.setItem(row, _AGENT, QTableWidgetItem(name))
            status = self.tr("Away") if device in away else self.tr("Available")
            self.table.setItem(row, _STATUS, QTableWidgetItem(status))
            limit = QSpinBox(self.table)
            limit.setRange(0, MAX_CAPACITY)
            limit.setSpecialValueText(self.tr("Default"))
            limit.setAccessibleName(self.tr("Limit for %1").replace("%1", name))
            rule = settings.capacity_of(device) if _has_own(settings, device) else 0
            limit.setValue(rule)
            self.table.setCellWidget(row, _LIMIT, limit)
            handled = LabelsButton(labels, settings.labels_of(device), self.table)
            self.table.setCellWidget(row, _LABELS, handled)
            self._limits.append(limit)
            self._handled.append(handled)
        self.save_button.setEnabled(True)

    def settings(self) -> AssignmentSettings:
        """What the form says now."""
        rules = [
            AgentRule(device, limit.value() or None, handled.chosen())
            for (device, _), limit, handled in zip(
                self._agents, self._limits, self._handled, strict=True
            )
        ]
        return AssignmentSettings(
            self.enabled.isChecked(), self.capacity.value(), tuple(rules), self.wait.value()
        )

    def save(self) -> None:
        self.problem.clear()
        self.save_button.setEnabled(False)
        spawn(self, self._save(self.settings()), name="assignment-save")

    async def _save(self, settings: AssignmentSettings) -> None:
        try:
            await self._api.assignment.save_settings(settings)
        except SwitchboardError as error:
            self.problem.setText(wording.describe_error(error))
            self.save_button.setEnabled(True)
            return
        self.accept()


def _has_own(settings: AssignmentSettings, device: DeviceId) -> bool:
    return any(r.agent == device and r.capacity is not None for r in settings.rules)
