"""Tests under German: install the real catalog (compiled into a temporary cache), and find
every visible text of a window that is still the English source.

`english_left(widget, catalog)` walks a widget tree the way a user would read it: labels,
buttons, tooltips, placeholders, accessible names, window titles, menus and their actions, tab
and header labels, and the text of every row a view shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QLocale, QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from app.ui.i18n import language
from app.ui.i18n.catalog import source_file
from app.ui.i18n.update import read_ts

GERMANY = QLocale("de_DE")

ALLOWED = frozenset({"Hub", "Gateway", "OK", "Switchboard", "WhatsApp", "Team", "English"})
"""Words that are the same in German (the catalog knows most of these already)."""

_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
)


@contextmanager
def german(cache_dir: Path) -> Iterator[language.InstalledLanguage]:
    """The desk speaks German (as on a German system) until the block ends."""
    installed = language.install("de", system=GERMANY, cache_dir=cache_dir)
    assert len(installed.translators) == 2, "our catalog and Qt's own must both load"
    try:
        yield installed
    finally:
        language.uninstall(installed)


@dataclass(frozen=True)
class Catalog:
    """The English texts that German must not show."""

    english: frozenset[str]

    @classmethod
    def load(cls) -> Catalog:
        messages = read_ts(source_file("de"))
        sources = {_plain(m.source) for m in messages}
        same = {_plain(t) for m in messages for t in m.translations}
        return cls(frozenset(sources - same - ALLOWED))


def _plain(text: str) -> str:
    """Without mnemonics ("&Quit" → "Quit") and outer spaces."""
    return re.sub(r"&(?!&)", "", text).strip()


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text `root` and its children show or speak."""
    for widget in [root, *root.findChildren(QWidget)]:
        name = type(widget).__name__
        yield from ((f"{name}.{kind}", text) for kind, text in _widget_texts(widget))
        for action in widget.actions():
            yield from _action_texts(action, f"{name} action")
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            yield from _model_texts(widget.model(), name)
    for action in root.findChildren(QAction):
        yield from _action_texts(action, "action")


def _widget_texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    yield "toolTip", widget.toolTip()
    yield "accessibleName", widget.accessibleName()
    yield "accessibleDescription", widget.accessibleDescription()
    yield "statusTip", widget.statusTip()
    if widget.isWindow():
        yield "windowTitle", widget.windowTitle()
    if isinstance(widget, QLabel | QAbstractButton):
        yield "text", widget.text()
    if isinstance(widget, QLineEdit):
        yield "placeholder", widget.placeholderText()
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        yield "placeholder", widget.placeholderText()
    if isinstance(widget, QGroupBox):
        yield "title", widget.title()
    if isinstance(widget, QMenu):
        yield "title", widget.title()
    if isinstance(widget, QComboBox):
        yield from (("item", widget.itemText(i)) for i in range(widget.count()))
    if isinstance(widget, QTabBar):
        for i in range(widget.count()):
            yield "tab", widget.tabText(i)
            yield "tabToolTip", widget.tabToolTip(i)


def _action_texts(action: QAction, where: str) -> Iterator[tuple[str, str]]:
    yield f"{where}.text", action.text()
    yield f"{where}.toolTip", action.toolTip()
    menu = action.menu()
    if isinstance(menu, QMenu):
        for inner in menu.actions():
            yield f"{where} submenu.text", inner.text()


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # a list model: PySide6 keeps its columnCount private
        return 1


def _model_texts(model: QAbstractItemModel, where: str) -> Iterator[tuple[str, str]]:
    for column in range(_columns(model, QModelIndex())):
        header = model.headerData(column, Qt.Orientation.Horizontal)
        if isinstance(header, str):
            yield f"{where} header", header
    yield from _rows(model, QModelIndex(), where)


def _rows(model: QAbstractItemModel, parent: QModelIndex, where: str) -> Iterator[tuple[str, str]]:
    for row in range(model.rowCount(parent)):
        for column in range(_columns(model, parent)):
            index = model.index(row, column, parent)
            for role in _ROLES:
                value = model.data(index, role)
                if isinstance(value, str):
                    yield f"{where} row {row}", value
        first = model.index(row, 0, parent)
        if model.rowCount(first) > 0:  # a tree's branch
            yield from _rows(model, first, where)


def english_left(widgets: Iterable[QWidget], catalog: Catalog) -> list[str]:
    """Every visible text that is still an English source text, with where it is."""
    left: set[str] = set()
    for widget in widgets:
        for where, text in visible_texts(widget):
            plain = _plain(text)
            if plain in catalog.english:
                left.add(f"{where}: {plain!r}")
    return sorted(left)
