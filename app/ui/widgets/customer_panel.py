"""The customer panel beside the conversation: who the customer is, what to mind before
writing to them, and their earlier conversations (issue 7, item 8).

The facts come from `DeskApi.customer_profile` and the rules behind them from
`app.domain.profile`; this widget only lays them out. It loads while shown, waits while hidden,
and refreshes its reply-window countdown once a minute without asking the services.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

from PySide6.QtCore import QDateTime, QLocale, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QLabel, QListView, QVBoxLayout, QWidget

from app.domain import rules
from app.domain.errors import SwitchboardError
from app.domain.ids import ConversationId
from app.domain.profile import CustomerProfile, phone_groups
from app.services.api import Changes, DeskApi
from app.ui import cost_words, wording
from app.ui.bridge import loop_running, spawn
from app.ui.messages import MessageChannel
from app.ui.models.earlier_model import EarlierConversationsModel, EarlierRole
from app.ui.theme import COLORS
from app.ui.widgets.conversation_labels import ConversationLabels

PANEL_WIDTH = 250
"""The panel's width: room for a two-line earlier conversation without a scroll bar sideways."""
_WINDOW_WARNING = 2 * 60 * 60
"""Under two hours left, the countdown turns amber (as in the conversation header)."""
_STYLE = f"""
QFrame#CustomerPanel {{ background: {COLORS.surface}; border-left: 1px solid {COLORS.border}; }}
QLabel#PanelCaption {{ color: {COLORS.muted}; font-size: 8pt; font-weight: 600; }}
QLabel#PanelWarning {{
    background: {COLORS.warning_soft}; border: 1px solid #F1D592; border-radius: 6px;
    color: #6B4A05; padding: 5px 7px;
}}
QLabel#PanelDanger {{
    background: #FCE8E6; border: 1px solid #F0B5B1; border-radius: 6px;
    color: #8A1F1A; padding: 5px 7px;
}}
QListView#EarlierList {{ border: none; background: transparent; }}
QListView#EarlierList::item {{ padding: 6px 4px; border-bottom: 1px solid {COLORS.border}; }}
QListView#EarlierList::item:selected {{ background: {COLORS.accent_soft}; color: {COLORS.text}; }}
"""


class CustomerPanel(QFrame):
    """The customer's facts for the open conversation.

    Signals:
        episode_chosen(bytes, int): The agent picked an earlier conversation: the event id and
            position of the message it began with, for the thread to scroll to.
    """

    episode_chosen = Signal(bytes, int)

    def __init__(
        self,
        api: DeskApi,
        messages: MessageChannel,
        clock: Callable[[], float] = time.time,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("CustomerPanel")
        self.setAccessibleName(self.tr("Customer panel"))
        self.setStyleSheet(_STYLE)
        self.setFixedWidth(PANEL_WIDTH)
        self._api = api
        self._messages = messages
        self._clock = clock
        self._current: ConversationId | None = None
        self._profile: CustomerProfile | None = None
        self._requests = 0
        self._stale = False
        """The open conversation changed while the panel was hidden: load when shown."""
        self._build()
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(150)  # a burst of changes loads once
        self._reload_timer.timeout.connect(self._reload)
        self.minute_timer = QTimer(self)
        """Moves the reply-window countdown on, once a minute."""
        self.minute_timer.setInterval(60_000)
        self.minute_timer.timeout.connect(self._show_window)
        self.minute_timer.start()

    def _build(self) -> None:
        self.name = self._label("Title", selectable=True)
        self.identity = self._label("", selectable=True)
        self.identity_note = self._label("Muted")
        self.window_label = self._label("")
        self.window_label.setAccessibleName(self.tr("Reply window"))
        self.opt_out = self._label("PanelWarning")
        self.blocked = self._label("PanelDanger")
        self.first_contact = self._label("Muted")
        self.totals = self._label("Muted")
        self.costs = self._label("")
        """What Meta charged for the team's messages in this thread, counted by §18's labels."""
        self.costs.setAccessibleName(self.tr("Costs"))
        self.costs.setToolTip(
            self.tr(
                "The team's messages in this conversation that Meta priced, by category. Meta's"
                " webhooks name no amounts: the price depends on the customer's country and your"
                " monthly volume."
            )
        )
        self.earlier = QListView(self)
        self.earlier.setObjectName("EarlierList")
        self.earlier.setAccessibleName(self.tr("Earlier conversations"))
        self.earlier.setWordWrap(True)
        self.earlier.setUniformItemSizes(False)
        self.earlier.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.earlier.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.earlier_model = EarlierConversationsModel(self._api.agent_name, self)
        self.earlier_model.load_failed.connect(self._page_failed)
        self.earlier.setModel(self.earlier_model)
        self.earlier.clicked.connect(self._chosen)
        self.earlier.activated.connect(self._chosen)  # Enter on the keyboard
        self.earlier_empty = self._label("Muted")
        self.labels = ConversationLabels(self._api, self._messages, self)
        """The conversation's labels: chips, and a menu to add one."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(4)
        layout.addWidget(self._caption(self.tr("CUSTOMER")))
        for label in (self.name, self.identity, self.identity_note):
            layout.addWidget(label)
        layout.addSpacing(6)
        for label in (self.window_label, self.opt_out, self.blocked):
            layout.addWidget(label)
        layout.addSpacing(6)
        layout.addWidget(self.first_contact)
        layout.addWidget(self.totals)
        layout.addSpacing(10)
        layout.addWidget(self._caption(self.tr("LABELS")))
        layout.addWidget(self.labels)
        layout.addSpacing(10)
        layout.addWidget(self._caption(self.tr("COSTS")))
        layout.addWidget(self.costs)
        layout.addSpacing(10)
        layout.addWidget(self._caption(self.tr("EARLIER CONVERSATIONS")))
        layout.addWidget(self.earlier_empty)
        layout.addWidget(self.earlier, 1)
        layout.addStretch(0)
        self._show_nothing()

    def _label(self, style: str, *, selectable: bool = False) -> QLabel:
        label = QLabel(self)
        label.setObjectName(style)
        label.setWordWrap(True)
        if selectable:  # the agent may copy a name or number into another program
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _caption(self, text: str) -> QLabel:
        caption = QLabel(text, self)
        caption.setObjectName("PanelCaption")
        return caption

    # -- what the pane tells it ---------------------------------------------------------------

    @property
    def profile(self) -> CustomerProfile | None:
        """What the panel shows; None while it loads or when nothing is open."""
        return self._profile

    def show_conversation(self, conversation_id: ConversationId | None) -> None:
        """Show the customer of this conversation (None: of no conversation)."""
        if conversation_id == self._current:
            return
        self._current = conversation_id
        self._profile = None
        self.labels.show_conversation(conversation_id)
        self._requests += 1  # an answer for the previous conversation is dropped
        self._show_nothing()
        self._reload()

    def apply_changes(self, changes: Changes) -> None:
        """Reload soon if a change set touches the open conversation."""
        self.labels.apply_changes(changes)
        if self._current is not None and self._current in changes.conversations:
            self._reload_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._reload()
        self._show_window()

    def _reload(self) -> None:
        if self._current is None:
            return
        if not self.isVisible() or not loop_running():
            self._stale = True  # a hidden panel asks nothing of the services
            return
        self._stale = False
        self._requests += 1
        spawn(self, self._load(self._current, self._requests), name="customer-profile")

    async def _load(self, conversation_id: ConversationId, request: int) -> None:
        try:
            profile = await self._api.customer_profile(conversation_id)
        except SwitchboardError as error:
            self._messages.report(error, "customer panel")
            return
        if request == self._requests:  # an older answer never overwrites a newer one
            self._show(profile)

    def _chosen(self, index: QModelIndex) -> None:
        if index.isValid():
            event_id = bytes(index.data(EarlierRole.EVENT_ID))
            self.episode_chosen.emit(event_id, int(index.data(EarlierRole.POSITION)))

    # -- showing --------------------------------------------------------------------------------

    def _show_nothing(self) -> None:
        for label in (self.identity, self.identity_note, self.opt_out, self.blocked):
            label.hide()
        self.name.setText(self.tr("Loading…") if self._current is not None else "")
        self.window_label.setText("")
        self.first_contact.setText("")
        self.totals.setText("")
        self.costs.setText("")
        self.earlier_model.show_first_page(None, (), False, None)
        self.earlier.hide()
        self.earlier_empty.hide()

    def _show(self, profile: CustomerProfile | None) -> None:
        self._profile = profile
        if profile is None:
            self._show_nothing()
            self.name.setText(self.tr("This customer could not be found."))
            return
        self._show_identity(profile)
        self._show_window()
        self.opt_out.setText(self.tr("Stopped marketing messages"))
        self.opt_out.setToolTip(
            self.tr("Marketing templates will not reach them; service replies still do.")
        )
        self.opt_out.setVisible(profile.marketing_opt_out)
        self.blocked.setText(self._blocked_text(profile.undeliverable))
        self.blocked.setVisible(profile.may_have_blocked)
        self._show_history(profile)

    def _show_identity(self, profile: CustomerProfile) -> None:
        self.name.setText(profile.customer_name or self.tr("No name given"))
        if profile.wa_id:
            self.identity.setText(_phone(profile.wa_id))
            self.identity.setAccessibleName(self.tr("Phone number"))
            self.identity_note.hide()
        else:
            # Meta hides the number of a customer who uses a WhatsApp username (cloud-api.md
            # §3.1); all the team has is the business-scoped id.
            self.identity.setText(profile.customer_id)
            self.identity.setAccessibleName(self.tr("WhatsApp user id"))
            self.identity_note.setText(self.tr("Uses a WhatsApp username: the number is hidden."))
            self.identity_note.show()
        self.identity.show()

    def _show_window(self) -> None:
        profile = self._profile
        if profile is None:
            return
        left = rules.window_remaining(profile.last_inbound_at, int(self._clock()))
        if left:
            text, color = wording.window_left(left), COLORS.accent
            if left <= _WINDOW_WARNING:
                color = COLORS.warning
        else:
            text = self.tr("Window closed — only templates can be sent")
            color = COLORS.danger
        self.window_label.setText(text)
        self.window_label.setStyleSheet(f"color: {color}; font-weight: 600;")

    def _blocked_text(self, streak: int) -> str:
        if streak == 1:
            return self.tr(
                "The last message could not be delivered — the customer may have blocked this "
                "number."
            )
        return self.tr(
            "The last %n messages could not be delivered — the customer may have blocked this "
            "number.",
            "",
            streak,
        )

    def _show_history(self, profile: CustomerProfile) -> None:
        first = profile.first_contact_at
        self.first_contact.setText(
            self.tr("First contact: %1").replace("%1", _date(first)) if first is not None else ""
        )
        total = profile.total_messages
        self.totals.setText(
            self.tr("1 message in all") if total == 1 else self.tr("%n messages in all", "", total)
        )
        cid = profile.conversation_id
        loader = functools.partial(self._api.earlier_conversations, cid)
        self.earlier_model.show_first_page(cid, profile.earlier, profile.more_earlier, loader)
        self.earlier.setVisible(bool(profile.earlier))
        self.earlier_empty.setText(self.tr("None yet: nothing was resolved before."))
        self.earlier_empty.setVisible(not profile.earlier)
        self.costs.setText(
            "\n".join(
                [cost_words.summary_title(profile.costs), *cost_words.summary_lines(profile.costs)]
            )
        )

    def _page_failed(self, error: SwitchboardError) -> None:
        self._messages.report(error, "earlier conversations")


def _phone(wa_id: str) -> str:
    """A number grouped for reading ("+49 151 1234 5678"); shown, never logged."""
    return "+" + " ".join(phone_groups(wa_id))


def _date(at: int) -> str:
    day = QDateTime.fromSecsSinceEpoch(at).date()
    return QLocale().toString(day, QLocale.FormatType.LongFormat)
