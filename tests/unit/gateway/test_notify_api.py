"""The notification API over real HTTP on loopback: tokens, clear errors, one send per key."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from aiohttp.test_utils import TestServer

from app.crypto.api_token import new_token, token_hash
from app.gateway.api_tokens import TokenBook
from app.gateway.notify_api import NotificationApi
from app.log.events import ApiToken
from tests.unit.gateway.test_notify_send import FakeGraph, Rig, rig_in

SECRET = new_token(os.urandom)


@pytest_asyncio.fixture
async def api(tmp_path: Path) -> AsyncIterator[tuple[str, Rig, TokenBook]]:
    async with rig_in(tmp_path, FakeGraph()) as rig:
        tokens = TokenBook(rig.store)
        await tokens.apply(ApiToken(b"E" * 16, "Shop ERP", token_hash(SECRET), False, 1))
        app = web.Application()
        NotificationApi(tokens, rig.sender, rig.bulk).install(app)
        server = TestServer(app, host="127.0.0.1")
        await server.start_server()
        try:
            yield str(server.make_url("/v1/notifications")), rig, tokens
        finally:
            await server.close()


async def post(url: str, body: Any, token: str | None = SECRET) -> tuple[int, Any]:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    async with aiohttp.ClientSession() as http, http.post(url, data=body, headers=headers) as r:
        return r.status, await r.json()


ORDER = (
    b'{"to": "+4915100000001", "template": {"name": "order_update", "language": "en_US", '
    b'"parameters": ["Lena", "A-1"]}, "idempotency_key": "A-1"}'
)


@pytest.mark.asyncio
async def test_no_token_an_unknown_one_and_a_revoked_one_get_401(
    api: tuple[str, Rig, TokenBook],
) -> None:
    url, rig, tokens = api
    for token in (None, new_token(os.urandom), "Basic abc"):
        status, body = await post(url, ORDER, token)
        assert (status, body["error"]["code"]) == (401, "unauthorized")
    await tokens.apply(ApiToken(b"E" * 16, "Shop ERP", bytes(32), True, 2))
    assert (await post(url, ORDER))[0] == 401
    assert rig.graph.sent == []


@pytest.mark.asyncio
async def test_a_malformed_body_gets_400_and_an_unknown_template_422(
    api: tuple[str, Rig, TokenBook],
) -> None:
    url, rig, _ = api
    status, body = await post(url, b"{not json")
    assert (status, body["error"]["code"]) == (400, "invalid_json")
    status, body = await post(url, ORDER.replace(b"+4915100000001", b"nobody"))
    assert status == 400
    assert body["error"]["message"].startswith("'to' must be a phone number")
    status, body = await post(url, ORDER.replace(b"order_update", b"no_such"))
    assert (status, body["error"]["code"]) == (422, "template_not_approved")
    assert rig.graph.sent == []


@pytest.mark.asyncio
async def test_a_retried_request_is_answered_alike_and_sent_once(
    api: tuple[str, Rig, TokenBook],
) -> None:
    url, rig, _ = api
    first, again = await post(url, ORDER), await post(url, ORDER)
    assert first == again
    assert first[0] == 200
    assert len(rig.graph.sent) == 1


@pytest.mark.asyncio
async def test_a_bulk_job_is_found_by_its_system_only(api: tuple[str, Rig, TokenBook]) -> None:
    url, _, tokens = api
    bulk = (
        b'{"template": {"name": "order_update", "language": "en_US"}, "recipients": '
        b'[{"to": "+4915100000002", "parameters": ["Ada", "7"]}], "idempotency_key": "b"}'
    )
    status, body = await post(url + "/bulk", bulk)
    assert status == 202
    other = new_token(os.urandom)
    await tokens.apply(ApiToken(b"O" * 16, "Warehouse", token_hash(other), False, 1))
    async with aiohttp.ClientSession() as http:
        headers = {"Authorization": f"Bearer {other}"}
        async with http.get(f"{url}/bulk/{body['id']}", headers=headers) as response:
            assert response.status == 404
