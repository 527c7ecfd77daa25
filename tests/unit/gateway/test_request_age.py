"""A reply request is sent only while it is younger than the send log's memory (SENT_LOG_TTL_S).

The request's age is read from the requester's clock, signed inside the envelope; an older
request (a replay by the hub, or one read again after the state folder was lost) is counted
and never queued, and the checkpoint moves past it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, cast

import pytest
import pytest_asyncio

from app.domain.content import Text
from app.domain.ids import CustomerId, EventId
from app.gateway.outbound import (
    REQUEST_AHEAD_S,
    REQUEST_MAX_AGE_S,
    SENT_LOG_TTL_S,
    OutboundRequests,
)
from app.gateway.sealing import GatewayLog, OpenedRequest
from app.gateway.state import GatewayState
from app.log.events import OutboundRequest
from tests.unit.crypto.helpers import GATEWAY, MEMBER, build_team, event_id

from .test_settings import Chain

NOW = 2_000_000_000


@pytest_asyncio.fixture
async def state(tmp_path: Path) -> AsyncIterator[GatewayState]:
    opened = GatewayState(tmp_path / "gateway")
    await opened.open(b"t" * 16, GATEWAY.device_id)
    yield opened
    await opened.close()


def _requests(state: GatewayState) -> OutboundRequests:
    team = build_team()
    return OutboundRequests(
        GatewayLog(GATEWAY, team.state),
        cast(Any, None),  # never reached: nothing here publishes or claims
        cast(Any, None),
        {},
        state,
        clock=lambda: float(NOW),
    )


def _opened(label: str, issued_at: int) -> OpenedRequest:
    request = OutboundRequest(EventId(event_id(label)), CustomerId("DE.1"), "4915", Text("hi"))
    return OpenedRequest(request, MEMBER.device_id, event_id(label), 1, issued_at)


def test_the_send_log_outlives_every_request_it_guards() -> None:
    assert REQUEST_MAX_AGE_S + REQUEST_AHEAD_S < SENT_LOG_TTL_S


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("issued_at", "queued"),
    [
        (NOW, True),
        (NOW - REQUEST_MAX_AGE_S, True),
        (NOW + REQUEST_AHEAD_S, True),
        (NOW - REQUEST_MAX_AGE_S - 1, False),
        (NOW + REQUEST_AHEAD_S + 1, False),
        (0, False),
    ],
)
async def test_only_a_request_in_date_is_queued(
    state: GatewayState, issued_at: int, queued: bool
) -> None:
    outbound = _requests(state)

    outbound.on_opened(_opened("r1", issued_at), seq=5)

    assert (outbound.queue.pending == 1) is queued
    assert outbound._stats.get("requests_out_of_date", 0) == (0 if queued else 1)  # noqa: SLF001
    if not queued:
        assert outbound.checkpoint.value == 5  # settled: never read again


def test_the_requesters_clock_is_read_from_the_signed_request() -> None:
    chain = Chain(build_team().state, b"")
    request = OutboundRequest(EventId(event_id("r")), CustomerId("DE.1"), "4915", Text("hi"))
    data = chain.seal(MEMBER, request, "r", at=1_234_567)
    opened = GatewayLog(GATEWAY, chain.state).open_request(data)
    assert opened.issued_at == 1_234_567
