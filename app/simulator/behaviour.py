"""Meta's rules and the fault switches, settable for the whole number and per customer.

``Behaviour`` is one complete set of switches. ``SimulatorConfig.behaviour`` is the global
default, which ``Simulator.configure`` can change at runtime; a ``CustomerSettings`` holds the
overrides for one customer and yields that customer's effective ``Behaviour``.

Rule modes (cloud-api.md §12: "each rule can answer synchronously or with a later failed
status"): ``reject`` answers the send with the Graph error at once; ``fail`` accepts it (HTTP
200, a wamid) and emits a ``failed`` status with the error later; ``off`` does not enforce
the rule at all. Probabilities are in [0, 1]: 0 never, 1 always, so tests stay deterministic.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

from app.simulator.catalogue import CATALOGUE

RuleMode = Literal["reject", "fail", "off"]
BlockMode = Literal["reject", "fail", "silent", "off"]
"""``silent``: the send is accepted and stays at ``sent``, with no error ever (§8)."""
SignatureFault = Literal["off", "wrong_bytes", "missing"]

NUMBER_WIDE = frozenset({"throughput_mps", "expired_token"})
"""Switches that concern the number, not a recipient, so a customer cannot override them."""

_RULES = ("window", "marketing_opt_out", "pair_rate", "throughput", "templates")
_PROBABILITIES = (
    "skip_delivered",
    "out_of_order",
    "duplicate_webhooks",
    "transient_errors",
    "failed_deliveries",
)


@dataclass(frozen=True)
class Behaviour:
    """Every switchable rule and fault (cloud-api.md §5, §8, §11, §12)."""

    window: RuleMode = "reject"
    """Free-form message more than 24 h after the customer's last message: 131047."""
    blocked: BlockMode = "fail"
    """The customer blocked the business: 131026 (Meta reports it in the status)."""
    marketing_opt_out: RuleMode = "fail"
    """Marketing template after the customer stopped promotions: 131050."""
    pair_rate: RuleMode = "reject"
    """Per (number, customer) token bucket: 131056."""
    pair_burst: int = 45
    """Bucket size of the pair rate limit."""
    pair_refill_seconds: float = 6.0
    """Seconds per token refilled into the pair bucket."""
    throughput: RuleMode = "reject"
    """Sends per second for the whole number: 130429."""
    throughput_mps: float | None = None
    """Throughput cap; None follows the number's level (STANDARD 80, HIGH 1,000)."""
    templates: RuleMode = "reject"
    """Template registry: unknown 132001, parameter count 132000, format 132012."""
    skip_delivered: float = 0.0
    """Probability that ``read`` arrives without ``delivered`` (§2)."""
    out_of_order: float = 0.0
    """Probability that ``read`` is posted before ``delivered``."""
    duplicate_webhooks: float = 0.0
    """Probability that a webhook POST is delivered twice, byte for byte."""
    bad_signature: SignatureFault = "off"
    """Sign the wrong bytes, or send no ``X-Hub-Signature-256`` at all."""
    slow_callback: float = 0.0
    """Seconds to stall a POST's body after its headers, on the first attempt."""
    transient_errors: float = 0.0
    """Probability that a send answers 131000 or 131016 (HTTP 5xx)."""
    forced_error: int | None = None
    """A §7 send error code every send answers with (None: off), for causes a simulator
    cannot stage (account locked, payment, maintenance …); see `catalogue`."""
    failed_deliveries: float = 0.0
    """Probability that a POST's first attempt stalls past the webhook timeout, so it fails
    and Meta's retry schedule delivers it (as when the callback is briefly unreachable)."""
    expired_token: bool = False
    """Every Graph call answers 190, as with an expired access token."""

    def __post_init__(self) -> None:
        """Reject values Meta's rules cannot take."""
        if self.forced_error is not None and self.forced_error not in CATALOGUE:
            raise ValueError(f"forced_error {self.forced_error} is not a §7 send error")
        for name in _RULES:
            _member(name, getattr(self, name), RuleMode)
        _member("blocked", self.blocked, BlockMode)
        _member("bad_signature", self.bad_signature, SignatureFault)
        for name in _PROBABILITIES:
            value = getattr(self, name)
            if not _is_number(value) or not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be a probability in [0, 1]")
        if type(self.pair_burst) is not int or self.pair_burst < 1:
            raise ValueError("pair_burst must be an integer >= 1")
        if not _is_number(self.pair_refill_seconds) or self.pair_refill_seconds <= 0:
            raise ValueError("pair_refill_seconds must be > 0")
        if self.throughput_mps is not None and not (
            _is_number(self.throughput_mps) and self.throughput_mps > 0
        ):
            raise ValueError("throughput_mps must be > 0 or None")
        if not _is_number(self.slow_callback) or self.slow_callback < 0:
            raise ValueError("slow_callback must be >= 0 seconds")
        if not isinstance(self.expired_token, bool):
            raise ValueError("expired_token must be a boolean")

    def changed(self, changes: Mapping[str, Any]) -> Behaviour:
        """A copy with ``changes`` applied.

        Raises:
            ValueError: On an unknown switch or a bad value.
        """
        unknown = sorted(set(changes) - field_names())
        if unknown:
            raise ValueError(f"unknown setting {unknown[0]!r}")
        return dataclasses.replace(self, **changes)

    def as_json(self) -> dict[str, Any]:
        """The switches as a JSON object."""
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class CustomerSettings:
    """One customer's overrides of the global ``Behaviour``; unset switches follow it."""

    overrides: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        """Validate the overrides against a default ``Behaviour``."""
        wide = sorted(set(self.overrides) & NUMBER_WIDE)
        if wide:
            raise ValueError(f"{wide[0]} applies to the whole number, not one customer")
        Behaviour().changed(self.overrides)
        object.__setattr__(self, "overrides", dict(self.overrides))

    def merged(self, changes: Mapping[str, Any]) -> CustomerSettings:
        """These overrides plus ``changes``; a None value removes an override."""
        overrides = {**self.overrides, **changes}
        return CustomerSettings({k: v for k, v in overrides.items() if v is not None})

    def apply(self, base: Behaviour) -> Behaviour:
        """The effective behaviour for this customer."""
        if not self.overrides:
            # Most customers override nothing; copying and re-checking the switches for each of
            # their webhooks cost about a fifth of the simulator's work before the POST.
            return base
        return base.changed(self.overrides)


def field_names() -> frozenset[str]:
    """Names of every switch."""
    return frozenset(f.name for f in dataclasses.fields(Behaviour))


def _member(name: str, value: object, kind: Any) -> None:
    if value not in get_args(kind):
        raise ValueError(f"{name} must be one of {list(get_args(kind))}")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
