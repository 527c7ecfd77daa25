"""The menu, for admins: the interactive list a new conversation gets as its first reply.

Each option names a label; the customer's pick puts it on the conversation (and auto-assignment
can route by it). Saving sends the menu to the gateway, which sends it once per new conversation
(`app.domain.menu`). A preview shows the list roughly as the customer's phone does. The panel
shows what this desk last sent.
"""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import NotPermitted, SwitchboardError
from app.domain.labels import Label, LabelId
from app.domain.menu import (
    MAX_BUTTON,
    MAX_FOOTER,
    MAX_HEADER,
    MAX_OPTIONS,
    Menu,
    MenuOption,
)
from app.services.lists_api import LabelsApi
from app.services.menu import MenuRefused
from app.services.team_api import TeamAdmin
from app.ui import wording
from app.ui.bridge import spawn

log = logging.getLogger(__name__)

_CONTEXT = "MenuPanel"
_TITLE, _DESCRIPTION, _LABEL = range(3)

_REFUSALS = {
    "menu-body-empty": QT_TRANSLATE_NOOP("MenuPanel", "Write the text above the list."),
    "menu-body-too-long": QT_TRANSLATE_NOOP(
        "MenuPanel", "The text above the list may have 1024 characters."
    ),
    "menu-extra-too-long": QT_TRANSLATE_NOOP(
        "MenuPanel", "The header and the footer may have 60 characters each."
    ),
    "menu-button-empty": QT_TRANSLATE_NOOP("MenuPanel", "Name the button that opens the list."),
    "menu-button-too-long": QT_TRANSLATE_NOOP(
        "MenuPanel", "The button's name may have 20 characters."
    ),
    "menu-no-options": QT_TRANSLATE_NOOP("MenuPanel", "Add at least one option."),
    "menu-too-many-options": QT_TRANSLATE_NOOP("MenuPanel", "A list has at most 10 options."),
    "menu-title-empty": QT_TRANSLATE_NOOP("MenuPanel", "Give every option a title."),
    "menu-title-too-long": QT_TRANSLATE_NOOP(
        "MenuPanel", "An option's title may have 24 characters."
    ),
    "menu-description-too-long": QT_TRANSLATE_NOOP(
        "MenuPanel", "An option's description may have 72 characters."
    ),
    "menu-title-twice": QT_TRANSLATE_NOOP("MenuPanel", "Two options have the same title."),
    "menu-label-twice": QT_TRANSLATE_NOOP("MenuPanel", "Two options apply the same label."),
    "menu-label-unknown": QT_TRANSLATE_NOOP(
        "MenuPanel", "An option's label was deleted; choose another."
    ),
}
_UNSAVED = QT_TRANSLATE_NOOP("MenuPanel", "This menu cannot be saved.")


def refusal_text(code: str) -> str:
    """One sentence for a refusal code of `menu_refusal`."""
    return QCoreApplication.translate(_CONTEXT, str(_REFUSALS.get(code, _UNSAVED)))


class MenuPanel(QWidget):
    """The editor; `saved` counts successful saves and `loaded` loads (tests wait on them)."""

    def __init__(self, team: TeamAdmin, labels: LabelsApi, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.team = team
        self.label_book = labels
        self.labels: list[Label] = []
        self.title = QLabel(self.tr("Menu"), self)
        self.title.setObjectName("PageTitle")
        self.explanation = QLabel(
            self.tr(
                "The gateway sends this list as the first reply of every new conversation "
                "(after the greeting, if that is on). The customer's choice puts its label on "
                "the conversation."
            ),
            self,
        )
        self.explanation.setObjectName("Muted")
        self.explanation.setWordWrap(True)
        self.enabled = QCheckBox(self.tr("&Send the menu to new conversations"), self)
        self.header = self._line(MAX_HEADER)
        self.body = QPlainTextEdit(self)
        self.body.setMaximumHeight(70)
        self.footer = self._line(MAX_FOOTER)
        self.button = self._line(MAX_BUTTON)
        self.options = QTableWidget(0, 3, self)
        self.options.setHorizontalHeaderLabels(
            [self.tr("Option"), self.tr("Description"), self.tr("Label")]
        )
        head = self.options.horizontalHeader()
        head.setSectionResizeMode(_DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        # Room for a title at Meta's 24 characters, so titles do not wrap or clip.
        self.options.setColumnWidth(_TITLE, self.fontMetrics().horizontalAdvance("n" * 26))
        self.options.setColumnWidth(_LABEL, self.fontMetrics().horizontalAdvance("n" * 14))
        self.options.verticalHeader().hide()
        self.add_option = QPushButton(self.tr("&Add option"), self)
        self.add_option.clicked.connect(self.append_option)
        self.remove_option = QPushButton(self.tr("&Remove option"), self)
        self.remove_option.clicked.connect(self._remove_option)
        self.preview = QLabel(self)
        self.preview.setObjectName("MenuPreview")
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.setWordWrap(True)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setMinimumWidth(220)
        self.preview.setAccessibleName(self.tr("Preview of the list"))
        self.save_button = QPushButton(self.tr("&Save"), self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.status = QLabel(self)
        self.status.setObjectName("Muted")
        self.error = QLabel(self)
        self.error.setObjectName("ErrorText")
        self.error.setWordWrap(True)
        self.error.hide()
        self.loaded = 0
        self.saved = 0
        self._build()
        for line in (self.header, self.footer, self.button):
            line.textChanged.connect(self.refresh_preview)
        self.body.textChanged.connect(self.refresh_preview)
        self.options.itemChanged.connect(self.refresh_preview)
        spawn(self, self._load(), name="menu")

    def _line(self, limit: int) -> QLineEdit:
        line = QLineEdit(self)
        line.setMaxLength(limit)  # Meta's limit: the field cannot break it
        return line

    def _build(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("&Header (optional):"), self.header)
        form.addRow(self.tr("&Text:"), self.body)
        form.addRow(self.tr("&Footer (optional):"), self.footer)
        form.addRow(self.tr("&Button:"), self.button)
        rows = QHBoxLayout()
        rows.addWidget(self.add_option)
        rows.addWidget(self.remove_option)
        rows.addStretch(1)
        editor = QVBoxLayout()
        editor.addWidget(self.enabled)
        editor.addLayout(form)
        editor.addWidget(QLabel(self.tr("Options (each applies a label):"), self))
        editor.addWidget(self.options, 1)
        editor.addLayout(rows)
        preview = QVBoxLayout()
        preview.addWidget(QLabel(self.tr("Preview:"), self))
        preview.addWidget(self.preview, 1)
        middle = QHBoxLayout()
        middle.addLayout(editor, 5)
        middle.addSpacing(16)
        middle.addLayout(preview, 3)
        below = QHBoxLayout()
        below.addWidget(self.status, 1)
        below.addWidget(self.save_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 16, 20, 16)
        column.addWidget(self.title)
        column.addWidget(self.explanation)
        column.addLayout(middle, 1)
        column.addWidget(self.error)
        column.addLayout(below)

    # -- options --------------------------------------------------------------------------

    def append_option(self, option: MenuOption | None = None) -> None:
        """A row for `option`, or an empty one with the first label not used yet."""
        if self.options.rowCount() >= MAX_OPTIONS:
            return
        row = self.options.rowCount()
        self.options.insertRow(row)
        self.options.setItem(row, _TITLE, QTableWidgetItem(option.title if option else ""))
        text = option.description if option else ""
        self.options.setItem(row, _DESCRIPTION, QTableWidgetItem(text))
        picker = QComboBox(self.options)
        for label in self.labels:
            picker.addItem(label.name, label.label_id.hex())
        if option is not None:
            picker.setCurrentIndex(picker.findData(option.label_id.hex()))
        else:
            used = {o.label_id for o in self._options()}
            free = [i for i, k in enumerate(self.labels) if k.label_id not in used]
            picker.setCurrentIndex(free[0] if free else 0)
        picker.setAccessibleName(self.tr("Label of option %1").replace("%1", str(row + 1)))
        picker.currentIndexChanged.connect(self.refresh_preview)
        self.options.setCellWidget(row, _LABEL, picker)
        self.add_option.setEnabled(self.options.rowCount() < MAX_OPTIONS)
        self.refresh_preview()

    def _remove_option(self) -> None:
        row = self.options.currentRow()
        if row >= 0:
            self.options.removeRow(row)
        self.add_option.setEnabled(True)
        self.refresh_preview()

    def _cell(self, row: int, column: int) -> str:
        item = self.options.item(row, column)
        return "" if item is None else item.text().strip()

    def _options(self) -> list[MenuOption]:
        chosen: list[MenuOption] = []
        for row in range(self.options.rowCount()):
            picker = self.options.cellWidget(row, _LABEL)
            data = picker.currentData() if isinstance(picker, QComboBox) else None
            label_id = LabelId(bytes.fromhex(data)) if isinstance(data, str) else LabelId(b"")
            chosen.append(
                MenuOption(self._cell(row, _TITLE), label_id, self._cell(row, _DESCRIPTION))
            )
        return chosen

    # -- the menu -------------------------------------------------------------------------

    def value(self) -> Menu:
        """The menu as the admin set it in the panel."""
        return Menu(
            self.enabled.isChecked(),
            self.body.toPlainText().strip(),
            self.button.text().strip(),
            tuple(self._options()),
            self.header.text().strip(),
            self.footer.text().strip(),
        )

    def show_menu(self, menu: Menu) -> None:
        self.enabled.setChecked(menu.enabled)
        self.header.setText(menu.header)
        self.body.setPlainText(menu.body)
        self.footer.setText(menu.footer)
        self.button.setText(menu.button)
        self.options.setRowCount(0)
        for option in menu.options:
            self.append_option(option)
        self.refresh_preview()

    def refresh_preview(self) -> None:
        """The list roughly as a phone shows it: the message, its button, then the rows."""
        menu = self.value()
        parts = []
        if menu.header:
            parts.append(f"<p><b>{html.escape(menu.header)}</b></p>")
        parts.append(f"<p>{html.escape(menu.body).replace(chr(10), '<br>') or '…'}</p>")
        if menu.footer:
            parts.append(f"<p><small>{html.escape(menu.footer)}</small></p>")
        parts.append(f"<p align='center'>☰ <b>{html.escape(menu.button or '…')}</b></p><hr>")
        for option in menu.options:
            row = f"<p>○ <b>{html.escape(option.title or '…')}</b>"
            if option.description:
                row += f"<br>&nbsp;&nbsp;&nbsp;<small>{html.escape(option.description)}</small>"
            parts.append(row + "</p>")
        self.preview.setText("".join(parts))

    def save(self) -> None:
        self.save_button.setEnabled(False)
        spawn(self, self._save(self.value()), name="save-menu")

    async def _load(self) -> None:
        try:
            self.labels = await self.label_book.labels()
            menu = await self.team.menu()
        except NotPermitted:
            self._show_error(self.tr("Only admins set the menu."))
            return
        except SwitchboardError as error:
            self._show_error(wording.describe_error(error))
            return
        if menu is not None:
            self.show_menu(menu)
        elif not self.labels:
            self.status.setText(
                self.tr("Define labels first (Desk → Labels…): each option applies one.")
            )
        self.refresh_preview()
        self.loaded += 1

    async def _save(self, menu: Menu) -> None:
        try:
            await self.team.set_menu(menu)
        except MenuRefused as refused:
            self._show_error(refusal_text(refused.code))
        except SwitchboardError as error:
            self._show_error(wording.describe_error(error))
        else:
            self.error.hide()
            if menu.enabled:
                self.status.setText(self.tr("Saved: new conversations get this menu from now on."))
            else:
                self.status.setText(self.tr("Saved: the menu is off."))
            self.saved += 1
        finally:
            self.save_button.setEnabled(True)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
