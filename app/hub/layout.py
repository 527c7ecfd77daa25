"""What the hub keeps for a team: stream, bucket and subject names (crypto.md §3.13).

``app.sync.transport`` names the same things for the desks; ``app.hub`` sits below ``app.sync``
and cannot import it, so the names are spelled here too and ``tests/unit/hub/test_layout.py``
keeps the two in step. Pure.
"""

from __future__ import annotations

import re

__all__ = [
    "BOUND_SUBJECT",
    "FOUND_SUBJECT",
    "HEALTH_QUESTION",
    "HUB_CANNOT_STORE",
    "INFO_SUBJECT",
    "JOIN_MAX_AGE",
    "SETUP_DONE_SUBJECT",
    "TeamLayout",
]

FOUND_SUBJECT = "sbhub.found"
"""Request: found a team on an unbound hub (body: link 1). Only the setup user may send it.

Replies (ASCII): ``ok`` (bound; the root device's hub key is let in), ``error: bound``,
``error: invalid link``, ``error: another team chain is stored here``, ``error: unavailable``.
"""
INFO_SUBJECT = "sbhub.info"
"""Request from any authenticated login but the setup user: which team this hub serves.

Reply (ASCII): the team id in lowercase hex, or ``unbound``. Asked HEALTH_QUESTION instead, it
answers whether the hub stores writes: ``ok``, or HUB_CANNOT_STORE while its store refuses them.
"""
HEALTH_QUESTION = b"health"
"""The body of an INFO_SUBJECT request that asks for the hub's storage health."""
HUB_CANNOT_STORE = b"cannot-store"
"""The health answer while a store write failed (a full disk) and the server waits for room:
the process answers, but every write to the team's stream times out."""
BOUND_SUBJECT = "sbhub.bound"
"""Request between the hub services of a cluster (body: link 1): bind to this team, founded on
another node. Only service logins may send it. Reply (ASCII): ``ok`` or ``error: …``."""
SETUP_DONE_SUBJECT = "sbhub.setup.done"
"""Message between the hub services of a cluster: the founder has its answer, so every node
retires the setup login now. Only service logins may send it."""
JOIN_MAX_AGE = 24 * 3600.0
"""Seconds a join handshake message is kept (team-setup.md §3)."""

_TEAM_HEX = re.compile(r"^[0-9a-f]{32}$")
_INVITE_HEX = re.compile(r"^[0-9a-f]{32}$")


class TeamLayout:
    """Every name the hub uses for one team (32 lowercase hex digits)."""

    def __init__(self, team_hex: str) -> None:
        """Raises ValueError unless ``team_hex`` is a 16-byte id in lowercase hex."""
        if not _TEAM_HEX.match(team_hex):
            raise ValueError("a team id is 32 lowercase hex digits")
        self.team = team_hex
        """The team id in hex."""
        self.prefix = f"sb.{team_hex}"
        self.stream = f"SB_{team_hex}"
        """The team stream (chain, events, inbound, outbound), kept forever."""
        self.join_stream = f"SB_{team_hex}_join"
        """Join handshakes, kept 24 hours."""
        self.sent_bucket = f"SB_{team_hex}_sent"
        """The gateway's KV log of attempted sends."""
        self.media_bucket = f"SB_{team_hex}_media"
        """The media object store."""

    @property
    def chain(self) -> str:
        """The chain subject."""
        return f"{self.prefix}.chain"

    @property
    def events(self) -> str:
        """Every conversation subject."""
        return f"{self.prefix}.ev.*"

    @property
    def inbound(self) -> str:
        """The gateway's inbound subject."""
        return f"{self.prefix}.in"

    @property
    def outbound(self) -> str:
        """The desks' outbound subject."""
        return f"{self.prefix}.out"

    @property
    def presence(self) -> str:
        """Desks' presence notes: core NATS only, in no stream (`app.sync.presence`)."""
        return f"{self.prefix}.presence"

    @property
    def gateway_beats(self) -> str:
        """Gateways' sealed beats: core NATS only, in no stream (`app.sync.gateway_beat`)."""
        return f"{self.prefix}.gateway"

    @property
    def joins(self) -> str:
        """Every join subject."""
        return f"{self.prefix}.join.*"

    def join(self, invite_id: bytes) -> str:
        """The join subject of one invite (16-byte id)."""
        token = invite_id.hex()
        if not _INVITE_HEX.match(token):
            raise ValueError("an invite id is 16 bytes")
        return f"{self.prefix}.join.{token}"

    @property
    def team_subjects(self) -> list[str]:
        """The team stream's subjects, as ``app.sync.transport.team_subjects`` lists them."""
        return [self.chain, self.events, self.inbound, self.outbound]
