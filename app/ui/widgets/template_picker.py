"""The template picker: choose an approved template, fill its fields, see it as the customer
will, send it. The composer's place when the 24-hour window is closed (or on "Template…"), and
the heart of the "New conversation" dialog.

The widget only collects; `template_flow` and `new_conversation` send through `DeskApi`. The
rules (which parameters, what the customer sees) are `app.domain.templates`'.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.templates import (
    MAX_VALUE_CHARS,
    ParamFormat,
    Part,
    TemplateDef,
    TemplateParam,
    TemplateRef,
    missing,
    render,
    template_params,
    values_for,
)
from app.ui.theme import COLORS

TEMPLATE_ROLE = Qt.ItemDataRole.UserRole + 1
FIELD_WIDTH = 140
"""Pixels a parameter's field keeps at least: room for an order number or a name."""
LIST_HEIGHT = 150
"""Pixels of the template list: enough for four templates, leaving the thread its room."""
_Index = QModelIndex | QPersistentModelIndex


class TemplateListModel(QAbstractListModel):
    """The usable templates, one row each: "name · language · category"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._templates: tuple[TemplateDef, ...] = ()

    def set_templates(self, templates: tuple[TemplateDef, ...]) -> None:
        self.beginResetModel()
        self._templates = templates
        self.endResetModel()

    def template(self, row: int) -> TemplateDef:
        return self._templates[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._templates)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._templates):
            return None
        template = self._templates[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{template.name}\n{template.language}  ·  {category_label(template)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{template.name}, {template.language}, {category_label(template)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return template.body_text
        if role == TEMPLATE_ROLE:
            return template
        return None


_CATEGORIES: dict[str, object] = {
    "MARKETING": QT_TRANSLATE_NOOP("TemplatePicker", "Marketing"),
    "UTILITY": QT_TRANSLATE_NOOP("TemplatePicker", "Utility"),
    "AUTHENTICATION": QT_TRANSLATE_NOOP("TemplatePicker", "Authentication"),
}


def tr(text: str) -> str:
    """Translate `text` in the picker's context."""
    return QCoreApplication.translate("TemplatePicker", text)


def category_label(template: TemplateDef) -> str:
    """Meta's category in the user's language (an unknown one as Meta wrote it)."""
    word = _CATEGORIES.get(template.category)
    return template.category.lower() if word is None else tr(str(word))


def param_label(template: TemplateDef, param: TemplateParam) -> str:
    """What a field is called: the named parameter itself, or where its number goes."""
    if param.part is Part.BUTTON:
        return tr("Link of button “%1”").replace("%1", template.buttons[param.button_index].text)
    if template.parameter_format is ParamFormat.NAMED:
        return param.key.replace("_", " ")
    if param.part is Part.HEADER:
        return tr("Title {{%1}}").replace("%1", param.key)
    return tr("Text {{%1}}").replace("%1", param.key)


class TemplatePreview(QFrame):
    """The template as the customer's phone shows it: title, text, footer, buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TemplatePreview")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.header = self._label("TemplatePreviewHeader")
        self.body = self._label("TemplatePreviewBody")
        self.footer = self._label("Muted")
        self.buttons = self._label("TemplatePreviewButtons")
        self.buttons.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(4)
        for label in (self.header, self.body, self.footer, self.buttons):
            layout.addWidget(label)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def show_text(self, header: str, body: str, footer: str, buttons: tuple[str, ...]) -> None:
        for label, text in (
            (self.header, header),
            (self.body, body),
            (self.footer, footer),
            (self.buttons, "   ".join(f"↪ {b}" for b in buttons)),
        ):
            label.setText(text)
            label.setVisible(bool(text))

    def text(self) -> str:
        """Everything the preview shows, top to bottom (for tests and screen readers)."""
        parts = (self.header, self.body, self.footer, self.buttons)
        return "\n".join(label.text() for label in parts if label.text())


class TemplatePicker(QWidget):
    """Search and pick a template, fill its fields, preview, send.

    Signals:
        send_requested(object, object): The agent sent a template: its `TemplateRef` and
            a `dict[TemplateParam, str]` of what they typed (every field filled).
        cancelled(): The agent went back without sending (only when `can_cancel`).
    """

    send_requested = Signal(object, object)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None, *, can_cancel: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("TemplatePicker")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._template: TemplateDef | None = None
        self._fields: dict[TemplateParam, QLineEdit] = {}
        self._enabled = True
        self.title = QLabel(self.tr("Send a template"), self)
        self.title.setObjectName("TemplatePickerTitle")
        self.hint = QLabel(self)
        self.hint.setObjectName("Muted")
        self.hint.setWordWrap(True)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search templates…"))
        self.search.setAccessibleName(self.tr("Search templates"))
        self.search.setClearButtonEnabled(True)
        self.model = TemplateListModel(self)
        self._filtered = QSortFilterProxyModel(self)
        self._filtered.setSourceModel(self.model)
        self._filtered.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search.textChanged.connect(self._filtered.setFilterFixedString)
        self.search.installEventFilter(self)  # arrows choose in the list, Enter goes on
        self.list = QListView(self)
        self.list.setObjectName("TemplateList")
        self.list.setAccessibleName(self.tr("Templates"))
        self.list.setModel(self._filtered)
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setMinimumHeight(LIST_HEIGHT)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.empty = QLabel(self)
        self.empty.setObjectName("Muted")
        self.empty.setWordWrap(True)
        self.form_box = QWidget(self)
        self.form = QFormLayout(self.form_box)
        self.form.setContentsMargins(0, 0, 0, 0)
        # Narrow desks (and German labels) put a field under its label rather than squeeze it.
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.preview = TemplatePreview(self)
        self.send_button = QPushButton(self.tr("Send template"), self)
        self.send_button.setObjectName("Primary")
        self.send_button.clicked.connect(self.submit)
        self.cancel_button = QPushButton(self.tr("Back to reply"), self)
        self.cancel_button.clicked.connect(self.cancelled)
        self.cancel_button.setVisible(can_cancel)
        self._lay_out()
        self.setStyleSheet(_STYLE)
        self.set_templates(())

    def _lay_out(self) -> None:
        left = QVBoxLayout()
        left.setSpacing(6)
        left.addWidget(self.search)
        left.addWidget(self.list, 1)
        left.addWidget(self.empty)
        right = QVBoxLayout()
        right.setSpacing(8)
        right.addWidget(self.form_box)
        right.addWidget(self.preview)
        right.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.send_button)
        right.addLayout(buttons)
        columns = QHBoxLayout()
        columns.setSpacing(14)
        columns.addLayout(left, 2)
        columns.addLayout(right, 3)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 10, 14, 12)
        outer.setSpacing(6)
        outer.addWidget(self.title)
        outer.addWidget(self.hint)
        outer.addLayout(columns, 1)

    # -- what the owner sets -----------------------------------------------------------------

    def set_templates(self, templates: tuple[TemplateDef, ...]) -> None:
        """The usable templates; the current choice stays if it is still among them."""
        chosen = None if self._template is None else self._template.ref
        self.model.set_templates(templates)
        self.empty.setText(
            self.tr(
                "No approved templates yet. They appear here once the gateway has read them "
                "from WhatsApp."
            )
        )
        self.empty.setVisible(not templates)
        if chosen is not None and self.choose(chosen):
            return
        self._show_template(None)

    def set_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def set_enabled_for_sending(self, enabled: bool) -> None:
        """False while a send is in flight (or sending is not allowed)."""
        self._enabled = enabled
        self._update_send()

    def choose(self, ref: TemplateRef) -> bool:
        """Select a template by name and language; False if it is not listed."""
        for row in range(self._filtered.rowCount()):
            index = self._filtered.index(row, 0)
            template = index.data(TEMPLATE_ROLE)
            if isinstance(template, TemplateDef) and template.ref == ref:
                self.list.setCurrentIndex(index)
                self._show_template(template)
                return True
        return False

    def focus_first(self) -> None:
        """Keyboard focus where the agent starts: the search box."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the search box, Up and Down move through the list it filters, and Enter goes
        on to the chosen template's first field (or sends one that needs none)."""
        key = _pressed_key(event)
        if watched is self.search and key is not None and self._search_key(key):
            return True
        return super().eventFilter(watched, event)

    def _search_key(self, key: int) -> bool:
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self._step(1 if key == Qt.Key.Key_Down else -1)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._template is None:
                self._step(1)
            elif self._fields:
                next(iter(self._fields.values())).setFocus(Qt.FocusReason.TabFocusReason)
            else:
                self.submit()
            return True
        return False

    def _step(self, rows: int) -> None:
        count = self._filtered.rowCount()
        if count == 0:
            return
        current = self.list.currentIndex()
        row = 0 if not current.isValid() else max(0, min(count - 1, current.row() + rows))
        self.list.setCurrentIndex(self._filtered.index(row, 0))
        self.list.scrollTo(self.list.currentIndex(), QAbstractItemView.ScrollHint.EnsureVisible)

    def field(self, param: TemplateParam) -> QLineEdit:
        return self._fields[param]

    def values(self) -> dict[TemplateParam, str]:
        return {param: edit.text() for param, edit in self._fields.items()}

    @property
    def template(self) -> TemplateDef | None:
        return self._template

    def reset_values(self) -> None:
        """Empty every field (after a send went through)."""
        for edit in self._fields.values():
            edit.clear()

    def submit(self) -> None:
        if self._template is None or not self._complete() or not self._enabled:
            self._mark_missing()
            return
        self.send_requested.emit(self._template.ref, self.values())

    # -- inside --------------------------------------------------------------------------------

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        template = current.data(TEMPLATE_ROLE) if current.isValid() else None
        if isinstance(template, TemplateDef) and template != self._template:
            self._show_template(template)

    def _show_template(self, template: TemplateDef | None) -> None:
        self._template = template
        while self.form.rowCount():
            self.form.removeRow(0)
        self._fields = {}
        if template is not None:
            for param in template_params(template):
                edit = QLineEdit(self.form_box)
                edit.setMaxLength(MAX_VALUE_CHARS)
                edit.setMinimumWidth(FIELD_WIDTH)
                label = param_label(template, param)
                edit.setAccessibleName(label)
                edit.setPlaceholderText(self.tr("Required"))
                edit.textChanged.connect(self._values_changed)
                edit.returnPressed.connect(self.submit)
                self.form.addRow(label, edit)
                self._fields[param] = edit
        self.form_box.setVisible(bool(self._fields))
        self.preview.setVisible(template is not None)
        self._order_tabs()
        self._values_changed()

    def _order_tabs(self) -> None:
        """Tab goes search → list → the fields → back → send: the fields are made after the
        buttons, and Qt's default order (creation) would skip them."""
        chain: list[QWidget] = [self.search, self.list, *self._fields.values()]
        chain += [self.cancel_button, self.send_button]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)

    def _values_changed(self) -> None:
        template = self._template
        if template is not None:
            shown = render(template, values_for(template, self.values()))
            self.preview.show_text(shown.header, shown.body, shown.footer, shown.buttons)
        for edit in self._fields.values():
            if edit.property("missing") and edit.text().strip():
                _mark(edit, False)
        self._update_send()

    def _complete(self) -> bool:
        template = self._template
        return template is not None and not missing(template, values_for(template, self.values()))

    def _mark_missing(self) -> None:
        for edit in self._fields.values():
            if not edit.text().strip():
                _mark(edit, True)

    def _update_send(self) -> None:
        self.send_button.setEnabled(self._enabled and self._complete())


_STYLE = f"""
QWidget#TemplatePicker {{ background: {COLORS.surface}; border-top: 1px solid {COLORS.border}; }}
QLabel#TemplatePickerTitle {{ font-weight: 600; }}
QListView#TemplateList {{ border: 1px solid {COLORS.border}; border-radius: 6px; }}
QListView#TemplateList::item {{ padding: 3px 6px; }}
QFrame#TemplatePreview {{ background: {COLORS.outbound}; border-radius: 8px; }}
QLabel#TemplatePreviewHeader {{ font-weight: 600; }}
QLabel#TemplatePreviewButtons {{ color: {COLORS.read}; padding-top: 4px; }}
QLineEdit[missing="true"] {{ border: 1px solid {COLORS.danger}; }}
"""


def _pressed_key(event: QEvent) -> int | None:
    if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
        return event.key()
    return None


def _mark(edit: QLineEdit, missing_value: bool) -> None:
    """Flag a required field left empty (the style sheet draws `[missing="true"]` red)."""
    edit.setProperty("missing", missing_value)
    edit.style().unpolish(edit)
    edit.style().polish(edit)
