"""What an agent does with the open conversation besides replying: resolve it, park it as
pending, snooze it, and hand it over (assign, transfer with a note, release, take over).

A Resolve button (Ctrl+Shift+R) and a menu beside it. What is offered follows the rules of
`app.domain.handling` for the conversation on screen; the pane runs the chosen action and
reports refusals in words. Transfer asks for a note in a small sheet that never blocks the loop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QWidget,
)

from app.domain.handling import ConversationState, HandoverAction, handover_refusal
from app.domain.ids import DeviceId
from app.domain.model import ConversationDetail
from app.ui.icons import icon_pixmap
from app.ui.theme import COLORS
from app.ui.widgets.note_mode import Compactable

Colleagues = Callable[[], list[tuple[DeviceId, str]]]
_ICON_BUTTON = 34
_NO_LIMIT = 16_777_215
"""Qt's QWIDGETSIZE_MAX."""


def snooze_choices(now: dt.datetime) -> list[tuple[str, dt.datetime]]:
    """The quick snooze ends offered at local time `now`: in an hour, this evening (if still
    ahead), tomorrow morning, next Monday morning."""
    morning = dt.time(9, 0)
    tomorrow = dt.datetime.combine(now.date() + dt.timedelta(days=1), morning, now.tzinfo)
    monday = now.date() + dt.timedelta(days=(7 - now.weekday()) or 7)
    choices = [("hour", now + dt.timedelta(hours=1))]
    evening = dt.datetime.combine(now.date(), dt.time(18, 0), now.tzinfo)
    if evening - now > dt.timedelta(hours=1):
        choices.append(("evening", evening))
    choices.append(("tomorrow", tomorrow))
    choices.append(("monday", dt.datetime.combine(monday, morning, now.tzinfo)))
    return choices


class HandlingBar(Compactable):
    """Resolve and the conversation's menu.

    Signals:
        state_chosen(object, int): A `ConversationState` and, for a snooze, its end (Unix s).
        handover_chosen(object, object, str): A `HandoverAction`, the colleague (or None) and
            the note.
    """

    state_chosen = Signal(object, int)
    handover_chosen = Signal(object, object, str)

    def __init__(
        self,
        me: DeviceId,
        colleagues: Colleagues,
        clock: Callable[[], float],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._me = me
        self._colleagues = colleagues
        self._clock = clock
        self._detail: ConversationDetail | None = None
        self._compact = False
        self._away: frozenset[DeviceId] = frozenset()
        self.resolve_button = QPushButton(self.tr("Resolve"), self)
        self.resolve_button.setObjectName("Secondary")
        self.resolve_button.setAccessibleName(self.tr("Resolve conversation"))
        self.resolve_button.setToolTip(self.tr("Mark the conversation done (Ctrl+Shift+R)"))
        self.resolve_button.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.resolve_button.clicked.connect(self._resolve_or_reopen)
        self.menu_button = QToolButton(self)
        self.menu_button.setObjectName("ConversationMenu")
        self.menu_button.setText("⋯")
        self.menu_button.setAccessibleName(self.tr("More actions for this conversation"))
        self.menu_button.setToolTip(self.tr("Snooze, mark pending or hand over (Ctrl+Shift+H)"))
        self.menu_button.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self)
        self.menu.aboutToShow.connect(self._fill_menu)
        self.menu_button.setMenu(self.menu)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.resolve_button)
        row.addWidget(self.menu_button)
        self.set_detail(None)

    def set_compact(self, compact: bool) -> None:
        """Icon only (the words stay in the tooltip and accessible name), for narrow desks."""
        self._compact = compact
        self._show_resolve()

    def _show_resolve(self) -> None:
        detail = self._detail
        resolved = detail is not None and detail.state == ConversationState.RESOLVED
        text = self.tr("Reopen") if resolved else self.tr("Resolve")
        self.resolve_button.setText("" if self._compact else text)
        if self._compact:  # the style's padding is for words; an icon needs little room
            self.resolve_button.setFixedWidth(_ICON_BUTTON)
        else:
            self.resolve_button.setMinimumWidth(0)
            self.resolve_button.setMaximumWidth(_NO_LIMIT)
        icon = "pending" if resolved else "resolved"
        self.resolve_button.setIcon(QIcon(icon_pixmap(icon, 32, COLORS.accent, 2.0)))
        self.resolve_button.setAccessibleName(
            self.tr("Reopen conversation") if resolved else self.tr("Resolve conversation")
        )

    def set_detail(self, detail: ConversationDetail | None) -> None:
        """Offer what fits the conversation on screen (None: nothing open)."""
        self._detail = detail
        self.setEnabled(detail is not None)
        self._show_resolve()

    def _resolve_or_reopen(self) -> None:
        if self._detail is None:
            return
        if self._detail.state == ConversationState.RESOLVED:
            self.state_chosen.emit(ConversationState.OPEN, 0)
        else:
            self.state_chosen.emit(ConversationState.RESOLVED, 0)

    def _fill_menu(self) -> None:
        """Built when opened, so it shows the conversation and team as they are now."""
        self.menu.clear()
        detail = self._detail
        if detail is None:
            return
        self._state_actions(detail)
        self.menu.addSeparator()
        self._handover_actions(detail)

    def _state_actions(self, detail: ConversationDetail) -> None:
        if detail.state != ConversationState.PENDING:
            pending = self.menu.addAction(self.tr("Mark as pending (waiting for the customer)"))
            pending.triggered.connect(lambda: self.state_chosen.emit(ConversationState.PENDING, 0))
        if detail.state != ConversationState.OPEN:
            reopen = self.menu.addAction(self.tr("Reopen"))
            reopen.triggered.connect(lambda: self.state_chosen.emit(ConversationState.OPEN, 0))
        snooze = self.menu.addMenu(self.tr("Snooze"))
        now = dt.datetime.fromtimestamp(self._clock()).astimezone()
        labels = {
            "hour": self.tr("For an hour"),
            "evening": self.tr("Until this evening (18:00)"),
            "tomorrow": self.tr("Until tomorrow morning (9:00)"),
            "monday": self.tr("Until Monday morning (9:00)"),
        }
        for key, until in snooze_choices(now):
            action = snooze.addAction(labels[key])
            action.triggered.connect(self._snoozer(int(until.timestamp())))
        custom = snooze.addAction(self.tr("Until…"))
        custom.triggered.connect(self._ask_snooze)

    def _snoozer(self, until: int) -> Callable[[], None]:
        return lambda: self.state_chosen.emit(ConversationState.SNOOZED, until)

    def _handover_actions(self, detail: ConversationDetail) -> None:
        holder, me = detail.assignee, self._me
        colleagues = self._colleagues()
        assign = self.menu.addMenu(self.tr("Assign to"))
        for device, name in [(me, self.tr("Me")), *colleagues]:
            shown = self.tr("%1 (away)").replace("%1", name) if device in self._away else name
            action = assign.addAction(shown)
            action.setEnabled(handover_refusal(HandoverAction.ASSIGN, holder, me, device) is None)
            action.triggered.connect(self._chooser(HandoverAction.ASSIGN, device))
        assign.setEnabled(bool(colleagues) or holder != me)
        transfer = self.menu.addAction(self.tr("Transfer with a note…"))
        transfer.setEnabled(holder == me and bool(colleagues))
        transfer.triggered.connect(self._ask_transfer)
        self._rule_action(self.tr("Release to the queue"), HandoverAction.RELEASE, detail)
        self._rule_action(self.tr("Take over"), HandoverAction.TAKE_OVER, detail)

    def set_away(self, away: frozenset[DeviceId]) -> None:
        """Who said they are away: the Assign to menu says so beside their names."""
        self._away = away

    def _rule_action(self, text: str, action: HandoverAction, detail: ConversationDetail) -> None:
        item: QAction = self.menu.addAction(text)
        item.setEnabled(handover_refusal(action, detail.assignee, self._me, None) is None)
        item.triggered.connect(self._chooser(action, None))

    def _chooser(self, action: HandoverAction, target: DeviceId | None) -> Callable[[], None]:
        return lambda: self.handover_chosen.emit(action, target, "")

    def _ask_transfer(self) -> None:
        sheet = TransferSheet(self._colleagues(), self)
        sheet.chosen.connect(
            lambda device, note: self.handover_chosen.emit(HandoverAction.TRANSFER, device, note)
        )
        sheet.open()

    def _ask_snooze(self) -> None:
        sheet = SnoozeSheet(int(self._clock()), self)
        sheet.chosen.connect(lambda until: self.state_chosen.emit(ConversationState.SNOOZED, until))
        sheet.open()


class TransferSheet(QDialog):
    """Pick the colleague and write a word for them.

    Signals:
        chosen(object, str): The colleague's device and the note.
    """

    chosen = Signal(object, str)

    def __init__(self, colleagues: list[tuple[DeviceId, str]], parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Transfer conversation"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.colleague = QComboBox(self)
        self.colleague.setAccessibleName(self.tr("Colleague"))
        for device, name in colleagues:
            self.colleague.addItem(name, device)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("What they should know (optional)"))
        self.note.setAccessibleName(self.tr("Note for the colleague"))
        self.note.setMaxLength(500)
        buttons = QDialogButtonBox(self)
        transfer = buttons.addButton(self.tr("Transfer"), QDialogButtonBox.ButtonRole.AcceptRole)
        transfer.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("To:"), self.colleague)
        form.addRow(self.tr("Note:"), self.note)
        form.addRow(buttons)

    def accept(self) -> None:
        device = self.colleague.currentData()
        if device is not None:
            self.chosen.emit(DeviceId(bytes(device)), self.note.text().strip())
        super().accept()


class SnoozeSheet(QDialog):
    """Pick when the snooze ends.

    Signals:
        chosen(int): Unix seconds.
    """

    chosen = Signal(int)

    def __init__(self, now: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Snooze until"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.when = QDateTimeEdit(QDateTime.fromSecsSinceEpoch(now + 3600), self)
        self.when.setCalendarPopup(True)
        self.when.setMinimumDateTime(QDateTime.fromSecsSinceEpoch(now + 60))
        self.when.setAccessibleName(self.tr("Snooze until"))
        buttons = QDialogButtonBox(self)
        snooze = buttons.addButton(self.tr("Snooze"), QDialogButtonBox.ButtonRole.AcceptRole)
        snooze.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Until:"), self.when)
        form.addRow(buttons)

    def accept(self) -> None:
        self.chosen.emit(int(self.when.dateTime().toSecsSinceEpoch()))
        super().accept()
