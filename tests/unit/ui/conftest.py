"""Fixtures for UI tests: a fake team with two desks on a fixed clock."""

from __future__ import annotations

import pytest

from app.domain.ids import ConversationId
from tests.helpers.fake_desk import FakeDesk, FakeTeam

NOW = 1_773_331_200
"""A fixed "now" (2026-03-12 16:00 UTC) so waiting times and windows are deterministic."""


@pytest.fixture
def team() -> FakeTeam:
    return FakeTeam(now=NOW)


@pytest.fixture
def anna(team: FakeTeam) -> FakeDesk:
    return team.desk("Anna")


@pytest.fixture
def ben(team: FakeTeam) -> FakeDesk:
    return team.desk("Ben")


def fill_queue(team: FakeTeam, count: int) -> list[ConversationId]:
    """`count` waiting customers, the longest-waiting first in queue order."""
    return [
        team.customer_writes(f"Customer {i:03d}", f"question {i}", at=NOW - 10_000 + i)
        for i in range(count)
    ]
