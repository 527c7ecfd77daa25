"""The team: people with their devices, roles and last-seen times, and what an admin may do
about them (invite, remove a device or a person, rotate the team key), each confirmed first."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import SwitchboardError
from app.domain.model import Role
from app.services.team_api import Roster, TeamAdmin, TeamChange, TeamDevice, TeamPerson
from app.ui import wording
from app.ui.bridge import spawn
from app.ui.dialogs import ask
from app.ui.team.invite_dialog import InviteDialog
from app.ui.team.team_bridge import TeamBridge
from app.ui.team.team_words import last_seen, role_name

log = logging.getLogger(__name__)


def may_remove_device(viewer: Role, device: TeamDevice) -> bool:
    """Admins remove any device but the one they sit at (leaving is another story)."""
    return viewer is Role.ADMIN and not device.is_me


def may_remove_person(viewer: Role, person: TeamPerson) -> bool:
    return viewer is Role.ADMIN and not person.is_me


class _Row(QTreeWidgetItem):
    """A person (with their devices as children) or a single device."""

    def __init__(self, person: TeamPerson | None, device: TeamDevice | None) -> None:
        super().__init__()
        self.person = person
        self.device = device


class TeamPanel(QWidget):
    """Everyone on the team, for any member; the actions only for admins."""

    def __init__(
        self, team: TeamAdmin, clock: Callable[[], float] = time.time, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.team = team
        self._clock = clock
        self.roster: Roster | None = None
        self.title = QLabel(self.tr("Team"), self)
        self.title.setObjectName("PageTitle")
        self.keys = QLabel(self)
        self.keys.setObjectName("Muted")
        self.invite_button = QPushButton(self.tr("Invite someone…"), self)
        self.invite_button.setObjectName("Primary")
        self.rotate_button = QPushButton(self.tr("Rotate keys now"), self)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("TeamTree")
        self.tree.setHeaderLabels([self.tr("Name"), self.tr("Role"), self.tr("Last seen")])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.remove_device_button = QPushButton(self.tr("Remove device"), self)
        self.remove_person_button = QPushButton(self.tr("Remove person"), self)
        self.note = QLabel(self)
        self.note.setObjectName("Muted")
        self.note.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("ErrorText")
        self.error.setWordWrap(True)
        self.error.hide()
        self._build()
        self.invite_button.clicked.connect(self._invite)
        self.rotate_button.clicked.connect(self._rotate)
        self.remove_device_button.clicked.connect(self._remove_device)
        self.remove_person_button.clicked.connect(self._remove_person)
        self.tree.itemSelectionChanged.connect(self._update_actions)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.tree)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self._remove_selected)
        self.bridge = TeamBridge(team, self)
        self.bridge.team_changed.connect(self._team_changed)
        self._loads = 0
        self._update_actions()
        self.refresh()

    def _build(self) -> None:
        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.keys)
        top.addLayout(titles, 1)
        top.addWidget(self.rotate_button)
        top.addWidget(self.invite_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.note, 1)
        bottom.addWidget(self.remove_device_button)
        bottom.addWidget(self.remove_person_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 16, 20, 16)
        column.addLayout(top)
        column.addWidget(self.tree, 1)
        column.addWidget(self.error)
        column.addLayout(bottom)
        chain: list[QWidget] = [self.invite_button, self.rotate_button, self.tree]
        chain += [self.remove_device_button, self.remove_person_button]
        for first, second in zip(chain, chain[1:], strict=False):
            self.setTabOrder(first, second)

    def refresh(self) -> None:
        """Load the roster again (an older answer never overwrites a newer one)."""
        self._loads += 1
        spawn(self, self._load(self._loads), name="team-roster")

    async def _load(self, request: int) -> None:
        try:
            roster = await self.team.roster()
        except SwitchboardError as error:
            self._show_error(error, "team roster")
            return
        if request == self._loads:
            self.show_roster(roster)

    def show_roster(self, roster: Roster) -> None:
        self.roster = roster
        admin = roster.my_role is Role.ADMIN
        for button in (self.invite_button, self.rotate_button):
            button.setVisible(admin)
        for button in (self.remove_device_button, self.remove_person_button):
            button.setVisible(admin)
        self.keys.setText(self.tr("Team key version %1").replace("%1", str(roster.key_epoch)))
        self.note.setText(
            self.tr("Select a person or a device to remove it.")
            if admin
            else self.tr("Only administrators can invite or remove people.")
        )
        selected = self._selected_key()
        self.tree.clear()
        now = int(self._clock())
        for person in roster.people:
            item = self._person_row(person, now)
            self.tree.addTopLevelItem(item)
            item.setExpanded(True)
        for gateway in roster.gateways:
            self.tree.addTopLevelItem(self._device_row(None, gateway, now))
        self._select(selected)
        self._update_actions()

    def _person_row(self, person: TeamPerson, now: int) -> _Row:
        name = person.name + (self.tr(" (you)") if person.is_me else "")
        if person.devices and all(d.away for d in person.devices):
            name = self.tr("%1 (away)").replace("%1", name)
        item = _Row(person, None)
        item.setText(0, name)
        item.setText(1, role_name(person.role))
        seen = [d.last_seen for d in person.devices if d.last_seen is not None]
        item.setText(2, last_seen(max(seen) if seen else None, now, person.is_me))
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        item.setFont(0, bold)
        for device in person.devices:
            item.addChild(self._device_row(person, device, now))
        return item

    def _device_row(self, person: TeamPerson | None, device: TeamDevice, now: int) -> _Row:
        item = _Row(person, device)
        label = self.tr("%1 (away)").replace("%1", device.label) if device.away else device.label
        item.setText(0, label)
        item.setText(1, role_name(device.role))
        item.setText(2, last_seen(device.last_seen, now, device.is_me))
        return item

    def _current(self) -> _Row | None:
        item = self.tree.currentItem()
        return item if isinstance(item, _Row) and item.isSelected() else None

    def _selected_key(self) -> bytes | str | None:
        row = self._current()
        return _row_key(row) if row is not None else None

    def _select(self, key: bytes | str | None) -> None:
        if key is None:
            return
        for item in _all_items(self.tree):
            if _row_key(item) == key:
                self.tree.setCurrentItem(item)
                return

    def _update_actions(self) -> None:
        row = self._current()
        role = self.roster.my_role if self.roster is not None else Role.MEMBER
        device = row.device if row is not None else None
        person = row.person if row is not None and device is None else None
        self.remove_device_button.setEnabled(device is not None and may_remove_device(role, device))
        self.remove_person_button.setEnabled(person is not None and may_remove_person(role, person))

    def _team_changed(self, change: TeamChange) -> None:
        if TeamChange.ROSTER in change:
            self.refresh()

    # Actions

    def _invite(self) -> None:
        spawn(self, self._run_invite(), name="invite-dialog")

    async def _run_invite(self) -> None:
        dialog = InviteDialog(self.team, self._clock, self)
        await ask(dialog)
        dialog.deleteLater()
        self.refresh()

    def _remove_selected(self) -> None:
        """Delete on the list: remove what is selected, if the viewer may (confirmed first)."""
        if self.remove_device_button.isEnabled() and not self.remove_device_button.isHidden():
            self._remove_device()
        elif self.remove_person_button.isEnabled() and not self.remove_person_button.isHidden():
            self._remove_person()

    def _remove_device(self) -> None:
        row = self._current()
        if row is None or row.device is None:
            return
        device = row.device
        owner = f"{device.label} ({row.person.name})" if row.person else device.label
        text = self.tr(
            "%1 loses access to the team at once. Everyone else gets a new team key, so it "
            "cannot read anything sent from now on. What it already has stays on it."
        ).replace("%1", owner)
        spawn(
            self,
            self._confirm_then(
                self.tr("Remove this device?"),
                text,
                self.tr("Remove device"),
                lambda: self.team.remove_device(device.device_id),
            ),
            name="remove-device",
        )

    def _remove_person(self) -> None:
        row = self._current()
        if row is None or row.person is None:
            return
        person = row.person
        if len(person.devices) == 1:
            text = self.tr(
                "%1's device loses access to the team at once. Everyone else gets a new team "
                "key, so it cannot read anything sent from now on. What it already has stays "
                "on it."
            )
        else:
            text = self.tr(
                "%1's %2 devices lose access to the team at once. Everyone else gets a new "
                "team key, so they cannot read anything sent from now on. What they already "
                "have stays on them."
            )
        text = text.replace("%1", person.name).replace("%2", str(len(person.devices)))
        spawn(
            self,
            self._confirm_then(
                self.tr("Remove %1 from the team?").replace("%1", person.name),
                text,
                self.tr("Remove person"),
                lambda: self.team.remove_person(person.person_id),
            ),
            name="remove-person",
        )

    def _rotate(self) -> None:
        text = self.tr(
            "Every device of the team gets a new key for what is sent from now on. Nobody is "
            "removed. Do this if you think a device or a backup fell into the wrong hands."
        )
        spawn(
            self,
            self._confirm_then(
                self.tr("Rotate the team key now?"),
                text,
                self.tr("Rotate keys"),
                self.team.rotate_keys,
            ),
            name="rotate-keys",
        )

    async def _confirm_then(
        self, title: str, text: str, action: str, call: Callable[[], Awaitable[None]]
    ) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, title, parent=self)
        box.setInformativeText(text)
        go = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        await ask(box)
        chosen = box.clickedButton() is go
        box.deleteLater()
        if not chosen:
            return
        self.error.hide()
        try:
            await call()
        except SwitchboardError as error:
            self._show_error(error, action)
            return
        self.refresh()

    def _show_error(self, error: SwitchboardError, action: str) -> None:
        log.warning("%s failed: %s", action, error.code)
        self.error.setText(wording.describe_error(error))
        self.error.show()


def _row_key(row: _Row) -> bytes | str | None:
    """What identifies a row across reloads: the device id, else the person id."""
    if row.device is not None:
        return row.device.device_id
    return row.person.person_id if row.person is not None else None


def _all_items(tree: QTreeWidget) -> list[_Row]:
    rows: list[_Row] = []
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        if not isinstance(top, _Row):
            continue
        rows.append(top)
        for j in range(top.childCount()):
            child = top.child(j)
            if isinstance(child, _Row):
                rows.append(child)
    return rows
