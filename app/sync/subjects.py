"""The subjects of one team, as one value to pass around (names come from `transport`). PURE.

Subjects never carry conversation ids, phone numbers or names: a conversation's subject token is
an HMAC tag only team devices can compute (crypto.md §3.13).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.sync import transport


@dataclass(frozen=True, slots=True)
class Subjects:
    """The subjects of one team, from its id in hex."""

    team_hex: str

    @property
    def chain(self) -> str:
        """Signed team chain links."""
        return transport.chain_subject(self.team_hex)

    @property
    def inbound(self) -> str:
        """Gateway events (customer messages, statuses, send outcomes)."""
        return transport.inbound_subject(self.team_hex)

    @property
    def outbound(self) -> str:
        """Outbound requests sealed to the gateway."""
        return transport.outbound_subject(self.team_hex)

    @property
    def conversation_prefix(self) -> str:
        """What every conversation subject starts with (`transport.event_subject`'s shape)."""
        return self.chain.removesuffix("chain") + "ev."

    def conversation(self, tag: str) -> str:
        """Member events of one conversation, by its tag."""
        return transport.event_subject(self.team_hex, tag)
