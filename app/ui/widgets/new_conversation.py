""" "New conversation…" (Ctrl+N): write first to a customer known only by phone number.

WhatsApp lets a business open a conversation only with an approved template, so the dialog is
a number field above the template picker. The number is checked as typed (international
format, `domain.outreach.normalise_phone`); sending goes through `DeskApi.start_conversation`,
and the conversation it lands in is opened in the desk.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.domain.errors import PhoneNumberInvalid, SwitchboardError
from app.domain.ids import ConversationId
from app.domain.outreach import normalise_phone
from app.domain.templates import TemplateParam, TemplateRef
from app.services.api import DeskApi
from app.ui import wording
from app.ui.bridge import spawn
from app.ui.widgets.template_picker import TemplatePicker


class NewConversationDialog(QDialog):
    """Asks for a phone number and a template, then starts the conversation.

    Signals:
        started(bytes): The conversation the template went to (open it).
    """

    started = Signal(bytes)

    def __init__(self, api: DeskApi, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._api = api
        self._sending = False
        self.setWindowTitle(self.tr("New conversation"))
        self.number = QLineEdit(self)
        self.number.setPlaceholderText(self.tr("+49 151 23456789"))
        self.number.setAccessibleName(self.tr("Customer's phone number"))
        self.number.textChanged.connect(self._number_changed)
        self.number_problem = QLabel(self)
        self.number_problem.setObjectName("Muted")
        self.number_problem.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("DialogError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.picker = TemplatePicker(self, can_cancel=False)
        self.picker.title.setText(self.tr("First message"))
        self.picker.set_hint(
            self.tr(
                "WhatsApp lets a business write first only with an approved template. The "
                "customer's answer opens the 24-hour window for free replies."
            )
        )
        self.picker.send_requested.connect(self._send_requested)
        form = QFormLayout()
        form.addRow(self.tr("Phone number"), self.number)
        form.addRow("", self.number_problem)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.picker, 1)
        layout.addWidget(self.error)
        self.resize(760, 520)
        self._number_changed()

    async def load(self) -> None:
        """Fill the picker with the desk's templates."""
        try:
            self.picker.set_templates(await self._api.templates())
        except SwitchboardError as error:
            self._show_error(wording.describe_error(error))

    def number_ok(self) -> bool:
        try:
            normalise_phone(self.number.text())
        except PhoneNumberInvalid:
            return False
        return True

    def _number_changed(self) -> None:
        typed = self.number.text().strip()
        ok = self.number_ok()
        self.number_problem.setText(
            ""
            if ok or not typed
            else self.tr("International format with the country code, such as +49 151 23456789")
        )
        self.number_problem.setVisible(bool(self.number_problem.text()))
        self.picker.set_enabled_for_sending(ok and not self._sending)

    def _send_requested(self, ref: object, values: object) -> None:
        if self._sending or not isinstance(ref, TemplateRef) or not isinstance(values, dict):
            return
        if not self.number_ok():
            self.number.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        spawn(self, self._send(self.number.text(), ref, values), name="start-conversation")

    async def _send(self, number: str, ref: TemplateRef, values: dict[TemplateParam, str]) -> None:
        self._sending = True
        self.picker.set_enabled_for_sending(False)
        self.error.hide()
        try:
            conversation_id: ConversationId = await self._api.start_conversation(
                number, ref, values
            )
        except SwitchboardError as error:
            self._sending = False
            self._number_changed()
            self._show_error(wording.describe_error(error))
            return
        self._sending = False
        self.started.emit(bytes(conversation_id))
        self.accept()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
