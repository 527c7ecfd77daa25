"""The right side of the desk: the open conversation with its header, messages and composer.

It owns the conversation's user flows (claim, reply, send a file, mark read), each awaited
through `spawn`,
so nothing blocks the UI thread and nothing resumes into a deleted widget. Drafts are kept per
conversation while the agent hops around the queue.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from app.domain import rules
from app.domain.errors import AlreadyClaimed, NewMessagesArrived, SwitchboardError
from app.domain.handling import ConversationState, HandoverAction
from app.domain.ids import ConversationId, DeviceId, EventId
from app.domain.model import ConversationDetail
from app.domain.notes import mentions_in
from app.services.api import Changes, DeskApi
from app.ui.bridge import loop_running, spawn
from app.ui.file_sender import FileSender
from app.ui.messages import MessageChannel
from app.ui.models.conversation_model import ConversationModel
from app.ui.thumbnails import Thumbnails
from app.ui.widgets.canned_picker import CannedPicker
from app.ui.widgets.collision_guard import CollisionGuard
from app.ui.widgets.composer import Composer, local_files
from app.ui.widgets.conversation_header import ConversationHeader, InlineNotice
from app.ui.widgets.conversation_view import ConversationView
from app.ui.widgets.customer_panel import CustomerPanel
from app.ui.widgets.handling_bar import HandlingBar
from app.ui.widgets.note_mode import ComposeModeBar, MentionCompleter
from app.ui.widgets.panel_toggle import PanelSetting, PanelToggle
from app.ui.widgets.template_flow import TemplateFlow
from app.ui.widgets.versions_dialog import VersionsDialog


class _Draft(NamedTuple):
    """What the agent left written in a conversation, and whether it is a private note."""

    text: str
    note: bool


_NO_DRAFT = _Draft("", note=False)


class ConversationPane(QWidget):
    """Shows one conversation at a time and runs what the agent does in it.

    Signals:
        media_requested(bytes): The agent asked to open a message's file (its event id);
            relayed from the view for whoever fetches and shows media.
        detail_shown(ConversationDetail): The open conversation's detail (assignee and all)
            was loaded or reloaded.
    """

    media_requested = Signal(bytes)
    detail_shown = Signal(object)

    def __init__(
        self,
        api: DeskApi,
        messages: MessageChannel,
        clock: Callable[[], float] = time.time,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._api = api
        self._messages = messages
        self._clock = clock
        self._current: ConversationId | None = None
        self._detail: ConversationDetail | None = None
        self._model: ConversationModel | None = None
        self._claiming: set[bytes] = set()
        self._missing = False
        """The detail was asked for and did not come (an error, or no such conversation)."""
        self._drafts: dict[bytes, _Draft] = {}
        """What the agent left written in each conversation not open now."""
        self.header = ConversationHeader(self)
        self.notice = InlineNotice(self)
        self.view = ConversationView(clock, self)
        self.view.media_requested.connect(self.media_requested)
        self.view.send_again_requested.connect(self._send_again)
        self.view.discard_requested.connect(self._discard)
        self.view.versions_requested.connect(self._show_versions)
        self.thumbnails = Thumbnails(api, self)
        self.view.set_thumbnails(self.thumbnails)
        self.composer = Composer(self)
        self.guard = CollisionGuard(
            api, self.view, self.composer, self.header.presence, parent=self
        )
        self.panel = CustomerPanel(api, messages, clock, self)
        self.panel.episode_chosen.connect(self._episode_chosen)
        self.panel_toggle = PanelToggle(self.panel, self, PanelSetting.for_user())
        self.header.add_tool(self.panel_toggle.button)
        self.header.claim_clicked.connect(self.claim)
        self.handling = HandlingBar(api.me, api.colleagues, clock, self)
        self.handling.state_chosen.connect(self._state_chosen)
        self.handling.handover_chosen.connect(self._handover_chosen)
        self.mode = ComposeModeBar(self)
        self.mode.note_mode_changed.connect(self._note_mode_changed)
        self.mode.mode_chosen.connect(self.focus_composer)
        self.mentions = MentionCompleter(self.composer.edit, api.colleagues, self.mode.is_note_mode)
        self.canned = CannedPicker(
            api, self.composer.edit, self._customer_name, self._replying, messages, self
        )
        self.templates = TemplateFlow(api, messages, self.composer, self)
        self.templates.place_button(self.mode)
        self.mode.add_action(self.handling)
        self.composer.send_requested.connect(self._send_requested)
        self.composer.attach_requested.connect(self.attach)
        self.composer.files_offered.connect(self._files_offered)
        self.composer.image_offered.connect(self._image_offered)
        self.setAcceptDrops(True)  # a file dropped anywhere on the conversation is offered
        self.files = FileSender(api, messages, self, self.composer, self._give_back)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self._empty_page())
        self._stack.addWidget(self._beside_panel(self._conversation_page()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)
        self._detail_timer = _single_shot(self, 50, self._reload_detail)
        self._minute = QTimer(self)
        self._minute.setInterval(60_000)
        self._minute.timeout.connect(self._minute_passed)
        self._minute.start()
        self.templates.start()

    def _empty_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("EmptyPane")
        page.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        title = QLabel(self.tr("Pick a conversation from the queue"), page)
        title.setObjectName("EmptyTitle")
        hint = QLabel(self.tr("Ctrl+K searches all conversations · Ctrl+1 to 6 switch tabs"), page)
        hint.setObjectName("Muted")
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        for label in (title, hint):
            # Wrapped and centred: German hints are half as long again, and desks can be narrow.
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            layout.addWidget(label)
        layout.addStretch(1)
        return page

    def _conversation_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.notice)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.guard.notice)
        layout.addWidget(self.mode)
        layout.addWidget(self.composer)
        layout.addWidget(self.templates.picker)
        return page

    def _beside_panel(self, page: QWidget) -> QWidget:
        """The thread with the customer panel at its right."""
        both = QWidget(self)
        row = QHBoxLayout(both)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(page, 1)
        row.addWidget(self.panel)
        return both

    @property
    def current_conversation(self) -> ConversationId | None:
        return self._current

    @property
    def model(self) -> ConversationModel | None:
        return self._model

    @property
    def customer_name(self) -> str:
        """The open conversation's customer, once its detail has loaded ("" until then)."""
        return self._detail.customer_name if self._detail is not None else ""

    def _customer_name(self) -> str:
        return self.customer_name

    def _replying(self) -> bool:
        """Canned replies are for the customer: not while writing a private note."""
        return not self.mode.is_note_mode()

    def reveal(self, event_id: EventId, position: int) -> None:
        """Scroll to a message of the open conversation and select it, loading older pages
        as needed (a search hit: `position` tells how far back it is)."""
        if self._model is not None:
            self._model.reveal(event_id, position)

    def _episode_chosen(self, event_id: bytes, position: int) -> None:
        self.reveal(EventId(event_id), position)

    @property
    def detail(self) -> ConversationDetail | None:
        """The open conversation's detail, None while it loads or when nothing is open."""
        return self._detail

    def close_conversation(self) -> None:
        """Show the empty page; the draft is kept for when the conversation is opened again."""
        if self._current is None:
            return
        self._keep_draft(self._current)
        self.composer.set_text("")
        self._current = None
        self._detail = None
        self._missing = False
        self.notice.hide()
        self._stack.setCurrentIndex(0)
        self.panel.show_conversation(None)

    def _keep_draft(self, conversation_id: ConversationId) -> None:
        text = self.composer.text()
        self._drafts[conversation_id] = _Draft(text, bool(text) and self.mode.is_note_mode())

    def window_activated(self) -> None:
        """The agent came back to the window: what the open conversation shows is now read."""
        if self._current is not None and loop_running():
            spawn(self, self._mark_read(self._current), name="mark-read")

    def open(self, conversation_id: ConversationId) -> None:
        """Show a conversation (a no-op if it is already open)."""
        if conversation_id == self._current:
            return
        if self._current is not None:
            self._keep_draft(self._current)
        self._current = conversation_id
        self._detail = None
        self._missing = False
        self.notice.hide()
        draft = self._drafts.pop(conversation_id, _NO_DRAFT)
        self.composer.set_text(draft.text)
        # Each conversation starts as a reply, unless the agent left a private note half-written
        # there: a note mode carried over would turn the next answer to a customer into a note.
        self.mode.set_note_mode(draft.note)
        self.templates.opened(conversation_id)
        self.thumbnails.forget_failures()  # a picture that failed may load now (hub is back)
        model = ConversationModel(self._api, conversation_id, parent=self)
        self._replace_model(model)
        self.guard.opened(conversation_id, model)
        self._stack.setCurrentIndex(1)
        self.panel.show_conversation(conversation_id)
        self._update_state()
        spawn(self, self._load_detail(conversation_id), name="conversation-detail")
        spawn(self, self._mark_read(conversation_id), name="mark-read")

    def _replace_model(self, model: ConversationModel) -> None:
        old = self._model
        self._model = model
        model.load_failed.connect(self._load_failed)
        model.revealed.connect(self.view.show_row)
        self.view.setModel(model)
        model.start()
        if old is not None:
            old.deleteLater()  # its loading tasks are cancelled with it (spawn)

    def apply_changes(self, changes: Changes) -> None:
        """Refresh what a change set touches in the open conversation."""
        self.templates.apply_changes(changes)
        self.canned.apply_changes(changes)
        if self._current is None:
            return
        if self._model is not None:
            self._model.apply_changes(changes)
        self.guard.apply_changes(changes)
        self.panel.apply_changes(changes)
        if self._current in changes.conversations:
            self._detail_timer.start()
            if changes.initiator != self._api.me and self.window().isActiveWindow():
                spawn(self, self._mark_read(self._current), name="mark-read")

    def claim(self) -> None:
        """Claim the open conversation, if nobody holds it and no claim is in flight."""
        current, detail = self._current, self._detail
        if (
            current is None
            or detail is None
            or detail.assignee is not None
            or current in self._claiming
        ):
            return
        self._claiming.add(current)
        self._update_state()
        spawn(self, self._claim(current), name="claim")

    def focus_composer(self) -> None:
        """Keyboard focus where the agent writes: the box, or the template picker when it
        stands in the box's place (the 24-hour window has closed)."""
        if self.templates.showing:
            self.templates.picker.focus_first()
        else:
            self.composer.focus_editor()

    def attach(self) -> None:
        """Let the agent pick a file for the open conversation (only while replying is allowed)."""
        if self._current is not None and self.composer.is_allowed():
            spawn(self, self._attach(self._current), name="attach-file")

    async def send_file(self, path: Path) -> None:
        """Send the file at `path` to the open conversation, as if picked in the dialog."""
        if self._current is not None and self.composer.is_allowed():
            await self._send_file(self._current, path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if (
            self._current is not None
            and self.composer.is_allowed()
            and local_files(event.mimeData())
        ):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = local_files(event.mimeData())
        if files:
            event.acceptProposedAction()
            self._files_offered(files)

    def _files_offered(self, files: list[str]) -> None:
        """Files pasted or dropped: the first goes to the preview sheet (one file per message)."""
        if self._current is not None and self.composer.is_allowed():
            spawn(self, self._send_file(self._current, Path(files[0])), name="attach-file")

    def _image_offered(self, image: QImage) -> None:
        current = self._current
        if current is not None and self.composer.is_allowed() and not image.isNull():
            self.view.scroll_to_newest()
            spawn(self, self.files.send_image(current, image), name="attach-image")

    async def _attach(self, conversation_id: ConversationId) -> None:
        path = await self.files.choose()
        if path is not None:
            await self._send_file(conversation_id, path)

    async def _send_file(self, conversation_id: ConversationId, path: Path) -> None:
        self.view.scroll_to_newest()
        await self.files.send(conversation_id, path)

    async def _claim(self, conversation_id: ConversationId) -> None:
        won = False
        try:
            await self._api.claim(conversation_id)
            won = True
        except AlreadyClaimed:
            pass
        except SwitchboardError as error:
            self._messages.report(error, "claim")
        detail = await self._fetch_detail(conversation_id)
        self._claiming.discard(conversation_id)
        if conversation_id != self._current:
            return
        if not won and detail is not None and detail.assignee not in (None, self._api.me):
            name = self._api.agent_name(detail.assignee) if detail.assignee else ""
            self.notice.show_text(self.tr("%1 claimed this first").replace("%1", name))
        self._set_detail(detail)
        if won:
            self.focus_composer()

    def _send_requested(self, text: str) -> None:
        if self._current is not None and self.mode.is_note_mode():
            spawn(self, self._add_note(self._current, text), name="note")
            return
        if self._current is not None:
            self.view.scroll_to_newest()
            spawn(self, self._send(self._current, text), name="reply")

    async def _send(self, conversation_id: ConversationId, text: str) -> None:
        try:
            await self._api.reply(conversation_id, text, self.guard.seen_position())
        except NewMessagesArrived as arrived:
            if conversation_id == self._current:
                self.guard.refused(arrived)  # first: the text given back keeps its mark
            self._give_back(conversation_id, text)
            return
        except SwitchboardError as error:
            self._messages.report(error, "reply")
            self._give_back(conversation_id, text)
            return
        self.guard.sent()

    async def _add_note(self, conversation_id: ConversationId, text: str) -> None:
        mentions = mentions_in(text, self._api.colleagues())
        try:
            await self._api.add_note(conversation_id, text, mentions)
        except SwitchboardError as error:
            self._messages.report(error, "note")
            self._give_back(conversation_id, text, note=True)

    def _state_chosen(self, state: ConversationState, until: int) -> None:
        if self._current is not None:
            spawn(self, self._set_state(self._current, state, until), name="set-state")

    async def _set_state(
        self, conversation_id: ConversationId, state: ConversationState, until: int
    ) -> None:
        try:
            await self._api.set_state(conversation_id, state, until)
        except SwitchboardError as error:
            self._messages.report(error, "set state")
        self._detail_timer.start()

    def _handover_chosen(self, action: HandoverAction, target: DeviceId | None, note: str) -> None:
        if self._current is not None:
            spawn(self, self._hand_over(self._current, action, target, note), name="hand-over")

    async def _hand_over(
        self,
        conversation_id: ConversationId,
        action: HandoverAction,
        target: DeviceId | None,
        note: str,
    ) -> None:
        try:
            await self._api.hand_over(conversation_id, action, target, note)
        except SwitchboardError as error:
            self._messages.report(error, "hand over")
        self._detail_timer.start()
        if action is HandoverAction.TAKE_OVER and conversation_id == self._current:
            self.focus_composer()

    def _note_mode_changed(self, note: bool) -> None:
        self.composer.setProperty("note", note)  # the theme tints a note's bar and box
        for widget in (self.composer, self.composer.edit):  # a descendant rule needs both
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self._update_state()

    def _give_back(self, conversation_id: ConversationId, text: str, *, note: bool = False) -> None:
        """Return words a failed send took, as what they were: a failed send must never eat
        what the agent wrote, nor turn a private note into a reply to the customer (each
        conversation opens as a reply)."""
        if conversation_id == self._current:
            if not self.composer.text():  # else the agent wrote on meanwhile: theirs stays
                self.mode.set_note_mode(note)
                self.composer.set_text(text)
        elif not self._drafts.get(conversation_id, _NO_DRAFT).text:  # leaving kept "" too
            self._drafts[conversation_id] = _Draft(text, note)
        self._detail_timer.start()

    async def _load_detail(self, conversation_id: ConversationId) -> None:
        detail = await self._fetch_detail(conversation_id)
        if conversation_id == self._current:
            self._set_detail(detail)

    async def _fetch_detail(self, conversation_id: ConversationId) -> ConversationDetail | None:
        try:
            return await self._api.conversation(conversation_id)
        except SwitchboardError as error:
            self._messages.report(error, "open conversation")
            return None

    def _send_again(self, event_id: bytes) -> None:
        self.view.scroll_to_newest()
        spawn(self, self._decide_again(EventId(event_id), discard=False), name="send-again")

    def _discard(self, event_id: bytes) -> None:
        spawn(self, self._decide_again(EventId(event_id), discard=True), name="discard-reply")

    def _show_versions(self, event_id: bytes) -> None:
        spawn(self, self._open_versions(EventId(event_id)), name="message-versions")

    async def _open_versions(self, event_id: EventId) -> None:
        """The versions of a message its customer edited, in a small window of their own."""
        try:
            versions = await self._api.message_versions(event_id)
        except SwitchboardError as error:
            self._messages.report(error, "message versions")
            return
        if versions:  # none: deleted meanwhile, and the bubble says so
            VersionsDialog(versions, self).open()

    async def _decide_again(self, event_id: EventId, *, discard: bool) -> None:
        """The agent's answer to a reply the outbox gave up on or that met a conflict."""
        try:
            if discard:
                await self._api.discard_reply(event_id)
            else:
                await self._api.retry_reply(event_id)
        except SwitchboardError as error:
            self._messages.report(error, "discard reply" if discard else "send again")

    async def _mark_read(self, conversation_id: ConversationId) -> None:
        try:
            await self._api.mark_read(conversation_id)
        except SwitchboardError as error:
            self._messages.report(error, "mark read")

    def _reload_detail(self) -> None:
        if self._current is not None and loop_running():
            spawn(self, self._load_detail(self._current), name="conversation-detail")

    def _load_failed(self, error: SwitchboardError) -> None:
        self._messages.report(error, "load messages")

    def _set_detail(self, detail: ConversationDetail | None) -> None:
        if detail is None and self._detail is not None:
            return  # a failed reload keeps what is shown; the failure was reported
        self._detail = detail
        self._missing = detail is None
        if detail is not None:
            self.header.set_detail(detail, int(self._clock()))
        self._update_state()
        if detail is not None:
            self.detail_shown.emit(detail)

    def _minute_passed(self) -> None:
        self.header.refresh_window(int(self._clock()))
        self._update_state()  # the window may have closed

    def _update_state(self) -> None:
        detail = self._detail
        claiming = self._current is not None and self._current in self._claiming
        mine = detail is not None and detail.assignee == self._api.me
        window_open = detail is not None and rules.window_open(
            detail.last_inbound_at, int(self._clock())
        )
        note_mode = self.mode.is_note_mode()
        self.templates.update(mine=mine, window_open=window_open, note_mode=note_mode)
        if detail is None:
            self.handling.set_detail(None)
            self.header.set_claim_state(assignee_name="", mine=False, claiming=True)
            if self._missing:
                self.header.claim_button.setText(self.tr("Claim"))
                self.composer.set_allowed(
                    False, self.tr("This conversation could not be opened. Pick it again.")
                )
                return
            self.header.claim_button.setText(self.tr("Loading…"))
            self.composer.set_allowed(False, self.tr("Loading the conversation…"))
            return
        mine = detail.assignee == self._api.me
        holder = self._api.agent_name(detail.assignee) if detail.assignee and not mine else ""
        self.header.set_claim_state(assignee_name=holder, mine=mine, claiming=claiming)
        self.handling.set_detail(detail)
        if self.mode.is_note_mode():
            note_hint = self.tr("Private note for colleagues · @ mentions someone · Enter adds it")
            self.composer.set_allowed(True, note_hint)
            return
        self.composer.set_allowed(*self._reply_permission(detail, mine, holder))

    def _reply_permission(
        self, detail: ConversationDetail, mine: bool, holder: str
    ) -> tuple[bool, str]:
        if holder:
            return False, self.tr("%1 is handling this conversation").replace("%1", holder)
        if not mine:
            return False, self.tr("Claim this conversation to reply (Ctrl+Shift+C)")
        if not rules.window_open(detail.last_inbound_at, int(self._clock())):
            return False, self.tr(
                "The 24-hour reply window has closed: only approved templates can be sent"
            )
        return True, self.tr("Write a reply…   Enter sends · Shift+Enter adds a line")


def _single_shot(parent: QWidget, ms: int, slot: Callable[[], None]) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    timer.timeout.connect(slot)
    return timer
