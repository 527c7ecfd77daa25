"""§18's label table: which group a priced message falls in, and the report's lines."""

from __future__ import annotations

import pytest

from app.domain.ids import DeviceId
from app.domain.pricing import (
    CostGroup,
    CostLine,
    PricedSend,
    Pricing,
    PricingType,
    cost_group,
    cost_lines,
    summarise,
    utc_day,
)

_R, _FCS, _FEP, _U = (
    PricingType.REGULAR,
    PricingType.FREE_CUSTOMER_SERVICE,
    PricingType.FREE_ENTRY_POINT,
    PricingType.UNKNOWN,
)
ANNA = DeviceId(b"A" * 16)


@pytest.mark.parametrize(
    ("pricing", "group"),
    [
        (Pricing("marketing", _R, True), CostGroup.MARKETING),
        (Pricing("marketing_lite", _R, True), CostGroup.MARKETING),
        (Pricing("utility", _R, True), CostGroup.UTILITY),
        (Pricing("authentication", _R, True), CostGroup.AUTHENTICATION),
        (Pricing("authentication_international", _R, True), CostGroup.AUTHENTICATION),
        (Pricing("service", _R, True), CostGroup.SERVICE),
        (Pricing("group_marketing", _R, True), CostGroup.OTHER_CHARGED),
        (Pricing("service", _FCS, False), CostGroup.FREE_SERVICE_WINDOW),
        (Pricing("utility", _FCS, False), CostGroup.FREE_SERVICE_WINDOW),
        (Pricing("marketing", _FEP, False), CostGroup.FREE_ENTRY_POINT),
        (Pricing("referral_conversion", _U, False), CostGroup.FREE_ENTRY_POINT),
        (Pricing("service", _U, False), CostGroup.OTHER_FREE),
    ],
)
def test_each_pricing_falls_in_the_group_of_its_desk_label(
    pricing: Pricing, group: CostGroup
) -> None:
    assert cost_group(pricing) is group
    assert group.charged is pricing.billable


def test_a_summary_counts_by_group_charged_first() -> None:
    summary = summarise(
        [
            Pricing("service", _FCS, False),
            Pricing("marketing", _R, True),
            Pricing("service", _FCS, False),
        ]
    )
    assert summary.counts == ((CostGroup.MARKETING, 1), (CostGroup.FREE_SERVICE_WINDOW, 2))
    assert (summary.charged, summary.free) == (1, 2)


def test_report_lines_count_by_utc_day_category_and_sender() -> None:
    day1, day2 = 1_767_225_599, 1_767_225_600  # 2025-12-31 23:59:59 and 2026-01-01 00:00 UTC
    marketing = Pricing("marketing", _R, True)
    sends = [
        PricedSend(day2, marketing, ANNA),
        PricedSend(day1, marketing, ANNA),
        PricedSend(day1 - 5, marketing, ANNA),
        PricedSend(day2, Pricing("service", _FCS, False), None),
    ]
    lines = cost_lines(sends, lambda device: "Anna" if device == ANNA else "")
    assert lines == [
        CostLine("2025-12-31", "marketing", CostGroup.MARKETING, "Anna", 2),
        CostLine("2026-01-01", "marketing", CostGroup.MARKETING, "Anna", 1),
        CostLine("2026-01-01", "service", CostGroup.FREE_SERVICE_WINDOW, "", 1),
    ]
    assert utc_day(day2) == "2026-01-01"
