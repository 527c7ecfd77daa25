"""View → First-response target: the queue's waiting times are coloured against it, at once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from app.domain.handling import DEFAULT_FIRST_RESPONSE_SECONDS
from app.ui.theme import COLORS
from app.ui.widgets.queue_view import QueueDelegate
from app.ui.widgets.sla_menu import SlaMenu, SlaSetting


def test_a_chosen_target_is_kept_and_applied(qtbot: QtBot, tmp_path: Path) -> None:
    setting = SlaSetting(tmp_path / "desk.ini")
    assert setting.read() == DEFAULT_FIRST_RESPONSE_SECONDS
    applied: list[int] = []
    menu = SlaMenu(setting, applied.append)
    qtbot.addWidget(menu)
    hour = next(a for a in menu.actions() if a.data() == 3600)
    hour.trigger()
    assert applied == [3600]
    assert SlaSetting(tmp_path / "desk.ini").read() == 3600
    assert [a.data() for a in menu.actions() if a.isChecked()] == [3600]


def test_a_stored_value_that_is_no_choice_reads_as_the_default(tmp_path: Path) -> None:
    (tmp_path / "desk.ini").write_text("[queue]\nfirst_response_seconds=7\n")
    assert SlaSetting(tmp_path / "desk.ini").read() == DEFAULT_FIRST_RESPONSE_SECONDS


def test_the_delegate_colours_against_its_target(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QWidget

    owner = QWidget()
    qtbot.addWidget(owner)
    rows = QueueDelegate(owner)
    assert rows.target == DEFAULT_FIRST_RESPONSE_SECONDS
    from app.ui.widgets.queue_view import waiting_color

    assert waiting_color(20 * 60, rows.target) == QColor(COLORS.danger)
    rows.target = 3600
    assert waiting_color(20 * 60, rows.target) == QColor(COLORS.muted)
