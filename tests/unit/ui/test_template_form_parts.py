"""The "New template" form's title, footer, link and call buttons (issue 10 item 4): Meta's
limits named in one sentence each before anything is sent, a preview with every part, and
the draft that reaches the desk's service with all of them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.template_parts import PhoneButton
from app.domain.templates import ButtonKind, TemplateDef
from app.ui.team.template_form import TemplateForm
from app.ui.team.templates_panel import TemplatesPanel
from tests.helpers.wait import until
from tests.unit.ui.team_helpers import team_world

pytestmark = pytest.mark.asyncio


async def open_form(qtbot: QtBot) -> tuple[TemplatesPanel, TemplateForm, list[TemplateDef]]:
    world = team_world()
    panel = TemplatesPanel(world.admin("Anna Schmidt"))
    qtbot.addWidget(panel)
    panel.show()
    await until(lambda: panel.loaded > 0)
    form = panel.open_form()
    qtbot.keyClicks(form.name, "parcel_ready")
    form.body.setPlainText("Hi {{1}}, your parcel is ready.")
    qtbot.keyClicks(form.examples[0], "Lena")
    return panel, form, world.templates  # the panel owns the form: keep it alive


async def test_every_part_shows_in_the_preview_and_reaches_meta(qtbot: QtBot) -> None:
    _panel, form, templates = await open_form(qtbot)
    assert not form.header_example.isVisible()
    qtbot.keyClicks(form.header, "Parcel {{1}}")
    assert form.header_example.isVisible()  # asked for only once the title has a variable
    qtbot.keyClicks(form.header_example, "A-1042")
    qtbot.keyClicks(form.footer, "Acme Support")
    qtbot.keyClicks(form.replies[0], "Thanks")
    track, help_link = form.buttons.links
    qtbot.keyClicks(track.text, "Track")
    qtbot.keyClicks(track.url, "https://track.example.com/{{1}}")
    qtbot.keyClicks(track.example, "A-1042")
    qtbot.keyClicks(help_link.text, "Help")
    qtbot.keyClicks(help_link.url, "https://example.com/help")
    assert not help_link.example.isEnabled()  # a static address takes no example
    qtbot.keyClicks(form.buttons.call_text, "Call us")
    qtbot.keyClicks(form.buttons.call_number, "+49 30 123456")
    assert form.preview.text().splitlines() == [
        "Parcel A-1042",
        "Hi Lena, your parcel is ready.",
        "Acme Support",
        "[ Thanks ]  [ ↗ Track ]  [ ↗ Help ]  [ ✆ Call us ]",
    ]
    assert form.draft().call == PhoneButton("Call us", "+4930123456")  # spaces dropped
    qtbot.mouseClick(form.submit, Qt.MouseButton.LeftButton)
    await until(lambda: form.answered == 1)
    assert form.outcome.text().startswith("Submitted.")
    created = templates[-1]
    assert (created.header_text, created.footer_text) == ("Parcel {{1}}", "Acme Support")
    assert [(b.kind, b.text) for b in created.buttons] == [
        (ButtonKind.QUICK_REPLY, "Thanks"),
        (ButtonKind.URL, "Track"),
        (ButtonKind.URL, "Help"),
        (ButtonKind.PHONE_NUMBER, "Call us"),
    ]


async def test_broken_limits_are_named_and_the_first_is_focused(qtbot: QtBot) -> None:
    _panel, form, templates = await open_form(qtbot)
    before = len(templates)
    qtbot.keyClicks(form.header, "Parcel {{1}}")
    qtbot.keyClicks(form.footer, "Bye {{1}}")
    link = form.buttons.links[0]
    qtbot.keyClicks(link.text, "Track")
    qtbot.keyClicks(link.url, "track.example.com/{{1}}")
    qtbot.keyClicks(form.buttons.call_text, "Call us")
    qtbot.keyClicks(form.buttons.call_number, "030 123456")
    qtbot.mouseClick(form.submit, Qt.MouseButton.LeftButton)
    assert form.problems.text().splitlines() == [
        "Give an example for the title's {{1}}.",
        "Remove the variables from the footer: Meta allows none.",
        "Give each link a web address starting with https:// (at most 2000 characters); "
        "a variable may only be {{1}} at its very end.",
        "Give an example for the {{1}} at the end of each link.",
        "Give the call button's number with its country code, such as +4930123456.",
    ]
    assert form.focusWidget() is form.header_example
    assert len(templates) == before  # nothing went to Meta
