"""`CustomerProfile.costs` and `DeskApi.cost_report` on the fake desk the UI tests use and on
the real `DeskSession` over a real SQLCipher replica: the same assertions run on both, so the
panel's and the report's tests cannot pass against counts the product does not keep."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest
import pytest_asyncio

from app.domain.ids import ConversationId
from app.domain.model import DeliveryStatus
from app.domain.pricing import CostGroup, CostLine, CostSummary, Pricing, PricingType
from app.services.api import ChangeBus, DeskApi
from app.services.desk import DeskSession
from app.store.replica import Replica
from tests.helpers.fake_desk import FakeTeam
from tests.unit.store.builders import ANNA, KEY, LogBuilder, conversation_of

pytestmark = pytest.mark.asyncio

DAY = 86_400
NOW = 1_767_225_600  # 2026-01-01 00:00 UTC
MARIA = "4915112345678"
MARKETING = Pricing("marketing", PricingType.REGULAR, billable=True)
FREE = Pricing("service", PricingType.FREE_CUSTOMER_SERVICE, billable=False)

Priced = Callable[[str, Pricing, int], Awaitable[None]]
"""(text, pricing, at): the agent's reply reaches the log and Meta prices it at `at`."""


@dataclass
class Side:
    api: DeskApi
    maria: ConversationId
    agent_replies_priced: Priced


async def _fake() -> AsyncIterator[Side]:
    team = FakeTeam(now=NOW)
    anna = team.desk("Anna")
    cid = team.customer_writes("Maria", "Is the sofa back?", wa_id=MARIA, at=NOW - 5 * DAY)

    async def priced(text: str, pricing: Pricing, at: int) -> None:
        team.priced(team.agent_sent(cid, anna.me, text, at=at), pricing, at=at)

    yield Side(anna, cid, priced)


async def _real(tmp_path: Path) -> AsyncIterator[Side]:
    replica = await Replica.open(tmp_path / "replica.db", KEY)
    log = LogBuilder()
    customer, cid = f"CC.{MARIA}", conversation_of(f"CC.{MARIA}")
    unused = cast(Any, None)  # reading never touches the log, outbox or hub
    session = DeskSession(
        me=ANNA,
        names=lambda device: "Anna",
        replica=replica,
        engine=unused,
        publisher=unused,
        outbox=unused,
        bus=ChangeBus(),
        clock=lambda: float(NOW),
    )

    async def apply(*records: Any) -> None:
        await replica.apply_batch(list(records), cursor=records[-1].seq)

    async def priced(text: str, pricing: Pricing, at: int) -> None:
        reply = log.reply(customer, text, ANNA, author_time=at)
        wamid = f"wamid.OUT{reply.seq}"
        sent = log.status(wamid, DeliveryStatus.SENT, at=at, pricing=pricing)
        await apply(reply, log.outcome(reply.event_id, wamid), sent)

    customer_record = log.customer("Is the sofa back?", customer=customer, wa_id=MARIA)
    await apply(customer_record)
    try:
        yield Side(session, cid, priced)
    finally:
        await replica.close()


@pytest_asyncio.fixture(params=["fake", "real"])
async def side(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Side]:
    sides = _fake() if request.param == "fake" else _real(tmp_path)
    async for made in sides:
        yield made


async def test_the_panel_and_the_report_count_the_same_priced_replies(side: Side) -> None:
    profile = await side.api.customer_profile(side.maria)
    assert profile is not None
    assert profile.costs == CostSummary()

    await side.agent_replies_priced("Winter sale!", MARKETING, NOW - 2 * DAY)
    await side.agent_replies_priced("Yes, it is", FREE, NOW - DAY)
    await side.agent_replies_priced("You're welcome", FREE, NOW - DAY + 60)

    profile = await side.api.customer_profile(side.maria)
    assert profile is not None
    assert profile.costs == CostSummary(
        ((CostGroup.MARKETING, 1), (CostGroup.FREE_SERVICE_WINDOW, 2))
    )
    assert await side.api.cost_report(NOW - 3 * DAY) == [
        CostLine("2025-12-30", "marketing", CostGroup.MARKETING, "Anna", 1),
        CostLine("2025-12-31", "service", CostGroup.FREE_SERVICE_WINDOW, "Anna", 2),
    ]
    assert await side.api.cost_report(NOW - DAY + 1) == [
        CostLine("2025-12-31", "service", CostGroup.FREE_SERVICE_WINDOW, "Anna", 1),
    ]
