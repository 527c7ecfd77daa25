"""A gateway whose guard keeps being beaten by the team's other gateway still publishes.

Both gateways guard each run's first envelope with the last sequence on the shared `.in`. Here
the other gateway really publishes a record just before each of the first gateway's guarded
attempts, eight times in a row: the first gateway reads them, steps over them (they are a
colleague's, not an attack) and tries again, instead of answering Meta 503 after five.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import time
from pathlib import Path
from typing import Any, cast

import aiohttp
import pytest

from app.demo.stack import DemoStack
from app.domain.content import Text
from app.domain.ids import CustomerId, Wamid
from app.gateway.service import Gateway
from app.log.events import CustomerMessage
from app.sync.transport import PublishAck, Transport
from tests.helpers.gateways import second_gateway
from tests.helpers.wait import until

pytestmark = [pytest.mark.slow, pytest.mark.fast_loop]  # the gateway runs on uvloop

BEATEN = 8
"""Guarded attempts in a row that the other gateway's record beats (more than the 5 allowed
for a stranger's records)."""


class _Beaten:
    """The first gateway's own connection, but the other gateway publishes just before each of
    its first BEATEN guarded publishes (a real record on the hub, as at full rate)."""

    def __init__(self, transport: Transport, other: Gateway) -> None:
        self._transport = transport
        self._other = other
        self.beaten = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)

    async def publish(
        self,
        subject: str,
        data: bytes,
        *,
        msg_id: str,
        expected_last_subject_seq: int | None = None,
    ) -> PublishAck:
        if expected_last_subject_seq is not None and self.beaten < BEATEN:
            self.beaten += 1
            await self._other._publisher.publish(_message(f"wamid.OTHER{self.beaten}"))  # noqa: SLF001
        return await self._transport.publish(
            subject, data, msg_id=msg_id, expected_last_subject_seq=expected_last_subject_seq
        )


def _message(wamid: str) -> CustomerMessage:
    return CustomerMessage(
        Wamid(wamid), CustomerId("DE.42"), "4915100004242", "Lena", int(time.time()), Text("hi")
    )


def _webhook(wamid: str) -> bytes:
    message: dict[str, object] = {"from": "4915100001111", "from_user_id": "DE.1111", "id": wamid}
    message |= {"timestamp": str(int(time.time())), "type": "text", "text": {"body": "hello"}}
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "4930555000", "phone_number_id": "770000000000001"},
        "contacts": [{"profile": {"name": "Test"}, "wa_id": "4915100001111", "user_id": "DE.1111"}],
        "messages": [message],
    }
    change = {"field": "messages", "value": value}
    body = {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [change]}]}
    return json.dumps(body).encode()


@pytest.mark.asyncio
async def test_a_guard_beaten_by_the_other_gateway_again_and_again_still_publishes(
    stack: DemoStack, tmp_path: Path
) -> None:
    first = stack.gateway
    assert first is not None
    async with second_gateway(stack, tmp_path / "gateway-2") as other:
        publisher = first._publisher  # noqa: SLF001
        beaten = _Beaten(publisher._transport, other)  # noqa: SLF001
        publisher._transport = cast(Any, beaten)  # noqa: SLF001
        raw = _webhook("wamid.BEATEN1")
        before = first.stats["published"]
        mac = hmac.new(stack.app_secret.encode(), raw, hashlib.sha256).hexdigest()
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": f"sha256={mac}"}
        async with (
            aiohttp.ClientSession() as session,
            session.post(stack.callback_url, data=io.BytesIO(raw), headers=headers) as answer,
        ):
            status = answer.status

        assert status == 200  # spooled; published right after
        await until(lambda: first.stats["published"] > before, timeout=10)
        assert beaten.beaten == BEATEN  # the guard really lost eight times in a row
        assert {k: v for k, v in first.stats.items() if k.startswith("hub_") and v} == {}
