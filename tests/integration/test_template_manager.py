"""Over the real hub: an admin creates a template from the desk, the gateway submits it to
the simulator, the admin's list shows it waiting for review while no picker offers it; once
Meta approves it, every desk's picker offers it with its title, footer, link and call buttons
(issue 10 item 4)."""

from __future__ import annotations

import pytest

from app.demo.stack import DemoStack
from app.domain.template_draft import TemplateDraft
from app.domain.template_parts import PhoneButton, UrlButton
from app.domain.templates import ButtonKind, template_params
from app.services.team_api import Submission
from tests.helpers.wait import until_async

pytestmark = pytest.mark.slow

DRAFT = TemplateDraft(
    "parcel_ready",
    "en_US",
    "UTILITY",
    "Hi {{1}}, parcel {{2}} is ready.",
    ("Lena", "A-1042"),
    header="Parcel {{1}}",
    header_example="A-1042",
    footer="Acme Support",
    links=(UrlButton("Track", "https://track.example.com/{{1}}", "A-1042"),),
    call=PhoneButton("Call us", "+4930123456"),
)


@pytest.mark.asyncio
async def test_an_admins_new_template_reaches_every_picker_once_approved(
    stack: DemoStack,
) -> None:
    sim = stack.simulator
    assert sim is not None
    sim.review_templates_after(None)  # Meta decides when the test says so
    anna, ben = stack.team_desks["Anna"], stack.team_desks["Ben"]

    submission = await anna.admin.create_template(DRAFT)
    assert submission.state is Submission.SUBMITTED
    created = next(t for t in sim.templates if t.name == "parcel_ready")
    assert submission.template_id == str(created.id)

    async def listed_as(status: str) -> bool:
        found = [t for t in await anna.admin.number_templates() if t.name == "parcel_ready"]
        return [t.status for t in found] == [status]

    await until_async(lambda: listed_as("PENDING"), within=15)
    picker = await anna.desk.session.templates()
    assert "parcel_ready" not in {t.name for t in picker}  # agents send approved ones only

    sim.set_template_status("parcel_ready", "en_US", "APPROVED", "NONE")

    async def offered_everywhere() -> bool:
        pickers = [await desk.desk.session.templates() for desk in (anna, ben)]
        return all("parcel_ready" in {t.name for t in picker} for picker in pickers)

    await until_async(offered_everywhere, within=15)
    assert await listed_as("APPROVED")
    offered = next(t for t in await ben.desk.session.templates() if t.name == "parcel_ready")
    assert (offered.header_text, offered.footer_text) == ("Parcel {{1}}", "Acme Support")
    assert [(b.kind, b.text) for b in offered.buttons] == [
        (ButtonKind.URL, "Track"),
        (ButtonKind.PHONE_NUMBER, "Call us"),
    ]
    # The agent fills the title's, the body's and the link's variable; the call takes none.
    assert [p.part.name for p in template_params(offered)] == ["HEADER", "BODY", "BODY", "BUTTON"]
