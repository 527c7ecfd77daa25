"""QueueModel: paging, coalesced reloads that keep row identity, hidden tabs."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from pytestqt.modeltest import ModelTester

from app.domain.model import QueueView
from app.ui.bridge import DeskBridge
from app.ui.models.queue_model import QueueModel, QueueRole
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.wait import settle, until
from tests.unit.ui.conftest import NOW, fill_queue

ROOT = QModelIndex()


def make_model(desk: FakeDesk, view: QueueView = QueueView.UNASSIGNED) -> QueueModel:
    """A started model fed by a bridge, as the desk window wires it."""
    model = QueueModel(desk, view, clock=lambda: NOW)
    bridge = DeskBridge(desk, model)
    bridge.changes_arrived.connect(model.apply_changes)
    model.start()
    return model


@pytest.mark.asyncio
async def test_passes_the_model_tester_while_loading_and_changing(
    team: FakeTeam, anna: FakeDesk, ben: FakeDesk, qtmodeltester: ModelTester
) -> None:
    ids = fill_queue(team, 60)
    model = QueueModel(anna, QueueView.UNASSIGNED, clock=lambda: NOW)
    DeskBridge(anna, model).changes_arrived.connect(model.apply_changes)
    qtmodeltester.check(model)
    model.start()
    await until(lambda: model.rowCount() == 50)
    model.fetchMore(ROOT)
    await until(lambda: model.rowCount() == 60)
    team.assign(ids[3], ben.me)
    team.customer_writes("Newcomer", "hi", at=NOW - 20_000)
    await until(lambda: model.rowCount() == 60 and model.conversation_id(0) != ids[0])


@pytest.mark.asyncio
async def test_loads_pages_of_fifty_as_the_view_asks(team: FakeTeam, anna: FakeDesk) -> None:
    fill_queue(team, 130)
    model = make_model(anna)
    await until(lambda: model.rowCount() == 50)
    assert model.total == 130
    assert model.canFetchMore(ROOT)
    model.fetchMore(ROOT)
    await until(lambda: model.rowCount() == 100)
    model.fetchMore(ROOT)
    await until(lambda: model.rowCount() == 130)
    assert not model.canFetchMore(ROOT)
    pages = [c for c in anna.calls if c.startswith("queue_page")]
    assert pages == [
        "queue_page(unassigned,0,50)",
        "queue_page(unassigned,50,50)",
        "queue_page(unassigned,100,50)",
    ]


@pytest.mark.asyncio
async def test_no_second_fetch_while_one_is_in_flight(team: FakeTeam, anna: FakeDesk) -> None:
    fill_queue(team, 130)
    model = make_model(anna)
    await until(lambda: model.rowCount() == 50)
    model.fetchMore(ROOT)
    assert not model.canFetchMore(ROOT)
    model.fetchMore(ROOT)
    await until(lambda: model.rowCount() == 100)
    await settle(0.05)
    assert model.rowCount() == 100


@pytest.mark.asyncio
async def test_roles_describe_the_row(team: FakeTeam, anna: FakeDesk, ben: FakeDesk) -> None:
    cid = team.customer_writes("Maria", "Hola\n  there", at=NOW - 300)
    team.customer_writes("Maria", "again", at=NOW - 200)
    team.assign(cid, ben.me)
    model = make_model(anna, QueueView.ALL_OPEN)
    await until(lambda: model.rowCount() == 1)
    index = model.index(0)
    assert index.data() == "Maria"
    assert index.data(QueueRole.PREVIEW) == "again"
    assert index.data(QueueRole.WAITING_SINCE) == NOW - 300
    assert index.data(QueueRole.ASSIGNEE_NAME) == "Ben"
    assert index.data(QueueRole.ASSIGNED_TO_ME) is False
    assert index.data(QueueRole.UNREAD) == 2
    assert index.data(QueueRole.CONVERSATION_ID) == cid
    spoken = index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert "Maria" in spoken
    assert "assigned to Ben" in spoken
    assert "2 unread" in spoken


@pytest.mark.asyncio
async def test_reload_keeps_row_identity_and_selection(
    team: FakeTeam, anna: FakeDesk, ben: FakeDesk
) -> None:
    ids = fill_queue(team, 5)
    model = make_model(anna)
    await until(lambda: model.rowCount() == 5)
    selected = QPersistentModelIndex(model.index(2))
    resets: list[str] = []
    model.modelReset.connect(lambda: resets.append("reset"))
    team.customer_writes("Early bird", "first!", at=NOW - 50_000)  # goes to the top
    team.assign(ids[0], ben.me)  # leaves Unassigned
    await until(lambda: model.conversation_id(0) != ids[0] and model.rowCount() == 5)
    assert resets == []
    assert selected.isValid()
    assert selected.data(QueueRole.CONVERSATION_ID) == ids[2]
    assert selected.row() == 2  # one row added above, one removed above


@pytest.mark.asyncio
async def test_bursts_of_changes_are_coalesced_into_one_reload(
    team: FakeTeam, anna: FakeDesk
) -> None:
    fill_queue(team, 3)
    model = make_model(anna)
    await until(lambda: model.rowCount() == 3)
    before = len([c for c in anna.calls if c.startswith("queue_page")])
    for i in range(20):
        team.customer_writes(f"Burst {i}", "hello", at=NOW - 100 + i)
    await until(lambda: model.rowCount() == 23)
    await settle(0.15)
    reloads = len([c for c in anna.calls if c.startswith("queue_page")]) - before
    assert reloads == 1


@pytest.mark.asyncio
async def test_a_hidden_tab_recounts_and_reloads_when_shown(team: FakeTeam, anna: FakeDesk) -> None:
    fill_queue(team, 2)
    model = make_model(anna)
    await until(lambda: model.rowCount() == 2)
    totals: list[int] = []
    model.total_changed.connect(totals.append)
    model.set_active(False)
    calls_before = len(anna.calls)
    team.customer_writes("Hidden", "hi")
    await until(lambda: totals == [3])
    assert model.rowCount() == 2
    assert all(c.startswith("queue_count") for c in anna.calls[calls_before:])
    model.set_active(True)
    await until(lambda: model.rowCount() == 3)


@pytest.mark.asyncio
async def test_reload_keeps_as_many_rows_as_were_paged_in(team: FakeTeam, anna: FakeDesk) -> None:
    fill_queue(team, 120)
    model = make_model(anna)
    await until(lambda: model.rowCount() == 50)
    model.fetchMore(ROOT)
    await until(lambda: model.rowCount() == 100)
    team.customer_writes("Customer 050", "one more thing")
    await until(lambda: "queue_page(unassigned,0,100)" in anna.calls)
    await until(lambda: not model.busy)
    assert model.rowCount() == 100
