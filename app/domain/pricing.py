"""What Meta charges for a message the business sent (issue 10, item 6).

Meta prices per delivered message since July 2025 and reports it on the message's statuses as
`pricing` {billable, pricing_model, type, category} (cloud-api.md §5, §18). Webhooks carry no
amounts, so the desk counts messages by the groups of §18's label table, not money: a price
table would only be a guess at the team's market and volume tier.

Pure: values and rules, no I/O.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum

from app.domain.ids import DeviceId

MAX_CATEGORY = 40
"""Meta's category words are short (`authentication_international` is the longest so far)."""


class PricingType(IntEnum):
    """`pricing.type`; wire values (never renumber)."""

    UNKNOWN = 0
    """Absent (webhooks before v24.0) or a word Meta added later."""
    REGULAR = 1
    FREE_CUSTOMER_SERVICE = 2
    FREE_ENTRY_POINT = 3


@dataclass(frozen=True, slots=True)
class Pricing:
    """The `pricing` of one sent message, as the first status that carried it said."""

    category: str
    """Meta's word (`marketing`, `utility`, `service` …), kept as sent: Meta adds new ones."""
    type: PricingType
    billable: bool


class CostGroup(IntEnum):
    """The desk's labels for a priced message (§18's table); values are display order."""

    MARKETING = 1
    UTILITY = 2
    AUTHENTICATION = 3
    SERVICE = 4
    """A charged service message (the October 2026 rules)."""
    OTHER_CHARGED = 5
    """A charged category the desk has no label for (group or AI messages, say)."""
    FREE_SERVICE_WINDOW = 6
    FREE_ENTRY_POINT = 7
    OTHER_FREE = 8

    @property
    def charged(self) -> bool:
        return self <= CostGroup.OTHER_CHARGED


_CHARGED_GROUPS = {
    "marketing": CostGroup.MARKETING,
    "marketing_lite": CostGroup.MARKETING,
    "utility": CostGroup.UTILITY,
    "authentication": CostGroup.AUTHENTICATION,
    "authentication_international": CostGroup.AUTHENTICATION,
    "service": CostGroup.SERVICE,
}


def cost_group(pricing: Pricing) -> CostGroup:
    """Which of §18's labels a priced message carries: charged by category, free by why."""
    if pricing.billable:
        return _CHARGED_GROUPS.get(pricing.category, CostGroup.OTHER_CHARGED)
    if pricing.type is PricingType.FREE_ENTRY_POINT or pricing.category == "referral_conversion":
        return CostGroup.FREE_ENTRY_POINT
    if pricing.type is PricingType.FREE_CUSTOMER_SERVICE:
        return CostGroup.FREE_SERVICE_WINDOW
    return CostGroup.OTHER_FREE


@dataclass(frozen=True, slots=True)
class CostSummary:
    """How many priced messages fell into each group (groups with none left out)."""

    counts: tuple[tuple[CostGroup, int], ...] = ()
    """In display order: charged groups first."""

    @property
    def charged(self) -> int:
        return sum(n for group, n in self.counts if group.charged)

    @property
    def free(self) -> int:
        return sum(n for group, n in self.counts if not group.charged)


def summarise(pricings: Iterable[Pricing]) -> CostSummary:
    """Count `pricings` by their group."""
    counts = Counter(cost_group(p) for p in pricings)
    return CostSummary(tuple(sorted(counts.items())))


def summarise_lines(lines: Iterable[CostLine]) -> CostSummary:
    """The report's lines counted by group, as `summarise` counts single messages."""
    counts: Counter[CostGroup] = Counter()
    for line in lines:
        counts[line.group] += line.count
    return CostSummary(tuple(sorted(counts.items())))


@dataclass(frozen=True, slots=True)
class PricedSend:
    """One message Meta priced: when it first said so, how, and who sent it."""

    at: int
    pricing: Pricing
    author: DeviceId | None
    """The agent's device; None when the replica does not hold the message."""


@dataclass(frozen=True, slots=True)
class CostLine:
    """One line of the costs report: messages of one day, category and sender."""

    day: str
    """The day Meta first reported the message priced, `YYYY-MM-DD` in UTC."""
    category: str
    group: CostGroup
    sender: str
    """Who sent them: an agent's name, or the desk's word for a sender it does not know."""
    count: int


def utc_day(at: int) -> str:
    """`YYYY-MM-DD` of Unix seconds `at` in UTC: the report's days are the same on every desk,
    whatever time zone each one runs in."""
    return datetime.fromtimestamp(at, UTC).date().isoformat()


def cost_lines(
    sends: Iterable[PricedSend], sender: Callable[[DeviceId | None], str]
) -> list[CostLine]:
    """The costs report: `sends` counted by day, category and sender, days in order and,
    within a day, charged groups first.

    Args:
        sends: Priced messages, in any order.
        sender: The name to show for a message's author (None: not known here).
    """
    counts = Counter(
        (utc_day(s.at), cost_group(s.pricing), s.pricing.category, sender(s.author)) for s in sends
    )
    return [
        CostLine(day=day, category=category, group=group, sender=name, count=n)
        for (day, group, category, name), n in sorted(counts.items())
    ]
