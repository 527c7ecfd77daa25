"""The phone-number node over loopback HTTP (cloud-api.md §9), and the badge rule."""

from __future__ import annotations

import json
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web

from app.domain.ids import NO_CONVERSATION
from app.domain.rules import business_badge
from app.gateway.graph import GraphConfig
from app.gateway.number import (
    FIELDS,
    GraphProblem,
    ProblemKind,
    badge,
    fetch_number_status,
    read_number_answer,
)
from app.log.events import NumberStatus
from app.sync import codec

from .payloads import PHONE_NUMBER_ID

TOKEN = "test-access-token"
NOW = 1767230000

# cloud-api.md §9's example answer, verbatim.
NODE = {
    "id": "770000000000001",
    "display_phone_number": "+49 30 555000",
    "verified_name": "Acme Support",
    "quality_rating": "GREEN",
    "name_status": "APPROVED",
    "code_verification_status": "VERIFIED",
    "is_official_business_account": False,
    "platform_type": "CLOUD_API",
    "throughput": {"level": "STANDARD"},
}
STATUS = NumberStatus(
    display_phone_number="+49 30 555000",
    verified_name="Acme Support",
    name_status="APPROVED",
    quality_rating="GREEN",
    is_official_business_account=False,
    throughput_level="STANDARD",
    messaging_limit="",
    at=NOW,
)


def graph_error(code: int, **extra: Any) -> dict[str, Any]:
    """Graph's error shape (cloud-api.md §7)."""
    return {
        "error": {
            "message": f"(#{code}) something",
            "type": "OAuthException",
            "code": code,
            "fbtrace_id": "AbC123xyz",
            **extra,
        }
    }


def assert_sealable(status: NumberStatus) -> None:
    assert codec.decode(codec.encode(status, NO_CONVERSATION, 0)).event == status


# -- the node over HTTP ----------------------------------------------------------------------


@dataclass
class FakeNode:
    """`GET /{version}/{phone-id}` on 127.0.0.1, answering as scripted and recording requests."""

    status: int = 200
    body: bytes = json.dumps(NODE).encode()
    content_type: str = "application/json"
    requests: list[tuple[str, dict[str, str], dict[str, str]]] = field(default_factory=list)
    url: str = ""

    def answer(self, status: int, answer: object) -> None:
        self.status, self.body = status, json.dumps(answer).encode()

    async def handle(self, request: web.Request) -> web.Response:
        self.requests.append((request.path, dict(request.headers), dict(request.query)))
        return web.Response(status=self.status, body=self.body, content_type=self.content_type)


@pytest_asyncio.fixture
async def node() -> AsyncIterator[FakeNode]:
    fake = FakeNode()
    app = web.Application()
    app.router.add_get("/{version}/{phone_id}", fake.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        fake.url = f"http://127.0.0.1:{runner.addresses[0][1]}"
        yield fake
    finally:
        await runner.cleanup()


@pytest_asyncio.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as http:
        yield http


def config(base_url: str) -> GraphConfig:
    return GraphConfig(base_url, PHONE_NUMBER_ID, TOKEN, version="v23.0")


@pytest.mark.asyncio
async def test_reads_the_node_with_the_fields_it_needs(
    node: FakeNode, session: aiohttp.ClientSession
) -> None:
    assert await fetch_number_status(session, config(node.url), NOW) == STATUS
    [(path, headers, query)] = node.requests
    assert path == f"/v23.0/{PHONE_NUMBER_ID}"
    assert headers["Authorization"] == f"Bearer {TOKEN}"
    assert set(query["fields"].split(",")) == {
        "display_phone_number",
        "verified_name",
        "name_status",
        "quality_rating",
        "is_official_business_account",
        "throughput",
        "whatsapp_business_manager_messaging_limit",
    }
    assert query["fields"] == FIELDS


@pytest.mark.asyncio
async def test_official_account_with_high_throughput_and_a_tier(
    node: FakeNode, session: aiohttp.ClientSession
) -> None:
    node.answer(200, {**NODE, "is_official_business_account": True, "throughput": {"level": "HIGH"},
                      "whatsapp_business_manager_messaging_limit": "TIER_10K"})  # fmt: skip
    status = await fetch_number_status(session, config(node.url + "/"), NOW)
    assert isinstance(status, NumberStatus)
    assert (status.is_official_business_account, status.throughput_level) == (True, "HIGH")
    assert status.messaging_limit == "TIER_10K"
    assert node.requests[0][0] == f"/v23.0/{PHONE_NUMBER_ID}"


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("http_status", "code", "kind", "retry"),
    [
        (401, 190, ProblemKind.TOKEN_INVALID, False),
        (200, 190, ProblemKind.TOKEN_INVALID, False),  # the code counts, not the HTTP status
        (429, 80007, ProblemKind.RATE_LIMITED, True),
        (400, 4, ProblemKind.RATE_LIMITED, True),
        (429, 17, ProblemKind.RATE_LIMITED, True),
        (403, 10, ProblemKind.PERMISSION, False),
        (403, 200, ProblemKind.PERMISSION, False),
        (500, 2, ProblemKind.UNAVAILABLE, True),
        (503, 131016, ProblemKind.UNAVAILABLE, True),
        (400, 100, ProblemKind.REJECTED, False),
        (400, 133010, ProblemKind.REJECTED, False),
    ],
)
async def test_graph_errors_branch_on_the_code(
    node: FakeNode,
    session: aiohttp.ClientSession,
    http_status: int,
    code: int,
    kind: ProblemKind,
    retry: bool,
) -> None:
    node.answer(http_status, graph_error(code))
    problem = await fetch_number_status(session, config(node.url), NOW)
    assert problem == GraphProblem(kind, code, "AbC123xyz")
    assert isinstance(problem, GraphProblem)
    assert problem.retry_later is retry


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("http_status", "body", "kind"),
    [
        (502, b"<html>Bad Gateway</html>", ProblemKind.NETWORK),
        (200, b"not json", ProblemKind.NETWORK),
        (200, b"\xff\xfe", ProblemKind.NETWORK),
        (200, b"[" * 100_000, ProblemKind.NETWORK),
        (200, b"[1, 2]", ProblemKind.BAD_ANSWER),
        (200, b"{}", ProblemKind.BAD_ANSWER),
        (200, b'{"id": "770000000000001"}', ProblemKind.BAD_ANSWER),
    ],
)
async def test_unusable_answers(
    node: FakeNode, session: aiohttp.ClientSession, http_status: int, body: bytes, kind: ProblemKind
) -> None:
    node.status, node.body = http_status, body
    assert await fetch_number_status(session, config(node.url), NOW) == GraphProblem(kind)


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port  # nothing listens here any more


@pytest.mark.asyncio
async def test_closed_port_is_a_network_problem(session: aiohttp.ClientSession) -> None:
    problem = await fetch_number_status(session, config(f"http://127.0.0.1:{_closed_port()}"), NOW)
    assert problem == GraphProblem(ProblemKind.NETWORK)
    assert isinstance(problem, GraphProblem)
    assert problem.retry_later


# -- reading answers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [{}, {"code": "190"}, {"code": True}, {"code": -1}, {"code": 1 << 40}, {"code": 190.0},
     {"code": None}],
)  # fmt: skip
def test_unreadable_error_codes_are_rejections_never_auth(error: dict[str, Any]) -> None:
    problem = read_number_answer({"error": error}, NOW)
    assert isinstance(problem, GraphProblem)
    assert (problem.kind, problem.code) == (ProblemKind.REJECTED, 0)


def test_graph_code_0_is_a_permission_problem() -> None:
    problem = read_number_answer({"error": {"code": 0}}, NOW)
    assert problem == GraphProblem(ProblemKind.PERMISSION, 0)


def test_odd_fields_are_read_as_empty_and_long_ones_cut() -> None:
    answer = {
        "display_phone_number": "+49 30 555000",
        "verified_name": "Ä" * 300 + "\ud800",
        "name_status": ["APPROVED"],
        "quality_rating": None,
        "is_official_business_account": "true",
        "throughput": "HIGH",
        "whatsapp_business_manager_messaging_limit": {"tier": "TIER_2K"},
    }
    status = read_number_answer(answer, NOW)
    assert isinstance(status, NumberStatus)
    assert 0 < len(status.verified_name.encode()) <= codec.MAX_ID
    assert (status.name_status, status.quality_rating, status.messaging_limit) == ("", "", "")
    assert status.is_official_business_account is False  # only a JSON true counts
    assert status.throughput_level == "HIGH"
    assert_sealable(status)


def test_the_example_answer_is_sealable() -> None:
    status = read_number_answer(NODE, NOW)
    assert isinstance(status, NumberStatus)
    assert_sealable(status)


# -- the badge rule (§9) ---------------------------------------------------------------------


def _status(name_status: str, official: bool = False, name: str = "Acme Support") -> NumberStatus:
    return NumberStatus("+49 30 555000", name, name_status, "GREEN", official, "STANDARD", "", NOW)


@pytest.mark.parametrize(
    ("name_status", "shown"),
    [
        ("APPROVED", "Acme Support"),
        ("AVAILABLE_WITHOUT_REVIEW", "Acme Support"),
        ("PENDING_REVIEW", "+49 30 555000"),
        ("DECLINED", "+49 30 555000"),
        ("EXPIRED", "+49 30 555000"),
        ("NONE", "+49 30 555000"),
        ("", "+49 30 555000"),
        ("approved", "+49 30 555000"),
    ],
)
@pytest.mark.parametrize("official", [False, True])
def test_badge_shows_the_name_only_once_approved(
    name_status: str, shown: str, official: bool
) -> None:
    status = _status(name_status, official)
    assert business_badge(status) == (shown, official)
    assert badge(status) == business_badge(status)


def test_approved_but_empty_name_shows_the_number() -> None:
    assert business_badge(_status("APPROVED", name="")) == ("+49 30 555000", False)


def test_blue_check_comes_only_from_the_official_account_flag() -> None:
    # An approved, verified name is not a badge (cloud-api.md §9).
    assert business_badge(_status("APPROVED", official=False))[1] is False
    assert business_badge(_status("PENDING_REVIEW", official=True))[1] is True
