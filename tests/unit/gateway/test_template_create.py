"""An admin's new template, created at the simulator over real HTTP (cloud-api.md §17): the
gateway posts Meta's shape once per request and answers with Meta's verdict or words."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import aiohttp
import pytest
import pytest_asyncio

from app.domain.admin_notice import (
    CREATION_REFUSED,
    CREATION_SUBMITTED,
    AdminNotice,
    NoticeTopic,
)
from app.domain.ids import DeviceId, EventId
from app.domain.template_draft import TemplateDraft
from app.domain.template_parts import PhoneButton, UrlButton
from app.domain.templates import ButtonKind
from app.gateway.graph import GraphConfig
from app.gateway.sealing import OpenedTemplateRequest
from app.gateway.state import GatewayState
from app.gateway.template_create import NO_ACCOUNT, TemplateCreator, graph_body, read_answer
from app.gateway.templates import read_template
from app.simulator import Simulator, SimulatorConfig
from app.simulator.graph_templates import graph_item
from tests.conformance import load_send

DRAFT = TemplateDraft(
    "parcel_ready",
    "en_US",
    "UTILITY",
    "Hi {{1}}, parcel {{2}} is ready.",
    ("Lena", "A-1042"),
    ("Thanks", "Call me"),
)


@pytest_asyncio.fixture
async def simulator() -> AsyncIterator[Simulator]:
    sim = Simulator(SimulatorConfig(template_review_delay=None))
    await sim.start()
    try:
        yield sim
    finally:
        await sim.stop()


@pytest_asyncio.fixture
async def state(tmp_path: Path) -> AsyncIterator[GatewayState]:
    opened = GatewayState(tmp_path)
    await opened.open(b"T" * 16, b"G" * 16)
    try:
        yield opened
    finally:
        await opened.close()


class Harness:
    def __init__(self, sim: Simulator, state: GatewayState, http: aiohttp.ClientSession) -> None:
        self.notices: list[AdminNotice] = []
        self.rereads = 0
        self.account = sim.config.waba_id
        graph = GraphConfig(sim.base_url, sim.config.phone_number_id, sim.config.access_token)
        self.creator = TemplateCreator(
            state, lambda: (http, graph, self.account), self._publish, self._reread
        )

    async def _publish(self, notice: AdminNotice) -> None:
        self.notices.append(notice)

    def _reread(self) -> None:
        self.rereads += 1


@pytest_asyncio.fixture
async def harness(simulator: Simulator, state: GatewayState) -> AsyncIterator[Harness]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as http:
        yield Harness(simulator, state, http)


def request(draft: TemplateDraft, n: int = 1) -> OpenedTemplateRequest:
    return OpenedTemplateRequest(draft, DeviceId(b"A" * 16), EventId(bytes([n]) * 16))


def test_the_request_takes_metas_shape() -> None:
    body = graph_body(DRAFT)
    assert body["components"][0]["example"] == {"body_text": [["Lena", "A-1042"]]}
    assert body["components"][1]["buttons"][1] == {"type": "QUICK_REPLY", "text": "Call me"}
    assert (
        "example" not in graph_body(TemplateDraft("hi", "de", "UTILITY", "Hallo"))["components"][0]
    )


@pytest.mark.asyncio
async def test_a_created_template_is_submitted_once_and_the_list_read_again(
    harness: Harness, simulator: Simulator
) -> None:
    await harness.creator.on_request(request(DRAFT))
    await harness.creator.on_request(request(DRAFT))  # the replay at the next start
    (notice,) = harness.notices
    created = next(t for t in simulator.templates if t.name == "parcel_ready")
    assert (notice.topic, notice.event, notice.current) == (
        NoticeTopic.TEMPLATE_CREATION,
        CREATION_SUBMITTED,
        str(created.id),
    )
    assert notice.previous == (b"\x01" * 16).hex()
    assert created.status == "PENDING"
    assert created.button_texts == ("Thanks", "Call me")
    assert harness.rereads == 1


@pytest.mark.asyncio
async def test_metas_refusal_comes_back_in_its_own_words(harness: Harness) -> None:
    await harness.creator.on_request(
        request(TemplateDraft("order_update", "en_US", "UTILITY", "Hi"))
    )
    (notice,) = harness.notices
    assert (notice.event, notice.code) == (CREATION_REFUSED, 2388024)
    assert notice.reason == "Message template language already exists"
    assert "already exists" in notice.detail
    assert harness.rereads == 0


@pytest.mark.asyncio
async def test_without_a_business_account_nothing_is_posted(
    harness: Harness, simulator: Simulator
) -> None:
    harness.account = ""
    before = len(simulator.templates)
    await harness.creator.on_request(request(DRAFT))
    assert (harness.notices[0].event, harness.notices[0].reason) == (CREATION_REFUSED, NO_ACCOUNT)
    assert len(simulator.templates) == before


@pytest.mark.parametrize(
    ("case", "event", "code"),
    [
        ("template_create", CREATION_SUBMITTED, 0),
        ("error_100_template_name", CREATION_REFUSED, 2388040),
        ("error_100_template_duplicate", CREATION_REFUSED, 2388024),
    ],
)
def test_the_conformance_answers_read_as_notices(case: str, event: str, code: int) -> None:
    sent = load_send(case)
    asked = {**sent["request"]["body"], "name": "parcel_ready"}  # one case varies the name
    assert asked == graph_body(DRAFT_OF_CORPUS)  # the corpus holds the gateway's own request
    notice = read_answer(DRAFT_OF_CORPUS, sent["response"]["body"], "ab" * 16)
    assert (notice.event, notice.code, notice.subject) == (event, code, "parcel_ready")
    if event == CREATION_REFUSED:
        error = sent["response"]["body"]["error"]
        assert (notice.reason, notice.detail) == (
            error["error_user_title"],
            error["error_user_msg"],
        )
    else:
        assert notice.current == sent["response"]["body"]["id"]


DRAFT_OF_CORPUS = TemplateDraft(
    "parcel_ready",
    "en_US",
    "UTILITY",
    "Hi {{1}}, parcel {{2}} is ready for pick-up.",
    ("Lena", "A-1042"),
    ("Thanks", "Call me"),
)


FULL = replace(
    DRAFT,
    header="Parcel {{1}}",
    header_example="A-1042",
    footer="Acme Support",
    links=(
        UrlButton("Track", "https://track.example.com/{{1}}", "A-1042"),
        UrlButton("Help", "https://example.com/help"),
    ),
    call=PhoneButton("Call us", "+4930123456"),
)


def test_header_footer_links_and_call_take_metas_shape() -> None:
    header, _, footer, buttons = graph_body(FULL)["components"]
    assert header == {
        "type": "HEADER",
        "format": "TEXT",
        "text": "Parcel {{1}}",
        "example": {"header_text": ["A-1042"]},
    }
    assert footer == {"type": "FOOTER", "text": "Acme Support"}
    assert buttons["buttons"][2:] == [
        {
            "type": "URL",
            "text": "Track",
            "url": "https://track.example.com/{{1}}",
            "example": ["A-1042"],
        },
        {"type": "URL", "text": "Help", "url": "https://example.com/help"},
        {"type": "PHONE_NUMBER", "text": "Call us", "phone_number": "+4930123456"},
    ]


@pytest.mark.asyncio
async def test_a_template_with_every_part_is_created_and_listed_back_for_agents(
    harness: Harness, simulator: Simulator
) -> None:
    await harness.creator.on_request(request(FULL))
    assert [n.event for n in harness.notices] == [CREATION_SUBMITTED]
    created = next(t for t in simulator.templates if t.name == "parcel_ready")
    listed = read_template(graph_item(created))
    assert listed is not None
    assert (listed.header_format, listed.header_text, listed.footer_text) == (
        "TEXT",
        "Parcel {{1}}",
        "Acme Support",
    )
    assert [(b.kind, b.text, b.url) for b in listed.buttons] == [
        (ButtonKind.QUICK_REPLY, "Thanks", ""),
        (ButtonKind.QUICK_REPLY, "Call me", ""),
        (ButtonKind.URL, "Track", "https://track.example.com/{{1}}"),
        (ButtonKind.URL, "Help", "https://example.com/help"),
        (ButtonKind.PHONE_NUMBER, "Call us", ""),
    ]


@pytest.mark.asyncio
async def test_the_simulator_refuses_what_the_desk_would_have_caught(harness: Harness) -> None:
    """The gateway posts what it is given; Meta's check is the last word (here: a footer
    variable an older or broken desk let through)."""
    await harness.creator.on_request(request(replace(DRAFT, footer="Bye {{1}}")))
    (notice,) = harness.notices
    assert (notice.event, notice.code, notice.reason) == (
        CREATION_REFUSED,
        2388040,
        "Variables in footer",
    )
