"""How the demo's scripted agents label and greet, as plain rules (no I/O).

An agent labels a conversation by what the customer first asked, as a person skimming it would,
and opens it with the team's "hello" canned reply, filled in with the customer's first name and
its own. The reference number after it lets the headless demo find every reply at its customer.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.domain.canned import CannedReply, fill_variables

GREETING_SHORTCUT = "hello"
"""The canned reply an agent opens a conversation with (`team_lists.CANNED`)."""

_TOPICS = (
    ("Refund", ("charged", "cancel", "refund")),
    ("Delivery", ("order", "parcel", "delivery", "shipped")),
)
"""A label and the words that earn it; the first match wins (a refund of an order is a
refund)."""


def label_for(text: str) -> str | None:
    """The label an agent puts on a conversation that opened with `text`, or None."""
    words = text.casefold()
    for label, cues in _TOPICS:
        if any(cue in words for cue in cues):
            return label
    return None


def opening_reply(canned: Iterable[CannedReply], customer_name: str, agent_name: str) -> str | None:
    """The "hello" canned reply as inserted for this customer, or None if the team has none."""
    for reply in canned:
        if reply.shortcut == GREETING_SHORTCUT:
            return fill_variables(reply.body, customer_name, agent_name)
    return None
