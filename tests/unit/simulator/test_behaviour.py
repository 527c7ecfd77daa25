"""The pure parts of the rules: switches, overrides, status plans, buckets and envelopes."""

from __future__ import annotations

import random
from typing import Any

import pytest

from app.simulator import Customer, SimulatorConfig
from app.simulator.behaviour import Behaviour, CustomerSettings
from app.simulator.payloads import build_envelope, field_update, inbound_text
from app.simulator.rules import TokenBucket
from app.simulator.statuses import plan

CONFIG = SimulatorConfig(sent_delay=0.1, delivered_delay=0.2, read_delay=0.3, played_delay=0.4)
LENA = Customer("DE.20481632641282565", "Lena K", wa_id="4915112345678")


@pytest.mark.parametrize(
    "changes",
    [
        {"window": "later"},
        {"blocked": "maybe"},
        {"skip_delivered": 1.5},
        {"duplicate_webhooks": True},
        {"pair_burst": 0},
        {"pair_refill_seconds": 0},
        {"throughput_mps": -1},
        {"bad_signature": "sha1"},
        {"slow_callback": -1},
        {"expired_token": "yes"},
        {"colour": "red"},
    ],
)
def test_bad_switches_are_refused(changes: dict[str, Any]) -> None:
    with pytest.raises((ValueError, TypeError)):
        Behaviour().changed(changes)


def test_customer_settings_override_and_inherit() -> None:
    settings = CustomerSettings({"window": "off"}).merged({"pair_burst": 2})
    effective = settings.apply(Behaviour(blocked="silent"))
    assert (effective.window, effective.pair_burst, effective.blocked) == ("off", 2, "silent")
    assert settings.merged({"window": None}).overrides == {"pair_burst": 2}
    with pytest.raises(ValueError, match="whole number"):
        CustomerSettings({"throughput_mps": 5})


@pytest.mark.parametrize(
    ("kwargs", "behaviour", "expected"),
    [
        ({}, Behaviour(), ["sent", "delivered", "read"]),
        ({"voice": True}, Behaviour(), ["sent", "delivered", "read", "played"]),
        ({"failed": True}, Behaviour(), ["failed"]),
        ({"silent": True}, Behaviour(), ["sent"]),
        ({}, Behaviour(skip_delivered=1.0), ["sent", "read"]),
        ({}, Behaviour(out_of_order=1.0), ["sent", "read", "delivered"]),
    ],
)
def test_status_plans(kwargs: dict[str, bool], behaviour: Behaviour, expected: list[str]) -> None:
    options = {"voice": False, "failed": False, "silent": False, **kwargs}
    steps = plan(CONFIG, behaviour, random.Random(1), **options)
    assert [s.status for s in steps] == expected
    assert [s.offset for s in steps] == sorted(s.offset for s in steps)


def test_token_bucket_bursts_then_refills() -> None:
    bucket = TokenBucket(capacity=3, rate=0.5, tokens=3, updated=0.0)
    assert [bucket.take(0.0) for _ in range(4)] == [True, True, True, False]
    assert not bucket.take(1.0)
    assert bucket.take(2.0)
    assert bucket.take(100.0)
    assert bucket.tokens == 2  # capped at capacity, less the one taken


def test_account_level_changes_get_their_own_timed_entries() -> None:
    items = [
        inbound_text(LENA, "wamid.SIM1", 5.0, "hi", None),
        field_update("account_update", {"event": "VERIFIED_ACCOUNT"}, 7.0),
        field_update("phone_number_quality_update", {"event": "FLAGGED"}, 8.0),
    ]
    envelope = build_envelope(CONFIG, items)
    first, second = envelope["entry"]
    assert "time" not in first
    assert second["time"] == 8
    assert [c["field"] for c in second["changes"]] == [
        "account_update",
        "phone_number_quality_update",
    ]
    assert second["changes"][0]["value"] == {"event": "VERIFIED_ACCOUNT"}
