"""Sending templates from the open conversation: when the composer becomes the picker.

The 24-hour window decides (`domain.rules.window_open`): while it is closed, the agent who
holds the conversation sees the template picker in the composer's place; while it is open,
the "Template…" button beside Reply / Private note swaps it in, and "Back to reply" out. The
catalogue is loaded off the UI thread and again whenever the gateway publishes a new one.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QToolButton, QWidget

from app.domain.errors import SwitchboardError
from app.domain.ids import ConversationId
from app.domain.templates import TemplateParam, TemplateRef
from app.services.api import Changes, DeskApi
from app.ui.bridge import loop_running, spawn
from app.ui.messages import MessageChannel
from app.ui.widgets.composer import Composer
from app.ui.widgets.template_picker import TemplatePicker


class TemplateFlow(QObject):
    """Owns the pane's picker and its "Template…" button; the pane tells it what is open."""

    def __init__(
        self,
        api: DeskApi,
        messages: MessageChannel,
        composer: Composer,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._api = api
        self._messages = messages
        self._composer = composer
        self._conversation: ConversationId | None = None
        self._asked = False
        """The agent chose "Template…" while the window is open."""
        self._sending = False
        self.picker = TemplatePicker(parent)
        self.picker.hide()
        self.picker.send_requested.connect(self._send_requested)
        self.picker.cancelled.connect(self._back_to_reply)
        self.button = QToolButton(parent)
        self.button.setObjectName("ComposeMode")
        self.button.setText(self.tr("Template…"))
        self.button.setToolTip(self.tr("Send an approved message template"))
        self.button.setAccessibleName(self.tr("Send a template"))
        self.button.setAutoRaise(True)
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.button.clicked.connect(self._template_asked)
        self._requests = 0

    def place_button(self, bar: QWidget) -> None:
        """Put "Template…" at the end of `bar` (the Reply / Private note switch)."""
        layout = bar.layout()
        if layout is not None:
            layout.addWidget(self.button)

    def start(self) -> None:
        """Load the catalogue (once the loop runs)."""
        if loop_running():
            self._requests += 1
            spawn(self, self._load(self._requests), name="templates")

    def apply_changes(self, changes: Changes) -> None:
        if changes.templates_changed:
            self.start()

    def opened(self, conversation_id: ConversationId | None) -> None:
        """Another conversation is open: it starts with the composer (unless its window
        is closed)."""
        if conversation_id != self._conversation:
            self._conversation = conversation_id
            self._asked = False
            self.picker.reset_values()

    def update(self, *, mine: bool, window_open: bool, note_mode: bool) -> None:
        """Show the picker or the composer for what the open conversation allows."""
        can_send = self._conversation is not None and mine and not note_mode
        showing = can_send and (not window_open or self._asked)
        self.button.setEnabled(can_send and not showing)
        self.picker.cancel_button.setVisible(window_open)
        self.picker.set_hint(
            ""
            if window_open
            else self.tr(
                "More than 24 hours since the customer's last message: WhatsApp accepts only "
                "approved templates until they write again."
            )
        )
        self.picker.set_enabled_for_sending(not self._sending)
        self.picker.setVisible(showing)
        self._composer.setVisible(not showing)

    @property
    def showing(self) -> bool:
        return not self.picker.isHidden()

    def _template_asked(self) -> None:
        self._asked = True
        self._composer.hide()
        self.picker.show()
        self.picker.cancel_button.show()
        self.button.setEnabled(False)
        self.picker.focus_first()

    def _back_to_reply(self) -> None:
        self._asked = False
        self.picker.hide()
        self._composer.show()
        self.button.setEnabled(True)
        self._composer.focus_editor()

    def _send_requested(self, ref: object, values: object) -> None:
        if self._conversation is None or self._sending:
            return
        if not isinstance(ref, TemplateRef) or not isinstance(values, dict):
            return
        spawn(self, self._send(self._conversation, ref, values), name="reply-template")

    async def _send(
        self,
        conversation_id: ConversationId,
        ref: TemplateRef,
        values: dict[TemplateParam, str],
    ) -> None:
        self._sending = True
        self.picker.set_enabled_for_sending(False)
        try:
            await self._api.reply_template(conversation_id, ref, values)
        except SwitchboardError as error:
            self._messages.report(error, "send template")
            self._sent()  # what was typed stays, to correct and send again
            return
        self._sent()
        if conversation_id == self._conversation:
            self.picker.reset_values()
            if self._asked:
                self._back_to_reply()

    def _sent(self) -> None:
        self._sending = False
        self.picker.set_enabled_for_sending(True)

    async def _load(self, request: int) -> None:
        try:
            templates = await self._api.templates()
        except SwitchboardError as error:
            self._messages.report(error, "load templates")
            return
        if request == self._requests:  # an older answer must not replace a newer one
            self.picker.set_templates(templates)
