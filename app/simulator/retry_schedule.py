"""Meta's back-off for webhooks it could not deliver, compressed in time for tests and demos.

Meta retries a webhook that was answered with anything but 2xx, or not in time, "with
decreasing frequency" for up to 7 days (cloud-api.md §2). Meta publishes no exact pauses, so
the simulator uses the usual reading: the first retry after half a minute, each pause twice the
one before, at most an hour apart, and none later than 7 days after the first attempt. A
callback that stays down for a day sees dozens of tries, and one that is down past the 7 days
loses the webhook, as at Meta.

`compression` divides every pause, so the whole 7 days fit in a test: 10,000 turns them into
about 60 seconds, with the first retry after 3 ms.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

WEEK_S = 7 * 24 * 60 * 60.0


@dataclass(frozen=True, slots=True)
class RetrySchedule:
    """When a failed webhook POST is tried again, in Meta's time divided by `compression`."""

    first_s: float = 30.0
    """Meta's pause before the first retry."""
    growth: float = 2.0
    """Each pause is this many times the one before..."""
    longest_s: float = 60 * 60.0
    """...up to this pause."""
    lasting_s: float = WEEK_S
    """No retry comes later than this after the first attempt: then the webhook is dropped."""
    compression: float = 1.0
    """Real seconds are Meta's seconds divided by this (1: Meta's own pace)."""

    def __post_init__(self) -> None:
        if min(self.first_s, self.longest_s, self.compression) <= 0 or self.lasting_s < 0:
            raise ValueError("retry pauses, their limit and the compression must be > 0")
        if self.growth < 1 or self.longest_s < self.first_s:
            raise ValueError("retry pauses must not shrink")

    def delays(self) -> Iterator[float]:
        """The real pause before each retry, first to last."""
        waited, pause = 0.0, self.first_s
        while waited + pause <= self.lasting_s:
            yield pause / self.compression
            waited += pause
            pause = min(pause * self.growth, self.longest_s)

    def attempts(self) -> int:
        """How many times a webhook is POSTed at most: the first attempt and every retry."""
        return 1 + sum(1 for _ in self.delays())


META = RetrySchedule()
"""Meta's own pace: 7 days."""
COMPRESSED = RetrySchedule(compression=10_000)
"""The simulator's default: Meta's 7 days in about a minute (first retry after 3 ms)."""
