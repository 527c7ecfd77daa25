"""NATS subject names of a team (crypto.md §3.13). PURE.

Subjects never carry conversation ids, phone numbers or names: a conversation's subject token is
an HMAC tag only team devices can compute.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Subjects:
    """The subjects of one team, from its id in hex."""

    team_hex: str

    @property
    def prefix(self) -> str:
        return f"sb.{self.team_hex}"

    @property
    def chain(self) -> str:
        """Signed team chain links."""
        return f"{self.prefix}.chain"

    @property
    def inbound(self) -> str:
        """Gateway events (customer messages, statuses, send outcomes)."""
        return f"{self.prefix}.in"

    @property
    def outbound(self) -> str:
        """Outbound requests sealed to the gateway."""
        return f"{self.prefix}.out"

    @property
    def all_events(self) -> str:
        """Wildcard over every conversation subject."""
        return f"{self.prefix}.ev.*"

    def conversation(self, tag: str) -> str:
        """Member events of one conversation, by its tag."""
        return f"{self.prefix}.ev.{tag}"

    @property
    def stream(self) -> str:
        """The JetStream stream holding the team's whole log."""
        return f"SB_{self.team_hex}"
