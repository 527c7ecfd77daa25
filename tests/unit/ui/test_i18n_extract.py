"""What scripts/i18n-update makes of the ways app/ui writes translatable texts."""

from __future__ import annotations

from pathlib import Path

from app.ui.i18n.update import extract


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_contexts_are_the_ones_qt_looks_up_at_run_time(tmp_path: Path) -> None:
    words = write(
        tmp_path,
        "words.py",
        "from PySide6.QtCore import QCoreApplication\n\n"
        "def tr(text: str, n: int = -1) -> str:\n"
        '    return QCoreApplication.translate("words", text, None, n)\n\n'
        'def now() -> str:\n    return tr("now")\n\n'
        'def minutes(n: int) -> str:\n    return tr("%n min", n)\n',
    )
    user = write(
        tmp_path,
        "user.py",
        "from app.ui.widgets.words import (\n    tr,\n)\n\n"
        'def label() -> str:\n    return tr("Today")\n',
    )
    pane = write(
        tmp_path,
        "pane.py",
        "from PySide6.QtCore import QCoreApplication\nfrom PySide6.QtWidgets import QWidget\n\n"
        "class Pane(QWidget):\n"
        '    def title(self) -> str:\n        return self.tr("Queue")\n\n'
        'def tab() -> str:\n    return QCoreApplication.translate("Pane", "Mine")\n',
    )
    found, problems = extract([words, user, pane])
    assert not problems.unknown_context
    keys = {(m.context, m.source, m.numerus) for m in found}
    assert keys == {
        ("words", "now", False),
        ("words", "%n min", True),  # a plural, although lupdate cannot see the count
        ("words", "Today", False),  # imported helper: its module's context
        ("Pane", "Queue", False),
        ("Pane", "Mine", False),
    }


def test_a_call_whose_context_cannot_be_known_is_reported(tmp_path: Path) -> None:
    helper = write(
        tmp_path,
        "helper.py",
        "from PySide6.QtWidgets import QWidget\n\n"
        'def title(owner: QWidget) -> str:\n    return owner.tr("Unassigned")\n',
    )
    found, problems = extract([helper])
    assert found == []
    assert [m.source for m in problems.unknown_context] == ["Unassigned"]
