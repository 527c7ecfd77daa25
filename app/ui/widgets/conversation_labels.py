"""The open conversation's labels in the customer panel: coloured chips that take a label off
when clicked, and an "Add label" menu of the team's other labels. Any agent may label."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QMenu, QToolButton, QVBoxLayout, QWidget

from app.domain.errors import SwitchboardError
from app.domain.ids import ConversationId
from app.domain.labels import Label, LabelId
from app.services.api import Changes, DeskApi
from app.ui.bridge import loop_running, spawn
from app.ui.label_chips import LabelCatalogue, chip_colours, swatch_icon
from app.ui.messages import MessageChannel
from app.ui.widgets.flow_layout import FlowLayout


class ConversationLabels(QWidget):
    """The labels of the conversation `show_conversation` names."""

    def __init__(
        self, api: DeskApi, messages: MessageChannel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Labels"))
        self._api = api
        self._messages = messages
        self._current: ConversationId | None = None
        self._labels: tuple[LabelId, ...] = ()
        self._requests = 0
        self.catalogue = LabelCatalogue(api, messages, self)
        self.catalogue.changed.connect(self._show)
        self.chips: list[QToolButton] = []
        self._flow = FlowLayout(spacing=4)
        self.add_button = QToolButton(self)
        self.add_button.setObjectName("AddLabel")
        self.add_button.setText(self.tr("+ Label"))
        self.add_button.setAccessibleName(self.tr("Add a label"))
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_menu = QMenu(self.add_button)
        self.add_button.setMenu(self.add_menu)
        self.add_menu.aboutToShow.connect(self._fill_menu)
        self.empty = QLabel(self.tr("No labels yet: an admin defines them (Desk → Labels…)."))
        self.empty.setObjectName("Muted")
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self._flow)
        layout.addWidget(self.empty)
        self._flow.addWidget(self.add_button)

    @property
    def shown(self) -> tuple[LabelId, ...]:
        """The labels the chips show now, by name."""
        return self._labels

    def show_conversation(self, conversation_id: ConversationId | None) -> None:
        if conversation_id == self._current:
            return
        self._current = conversation_id
        self._labels = ()
        self._show()
        if not self.catalogue.labels:
            self.catalogue.reload()
        self.reload()

    def apply_changes(self, changes: Changes) -> None:
        self.catalogue.apply_changes(changes)
        if self._current is not None and (
            self._current in changes.conversations or changes.labels_changed
        ):
            self.reload()

    def reload(self) -> None:
        if self._current is None or not loop_running():
            return
        self._requests += 1
        spawn(self, self._load(self._current, self._requests), name="conversation-labels")

    async def _load(self, conversation_id: ConversationId, request: int) -> None:
        try:
            labels = await self._api.labels.labels_of(conversation_id)
        except SwitchboardError as error:
            self._messages.report(error, "conversation labels")
            return
        if request == self._requests:
            self._labels = labels
            self._show()

    def _show(self) -> None:
        for chip in self.chips:
            self._flow.removeWidget(chip)
            chip.deleteLater()
        self.chips = []
        for label_id in self._labels:
            label = self.catalogue.get(label_id)
            if label is not None:
                self.chips.append(self._chip(label))
        self._flow.removeWidget(self.add_button)
        for chip in self.chips:
            self._flow.addWidget(chip)
        self._flow.addWidget(self.add_button)
        known = bool(self.catalogue.labels)
        self.add_button.setVisible(known and self._current is not None)
        self.empty.setVisible(not known and self._current is not None)

    def _chip(self, label: Label) -> QToolButton:
        chip = QToolButton(self)
        chip.setObjectName("LabelChip")
        chip.setText(f"{label.name}  ×")
        chip.setAccessibleName(self.tr("Remove label %1").replace("%1", label.name))
        chip.setToolTip(self.tr("Remove this label"))
        fill, ink = chip_colours(label.colour)
        chip.setStyleSheet(
            f"QToolButton {{ background: {fill.name(fill.NameFormat.HexArgb)}; color: "
            f"{ink.name()}; border: none; border-radius: 9px; padding: 2px 8px; }}"
        )
        chip.setCursor(Qt.CursorShape.PointingHandCursor)
        chip.clicked.connect(_LabelSwitch(self, label.label_id, False))
        return chip

    def _fill_menu(self) -> None:
        self.add_menu.clear()
        for label in self.catalogue.labels:
            if label.label_id in self._labels:
                continue
            action = self.add_menu.addAction(swatch_icon(label.colour), label.name)
            action.triggered.connect(_LabelSwitch(self, label.label_id, True))
        if self.add_menu.isEmpty():
            none = self.add_menu.addAction(self.tr("Every label is on this conversation"))
            none.setEnabled(False)

    def set_label(self, label_id: LabelId, on: bool) -> None:
        """Put the label on the open conversation or take it off."""
        if self._current is not None:
            spawn(self, self._set(self._current, label_id, on), name="set-label")

    async def _set(self, conversation_id: ConversationId, label_id: LabelId, on: bool) -> None:
        try:
            await self._api.labels.set_label(conversation_id, label_id, on)
        except SwitchboardError as error:
            self._messages.report(error, "set label")
            return
        if conversation_id == self._current:
            self.reload()

    def sizeHint(self) -> QSize:
        return QSize(200, self._flow.heightForWidth(max(1, self.width())) + 4)


class _LabelSwitch:
    """A slot that puts one label on or off (a callable object rather than a lambda)."""

    def __init__(self, owner: ConversationLabels, label_id: LabelId, on: bool) -> None:
        self._owner = owner
        self._label_id = label_id
        self._on = on

    def __call__(self) -> None:
        self._owner.set_label(self._label_id, self._on)
