"""The template list over real HTTP against the simulator (cloud-api.md §17), and the watch
that publishes it to the team only when it changed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
import pytest_asyncio

from app.domain.content import Template
from app.domain.templates import (
    ButtonKind,
    ParamFormat,
    Part,
    RenderedTemplate,
    TemplateButtonDef,
    TemplateDef,
    TemplateValue,
)
from app.gateway.graph import GraphClient, GraphConfig, template_object
from app.gateway.number import GraphProblem, ProblemKind
from app.gateway.parse import parse_webhook
from app.gateway.state import GatewayState
from app.gateway.template_watch import TemplateWatch
from app.gateway.templates import fetch_templates, fit_catalogue, read_page
from app.log.events import TemplateCatalogue
from app.simulator import Simulator, TemplateSpec

ORDER_EN = TemplateDef(
    "order_update",
    "en_US",
    "UTILITY",
    "APPROVED",
    ParamFormat.POSITIONAL,
    "",
    "",
    "Hi {{1}}, your order {{2}} is on its way. Reply here if anything is wrong.",
    "Acme Support",
    (),
    quality="UNKNOWN",
)


@pytest_asyncio.fixture
async def simulator() -> AsyncIterator[Simulator]:
    sim = Simulator()
    await sim.start()
    try:
        yield sim
    finally:
        await sim.stop()


@pytest_asyncio.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as http:
        yield http


def graph(sim: Simulator, token: str | None = None) -> GraphConfig:
    return GraphConfig(
        sim.base_url, sim.config.phone_number_id, token or sim.config.access_token, "v23.0"
    )


@pytest.mark.asyncio
async def test_every_page_is_read_in_metas_order(
    simulator: Simulator, session: aiohttp.ClientSession
) -> None:
    for n in range(7):
        simulator.add_template(TemplateSpec(f"extra_{n}", "en_US", "utility", body_params=1))
    found = await fetch_templates(session, graph(simulator), simulator.config.waba_id, 2)
    assert isinstance(found, tuple)
    names = [(t.name, t.language) for t in found]
    assert names == [(s.name, s.language) for s in simulator.templates]  # 12 over 6 pages
    simulator.set_template_quality("hello_world", "en_US", "RED")
    again = await fetch_templates(session, graph(simulator), simulator.config.waba_id)
    assert isinstance(again, tuple)
    assert again[0].quality == "RED"
    simulator.set_template_status("extra_0", "en_US", "PENDING")
    listed = await fetch_templates(session, graph(simulator), simulator.config.waba_id)
    assert isinstance(listed, tuple)
    assert ("extra_0", "PENDING") in [(t.name, t.status) for t in listed]  # not only approved
    assert len(names) == 12
    assert ORDER_EN in found
    promo = next(t for t in found if t.name == "seasonal_promotion")
    assert (promo.parameter_format, promo.header_format, promo.category) == (
        ParamFormat.NAMED,
        "IMAGE",
        "MARKETING",
    )
    code = next(t for t in found if t.name == "verification_code")
    assert code.buttons == (
        TemplateButtonDef(
            ButtonKind.URL, "Copy code", "https://example.com/verification_code/{{1}}"
        ),
    )


@pytest.mark.asyncio
async def test_a_refused_token_or_a_wrong_account_is_a_problem_not_an_empty_list(
    simulator: Simulator, session: aiohttp.ClientSession
) -> None:
    bad_token = await fetch_templates(session, graph(simulator, "nope"), simulator.config.waba_id)
    assert isinstance(bad_token, GraphProblem)
    assert bad_token.kind is ProblemKind.TOKEN_INVALID
    wrong = await fetch_templates(session, graph(simulator), "123")
    assert isinstance(wrong, GraphProblem)
    assert wrong.kind is ProblemKind.REJECTED


def test_items_without_name_are_dropped_and_oversized_texts_cut() -> None:
    page = read_page(
        {
            "data": [
                {"language": "en"},
                {
                    "name": "long",
                    "language": "en",
                    "components": [{"type": "BODY", "text": "x" * 5000}],
                },
            ],
            "paging": {"cursors": {"before": "a", "after": "b"}},
        }
    )
    assert not isinstance(page, GraphProblem)
    items, following = page
    assert following is None
    assert [len(t.body_text) for t in items] == [1024]


def test_a_catalogue_too_big_for_one_event_is_cut_in_metas_order() -> None:
    big = tuple(
        TemplateDef(
            f"t{n}", "en", "UTILITY", "APPROVED", ParamFormat.POSITIONAL, "", "", "é" * 1024, "", ()
        )
        for n in range(200)
    )
    kept = fit_catalogue(big)
    assert 0 < len(kept) < len(big)
    assert kept == big[: len(kept)]


# -- the watch ------------------------------------------------------------------------------


@pytest_asyncio.fixture
async def state(tmp_path: Path) -> AsyncIterator[GatewayState]:
    opened = GatewayState(tmp_path)
    await opened.open(b"T" * 16, b"G" * 16)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.mark.asyncio
async def test_the_catalogue_is_published_only_when_it_changed(
    simulator: Simulator, session: aiohttp.ClientSession, state: GatewayState
) -> None:
    published: list[TemplateCatalogue] = []

    async def publish(event: TemplateCatalogue) -> None:
        published.append(event)

    watch = TemplateWatch(state, publish, lambda: 1_000.0, page_limit=2)
    watch.use(session, graph(simulator))
    await watch.refresh()
    assert published == []  # no account yet: nothing to read
    # A signed webhook names the account (entry[].id), as every Meta webhook does.
    watch.on_webhook([simulator.config.waba_id], templates_changed=False)
    await watch.refresh()
    await watch.refresh()
    assert len(published) == 1
    assert [t.name for t in published[0].templates][:2] == ["hello_world", "order_update"]
    simulator.set_template_status("order_update", "en_US", "PAUSED", None)
    await watch.refresh()
    assert len(published) == 2
    paused = next(t for t in published[1].templates if t.ref == ORDER_EN.ref)
    assert paused.status == "PAUSED"
    simulator.set_template_quality("order_update", "en_US", "RED")
    await watch.refresh()
    assert len(published) == 3  # a new quality score alone is news for the admins' list
    assert next(t for t in published[2].templates if t.ref == ORDER_EN.ref).quality == "RED"
    # After a restart the same list is not published again: the state keeps its digest.
    again = TemplateWatch(state, publish, lambda: 2_000.0, account_id=simulator.config.waba_id)
    again.use(session, graph(simulator))
    await again.refresh()
    assert again.reads == 1
    assert len(published) == 3


def test_template_webhooks_ask_for_a_new_read_and_name_the_account() -> None:
    parsed = parse_webhook(
        {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "id": "880000000000001",
                    "time": 1767303000,
                    "changes": [
                        {
                            "field": "message_template_status_update",
                            "value": {"event": "PAUSED", "message_template_id": 1},
                        }
                    ],
                }
            ],
        }
    )
    assert parsed.templates_changed
    assert parsed.account_ids == ["880000000000001"]
    assert parsed.problems == []


# -- sending ----------------------------------------------------------------------------------


def _order(*values: str, name: str = "order_update") -> Template:
    given = tuple(TemplateValue(Part.BODY, str(n + 1), v) for n, v in enumerate(values))
    shown = RenderedTemplate("", "…", "", ())
    return Template(name, "en_US", ParamFormat.POSITIONAL, given, shown)


@pytest.mark.asyncio
async def test_a_template_goes_out_where_free_text_may_not(
    simulator: Simulator, session: aiohttp.ClientSession
) -> None:
    customer = simulator.add_customer("Lena", wa_id="4915112345678")  # never wrote: no window
    client = GraphClient(graph(simulator), session)
    refused = await client.send_text(customer.user_id, customer.wa_id or "", "hi", "cb")
    assert refused.error_code == 131047
    sent = await client.send_template(
        customer.user_id, customer.wa_id or "", _order("Lena", "A-1042"), "cb"
    )
    assert sent.wamid is not None
    [received] = simulator.received(customer.user_id)
    assert received.type == "template"
    assert received.content["components"] == [
        {
            "type": "body",
            "parameters": [{"type": "text", "text": "Lena"}, {"type": "text", "text": "A-1042"}],
        }
    ]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("template", "code"),
    [
        (_order("Lena"), 132000),
        (_order("Lena", "A-1", name="no_such_template"), 132001),
    ],
)
async def test_metas_template_refusals_come_back_as_their_codes(
    simulator: Simulator, session: aiohttp.ClientSession, template: Template, code: int
) -> None:
    customer = simulator.add_customer("Lena", wa_id="4915112345678")
    client = GraphClient(graph(simulator), session)
    answer = await client.send_template(customer.user_id, customer.wa_id or "", template, "cb")
    assert (answer.wamid, answer.error_code) == (None, code)


def test_named_parameters_and_url_suffixes_take_metas_shape() -> None:
    named = Template(
        "welcome",
        "de",
        ParamFormat.NAMED,
        (
            TemplateValue(Part.HEADER, "shop", "Acme"),
            TemplateValue(Part.BODY, "first_name", "Lena"),
            TemplateValue(Part.BUTTON, "1", "A-1042", 2),
        ),
        RenderedTemplate("", "", "", ()),
    )
    assert template_object(named) == {
        "name": "welcome",
        "language": {"code": "de"},
        "components": [
            {
                "type": "header",
                "parameters": [{"type": "text", "text": "Acme", "parameter_name": "shop"}],
            },
            {
                "type": "body",
                "parameters": [{"type": "text", "text": "Lena", "parameter_name": "first_name"}],
            },
            {
                "type": "button",
                "sub_type": "url",
                "index": "2",
                "parameters": [{"type": "text", "text": "A-1042"}],
            },
        ],
    }
