"""The send policy, pure: what an answer means, when to retry, how fast to send.

Holds the one table that reads Meta's error codes for sending (cloud-api.md §7, §8, §11). It
branches on the Graph `code` only: never on the HTTP status or the `message` text, as Meta
advises. None of §7's rows needs `error_data.details` to pick a kind, so it is passed through
for logs and never read here. Everything is a code: the desk turns kinds and codes into words.

The pacing primitives (`Backoff`, `TokenBucket`, the two gates, `SendLimits`) are here too:
values in, values out, with the time passed in; `sender` is the asyncio shell that waits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.domain.send_codes import (
    NOT_SENT,
    CodeRule,
    Retry,
    SendOutcomeKind,
    rule_for,
)
from app.gateway.graph import SendResult

__all__ = [
    "NOT_SENT",
    "THROUGHPUT_HIGH",
    "THROUGHPUT_STANDARD",
    "Backoff",
    "CodeRule",
    "NumberGate",
    "RecipientGate",
    "Retry",
    "SendLimits",
    "SendOutcomeKind",
    "TokenBucket",
    "classify",
    "rule_for",
    "stopped_outcome",
    "throughput_of",
]


_ACCEPTED = CodeRule(SendOutcomeKind.ACCEPTED)
_K = SendOutcomeKind


def classify(result: SendResult) -> CodeRule:
    """The rule for one answer from Graph: ACCEPTED when Meta gave a message id.

    Args:
        result: What the send returned.

    Returns:
        How the sender treats it.
    """
    if result.wamid is not None:
        return _ACCEPTED
    return rule_for(result.error_code)


def stopped_outcome(last: SendResult | None, *, claimed: bool) -> tuple[_K, SendResult] | None:
    """The outcome of a job that the queue stops before its next try.

    Args:
        last: Its last answer, if it was attempted.
        claimed: Whether its `prepare` claimed it (then it must be reported even unsent).

    Returns:
        The kind and answer to report, or None: never attempted nor claimed, so it stays unsent.
    """
    if last is not None:
        return classify(last).kind, last
    return (_K.FAILED, SendResult(None, NOT_SENT, "")) if claimed else None


# -- pacing ------------------------------------------------------------------------------------

THROUGHPUT_STANDARD = 80.0
"""Messages per second of a registered number (cloud-api.md §11); coexistence numbers get 20."""
THROUGHPUT_HIGH = 1000.0
"""Messages per second of a number Meta upgraded (throughput level ``HIGH``)."""


def throughput_of(level: str) -> float:
    """Messages per second the number's throughput level allows (cloud-api.md §11)."""
    return THROUGHPUT_HIGH if level.upper() == "HIGH" else THROUGHPUT_STANDARD


_EPSILON = 1e-9
"""Float slack, so a token due at exactly `t` is there at `t`."""


@dataclass(frozen=True, slots=True)
class Backoff:
    """Exponential back-off: `base * factor**n` seconds, capped, plus optional jitter."""

    base: float
    factor: float
    cap: float
    jitter: float = 0.0
    """Up to this fraction is added at random, so paused senders do not all resume at once."""

    def delay(self, n: int, rng: Callable[[], float]) -> float:
        """Seconds to wait before try `n + 1` (n from 0).

        Args:
            n: How many times in a row the limit was hit before.
            rng: Returns a float in [0, 1).

        Returns:
            The delay.
        """
        raw = self.base * self.factor ** min(n, 64)  # the cap applies anyway; no float overflow
        return min(self.cap, raw) * (1.0 + self.jitter * rng())


@dataclass(frozen=True, slots=True)
class SendLimits:
    """Pacing and retry settings; the defaults follow cloud-api.md §11."""

    max_concurrency: int = 16
    """Sends in flight at once, across recipients."""
    max_attempts: int = 5
    """Tries per job, the first included, before it is reported as failed."""
    pair_burst: int = 45
    pair_interval: float = 6.0
    """Seconds per refilled token of a (number, customer) bucket: about 1 message per 6 s."""
    messages_per_second: float = THROUGHPUT_STANDARD
    pair_backoff: Backoff = Backoff(1.0, 4.0, 256.0)
    """After 131056: Meta's suggested 4^n s, for that recipient only."""
    number_backoff: Backoff = Backoff(1.0, 2.0, 30.0, jitter=0.2)
    """After 130429 or a Graph call limit: every recipient waits."""
    retry_backoff: Backoff = Backoff(1.0, 4.0, 60.0, jitter=0.2)
    """After a transient error: this job waits."""


class TokenBucket:
    """`capacity` tokens, one more every `interval` seconds. Pure: the caller passes the time."""

    __slots__ = ("_at", "_tokens", "capacity", "interval")

    def __init__(self, capacity: int, interval: float, now: float) -> None:
        self.capacity = capacity
        self.interval = interval
        self._tokens = float(capacity)
        self._at = now

    def take(self, now: float) -> float:
        """Take a token if there is one.

        Args:
            now: The current time.

        Returns:
            0.0 when a token was taken; else the seconds until one is due (nothing taken).
        """
        self._refill(now)
        if self._tokens >= 1.0 - _EPSILON:
            self._tokens = max(0.0, self._tokens - 1.0)
            return 0.0
        return (1.0 - self._tokens) * self.interval

    def full(self, now: float) -> bool:
        """True when the bucket has refilled completely (its history no longer matters)."""
        self._refill(now)
        return self._tokens >= self.capacity - _EPSILON

    def _refill(self, now: float) -> None:
        if now > self._at:
            self._tokens = min(
                float(self.capacity), self._tokens + (now - self._at) / self.interval
            )
            self._at = now


class RecipientGate:
    """Pacing for one (number, customer) pair: a token bucket, and the 4^n pause after 131056."""

    __slots__ = ("_backoff", "_bucket", "_resume_at", "_strikes")

    def __init__(self, limits: SendLimits, now: float) -> None:
        self._bucket = TokenBucket(limits.pair_burst, limits.pair_interval, now)
        self._backoff = limits.pair_backoff
        self._strikes = 0
        """131056 answers in a row: the `n` of the next back-off."""
        self._resume_at = float("-inf")

    def take(self, now: float) -> float:
        """Take a send turn: 0.0 when taken, else the seconds to wait (nothing taken)."""
        wait = self._resume_at - now
        return wait if wait > 0 else self._bucket.take(now)

    def hit(self, now: float, rng: Callable[[], float]) -> float:
        """Meta answered 131056: pause this pair, longer each time in a row; returns the pause."""
        delay = self._backoff.delay(self._strikes, rng)
        self._strikes += 1
        self._resume_at = now + delay
        return delay

    def reset(self) -> None:
        """Any other answer ends the streak."""
        self._strikes = 0

    def idle(self, now: float) -> bool:
        """True when forgetting the gate loses nothing that still matters.

        A full bucket takes `pair_burst * pair_interval` (4.5 min) of quiet to refill; a streak
        of 131056 that old no longer says anything about the pair.
        """
        return self._resume_at <= now and self._bucket.full(now)


class NumberGate:
    """The number's budget: a token bucket, and a pause after limits shared by the number."""

    __slots__ = ("_backoff", "_bucket", "_paused_at", "_paused_until", "_strikes")

    def __init__(self, limits: SendLimits, now: float) -> None:
        self._bucket = _per_second(limits.messages_per_second, now)
        self._backoff = limits.number_backoff
        self._strikes = 0
        self._paused_at = float("-inf")
        self._paused_until = float("-inf")

    @property
    def messages_per_second(self) -> float:
        return 1.0 / self._bucket.interval

    def set_rate(self, messages_per_second: float, now: float) -> None:
        """The number's throughput changed (Meta upgraded it): pace at the new rate from now."""
        self._bucket = _per_second(messages_per_second, now)

    def take(self, now: float) -> float:
        """Take a send turn: 0.0 when taken, else the seconds to wait (nothing taken)."""
        wait = self._paused_until - now
        return wait if wait > 0 else self._bucket.take(now)

    def hit(self, now: float, started: float, rng: Callable[[], float]) -> float:
        """Meta answered 130429 or a call limit: pause every send; returns the pause left.

        Args:
            now: The current time.
            started: When the attempt that got this answer began. Attempts already under way
                when the pause began get the same answer; they must not lengthen it again.
            rng: Returns a float in [0, 1), for jitter.
        """
        if started > self._paused_at:
            delay = self._backoff.delay(self._strikes, rng)
            self._strikes += 1
            self._paused_at = now
            self._paused_until = max(self._paused_until, now + delay)
        return self.paused_for(now)

    def reset(self) -> None:
        """A send was accepted: the next pause starts short again."""
        self._strikes = 0

    def paused_for(self, now: float) -> float:
        """Seconds until the pause ends (0.0 when there is none)."""
        return max(0.0, self._paused_until - now)


def _per_second(rate: float, now: float) -> TokenBucket:
    """A bucket of one second's sends, refilled at `rate`."""
    return TokenBucket(max(1, int(rate)), 1.0 / rate, now)
