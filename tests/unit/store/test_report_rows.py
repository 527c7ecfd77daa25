"""The activity report over a real SQLCipher replica, checked against figures worked out by hand.

Two days (Monday 7 and Tuesday 8 December 2026, UTC), four customers, two agents:

    day 1  Alice  writes 00:16:40, Anna replies +60 s,  Anna resolves  +600 s
           Bob    writes 00:33:20 and 00:35:00, Anna replies +120 s (from his first), open
           Alice  writes again 01:06:40, Boris replies +300 s, Boris resolves +3600 s
    day 2  Carol  writes 01:00:00, nobody answers
           Dave   writes 02:00:00, Boris replies +30 s, Anna resolves +1000 s

Day 1: 3 opened, 2 resolved; first responses 60, 120, 300 (median 120, p90 300); resolutions
600, 3600 (median 2100, p90 3600); 4 messages in, 3 out. Day 2: 2 opened, 1 resolved; first
response 30; resolution 1000; 2 in, 1 out. p90 is by nearest rank: ceil(0.9 n)-th smallest.
Anna: first replies 60, 120 (median 90, p90 120), resolved 600, 1000 (median 800, p90 1000),
2 sent. Boris: first replies 300, 30 (median 165, p90 300), resolved 3600, 2 sent.
"""

from __future__ import annotations

import pytest

from app.domain.business_hours import AUTOMATIC_SYSTEM, AUTOMATIC_TOKEN
from app.domain.content import Text
from app.domain.handling import ConversationState, HandoverAction
from app.domain.ids import CustomerId, DeviceId, Wamid
from app.domain.model import DeliveryStatus
from app.domain.pricing import Pricing, PricingType
from app.domain.reports import Period, Spread
from app.log.events import Handover, NotificationSent, StateChange
from app.store.records import AppliedRecord
from app.store.replica import Replica
from tests.unit.store.builders import ANNA, BORIS, LogBuilder, conversation_of

pytestmark = pytest.mark.asyncio

T = 1_796_601_600
"""Monday 2026-12-07 00:00 UTC."""
DAY = 86_400
MARKETING = Pricing("marketing", PricingType.REGULAR, billable=True)
UTILITY = Pricing("utility", PricingType.REGULAR, billable=True)
FREE = Pricing("service", PricingType.FREE_CUSTOMER_SERVICE, billable=False)


def _resolve(log: LogBuilder, customer: str, author: DeviceId, at: int) -> AppliedRecord:
    event = StateChange(conversation_of(customer), ConversationState.RESOLVED)
    return log.member(event, customer, author, author_time=at)


def _assign(log: LogBuilder, customer: str, to: DeviceId) -> AppliedRecord:
    event = Handover(conversation_of(customer), HandoverAction.ASSIGN, to)
    return log.member(event, customer, to, author_time=None)


def _two_days(log: LogBuilder) -> list[AppliedRecord]:
    a, b, c, d = "CC.alice", "CC.bob", "CC.carol", "CC.dave"
    return [
        log.customer("parcel?", customer=a, at=T + 1_000),
        log.claim(a, ANNA),
        log.reply(a, "on its way", ANNA, author_time=T + 1_060),
        _resolve(log, a, ANNA, T + 1_600),
        log.customer("hello", customer=b, at=T + 2_000, name="Bob"),
        log.customer("anyone?", customer=b, at=T + 2_100, name="Bob"),
        log.claim(b, ANNA),
        log.reply(b, "yes", ANNA, author_time=T + 2_120),
        log.customer("invoice?", customer=a, at=T + 4_000),
        _assign(log, a, BORIS),
        log.reply(a, "attached", BORIS, author_time=T + 4_300),
        _resolve(log, a, BORIS, T + 7_600),
        log.customer("hi", customer=c, at=T + DAY + 3_600, name="Carol"),
        log.customer("hi", customer=d, at=T + DAY + 7_200, name="Dave"),
        log.claim(d, BORIS),
        log.reply(d, "hi Dave", BORIS, author_time=T + DAY + 7_230),
        _resolve(log, d, ANNA, T + DAY + 8_200),
        log.status("wamid.M1", DeliveryStatus.SENT, at=T + 500, pricing=MARKETING),
        log.status("wamid.M2", DeliveryStatus.SENT, at=T + 600, pricing=MARKETING),
        log.status("wamid.F1", DeliveryStatus.SENT, at=T + 700, pricing=FREE),
        log.status("wamid.U1", DeliveryStatus.SENT, at=T + DAY, pricing=UTILITY),
    ]


async def test_the_figures_per_day_match_the_hand_computed_case(
    replica: Replica, log: LogBuilder
) -> None:
    records = _two_days(log)
    await replica.apply_batch(records, cursor=records[-1].seq)

    report = await replica.team_report(T, T + 7 * DAY, Period.DAY)

    monday, tuesday = report.periods
    assert (monday.period, monday.opened, monday.resolved) == ("2026-12-07", 3, 2)
    assert monday.first_response == Spread(120.0, 300.0, 3)
    assert monday.resolution == Spread(2100.0, 3600.0, 2)
    assert (monday.messages_in, monday.messages_out) == (4, 3)
    assert monday.billable == (("marketing", 2),)
    assert (tuesday.period, tuesday.opened, tuesday.resolved) == ("2026-12-08", 2, 1)
    assert tuesday.first_response == Spread(30.0, 30.0, 1)
    assert tuesday.resolution == Spread(1000.0, 1000.0, 1)
    assert (tuesday.messages_in, tuesday.messages_out) == (2, 1)
    assert tuesday.billable == (("utility", 1),)


async def test_the_figures_per_agent_and_hour_match_the_hand_computed_case(
    replica: Replica, log: LogBuilder
) -> None:
    records = _two_days(log)
    await replica.apply_batch(records, cursor=records[-1].seq)

    report = await replica.team_report(T, T + 7 * DAY, Period.DAY)

    anna, boris = report.agents
    assert anna.agent == ANNA
    assert (anna.first_responses, anna.resolved, anna.messages_out) == (2, 2, 2)
    assert anna.first_response == Spread(90.0, 120.0, 2)
    assert anna.resolution == Spread(800.0, 1000.0, 2)
    assert boris.agent == BORIS
    assert (boris.first_responses, boris.resolved, boris.messages_out) == (2, 1, 2)
    assert boris.first_response == Spread(165.0, 300.0, 2)
    assert boris.resolution == Spread(3600.0, 3600.0, 1)
    assert report.busiest_hours[:4] == (3, 2, 1, 0)
    assert sum(report.busiest_hours) == 6


async def test_a_week_gathers_both_days_under_its_monday(replica: Replica, log: LogBuilder) -> None:
    records = _two_days(log)
    await replica.apply_batch(records, cursor=records[-1].seq)

    (week,) = (await replica.team_report(T, T + 7 * DAY, Period.WEEK)).periods
    (month,) = (await replica.team_report(T, T + 7 * DAY, Period.MONTH)).periods

    assert (week.period, week.opened, week.resolved) == ("2026-12-07", 5, 3)
    assert week.first_response == Spread(90.0, 300.0, 4)
    assert week.billable == (("marketing", 2), ("utility", 1))
    assert (month.period, month.messages_in, month.messages_out) == ("2026-12-01", 6, 4)


async def test_a_range_leaves_out_what_happened_outside_it(
    replica: Replica, log: LogBuilder
) -> None:
    records = _two_days(log)
    await replica.apply_batch(records, cursor=records[-1].seq)

    (tuesday,) = (await replica.team_report(T + DAY, T + 2 * DAY, Period.DAY)).periods

    assert (tuesday.opened, tuesday.messages_in) == (2, 2)


async def test_an_automatic_greeting_is_no_first_response(
    replica: Replica, log: LogBuilder
) -> None:
    """The gateway's greeting answers within a second; the team's first response is still
    Anna's reply a minute later (a greeting counted would put every first response at ~1 s)."""
    alice = "CC.alice"
    greeting = NotificationSent(
        Wamid("wamid.G1"),
        CustomerId(alice),
        "4915112345678",
        AUTOMATIC_SYSTEM,
        AUTOMATIC_TOKEN,
        T + 1_001,
        Text("Welcome!"),
    )
    records = [
        log.customer("parcel?", customer=alice, at=T + 1_000),
        log.record(greeting, conversation_id=conversation_of(alice)),
        log.claim(alice, ANNA),
        log.reply(alice, "on its way", ANNA, author_time=T + 1_060),
    ]
    await replica.apply_batch(records, cursor=records[-1].seq)

    report = await replica.team_report(T, T + DAY, Period.DAY)

    (monday,) = report.periods
    assert monday.first_response == Spread(60.0, 60.0, 1)
    assert (monday.messages_in, monday.messages_out) == (1, 2)  # the greeting went out
    (anna,) = report.agents
    assert (anna.agent, anna.first_responses) == (ANNA, 1)
