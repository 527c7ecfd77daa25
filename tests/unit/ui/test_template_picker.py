"""The template picker: pick, fill, preview, send; the composer turns into it when the 24-hour
window is closed, and "Template…" swaps it in while the window is open."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.domain.content import Template
from app.domain.model import Direction
from app.domain.templates import (
    ButtonKind,
    ParamFormat,
    Part,
    RenderedTemplate,
    TemplateButtonDef,
    TemplateDef,
    TemplateParam,
    TemplateRef,
)
from app.ui.content_text import describe
from app.ui.widgets.new_conversation import NewConversationDialog
from app.ui.widgets.template_picker import TemplatePicker
from app.ui.wording import failure_reason
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.wait import until
from tests.unit.ui.conftest import NOW
from tests.unit.ui.test_desk_window import open_conversation, open_window, press

ORDER = TemplateDef(
    "order_update",
    "en_US",
    "UTILITY",
    "APPROVED",
    ParamFormat.POSITIONAL,
    "TEXT",
    "Order {{1}}",
    "Hi {{2}}, your order {{1}} is on its way.",
    "Acme Support",
    (
        TemplateButtonDef(ButtonKind.URL, "Track parcel", "https://t.example/{{1}}"),
        TemplateButtonDef(ButtonKind.QUICK_REPLY, "Stop updates"),
    ),
)
WELCOME = TemplateDef(
    "welcome_back",
    "de",
    "MARKETING",
    "APPROVED",
    ParamFormat.NAMED,
    "",
    "",
    "Hallo {{first_name}}, schön, dass Sie wieder da sind!",
    "",
    (),
)
PAUSED = TemplateDef(
    "old_offer", "en_US", "MARKETING", "PAUSED", ParamFormat.POSITIONAL, "", "", "Hi", "", ()
)
HEADER_1 = TemplateParam(Part.HEADER, "1")
BODY_1, BODY_2 = TemplateParam(Part.BODY, "1"), TemplateParam(Part.BODY, "2")
LINK = TemplateParam(Part.BUTTON, "1", 0)


def test_filling_the_fields_updates_the_preview_and_enables_send(qtbot: QtBot) -> None:
    picker = TemplatePicker()
    qtbot.addWidget(picker)
    picker.set_templates((ORDER, WELCOME))
    assert picker.model.rowCount() == 2
    assert picker.choose(ORDER.ref)
    assert list(picker.values()) == [HEADER_1, BODY_1, BODY_2, LINK]
    assert picker.field(BODY_2).accessibleName() == "Text {{2}}"
    assert picker.field(LINK).accessibleName() == "Link of button “Track parcel”"
    assert "Hi {{2}}, your order {{1}}" in picker.preview.text()
    assert not picker.send_button.isEnabled()
    qtbot.keyClicks(picker.field(BODY_2), "Lena")
    qtbot.keyClicks(picker.field(BODY_1), "A-1042")
    assert picker.preview.body.text() == "Hi Lena, your order A-1042 is on its way."
    assert picker.preview.footer.text() == "Acme Support"
    assert "Track parcel" in picker.preview.buttons.text()
    assert not picker.send_button.isEnabled()  # the title and the link are still empty
    qtbot.keyClicks(picker.field(HEADER_1), "A-1042")
    qtbot.keyClicks(picker.field(LINK), "A-1042")
    assert picker.preview.header.text() == "Order A-1042"
    assert picker.send_button.isEnabled()
    with qtbot.waitSignal(picker.send_requested) as sent:
        qtbot.mouseClick(picker.send_button, Qt.MouseButton.LeftButton)
    ref, values = sent.args
    assert ref == TemplateRef("order_update", "en_US")
    assert values[BODY_2] == "Lena"


def test_enter_on_an_incomplete_template_marks_the_empty_fields(qtbot: QtBot) -> None:
    picker = TemplatePicker()
    qtbot.addWidget(picker)
    picker.set_templates((ORDER,))
    picker.choose(ORDER.ref)
    qtbot.keyClicks(picker.field(BODY_1), "A-1042")
    with qtbot.assertNotEmitted(picker.send_requested):
        qtbot.keyClick(picker.field(BODY_1), Qt.Key.Key_Return)
    assert picker.field(BODY_2).property("missing") is True
    assert not picker.field(BODY_1).property("missing")
    qtbot.keyClicks(picker.field(BODY_2), "Lena")
    assert picker.field(BODY_2).property("missing") is False


def test_search_narrows_the_list_and_named_fields_say_their_names(qtbot: QtBot) -> None:
    picker = TemplatePicker()
    qtbot.addWidget(picker)
    picker.set_templates((ORDER, WELCOME))
    qtbot.keyClicks(picker.search, "welc")
    assert picker.list.model().rowCount() == 1
    assert picker.choose(WELCOME.ref)
    [param] = picker.values()
    assert picker.field(param).accessibleName() == "first name"
    assert "de" in str(picker.list.model().index(0, 0).data())
    assert "Marketing" in str(picker.list.model().index(0, 0).data())


def next_tab_stop(widget: QWidget) -> QWidget:
    """Where Tab goes from `widget`: the next in the focus chain that takes Tab focus."""
    after = widget.nextInFocusChain()
    while not after.focusPolicy() & Qt.FocusPolicy.TabFocus:
        after = after.nextInFocusChain()
    return after


def test_the_keyboard_chooses_from_the_search_box_and_tabs_through_the_fields(
    qtbot: QtBot,
) -> None:
    picker = TemplatePicker()
    qtbot.addWidget(picker)
    picker.set_templates((ORDER, WELCOME))
    assert picker.template is None
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    first = picker.template
    assert first is not None
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    second = picker.template
    assert second is not None
    assert second != first
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)  # stays on the last
    assert picker.template == second
    qtbot.keyClick(picker.search, Qt.Key.Key_Up)
    assert picker.template == first
    qtbot.keyClicks(picker.search, "order")
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    assert picker.template == ORDER
    fields = [picker.field(p) for p in (HEADER_1, BODY_1, BODY_2, LINK)]
    chain = [picker.search, picker.list, *fields, picker.cancel_button, picker.send_button]
    for before, after in zip(chain, chain[1:], strict=False):
        assert next_tab_stop(before) is after
    picker.show()
    picker.activateWindow()
    picker.search.setFocus()
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)  # on to the first field, not sending
    assert picker.focusWidget() is fields[0]


def test_without_templates_the_picker_says_why(qtbot: QtBot) -> None:
    picker = TemplatePicker()
    qtbot.addWidget(picker)
    picker.set_templates(())
    assert picker.empty.isVisibleTo(picker)
    assert "gateway" in picker.empty.text()
    assert not picker.send_button.isEnabled()


# -- in the desk ------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_closed_window_turns_the_composer_into_the_picker_and_sends(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    team.set_templates((ORDER, WELCOME, PAUSED))
    cid = team.customer_writes("Maria", "Is my order coming?", at=NOW - 30 * 3600)
    team.assign(cid, anna.me)
    window = await open_window(qtbot, anna)
    await open_conversation(window, cid)
    flow = window.conversation.templates
    await until(lambda: flow.picker.model.rowCount() == 2)  # the paused one is not offered
    assert flow.showing
    assert not window.conversation.composer.isVisibleTo(window)
    assert not flow.picker.cancel_button.isVisibleTo(window)
    assert "24 hours" in flow.picker.hint.text()
    picker = flow.picker
    press(window, "Ctrl+R")  # Reply: where the agent writes now is the picker
    assert window.focusWidget() is picker.search
    picker.choose(WELCOME.ref)
    [param] = picker.values()
    qtbot.keyClicks(picker.field(param), "Maria")
    assert picker.preview.body.text() == "Hallo Maria, schön, dass Sie wieder da sind!"
    qtbot.mouseClick(picker.send_button, Qt.MouseButton.LeftButton)
    conversation = team.conversations[cid]
    await until(lambda: conversation.messages[-1].direction is Direction.OUTBOUND)
    sent = conversation.messages[-1].content
    assert isinstance(sent, Template)
    assert sent.rendered.body == "Hallo Maria, schön, dass Sie wieder da sind!"
    await until(lambda: picker.field(param).text() == "")  # ready for the next one
    model = window.conversation.model
    assert model is not None
    await until(lambda: model.rowCount() == 2)


@pytest.mark.asyncio
async def test_template_button_swaps_the_picker_in_while_the_window_is_open(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, ben: FakeDesk
) -> None:
    team.set_templates((ORDER,))
    cid = team.customer_writes("Maria", "Hello", at=NOW - 3600)
    window = await open_window(qtbot, anna)
    await open_conversation(window, cid)
    flow = window.conversation.templates
    assert not flow.showing
    assert not flow.button.isEnabled()  # not hers: claim first
    team.assign(cid, anna.me)
    await until(lambda: flow.button.isEnabled())
    qtbot.mouseClick(flow.button, Qt.MouseButton.LeftButton)
    assert flow.showing
    assert not window.conversation.composer.isVisibleTo(window)
    qtbot.mouseClick(flow.picker.cancel_button, Qt.MouseButton.LeftButton)
    assert not flow.showing
    assert window.conversation.composer.isVisibleTo(window)
    # A new catalogue from the gateway reaches the picker.
    team.set_templates((ORDER, WELCOME))
    await until(lambda: flow.picker.model.rowCount() == 2)


@pytest.mark.asyncio
async def test_new_conversation_by_number_opens_the_thread_it_started(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    team.set_templates((ORDER, WELCOME))
    window = await open_window(qtbot, anna)
    press(window, "Ctrl+N")
    dialog = window.findChild(NewConversationDialog)
    assert dialog is not None
    await until(lambda: dialog.picker.model.rowCount() == 2)
    dialog.picker.choose(WELCOME.ref)
    [param] = dialog.picker.values()
    qtbot.keyClicks(dialog.picker.field(param), "Lena")
    qtbot.keyClicks(dialog.number, "0151 2345678")  # no country code
    assert "country code" in dialog.number_problem.text()
    assert not dialog.picker.send_button.isEnabled()
    dialog.number.clear()
    qtbot.keyClicks(dialog.number, "+49 151 2345 6789")
    assert not dialog.number_problem.isVisibleTo(dialog)
    assert dialog.picker.send_button.isEnabled()
    qtbot.mouseClick(dialog.picker.send_button, Qt.MouseButton.LeftButton)
    await until(lambda: window.conversation.current_conversation is not None)
    cid = window.conversation.current_conversation
    assert cid is not None
    conversation = team.conversations[cid]
    assert (conversation.customer_wa_id, conversation.assignee) == ("4915123456789", anna.me)
    sent = conversation.messages[-1].content
    assert isinstance(sent, Template)
    assert sent.rendered.body.startswith("Hallo Lena")


@pytest.mark.asyncio
async def test_a_refused_start_says_why_in_the_dialog(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, ben: FakeDesk
) -> None:
    team.set_templates((WELCOME,))
    held = team.customer_writes("Lena", "hi", wa_id="4915123456789", at=NOW - 30 * 3600)
    team.assign(held, ben.me)
    window = await open_window(qtbot, anna)
    dialog = window.new_conversation()
    await until(lambda: dialog.picker.model.rowCount() == 1)
    dialog.picker.choose(WELCOME.ref)
    [param] = dialog.picker.values()
    qtbot.keyClicks(dialog.picker.field(param), "Lena")
    qtbot.keyClicks(dialog.number, "+49 151 23456789")
    qtbot.mouseClick(dialog.picker.send_button, Qt.MouseButton.LeftButton)
    await until(lambda: dialog.error.isVisibleTo(dialog))
    assert dialog.isVisible()
    assert len(team.conversations[held].messages) == 1  # nothing was sent


def test_a_sent_template_shows_as_a_card_with_its_words_and_metas_refusals_in_words() -> None:
    sent = Template(
        "order_update",
        "en_US",
        ParamFormat.POSITIONAL,
        (),
        RenderedTemplate("Order A-1", "Hi Lena", "Acme", ("Track parcel",)),
    )
    shown = describe(sent, "")
    [card] = shown.cards
    assert (card.icon, card.title, card.lines) == (
        "template",
        "Template “order_update”",
        ("[ Track parcel ]",),
    )
    assert shown.body == "Order A-1\nHi Lena\nAcme"
    assert "paused" in failure_reason(132015)
    assert "disabled" in failure_reason(132016)
    assert "language" in failure_reason(132001)
