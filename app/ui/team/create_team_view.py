"""The form for founding a team: the business, the founder, and where the hub runs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QRadioButton, QVBoxLayout, QWidget

from app.services.team_api import HubChoice, HubOnServer, HubOnThisComputer
from app.ui.team.invite_code_view import InviteCodeEdit
from app.ui.team.page_view import PageView


class CreateTeamView(PageView):
    """Business name, your name, and where the hub runs, each choice explained in a line.

    Signals:
        submitted(str, str, object): Business name, your name and the `HubChoice`.
        back_requested(): Return to the first choice.
    """

    submitted = Signal(str, str, object)
    back_requested = Signal()

    def __init__(self, check_code: Callable[[str], bool], parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self._check_code = check_code
        self.title.setText(self.tr("Create a team"))
        self.business = QLineEdit(self)
        self.business.setPlaceholderText(self.tr("As your customers know it"))
        self.owner = QLineEdit(self)
        self.owner.setPlaceholderText(self.tr("Your colleagues see this name"))
        self.here = QRadioButton(self.tr("On this computer"), self)
        self.here_note = _note(
            self.tr(
                "Simplest to start. Colleagues' desks sync only while this computer is on "
                "and they can reach it."
            ),
            self,
        )
        self.server = QRadioButton(self.tr("On a server"), self)
        self.server_note = _note(
            self.tr(
                "A computer that is always on, where the Switchboard hub was started. Type "
                "its address and the one-time setup code it printed."
            ),
            self,
        )
        self.address = QLineEdit(self)
        self.address.setPlaceholderText("tls://hub.example.com:4222")
        self.setup_code = InviteCodeEdit(self)
        self.here.setChecked(True)
        self._build()
        self.primary.setText(self.tr("Create team"))
        self.secondary.setText(self.tr("Back"))
        self.primary.clicked.connect(self._submit)
        self.secondary.clicked.connect(self.back_requested)
        for edit in (self.business, self.owner, self.address):
            edit.textChanged.connect(self._update)
        self.setup_code.code_changed.connect(self._update)
        self.server.toggled.connect(self._update)
        self._update()

    def _build(self) -> None:
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("Business name"), self.business)
        form.addRow(self.tr("Your name"), self.owner)
        self.body.addLayout(form)
        where = QLabel(
            self.tr(
                "Where should the hub run? It passes your team's messages on, encrypted: "
                "it cannot read them."
            ),
            self,
        )
        where.setWordWrap(True)
        self.body.addSpacing(6)
        self.body.addWidget(where)
        self.body.addWidget(self.here)
        self.body.addWidget(self.here_note)
        self.body.addWidget(self.server)
        self.body.addWidget(self.server_note)
        server_form = QFormLayout()
        server_form.setContentsMargins(24, 0, 0, 0)
        server_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        server_form.addRow(self.tr("Hub address"), self.address)
        server_form.addRow(self.tr("Setup code"), self.setup_code)
        self.body.addLayout(server_form)
        chain = [self.business, self.owner, self.here, self.server, self.address]
        chain += [self.setup_code, self.primary, self.secondary]
        for first, second in zip(chain, chain[1:], strict=False):
            self.setTabOrder(first, second)

    def hub_choice(self) -> HubChoice:
        if self.server.isChecked():
            return HubOnServer(self.address.text().strip(), self.setup_code.code())
        return HubOnThisComputer()

    def _update(self) -> None:
        on_server = self.server.isChecked()
        self.address.setEnabled(on_server)
        self.setup_code.setEnabled(on_server)
        ready = bool(self.business.text().strip() and self.owner.text().strip())
        if on_server:
            code = self.setup_code.code()
            code_ok = self.setup_code.is_complete() and self._check_code(code)
            ready = ready and bool(self.address.text().strip()) and code_ok
        self.primary.setEnabled(ready)

    def set_busy(self, busy: bool) -> None:
        for part in (self.business, self.owner, self.here, self.server, self.secondary):
            part.setEnabled(not busy)
        if busy:
            self.primary.setEnabled(False)
            self.address.setEnabled(False)
            self.setup_code.setEnabled(False)
        else:
            self._update()

    def _submit(self) -> None:
        self.show_error("")
        self.submitted.emit(
            self.business.text().strip(), self.owner.text().strip(), self.hub_choice()
        )


def _note(text: str, parent: QWidget) -> QWidget:
    note = QLabel(text, parent)
    note.setObjectName("Muted")
    note.setWordWrap(True)
    holder = QWidget(parent)
    column = QVBoxLayout(holder)
    column.setContentsMargins(24, 0, 0, 4)
    column.addWidget(note)
    return holder
