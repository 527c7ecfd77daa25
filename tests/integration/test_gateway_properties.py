"""Property: whatever reaches the webhook endpoint, the gateway stays up, publishes nothing it
could not verify and parse, and publishes every valid item of a signed batch.

Hypothesis drives a real gateway (real hub, real HTTP on loopback). Hypothesis cannot run async
tests, so the stack runs on a loop this module owns and each example posts through it.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import io
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.demo.stack import DemoStack
from tests.helpers.wait import until

pytestmark = pytest.mark.slow

_ids = itertools.count()

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@pytest.fixture(scope="module")
def running(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[asyncio.AbstractEventLoop, DemoStack]]:
    loop = asyncio.new_event_loop()
    stack = DemoStack(Path(tmp_path_factory.mktemp("gateway-props")), ["Anna"])
    loop.run_until_complete(stack.start())
    try:
        yield loop, stack
    finally:
        loop.run_until_complete(stack.stop())
        loop.close()


def _valid_message() -> dict[str, Any]:
    n = next(_ids)
    return {
        "from": f"49151{n:07d}",
        "from_user_id": f"DE.9{n:016d}",
        "id": f"wamid.PROP{n}",
        "timestamp": "1767225600",
        "type": "text",
        "text": {"body": f"property message {n}"},
    }


def _envelope(items: list[Any]) -> dict[str, Any]:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "4930555000", "phone_number_id": "770000000000001"},
        "messages": items,
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "880000000000001", "changes": [{"field": "messages", "value": value}]}],
    }


async def _post(url: str, raw: bytes, signature: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-Hub-Signature-256"] = signature
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=io.BytesIO(raw), headers=headers) as response,
    ):
        return response.status


def _sign(raw: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


BODIES = st.one_of(
    JSON.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=300),
    st.builds(lambda v, cut: json.dumps(_envelope([v])).encode()[:cut], JSON, st.integers(0, 400)),
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=BODIES, signing=st.sampled_from(["good", "wrong", "missing"]))
def test_arbitrary_bodies_never_crash_and_unsigned_ones_publish_nothing(
    running: tuple[asyncio.AbstractEventLoop, DemoStack], body: bytes, signing: str
) -> None:
    loop, stack = running
    assert stack.gateway is not None
    before = stack.gateway.stats["published"]
    signature = {
        "good": _sign(body, stack.app_secret),
        "wrong": _sign(body, "nope"),
        "missing": None,
    }
    status = loop.run_until_complete(_post(stack.callback_url, body, signature[signing]))
    assert status in {200, 401, 403}
    if signing != "good":
        assert stack.gateway.stats["published"] == before
        assert status in {401, 403}
    # Nothing in these bodies is a complete valid message with a fresh wamid, except by
    # a vanishing chance; either way the gateway answered and is still serving.


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(garbage=st.lists(JSON, max_size=4), valid_count=st.integers(1, 3), data=st.data())
def test_every_valid_item_of_a_signed_batch_is_published(
    running: tuple[asyncio.AbstractEventLoop, DemoStack],
    garbage: list[Any],
    valid_count: int,
    data: st.DataObject,
) -> None:
    loop, stack = running
    assert stack.gateway is not None
    valid = [_valid_message() for _ in range(valid_count)]
    items = list(garbage)
    for message in valid:
        items.insert(data.draw(st.integers(0, len(items))), message)
    raw = json.dumps(_envelope(items)).encode()
    before = stack.gateway.stats["published"]
    status = loop.run_until_complete(_post(stack.callback_url, raw, _sign(raw, stack.app_secret)))
    assert status == 200  # spooled on the gateway's disk; published right after
    gateway = stack.gateway
    loop.run_until_complete(until(lambda: gateway.stats["published"] - before >= valid_count))
    assert gateway.stats["published"] - before == valid_count


def test_a_body_over_the_limit_is_refused(
    running: tuple[asyncio.AbstractEventLoop, DemoStack],
) -> None:
    loop, stack = running
    assert stack.gateway is not None
    before = stack.gateway.stats["published"]
    huge = json.dumps(_envelope([_valid_message()])).encode() + b" " * (3 * 1024 * 1024)
    status = loop.run_until_complete(_post(stack.callback_url, huge, _sign(huge, stack.app_secret)))
    assert status == 413
    assert stack.gateway.stats["published"] == before
