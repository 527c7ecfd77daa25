"""The template manager for admins: the number's templates with category, status and quality
(every template, not only the approved ones agents may send), and "New template…".

The list is the gateway's catalogue in this desk's replica; it reloads when a new catalogue
arrives (`TeamChange.TEMPLATES`), so a new template shows as waiting for review and then as
approved or rejected without the admin doing anything.
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import NotPermitted, SwitchboardError
from app.domain.templates import TemplateDef
from app.services.team_api import TeamAdmin, TeamChange
from app.ui import wording
from app.ui.bridge import spawn
from app.ui.team.team_bridge import TeamBridge
from app.ui.team.template_form import TemplateForm
from app.ui.team.template_words import category_word, quality_word, status_word

log = logging.getLogger(__name__)


class TemplatesPanel(QWidget):
    """The number's templates and the way to a new one."""

    def __init__(self, team: TeamAdmin, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.team = team
        self.title = QLabel(self.tr("Message templates"), self)
        self.title.setObjectName("PageTitle")
        self.explanation = QLabel(
            self.tr(
                "Templates start conversations outside the 24-hour window. Meta reviews each "
                "new one; agents can send only approved templates."
            ),
            self,
        )
        self.explanation.setObjectName("Muted")
        self.explanation.setWordWrap(True)
        self.new = QPushButton(self.tr("&New template…"), self)
        self.new.clicked.connect(self.open_form)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Language"),
                self.tr("Category"),
                self.tr("Status"),
                self.tr("Quality"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.empty = QLabel(self.tr("The gateway has not read the number's templates yet."), self)
        self.empty.setObjectName("Muted")
        self.error = QLabel(self)
        self.error.setObjectName("ErrorText")
        self.error.setWordWrap(True)
        self.error.hide()
        self.form: TemplateForm | None = None
        self._build()
        self.bridge = TeamBridge(team, self)
        self.bridge.team_changed.connect(self._team_changed)
        self._loads = 0
        self.loaded = 0
        """How many loads have been shown (tests wait on it)."""
        self.refresh()

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.new)
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 16, 20, 16)
        column.addLayout(top)
        column.addWidget(self.explanation)
        column.addWidget(self.error)
        column.addWidget(self.empty)
        column.addWidget(self.table, 1)

    def refresh(self) -> None:
        self._loads += 1
        spawn(self, self._load(self._loads), name="number-templates")

    def open_form(self) -> TemplateForm:
        """The "New template" form, one at a time; a closed one is gone, the next starts empty."""
        if self.form is None or not shiboken6.isValid(self.form) or not self.form.isVisible():
            self.form = TemplateForm(self.team, self)
            self.form.resize(760, 640)  # room for the title, footer, links and call
        self.form.show()
        self.form.raise_()
        self.form.activateWindow()
        return self.form

    def _team_changed(self, change: TeamChange) -> None:
        if change & (TeamChange.TEMPLATES | TeamChange.ROSTER):
            self.refresh()

    async def _load(self, request: int) -> None:
        try:
            templates = await self.team.number_templates()
        except NotPermitted:
            self._show_error(self.tr("Only admins manage the number's templates."))
            return
        except SwitchboardError as error:
            log.warning("templates unavailable: %s", error.code)
            self._show_error(wording.describe_error(error))
            return
        if request != self._loads:
            return
        self.error.hide()
        self._show(templates)
        self.loaded += 1

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.table.hide()
        self.empty.hide()
        self.new.setEnabled(False)

    def _show(self, templates: tuple[TemplateDef, ...]) -> None:
        self.table.setVisible(bool(templates))
        self.empty.setVisible(not templates)
        self.table.setRowCount(len(templates))
        for row, template in enumerate(templates):
            cells = (
                template.name,
                template.language,
                category_word(template.category),
                status_word(template.status),
                quality_word(template.quality),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def rows(self) -> list[tuple[str, ...]]:
        """What the table shows, row by row (for tests)."""
        return [
            tuple(self._cell(r, c) for c in range(self.table.columnCount()))
            for r in range(self.table.rowCount())
        ]

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return "" if item is None else item.text()
