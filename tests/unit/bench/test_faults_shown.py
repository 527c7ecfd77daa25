"""Whether a fault was shown: a desk's full disk counts only where it refused a write."""

from __future__ import annotations

from app.bench.faults_agent import WRITES_REFUSED
from app.bench.faults_inject import hub_shown, store_shown


def test_a_full_disk_that_refused_a_write_must_have_been_shown_on_its_desk() -> None:
    assert store_shown("Owner", {"Owner": [WRITES_REFUSED, "store-failing"]}) is True
    assert store_shown("Owner", {"Owner": [WRITES_REFUSED, "store-ok"]}) is False


def test_a_full_disk_that_refused_nothing_had_nothing_to_show() -> None:
    assert store_shown("Owner", {"Owner": ["store-ok", "online"]}) is None
    assert store_shown("Owner", {"Desk 2": [WRITES_REFUSED, "store-failing"]}) is None


def test_a_hub_fault_is_shown_only_when_every_desk_that_answered_showed_it() -> None:
    assert hub_shown({"Owner": ["offline"], "Desk 2": ["connecting", "online"]})
    assert not hub_shown({"Owner": ["offline"], "Desk 2": ["online"]})
    assert not hub_shown({})
