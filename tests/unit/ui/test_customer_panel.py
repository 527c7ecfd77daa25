"""The customer panel beside the conversation, over the fake desk: what it
says about the customer, its countdown, Ctrl+I, its width rule and earlier conversations."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain.content import Activity, ActivityKind
from app.domain.ids import ConversationId, DeviceId, EventId
from app.domain.model import DeliveryStatus
from app.domain.pricing import Pricing, PricingType
from app.domain.profile import Episode
from app.domain.rules import SERVICE_WINDOW_SECONDS
from app.ui.messages import MessageChannel
from app.ui.models.conversation_model import MessageRole
from app.ui.models.earlier_model import EarlierConversationsModel, EarlierRole
from app.ui.widgets.conversation_pane import ConversationPane
from app.ui.widgets.customer_panel import CustomerPanel
from app.ui.widgets.panel_toggle import PanelSetting
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.wait import until
from tests.unit.ui.conftest import NOW
from tests.unit.ui.test_desk_window import open_conversation, open_window, press

HOUR = 3600


@pytest.fixture(autouse=True)
def setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PanelSetting:
    """Each test keeps the panel choice in a file of its own."""
    saved = PanelSetting(tmp_path / "desk.ini")
    monkeypatch.setattr(PanelSetting, "for_user", classmethod(lambda cls: saved))
    return saved


async def open_pane(qtbot: QtBot, desk: FakeDesk, cid: ConversationId) -> ConversationPane:
    """The conversation pane alone, as wide as it is in a desk window of 1120 pixels."""
    pane = ConversationPane(desk, MessageChannel(), clock=lambda: desk.team.now)
    qtbot.addWidget(pane)
    unsubscribe = desk.subscribe(pane.apply_changes)  # the window's bridge does this
    pane.destroyed.connect(unsubscribe)
    pane.resize(780, 700)
    pane.show()
    pane.open(cid)
    await until(lambda: pane.detail is not None and pane.model is not None and not pane.model.busy)
    return pane


async def _shown(pane: ConversationPane) -> CustomerPanel:
    panel = pane.panel
    await until(lambda: panel.isVisible() and panel.profile is not None)
    return panel


@pytest.mark.asyncio
async def test_who_the_customer_is_and_what_to_mind(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    maria = team.customer_writes("Maria", "My parcel is late", wa_id="4915112345678", at=NOW - 600)
    team.set_opt_out(maria, True)
    for text in ("We are on it", "Your parcel left the depot"):
        team.agent_sent(maria, anna.me, text, DeliveryStatus.FAILED, error_code=131026)
    pane = await open_pane(qtbot, anna, maria)

    panel = await _shown(pane)

    assert panel.name.text() == "Maria"
    assert panel.identity.text() == "+49 151 1234 5678"
    assert panel.identity_note.isHidden()
    assert panel.opt_out.isVisible()
    assert panel.opt_out.text() == "Stopped marketing messages"
    assert panel.blocked.isVisible()
    assert panel.blocked.text() == (
        "The last 2 messages could not be delivered — the customer may have blocked this number."
    )
    assert panel.totals.text() == "3 messages in all"
    assert panel.first_contact.text().startswith("First contact: ")
    assert panel.earlier_empty.text() == "None yet: nothing was resolved before."

    # The customer writes again: they have not blocked us after all.
    team.customer_writes("Maria", "Sorry, my phone was off", at=NOW - 60)
    await until(lambda: panel.blocked.isHidden())


@pytest.mark.asyncio
async def test_a_username_customer_shows_the_id_and_why(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    cid = team.customer_writes("Kim", "hi", at=NOW - 60)
    panel = await _shown(await open_pane(qtbot, anna, cid))
    assert panel.identity.text() == str(team.conversations[cid].customer_id)
    assert panel.identity_note.text() == "Uses a WhatsApp username: the number is hidden."
    assert panel.opt_out.isHidden()
    assert panel.blocked.isHidden()


@pytest.mark.asyncio
async def test_the_countdown_moves_on_each_minute_until_the_window_closes(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    wrote = NOW - SERVICE_WINDOW_SECONDS + 3 * HOUR + 5 * 60
    cid = team.customer_writes("Maria", "hello", at=wrote)
    panel = await _shown(await open_pane(qtbot, anna, cid))
    assert panel.minute_timer.isActive()
    assert panel.minute_timer.interval() == 60_000
    assert panel.window_label.text() == "3 h 5 min left to reply"

    team.now += 2 * HOUR
    panel.minute_timer.timeout.emit()
    assert panel.window_label.text() == "1 h 5 min left to reply"

    team.now += 2 * HOUR
    panel.minute_timer.timeout.emit()
    assert panel.window_label.text() == "Window closed — only templates can be sent"


@pytest.mark.asyncio
async def test_ctrl_i_hides_and_shows_it_and_the_choice_is_kept(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, setting: PanelSetting
) -> None:
    cid = team.customer_writes("Maria", "hello", at=NOW - 60)
    window = await open_window(qtbot, anna)
    await open_conversation(window, cid)
    panel = await _shown(window.conversation)
    toggle = window.conversation.panel_toggle
    assert toggle.button.isVisible()
    assert toggle.button.accessibleName() == "Customer panel"

    press(window, "Ctrl+I")
    assert panel.isHidden()
    assert not setting.read()

    again = await open_window(qtbot, anna)  # a desk opened later remembers
    await open_conversation(again, cid)
    assert again.conversation.panel.isHidden()
    assert not again.conversation.panel_toggle.action.isChecked()

    qtbot.mouseClick(toggle.button, Qt.MouseButton.LeftButton)  # the header's button
    assert panel.isVisible()
    assert setting.read()


@pytest.mark.asyncio
async def test_it_steps_aside_when_the_thread_would_be_squeezed(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, setting: PanelSetting
) -> None:
    cid = team.customer_writes("Maria", "hello", at=NOW - 60)
    pane = await open_pane(qtbot, anna, cid)
    panel = await _shown(pane)
    toggle = pane.panel_toggle

    pane.resize(410, 700)  # two desks side by side on a small screen
    await until(lambda: panel.isHidden())
    assert not toggle.action.isEnabled()
    assert toggle.action.toolTip() == "Widen the window to see the customer panel"
    assert toggle.button.isHidden()  # the narrow header keeps its room
    assert setting.read()  # the agent's choice is not forgotten
    await until(lambda: pane.view.width() >= 400)  # the thread takes the room back

    pane.resize(900, 700)
    await until(lambda: panel.isVisible())
    assert toggle.action.isEnabled()
    assert toggle.button.isVisible()


@pytest.mark.asyncio
async def test_a_hidden_panel_asks_for_nothing_and_loads_when_shown(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, setting: PanelSetting
) -> None:
    setting.write(False)
    cid = team.customer_writes("Maria", "hello", at=NOW - 60)
    pane = await open_pane(qtbot, anna, cid)
    assert "customer_profile" not in anna.calls
    pane.panel_toggle.action.trigger()
    panel = await _shown(pane)
    assert panel.name.text() == "Maria"


@pytest.mark.asyncio
async def test_clicking_an_earlier_conversation_scrolls_the_thread_to_it(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    maria = team.customer_writes("Maria", "My parcel is late", at=NOW - 9 * HOUR)
    team.agent_sent(maria, anna.me, "It is on its way", DeliveryStatus.READ, at=NOW - 9 * HOUR)
    team.activity_line(maria, anna.me, Activity(ActivityKind.RESOLVED), at=NOW - 8 * HOUR)
    for n in range(130):  # the new conversation is more than two pages long
        team.customer_writes("Maria", f"question {n}", at=NOW - 7 * HOUR + n)
    pane = await open_pane(qtbot, anna, maria)
    panel = await _shown(pane)
    model = panel.earlier_model
    assert model.rowCount() == 1
    text = model.data(model.index(0, 0))
    assert text.splitlines()[1:] == ["Resolved by Anna · 2 messages", "“My parcel is late”"]
    [episode] = panel.profile.earlier if panel.profile else ()

    view = panel.earlier
    rect = view.visualRect(model.index(0, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    thread = pane.view

    def scrolled() -> bool:
        index = thread.currentIndex()
        return index.isValid() and bytes(index.data(MessageRole.EVENT_ID)) == episode.first_event_id

    await until(scrolled)
    assert thread.viewport().rect().intersects(thread.visualRect(thread.currentIndex()))


def test_the_earlier_list_is_a_sound_model(qtmodeltester: ModelTester) -> None:
    anna = DeviceId(b"A" * 16)
    episodes = tuple(
        Episode(
            first_event_id=EventId(bytes([n]) * 16),
            first_position=10 * n + 1,
            started_at=NOW - (n + 2) * 24 * HOUR,
            resolved_at=NOW - (n + 1) * 24 * HOUR,
            resolved_position=10 * n + 5,
            resolved_by=anna if n else None,
            message_count=n + 1,
            first_words="word " * 40 if n == 2 else "",
        )
        for n in range(3)
    )
    model = EarlierConversationsModel(lambda device: "Anna" if device == anna else "")
    model.show_first_page("Maria", episodes, False, None)
    qtmodeltester.check(model)
    first, second, third = (model.data(model.index(row, 0)).splitlines() for row in range(3))
    assert first[1:] == ["1 message"]  # nobody is named for a resolve we cannot attribute
    assert second[1:] == ["Resolved by Anna · 2 messages"]
    assert third[2].endswith("…”")  # long first words are cut
    assert len(third[2]) <= 82
    assert model.data(model.index(2, 0), EarlierRole.POSITION) == 21


@pytest.mark.asyncio
async def test_older_earlier_conversations_load_as_the_list_is_scrolled(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    maria = team.customer_writes("Maria", "question 0", at=NOW - 100 * HOUR)
    for n in range(45):
        team.activity_line(maria, anna.me, Activity(ActivityKind.RESOLVED), at=NOW - 99 * HOUR)
        team.customer_writes("Maria", f"question {n + 1}", at=NOW - 98 * HOUR + n)
    pane = await open_pane(qtbot, anna, maria)
    panel = await _shown(pane)
    model = panel.earlier_model
    assert model.rowCount() == 20  # the newest page comes with the profile

    view = panel.earlier
    while model.rowCount() < 45:
        rows = model.rowCount()
        view.scrollToBottom()
        await until(lambda rows=rows: model.rowCount() > rows)
    assert model.data(model.index(44, 0)).endswith("“question 0”")
    assert "earlier_conversations(" in " ".join(anna.calls)
    assert not model.canFetchMore(QModelIndex())  # the oldest is listed: no more to fetch


@pytest.mark.asyncio
async def test_the_panel_counts_what_meta_charged_by_label(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    maria = team.customer_writes("Maria", "Is the sofa back?", at=NOW - 600)
    pane = await open_pane(qtbot, anna, maria)
    panel = await _shown(pane)
    assert panel.costs.text() == "Nothing Meta charges for has been sent yet."

    offer = team.agent_sent(maria, anna.me, "Our winter sale")
    answer = team.agent_sent(maria, anna.me, "Yes, since Monday")
    team.priced(offer, Pricing("marketing", PricingType.REGULAR, billable=True))
    team.priced(answer, Pricing("service", PricingType.FREE_CUSTOMER_SERVICE, billable=False))

    await until(lambda: panel.costs.text().startswith("1 charged"))
    assert panel.costs.text().splitlines() == [
        "1 charged, 1 free",
        "1 × Marketing · charged",
        "1 × Free · service window",
    ]
