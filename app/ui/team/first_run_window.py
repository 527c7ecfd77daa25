"""The first-run window: create a team or join one, and see it through to a working desk.

Founding and joining are long (keys, Argon2id, the hub, an admin who has to answer); they run
as coroutines owned by this window (`spawn`) while the pages say what is happening, so the
window stays responsive and can be cancelled where that makes sense.
"""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from app.domain.errors import SasMismatch, SwitchboardError
from app.services.team_api import FoundingStep, HubChoice, JoinAttempt, TeamSetup
from app.ui import wording
from app.ui.bridge import spawn
from app.ui.dialogs import ask
from app.ui.resources import app_icon
from app.ui.team.choice_view import ChoiceView
from app.ui.team.create_team_view import CreateTeamView
from app.ui.team.join_view import JoinView
from app.ui.team.page_view import press_focused_button
from app.ui.team.passphrase_dialog import PassphraseDialog, PassphraseMode
from app.ui.team.restore_dialog import RestoreDialog
from app.ui.team.sas_panel import SasPanel
from app.ui.team.work_view import WorkView

log = logging.getLogger(__name__)


class SasPage(QWidget):
    """The SAS panel as a page; Esc cancels the joining.

    Signals:
        cancel_requested(): The newcomer pressed Esc.
    """

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panel = SasPanel(self)
        column = QVBoxLayout(self)
        column.setContentsMargins(32, 28, 32, 24)
        column.addWidget(self.panel)
        column.addStretch(1)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if press_focused_button(self, event):
            return
        if event.key() == Qt.Key.Key_Escape:
            self.cancel_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class FirstRunWindow(QWidget):
    """A new installation's way to a team.

    Signals:
        team_ready(): The team was founded or joined; open the desk now.
    """

    team_ready = Signal()

    def __init__(self, setup: TeamSetup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setup = setup
        self.setWindowTitle(self.tr("Switchboard — set up"))
        self.setWindowIcon(app_icon())
        self.setObjectName("FirstRun")
        self.choice = ChoiceView(self)
        self.create_page = CreateTeamView(setup.check_invite_code, self)
        self.join_page = JoinView(setup.check_invite_code, self)
        self.work = WorkView(self)
        self.sas = SasPage(self)
        self.pages = QStackedWidget(self)
        for page in (self.choice, self.create_page, self.join_page, self.work, self.sas):
            self.pages.addWidget(page)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.pages)
        self._task: asyncio.Task[None] | None = None
        self._attempt: JoinAttempt | None = None
        self._answer: asyncio.Future[bool] | None = None
        self._is_ready = False
        self.restore_dialog: RestoreDialog | None = None
        """The backup chooser while it is open (tests drive it)."""
        self._connect()
        self.resize(640, 560)

    def _connect(self) -> None:
        self.choice.create_chosen.connect(self.show_create)
        self.choice.join_chosen.connect(self.show_join)
        self.create_page.back_requested.connect(self.show_choice)
        self.join_page.back_requested.connect(self.show_choice)
        self.create_page.submitted.connect(self._create_submitted)
        self.join_page.submitted.connect(self._join_submitted)
        self.join_page.backup_requested.connect(self.choose_backup)
        self.work.secondary.clicked.connect(self._cancel_work)
        self.work.primary.clicked.connect(self._ready)
        self.sas.panel.matched.connect(self._matched)
        self.sas.panel.mismatched.connect(self._mismatched)
        self.sas.cancel_requested.connect(self._cancel_work)

    def show_choice(self) -> None:
        self._show(self.choice)
        self.choice.create_button.setFocus()

    def show_create(self) -> None:
        self._show(self.create_page)
        self.create_page.business.setFocus()

    def show_join(self) -> None:
        self._show(self.join_page)
        self.join_page.address.setFocus()

    def _show(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)

    # Founding

    def _create_submitted(self, business: str, owner: str, hub: HubChoice) -> None:
        self._task = spawn(self, self._found(business, owner, hub), name="found-team")

    async def _found(self, business: str, owner: str, hub: HubChoice) -> None:
        proceed, passphrase = await self._choose_passphrase()
        if not proceed:
            return
        self.work.show_work(
            self.tr("Creating your team"),
            self._step_text(FoundingStep.MAKING_KEYS),
            cancellable=False,
        )
        self._show(self.work)
        try:
            await self.setup.create_team(
                business, owner, hub, passphrase=passphrase, on_step=self._founding_step
            )
        except SwitchboardError as error:
            log.warning("founding failed: %s", error.code)
            self._show(self.create_page)
            self.create_page.show_error(wording.describe_error(error))
            return
        self._ready()

    def _founding_step(self, step: FoundingStep) -> None:
        self.work.message.setText(self._step_text(step))

    def _step_text(self, step: FoundingStep) -> str:
        texts = {
            FoundingStep.MAKING_KEYS: self.tr("Making this computer's keys…"),
            FoundingStep.STARTING_HUB: self.tr("Starting the hub on this computer…"),
            FoundingStep.CONTACTING_HUB: self.tr("Contacting the hub…"),
            FoundingStep.FOUNDING: self.tr("Setting up the team on the hub…"),
            FoundingStep.DONE: self.tr("Your team is ready."),
        }
        return texts[step]

    async def _choose_passphrase(self) -> tuple[bool, str | None]:
        """(False, None) if the user backed out; the passphrase, or None if none is needed."""
        if not self.setup.needs_passphrase:
            return True, None
        dialog = PassphraseDialog(PassphraseMode.CREATE, parent=self)
        accepted = await ask(dialog) == PassphraseDialog.DialogCode.Accepted
        passphrase = dialog.passphrase()
        dialog.deleteLater()
        return (True, passphrase) if accepted else (False, None)

    # Joining

    def choose_backup(self) -> None:
        spawn(self, self._choose_backup(), name="choose-backup")

    async def _choose_backup(self) -> None:
        """The restore dialog checks the file and passphrase; Cancel keeps what was chosen."""
        dialog = RestoreDialog(self.setup, self)
        self.restore_dialog = dialog
        if await ask(dialog) == RestoreDialog.DialogCode.Accepted and dialog.chosen is not None:
            self.join_page.set_backup(dialog.chosen)
        self.restore_dialog = None
        dialog.deleteLater()

    def _join_submitted(self, address: str, code: str, name: str) -> None:
        self._task = spawn(self, self._join(address, code, name), name="join-team")

    async def _join(self, address: str, code: str, name: str) -> None:
        proceed, passphrase = await self._choose_passphrase()
        if not proceed:
            return
        self.work.show_work(
            self.tr("Joining the team"), self.tr("Sending your request…"), cancellable=True
        )
        self._show(self.work)
        try:
            self._attempt = await self.setup.start_join(
                address, code, name, passphrase=passphrase, backup=self.join_page.backup
            )
            await self._meet_admin(self._attempt)
        except SwitchboardError as error:
            log.warning("joining failed: %s", error.code)
            self._drop_attempt()
            self._back_to_join(wording.describe_error(error))
            return
        await self._first_sync(self._attempt)

    async def _meet_admin(self, attempt: JoinAttempt) -> None:
        self.work.show_work(
            self.tr("Waiting for an administrator"),
            self.tr(
                "Ask the person who invited you to open the invite on their desk. "
                "Both screens will then show the same emoji."
            ),
            cancellable=True,
        )
        sas = await attempt.wait_sas()
        self.sas.panel.set_prompt(
            self.tr("Does the administrator's screen show these emoji?"),
            self.tr("Compare them together, on the phone or side by side, in the same order."),
        )
        self.sas.panel.set_sas(sas)
        self._show(self.sas)
        self.sas.panel.match_button.setFocus()
        self._answer = asyncio.get_running_loop().create_future()
        if not await self._answer:
            await attempt.cancel(mismatch=True)
            raise SasMismatch()
        waiting = self.tr("Waiting for the administrator to confirm…")
        if self.join_page.backup is not None:
            waiting += " " + self.tr(
                "Then this desk starts from your backup, checking every record."
            )
        self.sas.panel.set_waiting(waiting)
        await attempt.confirm()
        await attempt.wait_added(restoring=self._restoring)

    def _restoring(self, read: int, total: int) -> None:
        """The administrator let this device in; the backup's records are being checked."""
        if self.pages.currentWidget() is not self.work:
            self.work.show_work(
                self.tr("Starting from your backup"),
                self.tr("Checking every record of the backup against the team…"),
                cancellable=False,
            )
            self._show(self.work)
        self.work.show_sync(read, total)

    async def _first_sync(self, attempt: JoinAttempt) -> None:
        self.work.show_work(
            self.tr("You are in the team"),
            self.tr("Fetching the team's conversations. You can start while this goes on."),
            cancellable=False,
        )
        if attempt.backup_not_used:
            self.work.show_error(
                self.tr(
                    "The backup is not this team's, or it was changed, so it was not used. This"
                    " desk fetches the team's conversations from the hub instead; nothing is lost."
                )
            )
        self.work.primary.setText(self.tr("Open the desk"))
        self.work.primary.show()
        self._show(self.work)
        async for progress in attempt.first_sync():
            self.work.show_sync(progress.applied, progress.total)
        self._ready()

    def _ready(self) -> None:
        """Say so once, whether the first sync ended or the user opened the desk before."""
        if not self._is_ready:
            self._is_ready = True
            self.team_ready.emit()

    def _matched(self) -> None:
        if self._answer is not None and not self._answer.done():
            self._answer.set_result(True)

    def _mismatched(self) -> None:
        if self._answer is not None and not self._answer.done():
            self._answer.set_result(False)

    def _cancel_work(self) -> None:
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
        self._drop_attempt()
        self._back_to_join("")

    def _drop_attempt(self) -> None:
        """Tell the other side we are gone (safe also after a failure)."""
        attempt, self._attempt = self._attempt, None
        if attempt is not None:
            spawn(self, attempt.cancel(), name="cancel-join")

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing mid-join tells the admin's side, instead of leaving it waiting."""
        if self._attempt is not None:
            self._cancel_work()
        super().closeEvent(event)

    def _back_to_join(self, error: str) -> None:
        self.join_page.show_error(error)
        self._show(self.join_page)
        self.join_page.code.setFocus()
