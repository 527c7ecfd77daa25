"""The search panel on a desk window over the fake desk: Ctrl+K, Ctrl+F, typing, Enter, Esc."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from app.domain.errors import StoreUnavailable
from app.domain.search import SearchHit
from app.ui.models.conversation_model import MessageRole
from app.ui.models.search_model import SearchModel, SearchRole, snippet_html
from app.ui.widgets.search_panel import SearchPanel
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.wait import until
from tests.unit.ui.conftest import NOW
from tests.unit.ui.test_desk_window import open_conversation, open_window, press


def _hits(panel: SearchPanel) -> list[SearchHit]:
    return [
        panel.model.data(panel.model.index(row, 0), SearchRole.HIT)
        for row in range(panel.model.rowCount())
    ]


async def _typed(qtbot: QtBot, panel: SearchPanel, text: str, rows: int) -> None:
    qtbot.keyClicks(panel.edit, text)
    await until(lambda: panel.model.rowCount() == rows and not panel.model.searching)


@pytest.mark.asyncio
async def test_ctrl_k_opens_typing_shows_marked_hits_and_esc_closes(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    team.customer_writes("Maria", "Where is my parcel?", at=NOW - 300)
    team.customer_writes("Jonas", "The <b>parcel</b> arrived & broke", at=NOW - 200)
    team.customer_writes("Maria", "Thanks, all good", at=NOW - 100)
    window = await open_window(qtbot, anna)
    panel = window.search
    assert not panel.isVisible()
    window.queue.current_list.setFocus()
    press(window, "Ctrl+K")
    assert panel.isVisible()
    assert panel.title.text() == "Search all conversations"
    assert panel.edit.hasFocus() or not window.isActiveWindow()
    await _typed(qtbot, panel, "parc", 2)
    first, second = _hits(panel)
    assert (first.customer_name, second.customer_name) == ("Jonas", "Maria")
    shown = panel.model.data(panel.model.index(0, 0), SearchRole.SNIPPET_HTML)
    # The customer's "<b>" is text, escaped; only our span marks the match.
    assert "&lt;b&gt;" in shown
    assert "<b>" not in shown
    assert "&amp;" in shown
    assert shown.count("<span") == 1
    assert ">parcel</span>" in shown
    assert panel.results.currentIndex().row() == 0  # Enter would open the newest hit
    qtbot.keyClick(panel.edit, Qt.Key.Key_Escape)
    assert not panel.isVisible()
    assert window.queue.current_list.hasFocus() or not window.isActiveWindow()


@pytest.mark.asyncio
async def test_no_match_and_odd_text_show_words_not_errors(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    team.customer_writes("Maria", "Where is my parcel?", at=NOW - 300)
    window = await open_window(qtbot, anna)
    press(window, "Ctrl+K")
    panel = window.search
    for odd in ('"', "NEAR(", "*", "-x", "zebra"):
        panel.edit.setText(odd)
        await until(lambda: not panel.model.searching)
        assert panel.model.rowCount() == 0
    assert panel.results._empty_text(panel.model) == "No messages match “zebra”"
    panel.edit.clear()
    await until(lambda: not panel.model.searching)
    assert panel.results._empty_text(panel.model) == "Type a word to find it in the messages"


@pytest.mark.asyncio
async def test_enter_opens_the_conversation_at_an_old_message(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    maria = team.customer_writes("Maria", "My voucher code does not work", at=NOW - 9000)
    for n in range(130):  # the hit is more than two pages back
        team.customer_writes("Maria", f"follow-up {n}", at=NOW - 8000 + n)
    team.customer_writes("Jonas", "hello", at=NOW - 50)
    window = await open_window(qtbot, anna)
    press(window, "Ctrl+K")
    panel = window.search
    await _typed(qtbot, panel, "voucher", 1)
    [hit] = _hits(panel)
    qtbot.keyClick(panel.edit, Qt.Key.Key_Return)
    assert not panel.isVisible()
    pane = window.conversation
    await until(lambda: pane.current_conversation == maria)
    view = pane.view

    def shown() -> bool:
        index = view.currentIndex()
        return index.isValid() and bytes(index.data(MessageRole.EVENT_ID)) == hit.event_id

    await until(shown)
    assert pane.model is not None
    assert pane.model.rowCount() > 100  # older pages were loaded to reach it
    assert view.viewport().rect().intersects(view.visualRect(view.currentIndex()))


@pytest.mark.asyncio
async def test_ctrl_f_searches_only_the_open_conversation(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    maria = team.customer_writes("Maria", "refund please", at=NOW - 300)
    team.customer_writes("Jonas", "refund for me too", at=NOW - 200)
    window = await open_window(qtbot, anna)
    await open_conversation(window, maria)
    press(window, "Ctrl+F")
    panel = window.search
    assert panel.title.text() == "Search in the conversation with Maria"
    await _typed(qtbot, panel, "refund", 1)
    assert _hits(panel)[0].conversation_id == maria
    # Ctrl+K afterwards searches everywhere again.
    press(window, "Ctrl+K")
    await until(lambda: panel.model.rowCount() == 2 and not panel.model.searching)


@pytest.mark.asyncio
async def test_arrows_move_through_hits_and_a_click_opens_one(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    for name in ("Ana", "Ben", "Cleo"):
        team.customer_writes(name, f"invoice for {name}", at=NOW - 100)
    window = await open_window(qtbot, anna)
    press(window, "Ctrl+K")
    panel = window.search
    await _typed(qtbot, panel, "invoice", 3)
    qtbot.keyClick(panel.edit, Qt.Key.Key_Down)
    qtbot.keyClick(panel.edit, Qt.Key.Key_Down)
    qtbot.keyClick(panel.edit, Qt.Key.Key_Down)  # stays on the last
    assert panel.results.currentIndex().row() == 2
    qtbot.keyClick(panel.edit, Qt.Key.Key_Up)
    chosen: list[SearchHit] = []
    panel.hit_chosen.connect(chosen.append)
    rect = panel.results.visualRect(panel.model.index(1, 0))
    qtbot.mouseClick(panel.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert [h.customer_name for h in chosen] == ["Ben"]
    await until(lambda: window.conversation.current_conversation == chosen[0].conversation_id)


@pytest.mark.asyncio
async def test_a_late_answer_for_older_text_is_dropped(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    team.customer_writes("Maria", "parcel lost", at=NOW - 300)
    team.customer_writes("Jonas", "jacket too small", at=NOW - 200)
    model = SearchModel(anna, now=NOW, debounce_ms=1)
    team.latency = 0.2
    model.set_text("parcel")
    await until(lambda: any(c.startswith("search(") for c in anna.calls))
    model.set_text("jacket")  # while "parcel" is still being answered
    await until(lambda: not model.searching)
    await until(lambda: sum(c.startswith("search(") for c in anna.calls) == 2)
    # Both had the same latency, so "parcel" was answered first, and dropped.
    hits = [model.hit(r) for r in range(model.rowCount())]
    assert [h.customer_name for h in hits if h] == ["Jonas"]
    model.deleteLater()


@pytest.mark.asyncio
async def test_pages_load_as_the_list_asks_for_more(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    for n in range(120):
        team.customer_writes(f"Customer {n % 9}", f"order {n} shipped", at=NOW - 1000 + n)
    model = SearchModel(anna, now=NOW, debounce_ms=1)
    model.set_text("shipped")
    await until(lambda: model.rowCount() == 50 and not model.searching)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
        await until(lambda: not model.canFetchMore(QModelIndex()) or model.rowCount() % 50 == 0)
        await until(lambda: not model._fetching)
    hits = [model.hit(r) for r in range(model.rowCount())]
    assert len(hits) == 120
    assert [h.order for h in hits if h] == sorted((h.order for h in hits if h), reverse=True)
    assert anna.calls.count("search(None,50)") == 1
    model.deleteLater()


def test_snippet_html_escapes_everything_it_is_given() -> None:
    from app.domain.search import SnippetPart

    html = snippet_html(
        (SnippetPart("<script>x</script> ", False), SnippetPart("<i>hit</i>", True))
    )
    assert "<script>" not in html
    assert "<i>" not in html
    assert "&lt;i&gt;hit&lt;/i&gt;</span>" in html


@pytest.mark.asyncio
async def test_opening_again_searches_again(qtbot: QtBot, team: FakeTeam, anna: FakeDesk) -> None:
    team.customer_writes("Maria", "sofa delivery", at=NOW - 300)
    window = await open_window(qtbot, anna)
    press(window, "Ctrl+K")
    panel = window.search
    await _typed(qtbot, panel, "sofa", 1)
    qtbot.keyClick(panel.edit, Qt.Key.Key_Escape)
    team.customer_writes("Jonas", "sofa is scratched", at=NOW - 100)
    press(window, "Ctrl+K")
    assert panel.edit.text() == "sofa"  # kept, and selected for typing over
    await until(lambda: panel.model.rowCount() == 2 and not panel.model.searching)


@pytest.mark.asyncio
async def test_a_store_failure_is_reported_and_ends_the_search(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def failing(*args: object, **kwargs: object) -> list[SearchHit]:
        raise StoreUnavailable("The replica failed (disk I/O)")

    monkeypatch.setattr(anna, "search", failing)
    window = await open_window(qtbot, anna)
    press(window, "Ctrl+K")
    qtbot.keyClicks(window.search.edit, "parcel")
    await until(lambda: not window.search.model.searching)
    assert window.search.model.rowCount() == 0
    await until(lambda: window.status_text.text() != "")
