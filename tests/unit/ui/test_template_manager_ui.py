"""The template manager on an admin's desk (issue 10 item 4): every template with category,
status and quality, and the "New template" form with Meta's rules, a live preview and Meta's
answer; the new template shows as waiting for review, then as Meta decided."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.admin_notice import (
    CREATION_REFUSED,
    CREATION_SUBMITTED,
    CREATION_UNREACHABLE,
    AdminNotice,
    NoticeTopic,
)
from app.domain.template_draft import TemplateDraft
from app.ui.app import create_desk_window
from app.ui.team.notices_panel import NoticesPanel
from app.ui.team.template_form import TemplateForm
from app.ui.team.templates_panel import TemplatesPanel
from tests.helpers.fake_desk import FakeDesk
from tests.helpers.fake_team import FakeTeamWorld, pending_template
from tests.helpers.wait import until
from tests.unit.ui.team_helpers import clock, team_world

pytestmark = pytest.mark.asyncio


def seeded() -> FakeTeamWorld:
    world = team_world()
    offer = TemplateDraft("spring_offer", "de", "MARKETING", "Frühling: {{1}} Rabatt", ("20 %",))
    order = TemplateDraft("order_update", "en_US", "UTILITY", "Order {{1}} shipped", ("A-1",))
    world.templates = [pending_template(offer), pending_template(order)]
    world.meta_reviews("order_update", "en_US", "APPROVED", "GREEN")
    world.meta_reviews("spring_offer", "de", "REJECTED")
    return world


async def open_panel(qtbot: QtBot, world: FakeTeamWorld, name: str) -> TemplatesPanel:
    panel = TemplatesPanel(world.admin(name))
    qtbot.addWidget(panel)
    panel.show()
    await until(lambda: panel.loaded > 0 or panel.error.isVisible())
    return panel


async def test_admins_see_every_template_with_status_and_quality(qtbot: QtBot) -> None:
    panel = await open_panel(qtbot, seeded(), "Anna Schmidt")
    assert panel.rows() == [
        ("order_update", "en_US", "Utility", "Approved", "High"),
        ("spring_offer", "de", "Marketing", "Rejected", "Not rated yet"),
    ]


async def test_agents_are_told_templates_are_for_admins(qtbot: QtBot) -> None:
    panel = await open_panel(qtbot, seeded(), "Ben Okafor")
    assert panel.error.text() == "Only admins manage the number's templates."
    assert not panel.new.isEnabled()


async def test_a_bad_name_and_a_missing_example_are_named_and_nothing_is_sent(
    qtbot: QtBot,
) -> None:
    world = seeded()
    panel = await open_panel(qtbot, world, "Anna Schmidt")
    form = panel.open_form()
    qtbot.keyClicks(form.name, "Parcel Ready")
    form.body.setPlainText("Hi {{1}}, parcel {{2}} is ready.")
    qtbot.keyClicks(form.examples[0], "Lena")
    assert form.examples[1].isVisible()
    assert not form.examples[2].isVisible()
    qtbot.mouseClick(form.submit, Qt.MouseButton.LeftButton)
    assert form.problems.text().splitlines() == [
        "Use only lowercase letters, digits and underscores in the name, such as order_ready.",
        "Give an example for every variable: Meta reviews them.",
    ]
    assert form.focusWidget() is form.name  # the first field to fix
    assert len(world.templates) == 2


async def test_a_new_template_is_submitted_then_shows_as_meta_decides(qtbot: QtBot) -> None:
    world = seeded()
    panel = await open_panel(qtbot, world, "Anna Schmidt")
    form = panel.open_form()
    qtbot.keyClicks(form.name, "parcel_ready")
    form.body.setPlainText("Hi {{1}}, parcel {{2}} is ready.")
    qtbot.keyClicks(form.examples[0], "Lena")
    qtbot.keyClicks(form.examples[1], "A-1042")
    qtbot.keyClicks(form.replies[0], "Thanks")
    assert form.preview.text() == "Hi Lena, parcel A-1042 is ready.\n[ Thanks ]"
    qtbot.keyClick(form.submit, Qt.Key.Key_Space)  # the keyboard reaches it too
    await until(lambda: form.answered == 1)
    assert form.outcome.text().startswith("Submitted. Meta reviews parcel_ready now")
    assert not form.submit.isEnabled()  # sent once
    await until(
        lambda: (
            ("parcel_ready", "en_US", "Utility", "Waiting for review", "Not rated yet")
            in panel.rows()
        )
    )
    world.meta_reviews("parcel_ready", "en_US", "APPROVED")
    await until(
        lambda: ("parcel_ready", "en_US", "Utility", "Approved", "Not rated yet") in panel.rows()
    )


async def test_metas_refusal_is_shown_in_its_words(qtbot: QtBot) -> None:
    panel = await open_panel(qtbot, seeded(), "Anna Schmidt")
    form = TemplateForm(panel.team)
    qtbot.addWidget(form)
    qtbot.keyClicks(form.name, "order_update")
    form.body.setPlainText("Your order is on its way.")
    form.send()
    await until(lambda: form.answered == 1)
    assert form.outcome.text() == (
        "Meta refused the template: Message template language already exists: "
        "Content in this language already exists for order_update."
    )
    assert form.submit.isEnabled()  # the admin may change the name and try again


async def test_a_closed_form_is_gone_and_the_next_starts_empty(qtbot: QtBot) -> None:
    panel = await open_panel(qtbot, seeded(), "Anna Schmidt")
    first = panel.open_form()
    assert panel.open_form() is first  # one at a time while open
    qtbot.keyClicks(first.name, "parcel_ready")
    first.close()
    second = panel.open_form()
    assert second is not first
    assert second.name.text() == ""
    assert second.submit.isEnabled()


@pytest.mark.parametrize(("name", "shown"), [("Anna Schmidt", True), ("Ben Okafor", False)])
async def test_the_desk_menu_offers_templates_to_admins_only(
    qtbot: QtBot, anna: FakeDesk, name: str, shown: bool
) -> None:
    world = seeded()
    window = create_desk_window(
        anna, business_name="Nordlicht", clock=clock, team=world.admin(name)
    )
    qtbot.addWidget(window)
    window.show()
    await until(lambda: window.notice_watch.loaded == 1)
    entry = next(a for a in window.actions() if a.text() == "T&emplates…")
    assert entry.isVisible() is shown
    if shown:
        entry.trigger()
        templates = window.team_windows.templates_window
        assert templates is not None
        assert isinstance(templates.panel, TemplatesPanel)


async def test_the_gateways_answers_read_in_the_notices(qtbot: QtBot) -> None:
    world = team_world()
    world.meta_tells_admins(
        AdminNotice(NoticeTopic.TEMPLATE_CREATION, CREATION_SUBMITTED, "parcel_ready", "en_US"),
        AdminNotice(
            NoticeTopic.TEMPLATE_CREATION,
            CREATION_REFUSED,
            "parcel_ready",
            "de",
            reason=CREATION_UNREACHABLE,
        ),
    )
    panel = NoticesPanel(world.admin("Anna Schmidt"))
    qtbot.addWidget(panel)
    panel.show()
    await until(lambda: panel.loaded > 0)
    assert [text.splitlines() for text in panel.texts()] == [
        [
            "Meta did not accept the new template parcel_ready (de) (new)",
            "Meta could not be reached; create the template again.",
        ],
        ["Template parcel_ready (en_US) was sent to Meta for review (new)"],
    ]
