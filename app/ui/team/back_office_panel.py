"""Back-office systems, for admins: the tokens with which a shop system, an ERP or a booking
system sends notifications through the gateway (docs/notifications.md).

The list shows each system this desk's admin gave a token, when, and when it last sent a
notification. "Create token" names a system and shows its token once, with a Copy button: the
desk keeps no copy, so the admin hands it over now or makes another. "Revoke" stops the token at
the gateway after a confirmation.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QDateTime, QLocale
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.back_office import MAX_NAME_CHARS, BackOfficeSystem, NewToken, name_problem
from app.domain.errors import NotPermitted, SwitchboardError
from app.services.team_api import TeamAdmin
from app.ui import wording
from app.ui.bridge import spawn
from app.ui.dialogs import ask

log = logging.getLogger(__name__)


class SecretBox(QFrame):
    """A new token, shown once: the text to copy, a Copy button and what to do with it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.value = QLineEdit(self)
        self.value.setReadOnly(True)
        self.value.setObjectName("Monospace")
        self.copy = QPushButton(self.tr("&Copy"), self)
        self.copy.clicked.connect(self._copy)
        self.warning = QLabel(
            self.tr(
                "Copy the token now and give it to the system's administrator: Switchboard "
                "keeps no copy and cannot show it again."
            ),
            self,
        )
        self.warning.setObjectName("Muted")
        self.warning.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.value, 1)
        row.addWidget(self.copy)
        column = QVBoxLayout(self)
        column.addWidget(self.heading)
        column.addLayout(row)
        column.addWidget(self.warning)
        self.hide()

    def show_token(self, new: NewToken) -> None:
        self.heading.setText(self.tr("The token for %1:").replace("%1", new.system.name))
        self.value.setText(new.secret)
        self.copy.setText(self.tr("&Copy"))
        self.show()

    def forget(self) -> None:
        """Take the secret off the screen (and out of the widget)."""
        self.value.clear()
        self.hide()

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.value.text())
        self.copy.setText(self.tr("Copied"))


class BackOfficePanel(QWidget):
    """The systems with a token, and the way to create and revoke them."""

    def __init__(self, team: TeamAdmin, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.team = team
        self.title = QLabel(self.tr("Back-office systems"), self)
        self.title.setObjectName("PageTitle")
        self.explanation = QLabel(
            self.tr(
                "A shop, ERP or booking system sends WhatsApp notifications (approved templates "
                "only) through the gateway with a token made here. Each notification appears in "
                "the customer's conversation under the system's name."
            ),
            self,
        )
        self.explanation.setObjectName("Muted")
        self.explanation.setWordWrap(True)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("System name, e.g. Shop"))
        self.name.setMaxLength(MAX_NAME_CHARS)
        self.name.textChanged.connect(self._name_changed)
        self.name.returnPressed.connect(self.create_token)
        self.create_button = QPushButton(self.tr("C&reate token"), self)
        self.create_button.setEnabled(False)
        self.create_button.clicked.connect(self.create_token)
        self.secret = SecretBox(self)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("System"), self.tr("Created"), self.tr("Last used"), self.tr("State")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.revoke_button = QPushButton(self.tr("Re&voke…"), self)
        self.revoke_button.setEnabled(False)
        self.revoke_button.clicked.connect(self.ask_revoke)
        self.empty = QLabel(self.tr("No system has a token yet."), self)
        self.empty.setObjectName("Muted")
        self.error = QLabel(self)
        self.error.setObjectName("ErrorText")
        self.error.setWordWrap(True)
        self.error.hide()
        self.systems: list[BackOfficeSystem] = []
        self.loaded = 0
        """How many loads have been shown (tests wait on it)."""
        self._build()
        self.refresh()

    def _build(self) -> None:
        creating = QHBoxLayout()
        creating.addWidget(self.name, 1)
        creating.addWidget(self.create_button)
        below = QHBoxLayout()
        below.addStretch(1)
        below.addWidget(self.revoke_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 16, 20, 16)
        column.addWidget(self.title)
        column.addWidget(self.explanation)
        column.addLayout(creating)
        column.addWidget(self.secret)
        column.addWidget(self.error)
        column.addWidget(self.empty)
        column.addWidget(self.table, 1)
        column.addLayout(below)

    def refresh(self) -> None:
        spawn(self, self._load(), name="back-office-systems")

    def create_token(self) -> None:
        if name_problem(self.name.text()) is None:
            self.create_button.setEnabled(False)
            spawn(self, self._create(self.name.text().strip()), name="create-api-token")

    def ask_revoke(self) -> None:
        """Ask before revoking the selected system's token, then revoke it."""
        system = self.selected()
        if system is not None:
            spawn(self, self._confirm_revoke(system), name="revoke-api-token")

    def selected(self) -> BackOfficeSystem | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.systems):
            return None
        return self.systems[rows[0].row()]

    def hideEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        self.secret.forget()  # shown once: closing the window takes it away
        super().hideEvent(event)  # type: ignore[arg-type]

    def _name_changed(self, text: str) -> None:
        self.create_button.setEnabled(name_problem(text) is None)

    def _selection_changed(self) -> None:
        system = self.selected()
        self.revoke_button.setEnabled(system is not None and not system.revoked)

    async def _load(self) -> None:
        try:
            systems = await self.team.back_office_systems()
        except NotPermitted:
            self._show_error(self.tr("Only admins manage back-office systems."))
            return
        except SwitchboardError as error:
            log.warning("back-office systems unavailable: %s", error.code)
            self._show_error(wording.describe_error(error))
            return
        self.error.hide()
        self._show(systems)
        self.loaded += 1

    async def _create(self, name: str) -> None:
        try:
            new = await self.team.create_api_token(name)
        except SwitchboardError as error:
            self._show_error(wording.describe_error(error))
            self._name_changed(self.name.text())
            return
        self.name.clear()
        self.secret.show_token(new)
        await self._load()

    async def _confirm_revoke(self, system: BackOfficeSystem) -> None:
        title = self.tr("Revoke the token of %1?").replace("%1", system.name)
        box = QMessageBox(QMessageBox.Icon.Warning, title, title, parent=self)
        box.setInformativeText(
            self.tr("The system cannot send notifications any more; a new token is needed.")
        )
        go = box.addButton(self.tr("Revoke"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        await ask(box)
        chosen = box.clickedButton() is go
        box.deleteLater()
        if chosen:
            await self._revoke(system)

    async def _revoke(self, system: BackOfficeSystem) -> None:
        try:
            await self.team.revoke_api_token(system)
        except SwitchboardError as error:
            self._show_error(wording.describe_error(error))
            return
        await self._load()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _show(self, systems: list[BackOfficeSystem]) -> None:
        self.systems = systems
        self.table.setVisible(bool(systems))
        self.empty.setVisible(not systems)
        self.table.setRowCount(len(systems))
        for row, system in enumerate(systems):
            cells = (
                system.name,
                _date(system.created_at),
                self.tr("Never") if system.last_used is None else _date(system.last_used),
                self.tr("Revoked") if system.revoked else self.tr("Active"),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self._selection_changed()

    def rows(self) -> list[tuple[str, ...]]:
        """What the table shows, row by row (for tests)."""
        return [
            tuple(self._cell(r, c) for c in range(self.table.columnCount()))
            for r in range(self.table.rowCount())
        ]

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return "" if item is None else item.text()


def _date(at: int) -> str:
    """Date and time in the user's locale, short."""
    return QLocale().toString(QDateTime.fromSecsSinceEpoch(at), QLocale.FormatType.ShortFormat)
