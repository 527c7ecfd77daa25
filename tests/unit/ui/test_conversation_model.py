"""ConversationModel: newest page first, older pages at the top, merges that keep identity."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from pytestqt.modeltest import ModelTester

from app.domain.ids import ConversationId
from app.domain.model import DeliveryStatus, Direction
from app.domain.send_codes import NETWORK_ERROR, UNCONFIRMED
from app.ui.bridge import DeskBridge
from app.ui.models.conversation_model import ConversationModel, MessageRole
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.wait import settle, until
from tests.unit.ui.conftest import NOW

ROOT = QModelIndex()


def long_conversation(team: FakeTeam, desk: FakeDesk, count: int) -> ConversationId:
    cid = team.customer_writes("Sofia", "message 0", at=NOW - 5000)
    team.assign(cid, desk.me)
    for i in range(1, count):
        team.customer_writes("Sofia", f"message {i}", at=NOW - 5000 + i)
    return cid


def make_model(desk: FakeDesk, cid: ConversationId) -> ConversationModel:
    model = ConversationModel(desk, cid)
    DeskBridge(desk, model).changes_arrived.connect(model.apply_changes)
    return model


@pytest.mark.asyncio
async def test_passes_the_model_tester(
    team: FakeTeam, anna: FakeDesk, qtmodeltester: ModelTester
) -> None:
    cid = long_conversation(team, anna, 70)
    model = make_model(anna, cid)
    qtmodeltester.check(model)
    model.start()
    await until(lambda: model.rowCount() == 50)
    model.set_top_reached(True)
    model.fetchMore(ROOT)
    await until(lambda: model.rowCount() == 70)
    sent = await anna.reply(cid, "a reply")
    await until(lambda: model.rowCount() == 71)
    team.set_status(sent.event_id, DeliveryStatus.DELIVERED)
    await until(lambda: model.index(70).data(MessageRole.STATUS) is DeliveryStatus.DELIVERED)


@pytest.mark.asyncio
async def test_newest_page_first_then_older_pages_on_top(team: FakeTeam, anna: FakeDesk) -> None:
    cid = long_conversation(team, anna, 120)
    model = make_model(anna, cid)
    model.start()
    await until(lambda: model.rowCount() == 50)
    assert model.index(0).data() == "message 70"
    assert model.index(49).data() == "message 119"
    # Views ask for more when the last row shows, which in a chat is the newest: not armed.
    assert not model.canFetchMore(ROOT)
    model.set_top_reached(True)
    assert model.canFetchMore(ROOT)
    model.fetchMore(ROOT)
    await until(lambda: model.rowCount() == 100)
    assert model.index(0).data() == "message 20"
    model.fetchMore(ROOT)
    await until(lambda: model.rowCount() == 120)
    assert model.index(0).data() == "message 0"
    assert not model.canFetchMore(ROOT)


@pytest.mark.asyncio
async def test_a_status_change_updates_the_bubble_in_place(team: FakeTeam, anna: FakeDesk) -> None:
    cid = long_conversation(team, anna, 3)
    model = make_model(anna, cid)
    model.start()
    await until(lambda: model.rowCount() == 3)
    pending = await anna.reply(cid, "on its way")
    await until(lambda: model.rowCount() == 4)
    bubble = QPersistentModelIndex(model.index(3))
    assert bubble.data(MessageRole.STATUS) is DeliveryStatus.PENDING
    assert bubble.data(MessageRole.DIRECTION) is Direction.OUTBOUND
    assert bubble.data(MessageRole.AUTHOR_NAME) == "Anna"
    team.set_status(pending.event_id, DeliveryStatus.FAILED, error_code=131047)
    await until(lambda: bubble.data(MessageRole.STATUS) is DeliveryStatus.FAILED)
    assert bubble.row() == 3
    assert bubble.data(MessageRole.ERROR_CODE) == 131047
    assert "24 hours" in bubble.data(Qt.ItemDataRole.ToolTipRole)


@pytest.mark.asyncio
async def test_an_uncertain_reply_says_it_may_be_out_until_whatsapp_settles_it(
    team: FakeTeam, anna: FakeDesk
) -> None:
    """Issue 9, fault 2: a lost send answer is never worded as a failure."""
    cid = long_conversation(team, anna, 1)
    model = make_model(anna, cid)
    model.start()
    pending = await anna.reply(cid, "on its way")
    await until(lambda: model.rowCount() == 2)
    bubble = QPersistentModelIndex(model.index(1))
    team.set_status(pending.event_id, DeliveryStatus.UNCERTAIN, error_code=NETWORK_ERROR)
    await until(lambda: bubble.data(MessageRole.STATUS) is DeliveryStatus.UNCERTAIN)
    assert "Do not send it again yet" in bubble.data(Qt.ItemDataRole.ToolTipRole)
    team.set_status(pending.event_id, DeliveryStatus.UNCERTAIN, error_code=UNCONFIRMED)
    await until(lambda: bubble.data(MessageRole.ERROR_CODE) == UNCONFIRMED)
    assert "check with them" in bubble.data(Qt.ItemDataRole.ToolTipRole)
    team.set_status(pending.event_id, DeliveryStatus.READ)
    await until(lambda: bubble.data(MessageRole.STATUS) is DeliveryStatus.READ)
    assert bubble.data(Qt.ItemDataRole.ToolTipRole).startswith("Read")


@pytest.mark.asyncio
async def test_a_burst_larger_than_a_page_leaves_no_gap(team: FakeTeam, anna: FakeDesk) -> None:
    cid = long_conversation(team, anna, 60)
    model = make_model(anna, cid)
    model.start()
    await until(lambda: model.rowCount() == 50)
    for i in range(60, 130):  # 70 new messages: more than one page
        team.customer_writes("Sofia", f"message {i}", at=NOW - 1000 + i)
    await until(lambda: model.rowCount() == 120 and not model.busy)
    texts = [model.index(i).data() for i in range(model.rowCount())]
    assert texts == [f"message {i}" for i in range(10, 130)]


@pytest.mark.asyncio
async def test_changes_elsewhere_do_not_reload(team: FakeTeam, anna: FakeDesk) -> None:
    cid = long_conversation(team, anna, 3)
    model = make_model(anna, cid)
    model.start()
    await until(lambda: model.rowCount() == 3)
    calls = len(anna.calls)
    team.customer_writes("Someone else", "hi")
    await settle(0.15)  # longer than the coalescing interval
    assert not model.busy
    assert [c for c in anna.calls[calls:] if c.startswith("messages_page")] == []
