"""Meta's sending rules (cloud-api.md §8, §11, §12), each answered per its ``Behaviour`` mode.

``Policy.judge`` runs the rules in the order Meta's pipeline plausibly does (number-wide
limits first, then template, window, block, opt-out, pair limit) and returns a ``Verdict``:
accept, accept-then-fail, accept-and-stay-at-``sent``, or raises the error for ``reject``.
Rate limits are token buckets on the injected wall clock, so tests move time instead of
waiting.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from app.simulator import errors
from app.simulator.behaviour import Behaviour
from app.simulator.catalogue import forced
from app.simulator.errors import GraphError
from app.simulator.state import CustomerFlags
from app.simulator.templates import TemplateRegistry
from app.simulator.validation import SendRequest


@dataclass
class TokenBucket:
    """A bucket of ``capacity`` tokens refilled at ``rate`` tokens per second."""

    capacity: float
    rate: float
    tokens: float
    updated: float

    def take(self, now: float) -> bool:
        """Take one token if there is one."""
        elapsed = max(0.0, now - self.updated)
        self.tokens = min(self.capacity, self.tokens + elapsed * self.rate)
        self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


@dataclass(frozen=True)
class Verdict:
    """What happens to an accepted send."""

    category: str
    """Pricing category: ``service`` or the template's category."""
    failure: GraphError | None = None
    """Set when a ``fail``-mode rule fired: the send gets a ``failed`` status."""
    silent: bool = False
    """The customer blocked the business and the rule is ``silent``: ``sent`` only."""


@dataclass(frozen=True)
class Context:
    """Everything the rules look at for one send."""

    request: SendRequest
    user_id: str
    flags: CustomerFlags
    behaviour: Behaviour
    window_open: bool
    now: float


class Policy:
    """Applies the rules; holds the rate-limit buckets."""

    def __init__(
        self, templates: TemplateRegistry, default_mps: Callable[[], float], rng: random.Random
    ) -> None:
        """Wire the rules.

        Args:
            templates: The registry that template sends are checked against.
            default_mps: The number's throughput when ``throughput_mps`` is None.
            rng: Dice for the transient-error fault.
        """
        self._templates = templates
        self._default_mps = default_mps
        self._rng = rng
        self._pairs: dict[str, TokenBucket] = {}
        self._number: TokenBucket | None = None

    def rekey(self, old_user_id: str, new_user_id: str) -> None:
        """Keep a customer's pair bucket when their BSUID changes."""
        if old_user_id in self._pairs:
            self._pairs[new_user_id] = self._pairs.pop(old_user_id)

    def judge(self, ctx: Context) -> Verdict:
        """Run every rule for one send.

        Returns:
            How the accepted send proceeds.

        Raises:
            GraphError: A ``reject``-mode rule fired, or a transient fault was rolled.
        """
        b = ctx.behaviour
        if b.forced_error is not None:
            raise forced(b.forced_error)
        if b.transient_errors and self._rng.random() < b.transient_errors:
            raise errors.transient(self._rng.choice([errors.GENERIC, errors.SERVICE_UNAVAILABLE]))
        category, failure = "service", None
        if b.throughput != "off" and not self._throughput_ok(b, ctx.now):
            failure = _apply(b.throughput, errors.throughput_reached(), failure)
        if ctx.request.type == "template":
            category, failure = self._template(ctx, failure)
        elif b.window != "off" and not ctx.window_open:
            failure = _apply(b.window, errors.reengagement(), failure)
        if ctx.flags.blocked_business and b.blocked != "off":
            if b.blocked == "silent":
                return Verdict(category, failure, silent=failure is None)
            failure = _apply(b.blocked, errors.blocked_by_user(), failure)
        if category == "marketing" and ctx.flags.marketing_stopped and b.marketing_opt_out != "off":
            failure = _apply(b.marketing_opt_out, errors.marketing_opted_out(), failure)
        if b.pair_rate != "off" and not self._pair_ok(ctx):
            failure = _apply(b.pair_rate, errors.pair_rate_limited(), failure)
        return Verdict(category, failure)

    def _template(self, ctx: Context, failure: GraphError | None) -> tuple[str, GraphError | None]:
        content = ctx.request.content
        category: str = self._templates.category(content) or "utility"
        if ctx.behaviour.templates == "off":
            return category, failure
        try:
            category = self._templates.check(content).category
        except GraphError as exc:
            failure = _apply(ctx.behaviour.templates, exc, failure)
        return category, failure

    def _throughput_ok(self, behaviour: Behaviour, now: float) -> bool:
        mps = behaviour.throughput_mps or self._default_mps()
        bucket = self._number
        if bucket is None or bucket.capacity != mps:
            bucket = self._number = TokenBucket(mps, mps, mps, now)
        return bucket.take(now)

    def _pair_ok(self, ctx: Context) -> bool:
        b = ctx.behaviour
        rate = 1.0 / b.pair_refill_seconds
        bucket = self._pairs.get(ctx.user_id)
        if bucket is None or (bucket.capacity, bucket.rate) != (b.pair_burst, rate):
            bucket = TokenBucket(b.pair_burst, rate, b.pair_burst, ctx.now)
            self._pairs[ctx.user_id] = bucket
        return bucket.take(ctx.now)


def _apply(mode: str, error: GraphError, earlier: GraphError | None) -> GraphError | None:
    """Raise for ``reject`` (an answer at once beats a later status); else keep the first."""
    if mode == "reject":
        raise error
    return earlier or error
