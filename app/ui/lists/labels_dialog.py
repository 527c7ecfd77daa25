"""Desk → Labels…: an admin defines, renames, recolours and deletes the team's labels.

Each change is a member event in the team log (`DeskApi.labels`); the list shows what the
replica holds, so a colleague's change appears here too. Everything works from the keyboard:
the list, the name, the colours (arrow keys in their row) and the buttons.
"""

from __future__ import annotations

from collections.abc import Awaitable

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import SwitchboardError
from app.domain.labels import MAX_LABEL_CHARS, PALETTE, LabelId, next_colour
from app.services.api import Changes, DeskApi
from app.ui import list_words, wording
from app.ui.bridge import spawn
from app.ui.dialogs import ask
from app.ui.label_chips import LabelCatalogue, swatch_icon
from app.ui.messages import MessageChannel


class LabelsDialog(QDialog):
    """The team's labels, and a form for the chosen (or a new) one."""

    def __init__(
        self, api: DeskApi, messages: MessageChannel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Labels"))
        self._api = api
        self.catalogue = LabelCatalogue(api, messages, self)
        self.catalogue.changed.connect(self._fill)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Labels"))
        self.list.currentItemChanged.connect(self._chosen)
        self.name = QLineEdit(self)
        self.name.setMaxLength(MAX_LABEL_CHARS)
        self.name.setAccessibleName(self.tr("Name"))
        self.name.setPlaceholderText(self.tr("e.g. VIP, Refund, Wholesale"))
        self.colours = QButtonGroup(self)
        self.colours.setExclusive(True)
        colour_row = QHBoxLayout()
        colour_row.setSpacing(2)
        for colour in PALETTE:
            colour_row.addWidget(self._colour_button(colour))
        colour_row.addStretch(1)
        self.problem = QLabel(self)
        self.problem.setObjectName("Muted")
        self.problem.setWordWrap(True)
        self.new_button = QPushButton(self.tr("&New label"), self)
        self.new_button.clicked.connect(self.start_new)
        self.save_button = QPushButton(self.tr("&Save"), self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.delete_button = QPushButton(self.tr("&Delete"), self)
        self.delete_button.clicked.connect(self.delete)
        self._lay_out(colour_row)
        self._editing: LabelId | None = None
        self.confirm: QMessageBox | None = None
        """The question "delete this label?" while it is open."""
        self.start_new()
        self.catalogue.reload()
        self.resize(460, 420)

    def _lay_out(self, colour_row: QHBoxLayout) -> None:
        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name)
        colour_label = QLabel(self.tr("Colour"), self)
        form.addRow(colour_label, colour_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        actions = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.delete_button):
            actions.addWidget(button)
        actions.addStretch(1)
        note = QLabel(
            self.tr(
                "Agents put labels on conversations in the customer panel; the queue filters by"
                " them."
            ),
            self,
        )
        note.setObjectName("Muted")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(self.problem)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def _colour_button(self, colour: int) -> QToolButton:
        button = QToolButton(self)
        button.setCheckable(True)
        button.setIcon(swatch_icon(colour, 18))
        button.setIconSize(QSize(18, 18))
        button.setAccessibleName(list_words.colour_name(colour))
        button.setToolTip(list_words.colour_name(colour))
        button.setAutoRaise(True)
        self.colours.addButton(button, PALETTE.index(colour))
        return button

    @property
    def colour(self) -> int:
        return PALETTE[max(0, self.colours.checkedId())]

    def set_colour(self, colour: int) -> None:
        index = PALETTE.index(colour) if colour in PALETTE else 0
        button = self.colours.button(index)
        if button is not None:
            button.setChecked(True)

    def apply_changes(self, changes: Changes) -> None:
        self.catalogue.apply_changes(changes)

    def start_new(self) -> None:
        """Clear the form for a new label (and offer the colour fewest labels have)."""
        self._editing = None
        self.list.clearSelection()
        self.list.setCurrentRow(-1)
        self.name.clear()
        self.set_colour(next_colour(self.catalogue.labels))
        self.delete_button.setEnabled(False)
        self.problem.clear()
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> None:
        work = self._api.labels.save_label(self._editing, self.name.text(), self.colour)
        spawn(self, self._run(work), name="save-label")

    def delete(self) -> None:
        """Ask first (a deleted label comes off every conversation, for good), then delete."""
        label = self.catalogue.get(self._editing) if self._editing is not None else None
        if label is not None:
            spawn(self, self._confirm_delete(label.label_id, label.name), name="delete-label")

    async def _confirm_delete(self, label_id: LabelId, name: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Delete label"),
            self.tr(
                "Delete the label “%1”? It comes off every conversation that carries it."
            ).replace("%1", name),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        self.confirm = box
        delete = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        await ask(box)
        self.confirm = None
        if box.clickedButton() is delete:
            await self._run(self._api.labels.delete_label(label_id), then_new=True)

    async def _run(self, work: Awaitable[object], *, then_new: bool = False) -> None:
        self.problem.clear()
        try:
            result = await work
        except SwitchboardError as error:
            self.problem.setText(wording.describe_error(error))
            return
        if then_new:
            self.start_new()
        elif isinstance(result, bytes):
            self._editing = LabelId(result)
            self.delete_button.setEnabled(True)
        self.catalogue.reload()

    def _fill(self) -> None:
        editing = self._editing
        blocked = self.list.blockSignals(True)
        self.list.clear()
        for label in self.catalogue.labels:
            item = QListWidgetItem(swatch_icon(label.colour), label.name)
            item.setData(Qt.ItemDataRole.UserRole, label.label_id)
            self.list.addItem(item)
            if label.label_id == editing:
                self.list.setCurrentItem(item)
        self.list.blockSignals(blocked)
        if editing is not None and self.catalogue.get(editing) is None:
            self.start_new()  # deleted, here or by a colleague

    def _chosen(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        label = self.catalogue.get(LabelId(bytes(item.data(Qt.ItemDataRole.UserRole))))
        if label is None:
            return
        self._editing = label.label_id
        self.name.setText(label.name)
        self.set_colour(label.colour)
        self.delete_button.setEnabled(True)
        self.problem.clear()
