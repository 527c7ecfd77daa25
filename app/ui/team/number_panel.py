"""Connecting the team's WhatsApp number: Meta's Cloud API settings (or the simulator), then
what to paste back into Meta's console and how the connection is doing."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import SwitchboardError
from app.domain.history import HistoryImport
from app.domain.model import Role
from app.log.events import NumberStatus
from app.services.team_api import (
    CloudApiSettings,
    Handshake,
    NumberConnection,
    Simulator,
    TeamAdmin,
    TeamChange,
)
from app.ui import wording
from app.ui.bridge import spawn
from app.ui.team.phone_history_box import PhoneHistoryBox
from app.ui.team.team_bridge import TeamBridge
from app.ui.widgets.business_badge import BusinessIdentity

log = logging.getLogger(__name__)


def _secret_field(parent: QWidget) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class _CopyField(QWidget):
    """A read-only value with a Copy button."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.value = QLineEdit(self)
        self.value.setReadOnly(True)
        self.copy = QPushButton(self.tr("Copy"), self)
        self.copy.clicked.connect(self._copy)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.value, 1)
        row.addWidget(self.copy)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.value.text())


class _SettingsBox(QGroupBox):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Connect the number"))
        self.cloud = QRadioButton(self.tr("Meta's WhatsApp Cloud API"), self)
        self.simulator = QRadioButton(
            self.tr("Simulator: try Switchboard out; nothing reaches WhatsApp"), self
        )
        self.cloud.setChecked(True)
        self.where = QLabel(
            self.tr("Meta's App Dashboard shows these under WhatsApp → API Setup."), self
        )
        self.where.setObjectName("Muted")
        self.where.setWordWrap(True)
        self.phone_number_id = QLineEdit(self)
        self.account_id = QLineEdit(self)
        self.access_token = _secret_field(self)
        self.app_secret = _secret_field(self)
        self.hint = QLabel(self)
        self.hint.setObjectName("ErrorText")
        self.hint.setWordWrap(True)
        self.connect_button = QPushButton(self.tr("Connect"), self)
        self.connect_button.setObjectName("Primary")
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.addRow(self.tr("Phone number ID"), self.phone_number_id)
        self.form.addRow(self.tr("WhatsApp Business Account ID"), self.account_id)
        self.form.addRow(self.tr("Access token"), self.access_token)
        self.form.addRow(self.tr("App secret"), self.app_secret)
        buttons = QHBoxLayout()
        buttons.addWidget(self.hint, 1)
        buttons.addWidget(self.connect_button)
        column = QVBoxLayout(self)
        column.addWidget(self.cloud)
        column.addWidget(self.simulator)
        column.addWidget(self.where)
        column.addLayout(self.form)
        column.addLayout(buttons)
        for edit in self._edits():
            edit.textChanged.connect(self._update)
            edit.returnPressed.connect(self.connect_button.click)
        self.cloud.toggled.connect(self._update)
        self._update()

    def _edits(self) -> tuple[QLineEdit, ...]:
        return (self.phone_number_id, self.account_id, self.access_token, self.app_secret)

    def settings(self) -> CloudApiSettings | Simulator:
        if self.simulator.isChecked():
            return Simulator()
        return CloudApiSettings(
            self.phone_number_id.text().strip(),
            self.account_id.text().strip(),
            self.access_token.text().strip(),
            self.app_secret.text().strip(),
        )

    def _update(self) -> None:
        cloud = self.cloud.isChecked()
        for edit in self._edits():
            edit.setEnabled(cloud)
        self.where.setVisible(cloud)
        ids = (self.phone_number_id.text().strip(), self.account_id.text().strip())
        bad_id = any(value and not value.isdigit() for value in ids)
        self.hint.setText(self.tr("The two ids are numbers only.") if bad_id and cloud else "")
        filled = all(edit.text().strip() for edit in self._edits())
        self.connect_button.setEnabled(not cloud or (filled and not bad_id))


class _StatusBox(QGroupBox):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Connection"))
        self.empty = QLabel(self.tr("Not connected yet."), self)
        self.empty.setObjectName("Muted")
        self.paste = QLabel(
            self.tr("Paste these two into Meta's App Dashboard under WhatsApp → Configuration."),
            self,
        )
        self.paste.setWordWrap(True)
        self.webhook_url = _CopyField(self)
        self.verify_token = _CopyField(self)
        self.handshake = QLabel(self)
        self.handshake.setWordWrap(True)
        self.last_webhook = QLabel(self)
        self.identity = BusinessIdentity("", self)
        self.number_line = QLabel(self)
        self.number_line.setObjectName("Muted")
        self.ignored = QLabel(self)
        self.ignored.setObjectName("ErrorText")
        self.ignored.setWordWrap(True)
        number = QWidget(self)
        number_column = QVBoxLayout(number)
        number_column.setContentsMargins(0, 0, 0, 0)
        number_column.setSpacing(2)
        number_column.addWidget(self.identity)
        number_column.addWidget(self.number_line)
        self.details = QWidget(self)
        form = QFormLayout(self.details)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.paste)
        form.addRow(self.tr("Webhook URL"), self.webhook_url)
        form.addRow(self.tr("Verify token"), self.verify_token)
        form.addRow(self.tr("Meta's check"), self.handshake)
        form.addRow(self.tr("Last webhook"), self.last_webhook)
        form.addRow(self.tr("Number"), number)
        form.addRow(self.tr("Other numbers"), self.ignored)
        self._form = form
        column = QVBoxLayout(self)
        column.addWidget(self.empty)
        column.addWidget(self.details)

    def show_connection(
        self, connection: NumberConnection | None, now: int, *, admin: bool = False
    ) -> None:
        self.empty.setVisible(connection is None)
        ignored = connection.ignored_webhooks if connection is not None and admin else 0
        self._form.setRowVisible(self.ignored, ignored > 0)
        if connection is not None and ignored:
            self.ignored.setText(self._ignored_text(ignored, connection.ignored_last_at, now))
        self.details.setVisible(connection is not None)
        if connection is None:
            return
        self.paste.setVisible(not connection.simulated)
        self.webhook_url.value.setText(connection.webhook_url)
        self.verify_token.value.setText(connection.verify_token)
        self.handshake.setText(self._handshake_text(connection))
        self.handshake.setObjectName(
            "ErrorText" if connection.handshake is Handshake.FAILED else ""
        )
        self.handshake.style().unpolish(self.handshake)
        self.handshake.style().polish(self.handshake)
        self.last_webhook.setText(self._webhook_text(connection.last_webhook_at, now))
        self.identity.set_status(connection.number)
        self.number_line.setText(self._number_text(connection.number))

    def _handshake_text(self, connection: NumberConnection) -> str:
        if connection.handshake is Handshake.SUCCEEDED:
            return self.tr("✓ Meta reached the webhook and accepted the token.")
        if connection.handshake is Handshake.FAILED:
            return self.tr("Meta's check failed: the verify token in Meta's console differs.")
        return self.tr("Waiting for Meta to check the webhook. Save the two values there.")

    def _webhook_text(self, at: int | None, now: int) -> str:
        if at is None:
            return self.tr("None yet")
        gap = max(0, now - at)
        if gap < 60:
            return self.tr("%1 (just now)").replace("%1", wording.clock_time(at))
        ago = wording.duration(gap)
        return self.tr("%1 (%2 ago)").replace("%1", wording.clock_time(at)).replace("%2", ago)

    def _ignored_text(self, count: int, at: int | None, now: int) -> str:
        """Admins only: Meta sends another number's webhooks here (a second number subscribed
        to the same app); the gateway ignores them, and this says what to fix."""
        if count == 1:
            ignored = self.tr("1 webhook message for another phone number was ignored (last: %1).")
        else:
            ignored = self.tr(
                "%n webhook messages for another phone number were ignored (last: %1).", "", count
            )
        advice = self.tr(
            "Another number of this Meta app sends its webhooks here: check the app's WhatsApp "
            "configuration."
        )
        return ignored.replace("%1", self._webhook_text(at, now)) + " " + advice

    def _number_text(self, number: NumberStatus | None) -> str:
        if number is None:
            return self.tr("The gateway has not reported the number yet.")
        states = {
            "APPROVED": self.tr("display name approved"),
            "AVAILABLE_WITHOUT_REVIEW": self.tr("display name approved"),
            "PENDING_REVIEW": self.tr("display name waiting for Meta's review"),
            "DECLINED": self.tr("display name declined by Meta"),
        }
        state = states.get(number.name_status, self.tr("no approved display name"))
        return f"{number.display_phone_number} · {state}"


class NumberPanel(QWidget):
    """Settings (admins only) above the connection's state (everyone)."""

    def __init__(
        self, team: TeamAdmin, clock: Callable[[], float] = time.time, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.team = team
        self._clock = clock
        self.title = QLabel(self.tr("WhatsApp number"), self)
        self.title.setObjectName("PageTitle")
        self.settings = _SettingsBox(self)
        self.status = _StatusBox(self)
        self.history = PhoneHistoryBox(self)
        self.history.hide()
        self._asked = False
        """This desk asked for the phone's history and has not seen an answer yet."""
        self._history: HistoryImport | None = None
        """The import as last shown: an answer is whatever comes after asking."""
        self.error = QLabel(self)
        self.error.setObjectName("ErrorText")
        self.error.setWordWrap(True)
        self.error.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 16, 20, 16)
        column.addWidget(self.title)
        column.addWidget(self.settings)
        column.addWidget(self.error)
        column.addWidget(self.status)
        column.addWidget(self.history)
        column.addStretch(1)
        self.settings.connect_button.clicked.connect(self._connect_number)
        self.history.import_requested.connect(self._import_history)
        self.bridge = TeamBridge(team, self)
        self.bridge.team_changed.connect(self._team_changed)
        self._loads = 0
        self.loaded = 0
        """How many loads have been shown (tests wait on it)."""
        self.settings.hide()
        self.refresh()

    def refresh(self) -> None:
        self._loads += 1
        spawn(self, self._load(self._loads), name="number-connection")

    async def _load(self, request: int) -> None:
        try:
            roster = await self.team.roster()
            connection = await self.team.number_connection()
            history = await self.team.phone_history()
        except SwitchboardError as error:
            self._show_error(error)
            return
        if request != self._loads:
            return
        self.settings.setVisible(roster.my_role is Role.ADMIN)
        admin = roster.my_role is Role.ADMIN
        self.status.show_connection(connection, int(self._clock()), admin=admin)
        self.history.setVisible(admin and connection is not None)
        if history != self._history:
            self._asked = False  # the gateway or Meta answered
            self._history = history
        self.history.show_import(history, asked=self._asked)
        self.loaded += 1

    def _team_changed(self, change: TeamChange) -> None:
        if change & (TeamChange.NUMBER | TeamChange.ROSTER):
            self.refresh()

    def _connect_number(self) -> None:
        spawn(self, self._send(self.settings.settings()), name="connect-number")

    async def _send(self, settings: CloudApiSettings | Simulator) -> None:
        self.error.hide()
        self.settings.connect_button.setEnabled(False)
        try:
            await self.team.connect_number(settings)
        except SwitchboardError as error:
            self._show_error(error)
            return
        finally:
            self.settings.connect_button.setEnabled(True)
        self.settings.access_token.clear()
        self.settings.app_secret.clear()
        self.refresh()

    def _import_history(self) -> None:
        spawn(self, self._ask_history(), name="phone-history")

    async def _ask_history(self) -> None:
        self.error.hide()
        try:
            await self.team.request_phone_sync()
        except SwitchboardError as error:
            self._show_error(error)
            self.refresh()
            return
        self._asked = True
        self.refresh()

    def _show_error(self, error: SwitchboardError) -> None:
        log.warning("number connection failed: %s", error.code)
        self.error.setText(wording.describe_error(error))
        self.error.show()
