"""The audit trail window over a real replica and a real signed team log: its filters narrow
the table, members see only their own actions, pages load as the view scrolls, and the rows
shown are checked against the team chain."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
import pytest_asyncio
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.domain.audit import AuditAction, Verification
from app.domain.export import ExportFormat, ExportScope
from app.domain.ids import NO_CONVERSATION, EventId
from app.domain.model import HubIntegrity
from app.log.events import Exported
from app.ui.audit_window import AuditWindow
from app.ui.export_flow import ExportFlow
from app.ui.messages import Level, MessageChannel
from app.ui.models.audit_model import AuditColumn, AuditModel
from tests.helpers.fake_desk import FakeTeam
from tests.helpers.german import Catalog, english_left, german
from tests.helpers.wait import until
from tests.unit.services.audit_world import World, build
from tests.unit.ui.conftest import NOW
from tests.unit.ui.test_desk_window import open_window, press


@pytest_asyncio.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    built = await build(tmp_path)
    try:
        yield built
    finally:
        await built.replica.close()
        # A window's coroutines hold it in reference cycles; collect them here, on the UI
        # thread, before a later test's worker thread allocates and frees them off it.
        gc.collect()


def _column(window: AuditWindow, column: AuditColumn) -> list[str]:
    model = window.model
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def _choose(combo: object, data: object) -> None:
    index = combo.findData(data)  # type: ignore[attr-defined]
    assert index >= 0
    combo.setCurrentIndex(index)  # type: ignore[attr-defined]


@pytest.mark.asyncio
async def test_filters_narrow_the_trail_and_rows_check_out(qtbot: QtBot, world: World) -> None:
    scope = (world.conversation, "Lena")
    window = AuditWindow(world.trail("Anna"), MessageChannel(), HubIntegrity(), scope)
    qtbot.addWidget(window)
    window.show()
    await until(lambda: window.model.rowCount() == 7)
    assert _column(window, AuditColumn.PERSON) == [
        "Ben",
        "Anna",
        "Anna",
        "Anna",
        "Anna",
        "Anna",
        "Anna",
    ]
    assert _column(window, AuditColumn.ACTION)[:2] == ["Resolved", "Transferred"]
    assert _column(window, AuditColumn.WHAT)[:2] == ["Lena", "Lena"]
    assert _column(window, AuditColumn.COLLEAGUE)[1] == "Ben"

    _choose(window.person, world.device("Ben").hex())
    await until(lambda: window.model.rowCount() == 1)
    assert _column(window, AuditColumn.ACTION) == ["Resolved"]

    _choose(window.person, None)
    _choose(window.action, int(AuditAction.INVITED))
    await until(lambda: _column(window, AuditColumn.ACTION) == ["Invited someone"])

    _choose(window.action, None)
    window.only_conversation.setChecked(True)  # the team's own records name no conversation
    await until(lambda: window.model.rowCount() == 4)
    assert set(_column(window, AuditColumn.WHAT)) == {"Lena"}

    window.check_button.click()
    await until(lambda: set(_column(window, AuditColumn.CHECK)) == {"Signature verified"})
    assert window.status.text() == "Rows checked against the team chain: 4, all verified."


@pytest.mark.asyncio
async def test_a_member_sees_only_their_own_actions(qtbot: QtBot, world: World) -> None:
    window = AuditWindow(world.trail("Ben"), MessageChannel(), HubIntegrity())
    qtbot.addWidget(window)
    await until(lambda: window.model.rowCount() == 1)
    assert not window.person.isEnabled()
    assert window.person.currentText() == "Your own actions"
    assert _column(window, AuditColumn.PERSON) == ["Ben"]
    assert not window.only_conversation.isVisible()


@pytest.mark.asyncio
async def test_pages_load_as_the_view_asks(qtbot: QtBot, world: World) -> None:
    holder = QWidget()  # the model dies with it, on this thread
    qtbot.addWidget(holder)
    model = AuditModel(world.trail("Anna"), page_size=3, parent=holder)
    model.set_filter(window_filter := model.current_filter)
    await until(lambda: model.rowCount() == 3)
    assert model.current_filter == window_filter
    assert model.canFetchMore(model.index(-1, -1))
    model.fetchMore(model.index(-1, -1))
    await until(lambda: model.rowCount() == 6)
    model.fetchMore(model.index(-1, -1))
    await until(lambda: model.rowCount() == 7)
    assert not model.canFetchMore(model.index(-1, -1))
    seqs = [e.seq for e in model.entries]
    assert seqs == sorted(seqs, reverse=True)


@pytest.mark.asyncio
async def test_the_trail_speaks_german(qtbot: QtBot, world: World, tmp_path: Path) -> None:
    with german(tmp_path / "cache"):
        scope = (world.conversation, "Lena")
        window = AuditWindow(world.trail("Anna"), MessageChannel(), HubIntegrity(), scope)
        qtbot.addWidget(window)
        window.show()
        await until(lambda: window.model.rowCount() == 7)
        window.check_button.click()
        await until(lambda: window.model.verdict(0) is Verification.VERIFIED)
        left = english_left([window], Catalog.load())
        assert not left, left
        assert _column(window, AuditColumn.ACTION)[0] == "Erledigt"


@pytest.mark.asyncio
async def test_an_export_from_the_desk_says_how_it_ended(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    messages = MessageChannel(holder)
    told: list[tuple[Level, str]] = []
    messages.attach(lambda level, text: told.append((level, text)))
    flow = ExportFlow(world.trail("Anna"), messages, holder)
    await flow.run_history(tmp_path / "all.html", ExportFormat.HTML)
    assert told == [(Level.INFO, "Export written to all.html (conversations: 1).")]
    assert [e.scope for e in world.exports] == [ExportScope.HISTORY]
    assert flow.progress is None  # closed once done
    assert "Where is my order?" in (tmp_path / "all.html").read_text(encoding="utf-8")


@pytest.mark.asyncio
async def test_the_desk_menu_opens_the_trail_and_hides_it_without_one(
    qtbot: QtBot, world: World
) -> None:
    team = FakeTeam(now=NOW)
    anna, ben = team.desk("Anna"), team.desk("Ben")
    anna.audit_trail = world.trail("Anna")
    window = await open_window(qtbot, anna)
    press(window, "Ctrl+Shift+U")
    trail = window.findChild(AuditWindow)
    assert trail is not None
    await until(lambda: trail.model.rowCount() == 7)
    without = await open_window(qtbot, ben)  # a desk built without the trail offers none
    with pytest.raises(AssertionError, match="no action"):
        press(without, "Ctrl+Shift+U")


@pytest.mark.asyncio
async def test_refresh_shows_what_arrived_since(qtbot: QtBot, world: World) -> None:
    window = AuditWindow(world.trail("Anna"), MessageChannel(), HubIntegrity())
    qtbot.addWidget(window)
    await until(lambda: window.model.rowCount() == 7)
    last = world.records[-1]
    export = Exported(ExportScope.HISTORY, ExportFormat.JSON, NO_CONVERSATION, 1, 2)
    record = replace(
        last, seq=last.seq + 1, event_id=EventId(b"x" * 16), author_seq=99, event=export
    )
    await world.replica.apply_batch([record], record.seq)
    assert window.model.rowCount() == 7  # a list loaded before stays as it was …
    window.refresh_button.click()
    await until(lambda: window.model.rowCount() == 8)  # … until asked again
    assert _column(window, AuditColumn.ACTION)[0] == "Exported"
