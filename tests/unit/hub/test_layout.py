"""The hub spells the team's names as the desks' transport does (it cannot import app.sync)."""

from __future__ import annotations

import secrets

import pytest

from app.hub import layout as hub_layout
from app.hub.layout import TeamLayout
from app.sync import hub_health, transport
from app.sync.gateway_beat import beat_subject
from app.sync.presence import presence_subject


def test_names_match_the_sync_layer() -> None:
    team = secrets.token_hex(16)
    layout = TeamLayout(team)

    assert layout.stream == transport.stream_name(team)
    assert layout.media_bucket == transport.media_bucket(team)
    assert layout.team_subjects == transport.team_subjects(team)
    assert layout.chain == transport.chain_subject(team)
    assert layout.inbound == transport.inbound_subject(team)
    assert layout.outbound == transport.outbound_subject(team)
    assert layout.presence == presence_subject(team)
    assert layout.gateway_beats == beat_subject(team)
    assert layout.join(bytes(range(16))) == f"sb.{team}.join.000102030405060708090a0b0c0d0e0f"
    assert hub_layout.HEALTH_QUESTION == hub_health.HEALTH_QUESTION
    assert hub_layout.HUB_CANNOT_STORE == hub_health.HUB_CANNOT_STORE


@pytest.mark.parametrize("team", ["", "ABCDEF0123456789ABCDEF0123456789", "a.b", "00" * 17])
def test_team_ids_outside_the_pattern_are_refused(team: str) -> None:
    with pytest.raises(ValueError, match="32 lowercase hex"):
        TeamLayout(team)
