"""The Graph client: answers read by code (cloud-api.md §7), sends over real loopback HTTP (§6)."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web

from app.domain.ids import NO_CONVERSATION, EventId, Wamid
from app.gateway.graph import NETWORK_ERROR, GraphClient, GraphConfig, SendResult, read_send_answer
from app.log.events import SendOutcome
from app.sync import codec

from .payloads import BSUID, PHONE, PHONE_NUMBER_ID

TOKEN = "test-access-token"
REENGAGEMENT_DETAILS = (
    "Message failed to send because more than 24 hours have passed since the customer last "
    "replied to this number."
)
SUCCESS = {
    "messaging_product": "whatsapp",
    "contacts": [{"input": "+4915112345678", "wa_id": PHONE}],
    "messages": [{"id": "wamid.OUT0006", "message_status": "accepted"}],
}


def graph_error(code: int, details: str = "", **extra: Any) -> dict[str, Any]:
    """Graph's error shape (cloud-api.md §7)."""
    error: dict[str, Any] = {
        "message": f"(#{code}) something",
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": "AbC123xyz",
        **extra,
    }
    if details:
        error["error_data"] = {"messaging_product": "whatsapp", "details": details}
    return {"error": error}


def assert_sealable(result: SendResult) -> None:
    """The gateway turns every result into a SendOutcome the log's codec must carry."""
    outcome = SendOutcome(
        reply_event_id=EventId(bytes(range(16))),
        wamid=Wamid(result.wamid) if result.wamid else None,
        error_code=result.error_code,
        error_detail=result.error_detail,
    )
    assert codec.decode(codec.encode(outcome, NO_CONVERSATION, 0)).event == outcome


# -- read_send_answer ------------------------------------------------------------------------


def test_success_gives_the_wamid() -> None:
    result = read_send_answer(SUCCESS)
    assert result == SendResult("wamid.OUT0006")
    assert not result.transient
    assert_sealable(result)


@pytest.mark.parametrize("status", [None, "accepted", "held_for_quality_assessment", "paused"])
def test_success_with_any_message_status(status: str | None) -> None:
    message: dict[str, Any] = {"id": "wamid.OUT0007"}
    if status is not None:
        message["message_status"] = status
    answer = {"messaging_product": "whatsapp", "messages": [message]}
    assert read_send_answer(answer).wamid == "wamid.OUT0007"


@pytest.mark.parametrize(
    ("code", "details", "transient"),
    [
        (131047, REENGAGEMENT_DETAILS, False),
        (131026, "Message undeliverable.", False),
        (190, "", False),
        (100, "Unexpected key.", False),
        (130429, "Rate limit hit", True),
        (131056, "Pair rate limit hit", True),
        (131000, "Something went wrong", True),
        (131016, "Service unavailable", True),
        (80007, "", True),
        (4, "", True),
        (131057, "", True),
    ],
)
def test_graph_errors_give_code_details_and_transience(
    code: int, details: str, transient: bool
) -> None:
    result = read_send_answer(graph_error(code, details))
    assert (result.wamid, result.error_code, result.error_detail) == (None, code, details)
    assert result.transient is transient
    assert_sealable(result)


def test_branching_ignores_message_text_and_is_transient() -> None:
    # `message` says rate limit, `is_transient` says yes: only `code` decides.
    answer = graph_error(131047, "x", is_transient=True)
    answer["error"]["message"] = "(#130429) Rate limit hit"
    result = read_send_answer(answer)
    assert (result.error_code, result.transient) == (131047, False)


@pytest.mark.parametrize(
    "answer",
    [
        None,
        [],
        "ok",
        42,
        {},
        {"messages": []},
        {"messages": [None]},
        {"messages": [{}]},
        {"messages": [{"id": ""}]},
        {"messages": [{"id": 7}]},
        {"messages": {"id": "wamid.X"}},
        {"messages": [{"id": "wamid." + "A" * 300}]},
        {"messages": [{"id": "wamid.\ud800"}]},
        {"error": "boom"},
    ],
)
def test_answers_without_a_usable_wamid_are_network_errors(answer: object) -> None:
    result = read_send_answer(answer)
    assert (result.wamid, result.error_code) == (None, NETWORK_ERROR)
    assert not result.transient
    assert_sealable(result)


@pytest.mark.parametrize(
    "error",
    [
        {},
        {"code": "131047"},
        {"code": True},
        {"code": -1},
        {"code": 1 << 40},
        {"code": 1.0},
        {"code": 131047, "error_data": "details"},
        {"code": 131047, "error_data": {"details": {"nested": True}}},
        {"code": 131047, "error_data": {"details": None}},
    ],
)
def test_odd_graph_errors_are_readable_and_sealable(error: dict[str, Any]) -> None:
    result = read_send_answer({"error": error})
    assert result.wamid is None
    assert result.error_code in (0, 131047)
    assert result.error_detail == ""
    assert_sealable(result)


def test_long_or_broken_details_are_cut_to_fit_the_log() -> None:
    result = read_send_answer(graph_error(131000, "ü" * 2000 + "\ud800"))
    assert 0 < len(result.error_detail.encode("utf-8")) <= codec.MAX_ID * 4
    assert_sealable(result)


def test_network_error_code_fits_the_log() -> None:
    assert 0 <= NETWORK_ERROR < 1 << 32
    assert_sealable(SendResult(None, NETWORK_ERROR, "ClientConnectorError"))


# -- GraphClient over real HTTP --------------------------------------------------------------


@dataclass
class FakeGraph:
    """A tiny Graph endpoint on 127.0.0.1 that records requests and plays a scripted answer."""

    status: int = 200
    body: bytes = json.dumps(SUCCESS).encode()
    content_type: str = "application/json"
    requests: list[tuple[str, dict[str, str], Any]] = field(default_factory=list)
    url: str = ""
    hold: bool = False
    """Answer only when `release` is set (for timeouts)."""
    release: asyncio.Event = field(default_factory=asyncio.Event)

    def answer(self, status: int, answer: object) -> None:
        self.status, self.body = status, json.dumps(answer).encode()

    async def handle(self, request: web.Request) -> web.Response:
        self.requests.append((request.path, dict(request.headers), await request.json()))
        if self.hold:
            await self.release.wait()
        return web.Response(status=self.status, body=self.body, content_type=self.content_type)


@pytest_asyncio.fixture
async def graph() -> AsyncIterator[FakeGraph]:
    fake = FakeGraph()
    app = web.Application()
    app.router.add_post("/{version}/{phone_id}/messages", fake.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        fake.url = f"http://127.0.0.1:{port}"
        yield fake
    finally:
        fake.release.set()
        await runner.cleanup()


@pytest_asyncio.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as http:
        yield http


def client(base_url: str, session: aiohttp.ClientSession) -> GraphClient:
    return GraphClient(GraphConfig(base_url, PHONE_NUMBER_ID, TOKEN, version="v23.0"), session)


@pytest.mark.asyncio
async def test_send_to_a_known_phone(graph: FakeGraph, session: aiohttp.ClientSession) -> None:
    result = await client(graph.url, session).send_text(BSUID, PHONE, "Your order shipped", "cb-7")
    assert result == SendResult("wamid.OUT0006")
    [(path, headers, body)] = graph.requests
    assert path == f"/v23.0/{PHONE_NUMBER_ID}/messages"
    assert headers["Authorization"] == f"Bearer {TOKEN}"
    assert headers["Content-Type"].startswith("application/json")
    assert body["messaging_product"] == "whatsapp"
    assert body["to"] == PHONE
    assert "recipient" not in body
    assert body["type"] == "text"
    assert body["text"]["body"] == "Your order shipped"
    assert body["biz_opaque_callback_data"] == "cb-7"


@pytest.mark.asyncio
async def test_send_to_a_username_customer_uses_the_bsuid(
    graph: FakeGraph, session: aiohttp.ClientSession
) -> None:
    result = await client(graph.url, session).send_text(BSUID, "", "Grüße 👍", "cb-8")
    assert result.wamid == "wamid.OUT0006"
    [(_, headers, body)] = graph.requests
    assert headers["Authorization"] == f"Bearer {TOKEN}"
    assert body["recipient"] == BSUID
    assert "to" not in body
    assert body["messaging_product"] == "whatsapp"
    assert body["text"]["body"] == "Grüße 👍"
    assert body["biz_opaque_callback_data"] == "cb-8"


@pytest.mark.asyncio
async def test_base_url_with_a_trailing_slash(
    graph: FakeGraph, session: aiohttp.ClientSession
) -> None:
    result = await client(graph.url + "/", session).send_text(BSUID, PHONE, "hi", "cb")
    assert result.wamid == "wamid.OUT0006"
    assert graph.requests[0][0] == f"/v23.0/{PHONE_NUMBER_ID}/messages"


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("http_status", "code", "details", "transient"),
    [
        (400, 131047, REENGAGEMENT_DETAILS, False),
        (401, 190, "", False),
        (400, 130429, "Rate limit hit", True),
        (400, 131056, "Pair rate limit hit", True),
        (400, 131026, "Message undeliverable.", False),
        (500, 131000, "Something went wrong", True),
        (503, 131016, "Service unavailable", True),
        (200, 131047, REENGAGEMENT_DETAILS, False),  # the code counts, not the HTTP status
    ],
)
async def test_graph_error_answers(
    graph: FakeGraph,
    session: aiohttp.ClientSession,
    http_status: int,
    code: int,
    details: str,
    transient: bool,
) -> None:
    graph.answer(http_status, graph_error(code, details))
    result = await client(graph.url, session).send_text(BSUID, PHONE, "hi", "cb")
    assert (result.wamid, result.error_code, result.error_detail) == (None, code, details)
    assert result.transient is transient


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("http_status", "body", "content_type"),
    [
        (502, b"<html>Bad Gateway</html>", "text/html"),
        (200, b"not json", "application/json"),
        (200, b"", "application/json"),
        (200, b'{"messages": [', "application/json"),
        (200, b"\xff\xfe\x00", "application/json"),
        (200, b"[1, 2]", "application/json"),
    ],
)
async def test_non_json_answers_are_network_errors(
    graph: FakeGraph,
    session: aiohttp.ClientSession,
    http_status: int,
    body: bytes,
    content_type: str,
) -> None:
    graph.status, graph.body, graph.content_type = http_status, body, content_type
    result = await client(graph.url, session).send_text(BSUID, PHONE, "hi", "cb")
    assert (result.wamid, result.error_code) == (None, NETWORK_ERROR)
    assert not result.transient
    assert len(graph.requests) == 1


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port  # nothing listens here any more


@pytest.mark.asyncio
async def test_closed_port_is_a_network_error(session: aiohttp.ClientSession) -> None:
    result = await client(f"http://127.0.0.1:{_closed_port()}", session).send_text(
        BSUID, PHONE, "hi", "cb"
    )
    assert (result.wamid, result.error_code) == (None, NETWORK_ERROR)
    assert result.error_detail  # the exception's class name, never the request
    assert not result.transient
    assert_sealable(result)


@pytest.mark.asyncio
async def test_timeout_is_a_network_error(graph: FakeGraph) -> None:
    graph.hold = True
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=0.2)) as impatient:
        result = await client(graph.url, impatient).send_text(BSUID, PHONE, "hi", "cb")
    assert (result.wamid, result.error_code) == (None, NETWORK_ERROR)
    assert len(graph.requests) == 1
