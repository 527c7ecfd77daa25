"""Inviting someone: choose a role, hand over the code (or QR code), then compare the SAS with
the newcomer and confirm. The dialog burns the invite if it is closed before anyone used it."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import SwitchboardError
from app.domain.model import Role
from app.services.team_api import Invite, PendingJoin, TeamAdmin
from app.ui import wording
from app.ui.bridge import loop_running, spawn
from app.ui.team.invite_code_view import grouped
from app.ui.team.qr_view import QrCodeView
from app.ui.team.sas_panel import SasPanel
from app.ui.team.team_words import role_explanation, role_name, valid_until

log = logging.getLogger(__name__)


def _label(text: str, parent: QWidget, name: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


class _RolePage(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.title = _label(self.tr("Invite someone"), self, "PageTitle")
        self.roles = QButtonGroup(self)
        column = QVBoxLayout(self)
        column.setSpacing(6)
        column.addWidget(self.title)
        column.addWidget(_label(self.tr("What will they do in the team?"), self))
        for role in (Role.MEMBER, Role.ADMIN, Role.GATEWAY):
            button = QRadioButton(role_name(role), self)
            self.roles.addButton(button, int(role))
            column.addWidget(button)
            note = _label(role_explanation(role), self, "Muted")
            note.setContentsMargins(24, 0, 0, 4)
            column.addWidget(note)
        self.roles.button(int(Role.MEMBER)).setChecked(True)
        column.addStretch(1)

    def role(self) -> Role:
        return Role(self.roles.checkedId())


class _CodePage(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.title = _label(self.tr("Give them this code"), self, "PageTitle")
        self.how = _label(
            self.tr(
                "They open Switchboard, choose Join a team, and type the hub address and "
                "this code. Read it out, or let them scan the QR code."
            ),
            self,
        )
        self.code = QLabel(self)
        self.code.setObjectName("InviteCode")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPixelSize(24)
        font.setWeight(QFont.Weight.DemiBold)
        self.code.setFont(font)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy = QPushButton(self.tr("Copy"), self)
        self.qr = QrCodeView(self)
        self.validity = _label("", self, "Muted")
        self.hub = _label("", self, "Muted")
        self.hub.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.waiting = _label(self.tr("Waiting for them to enter the code…"), self)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setFixedHeight(6)
        code_row = QHBoxLayout()
        code_row.addWidget(self.code)
        code_row.addWidget(self.copy)
        code_row.addStretch(1)
        grid = QGridLayout()
        grid.addLayout(code_row, 0, 0)
        grid.addWidget(self.validity, 1, 0)
        grid.addWidget(self.hub, 2, 0)
        grid.setRowStretch(3, 1)
        grid.addWidget(self.qr, 0, 1, 4, 1, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 1)
        column = QVBoxLayout(self)
        column.setSpacing(10)
        column.addWidget(self.title)
        column.addWidget(self.how)
        column.addLayout(grid)
        column.addStretch(1)
        column.addWidget(self.waiting)
        column.addWidget(self.busy)

    def show_invite(self, invite: Invite, now: int) -> None:
        self.code.setText(grouped(invite.code))
        self.code.setAccessibleName(self.tr("Invite code %1").replace("%1", grouped(invite.code)))
        self.qr.set_payload(invite.qr_payload)
        self.validity.setText(valid_until(invite.expires_at, now))
        address = hub_address_of(invite.qr_payload)
        self.hub.setText(self.tr("Hub address: %1").replace("%1", address) if address else "")
        self.hub.setVisible(bool(address))


def hub_address_of(qr_payload: str) -> str:
    """The hub address a join link carries (what the newcomer types beside the code)."""
    query = urlsplit(qr_payload).query or qr_payload.partition("?")[2]
    return parse_qs(query).get("hub", [""])[0]


class _DonePage(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.title = _label("", self, "PageTitle")
        self.text = _label("", self)
        column = QVBoxLayout(self)
        column.addWidget(self.title)
        column.addWidget(self.text)
        column.addStretch(1)


class InviteDialog(QDialog):
    """One invite from role choice to the newcomer's enrollment."""

    def __init__(
        self, team: TeamAdmin, clock: Callable[[], float] = time.time, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.team = team
        self._clock = clock
        self.setWindowTitle(self.tr("Invite someone"))
        self.role_page = _RolePage(self)
        self.code_page = _CodePage(self)
        self.sas_panel = SasPanel(self)
        self.done_page = _DonePage(self)
        self.pages = QStackedWidget(self)
        for page in (self.role_page, self.code_page, self.sas_panel, self.done_page):
            self.pages.addWidget(page)
        self.error = _label("", self, "ErrorText")
        self.error.hide()
        self.primary = QPushButton(self.tr("Create invite"), self)
        self.primary.setObjectName("Primary")
        self.primary.setDefault(True)
        self.secondary = QPushButton(self.tr("Cancel"), self)
        self._build()
        self.invite: Invite | None = None
        self._open_invite = False
        self._answer: asyncio.Future[bool] | None = None
        self._task: asyncio.Task[None] | None = None
        self.primary.clicked.connect(self._primary_clicked)
        self.secondary.clicked.connect(self.reject)
        self.code_page.copy.clicked.connect(self._copy)
        # A child timer: it cannot fire into a deleted dialog.
        self._copied_timer = QTimer(self)
        self._copied_timer.setSingleShot(True)
        self._copied_timer.setInterval(2000)
        self._copied_timer.timeout.connect(self._copy_again)
        self.sas_panel.matched.connect(self._matched)
        self.sas_panel.mismatched.connect(self._mismatched)
        self.resize(680, 440)

    def _build(self) -> None:
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.secondary)
        buttons.addWidget(self.primary)
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 18)
        column.addWidget(self.pages, 1)
        column.addWidget(self.error)
        column.addLayout(buttons)

    def _primary_clicked(self) -> None:
        if self.pages.currentWidget() is self.role_page:
            self._task = spawn(self, self._run(self.role_page.role()), name="invite")
        else:
            self.accept()

    async def _run(self, role: Role) -> None:
        self.primary.setEnabled(False)
        self.error.hide()
        try:
            invite = await self.team.create_invite(role)
        except SwitchboardError as error:
            self._show_error(error)
            self.primary.setEnabled(True)
            return
        self.invite, self._open_invite = invite, True
        self.code_page.show_invite(invite, int(self._clock()))
        self.pages.setCurrentWidget(self.code_page)
        self.primary.hide()
        self.secondary.setText(self.tr("Cancel invite"))
        self.code_page.copy.setFocus()
        try:
            await self._enroll(invite)
        except SwitchboardError as error:
            log.info("invite ended: %s", error.code)
            self._finish(self.tr("Nobody was added"), wording.describe_error(error))

    async def _enroll(self, invite: Invite) -> None:
        pending = await self.team.next_join_request(invite)
        name = pending.newcomer_name
        self.sas_panel.set_prompt(
            self.tr("Does %1's screen show these emoji?").replace("%1", name),
            self.tr("%1 asks to join as %2. Compare together, in the same order.")
            .replace("%1", name)
            .replace("%2", role_name(invite.role)),
        )
        self.sas_panel.set_sas(pending.sas)
        self.pages.setCurrentWidget(self.sas_panel)
        self.secondary.hide()  # "They don't match" says no; Esc still cancels
        self.sas_panel.match_button.setFocus()
        self._answer = asyncio.get_running_loop().create_future()
        if not await self._answer:
            await self._reject(pending)
            return
        self.sas_panel.set_waiting(self.tr("Waiting for %1 to confirm…").replace("%1", name))
        await self.team.confirm_join(pending)
        self._open_invite = False
        self._finish(
            self.tr("%1 is in the team").replace("%1", name),
            self.tr("%1's desk is fetching the team's conversations now.").replace("%1", name),
        )

    async def _reject(self, pending: PendingJoin) -> None:
        await self.team.reject_join(pending)
        self._open_invite = False
        self._finish(
            self.tr("Nobody was added"),
            self.tr(
                "The emoji did not match, so the invite is cancelled. Someone may have "
                "tried to listen in: make a new invite and compare again."
            ),
        )

    def _finish(self, title: str, text: str) -> None:
        self.done_page.title.setText(title)
        self.done_page.text.setText(text)
        self.pages.setCurrentWidget(self.done_page)
        self.secondary.hide()
        self.primary.setText(self.tr("Close"))
        self.primary.setEnabled(True)
        self.primary.show()
        self.primary.setFocus()

    def _show_error(self, error: SwitchboardError) -> None:
        self.error.setText(wording.describe_error(error))
        self.error.show()

    def _matched(self) -> None:
        if self._answer is not None and not self._answer.done():
            self._answer.set_result(True)

    def _mismatched(self) -> None:
        if self._answer is not None and not self._answer.done():
            self._answer.set_result(False)

    def _copy(self) -> None:
        if self.invite is None:
            return
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(grouped(self.invite.code))
        self.code_page.copy.setText(self.tr("Copied"))
        self._copied_timer.start()

    def _copy_again(self) -> None:
        self.code_page.copy.setText(self.tr("Copy"))

    def reject(self) -> None:
        """Esc, Cancel or closing: stop waiting and burn an invite nobody used."""
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
        if self.invite is not None and self._open_invite and loop_running():
            self._open_invite = False
            # Owned by the parent: the dialog may be deleted before the hub has answered.
            owner = self.parentWidget() or self
            spawn(owner, _cancel_invite(self.team, self.invite), name="cancel-invite")
        super().reject()


async def _cancel_invite(team: TeamAdmin, invite: Invite) -> None:
    try:
        await team.cancel_invite(invite)
    except SwitchboardError as error:
        # Not fatal: the invite still expires by itself within a day.
        log.warning("cancelling an invite failed: %s", error.code)
