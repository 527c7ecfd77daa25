"""A permission violation that repeats with every publish is warned of once."""

from __future__ import annotations

import nats.errors

from app.sync.hub_login import ViolationsTold


def _violation(subject: str) -> nats.errors.Error:
    return nats.errors.Error(f'nats: permissions violation for publish to "{subject}"')


def test_the_same_violation_is_told_once_and_another_one_is_told_too() -> None:
    told = ViolationsTold()
    assert not told.told_before(_violation("sb.t.gateway"))
    assert told.told_before(_violation("sb.t.gateway"))
    assert not told.told_before(_violation("sb.t.presence"))


def test_other_errors_are_never_counted_as_told() -> None:
    told = ViolationsTold()
    other = nats.errors.Error("nats: empty response from server when expecting INFO message")
    assert not told.told_before(other)
    assert not told.told_before(other)
