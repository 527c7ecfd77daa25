"""A created template's header, footer, link and call buttons (§17): Meta's limits, each
refused in its own words, and the template listed and sendable as created."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from app.simulator import Simulator, errors
from app.simulator.templates import TemplateRegistry, TemplateSpec

from .conftest import error_code, graph_call

PATH = "880000000000001/message_templates"
BODY = {"type": "BODY", "text": "Hi {{1}}.", "example": {"body_text": [["Lena"]]}}
HEADER = {"type": "HEADER", "format": "TEXT", "text": "Parcel {{1}}"}
HEADER["example"] = {"header_text": ["A-1042"]}
TRACK = {"type": "URL", "text": "Track", "url": "https://t.example/{{1}}", "example": ["A-1"]}
HELP = {"type": "URL", "text": "Help", "url": "https://example.com/help"}
CALL = {"type": "PHONE_NUMBER", "text": "Call us", "phone_number": "+4930123456"}


def creation(*parts: dict[str, Any], buttons: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    components: list[dict[str, Any]] = [*parts, BODY]
    if buttons is not None:
        components.append({"type": "BUTTONS", "buttons": buttons})
    return {
        "name": "parcel_parts",
        "language": "en_US",
        "category": "UTILITY",
        "components": components,
    }


def header(text: str, example: list[str] | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"type": "HEADER", "format": "TEXT", "text": text}
    if example is not None:
        found["example"] = {"header_text": example}
    return found


@pytest.mark.parametrize(
    ("body", "title"),
    [
        (creation(header("x" * 61)), "Header too long"),
        (creation(header("{{1}} {{2}}", ["a", "b"])), "Too many variables"),
        (creation(header("Parcel {{1}}")), "Missing sample values"),
        (creation({"type": "FOOTER", "text": "x" * 61}), "Footer too long"),
        (creation({"type": "FOOTER", "text": "Bye {{1}}"}), "Variables in footer"),
        (creation(buttons=[TRACK, HELP, {**HELP, "text": "More"}]), "Too many buttons"),
        (creation(buttons=[CALL, {**CALL, "text": "Again"}]), "Too many buttons"),
        (creation(buttons=[{**TRACK, "url": "https://t.example/{{1}}/x"}]), "Invalid URL"),
        (creation(buttons=[{**HELP, "url": "example.com"}]), "Invalid URL"),
        (creation(buttons=[{**TRACK, "example": []}]), "Missing sample values"),
        (creation(buttons=[{**CALL, "phone_number": "call me"}]), "Invalid phone number"),
    ],
    ids=[
        "long-header",
        "two-header-variables",
        "header-without-example",
        "long-footer",
        "footer-variable",
        "three-links",
        "two-calls",
        "variable-inside-url",
        "not-a-web-address",
        "url-without-example",
        "bad-phone",
    ],
)
@pytest.mark.asyncio
async def test_each_broken_limit_is_refused_in_metas_words(
    sim: Simulator, http: aiohttp.ClientSession, body: dict[str, Any], title: str
) -> None:
    before = len(sim.templates)
    status, answer = await graph_call(http, sim, "POST", PATH, body)
    assert (status, error_code(answer)) == (400, 100)
    assert (answer["error"]["error_subcode"], answer["error"]["error_user_title"]) == (
        2388040,
        title,
    )
    assert len(sim.templates) == before


@pytest.mark.asyncio
async def test_a_media_header_asks_for_the_handle_the_desk_does_not_upload(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    body = creation({"type": "HEADER", "format": "IMAGE"})
    status, answer = await graph_call(http, sim, "POST", PATH, body)
    assert (status, error_code(answer)) == (400, 100)
    assert "header_handle" in answer["error"]["error_data"]["details"]


@pytest.mark.asyncio
async def test_a_template_with_every_part_is_listed_and_sent_as_created(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    footer = {"type": "FOOTER", "text": "Acme Support"}
    body = creation(
        HEADER, footer, buttons=[{"type": "QUICK_REPLY", "text": "Thanks"}, TRACK, HELP, CALL]
    )
    status, _ = await graph_call(http, sim, "POST", PATH, body)
    assert status == 200
    _, listed = await graph_call(http, sim, "GET", f"{PATH}?name=parcel_parts")
    components = listed["data"][0]["components"]
    assert components[0] == {"type": "HEADER", "format": "TEXT", "text": "Parcel {{1}}"}
    assert components[2] == footer
    assert components[3]["buttons"][1:] == [
        {"type": "URL", "text": "Track", "url": "https://t.example/{{1}}"},
        {"type": "URL", "text": "Help", "url": "https://example.com/help"},
        {"type": "PHONE_NUMBER", "text": "Call us", "phone_number": "+4930123456"},
    ]


def _send(*buttons: dict[str, Any]) -> dict[str, Any]:
    text = [{"type": "text", "text": "A-1042"}]
    return {
        "name": "parcel_parts",
        "language": {"code": "en_US"},
        "components": [
            {"type": "header", "parameters": text},
            {"type": "body", "parameters": [{"type": "text", "text": "Lena"}]},
            *buttons,
        ],
    }


def test_only_the_link_with_a_variable_takes_a_parameter_at_send() -> None:
    spec = TemplateSpec(
        "parcel_parts",
        "en_US",
        "utility",
        body_params=1,
        header="text",
        header_params=1,
        buttons=("quick_reply", "url", "static_url", "phone_number"),
    )
    registry = TemplateRegistry((spec,), lambda _: None)
    link = {
        "type": "button",
        "sub_type": "url",
        "index": "1",
        "parameters": [{"type": "text", "text": "A-1"}],
    }
    assert registry.check(_send(link)).name == "parcel_parts"
    with pytest.raises(errors.GraphError) as refused:
        registry.check(_send(link, {**link, "index": "2"}))
    assert refused.value.code == errors.TEMPLATE_PARAM_COUNT
