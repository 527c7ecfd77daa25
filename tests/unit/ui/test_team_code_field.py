"""The invite code field: forgiving typing, live grouping, live validation."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.ui.team.invite_code_view import InviteCodeEdit, grouped, normalise, parse_join_link
from app.ui.team.join_view import JoinView
from tests.helpers.fake_team import HUB, code_ok, make_code


def test_normalise_reads_lookalikes_and_drops_separators() -> None:
    assert normalise("k7qp-m2xa 0r18") == ("K7QPM2XAORIB", False)
    assert normalise("ab9!") == ("AB", True)
    assert grouped("ABCDEFGHIJ") == "ABCD-EFGH-IJ"


def test_a_pasted_join_link_gives_hub_and_code() -> None:
    link = f"switchboard:join?hub={HUB}&code=ABCD-EFGH&fp=00ff"
    assert parse_join_link(link) == (HUB, "ABCD-EFGH")
    assert parse_join_link("ABCD-EFGH") is None


def test_typing_groups_in_fours_and_stops_at_twenty(qtbot: QtBot) -> None:
    edit = InviteCodeEdit()
    qtbot.addWidget(edit)
    qtbot.keyClicks(edit, "abcdefgh1")
    assert edit.text() == "ABCD-EFGH-I"
    assert edit.cursorPosition() == len(edit.text())
    qtbot.keyClicks(edit, "jklmnopqrstuvwxyz")
    assert edit.code() == "ABCDEFGHIJKLMNOPQRST"
    assert edit.text() == "ABCD-EFGH-IJKL-MNOP-QRST"
    assert edit.is_complete()


def test_editing_in_the_middle_keeps_the_cursor(qtbot: QtBot) -> None:
    edit = InviteCodeEdit()
    qtbot.addWidget(edit)
    edit.set_code("ABCDEFGH")
    edit.setCursorPosition(2)  # after "AB"
    qtbot.keyClicks(edit, "z")
    assert edit.text() == "ABZC-DEFG-H"
    assert edit.cursorPosition() == 3
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert edit.text() == "ABCD-EFGH"


def test_pasting_a_link_fills_the_hub_address(qtbot: QtBot) -> None:
    code = make_code("x")
    view = JoinView(code_ok)
    qtbot.addWidget(view)
    view.code.set_code(f"switchboard:join?hub={HUB}&code={grouped(code)}&fp=00")
    assert view.address.text() == HUB
    assert view.code.code() == code


def test_join_form_says_what_is_wrong_with_the_code(qtbot: QtBot) -> None:
    view = JoinView(code_ok)
    qtbot.addWidget(view)
    view.address.setText(HUB)
    view.name.setText("Carla")
    assert view.code_state.text() == "20 characters, in groups of four."
    qtbot.keyClicks(view.code, "abcd9")
    assert view.code_state.text() == "Codes have only letters and the digits 2 to 7."
    good = make_code("y")
    typo = good[:5] + ("A" if good[5] != "A" else "B") + good[6:]
    view.code.set_code(good[:12])
    assert view.code_state.text() == "12 of 20 characters"
    assert not view.primary.isEnabled()
    view.code.set_code(typo)
    assert not code_ok(typo)
    assert "typing mistake" in view.code_state.text()
    assert view.code_state.property("bad") is True
    assert not view.primary.isEnabled()
    view.code.set_code(good.lower())
    assert view.code_state.text() == "The code looks right."
    assert view.primary.isEnabled()


def test_return_submits_and_escape_goes_back(qtbot: QtBot) -> None:
    view = JoinView(code_ok)
    qtbot.addWidget(view)
    view.address.setText(HUB)
    view.name.setText("Carla")
    code = make_code("z")
    view.code.set_code(code)
    with qtbot.waitSignal(view.submitted) as submitted:
        qtbot.keyClick(view.name, Qt.Key.Key_Return)
    assert submitted.args == [HUB, code, "Carla"]
    with qtbot.waitSignal(view.back_requested):
        qtbot.keyClick(view.name, Qt.Key.Key_Escape)


def test_return_on_a_focused_button_presses_that_button(qtbot: QtBot) -> None:
    view = JoinView(code_ok)
    qtbot.addWidget(view)
    view.show()
    view.activateWindow()
    view.address.setText(HUB)
    view.name.setText("Carla")
    view.code.set_code(make_code("z"))
    view.secondary.setFocus()
    qtbot.waitUntil(view.secondary.hasFocus)
    with qtbot.assertNotEmitted(view.submitted), qtbot.waitSignal(view.back_requested):
        qtbot.keyClick(view.secondary, Qt.Key.Key_Return)
