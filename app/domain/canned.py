"""Canned replies: snippets an agent inserts into the composer by typing `/` and a shortcut.

PURE. Shared replies are the team's, managed by admins; personal ones belong to the device that
wrote them and are shown on every device of the same person (`CannedScope`). On insert the
variables `{first_name}` (the customer's first name) and `{agent_name}` (the agent's name) are
filled in; anything else in braces stays as written, so a reply can still show `{` and `}`.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NewType

from app.domain.ids import DeviceId

CannedId = NewType("CannedId", bytes)
"""16 random bytes, chosen by the desk that first defines the reply."""

MAX_SHORTCUT_CHARS = 32
MAX_CANNED_CHARS = 4096
"""As long as a reply may be."""
MAX_CANNED = 500
"""Shared replies, and each person's personal ones: the picker stays quick to scan."""

VARIABLES = ("{first_name}", "{agent_name}")
_SHORTCUT = re.compile(r"[^\W_][\w-]*")


class CannedScope(enum.IntEnum):
    """Who a canned reply is for. Wire values: never renumber."""

    SHARED = 1
    """The whole team's; only admins define, change or delete it."""
    PERSONAL = 2
    """Its author's own: only the device that made it changes it; shown to the same person."""


@dataclass(frozen=True, slots=True)
class CannedReply:
    """One canned reply as last defined."""

    canned_id: CannedId
    shortcut: str
    """What follows `/` to find it: letters, digits, `-` and `_`, no spaces."""
    body: str
    scope: CannedScope
    owner: DeviceId
    """The device that first defined it (for a personal reply: the only one that edits it)."""


def canned_refusal(
    shortcut: str, body: str, others: Iterable[CannedReply] = (), count: int = 0
) -> str | None:
    """Why a canned reply cannot be saved so (a stable code), or None: `shortcut-empty`,
    `shortcut-too-long`, `shortcut-invalid` (spaces or signs), `canned-empty`,
    `canned-too-long`, `shortcut-taken` (by another reply the agent sees) or `too-many-canned`
    (`count` replies of this scope exist already)."""
    if not shortcut:
        return "shortcut-empty"
    if len(shortcut) > MAX_SHORTCUT_CHARS:
        return "shortcut-too-long"
    if _SHORTCUT.fullmatch(shortcut) is None:
        return "shortcut-invalid"
    if not body.strip():
        return "canned-empty"
    if len(body) > MAX_CANNED_CHARS:
        return "canned-too-long"
    if any(o.shortcut.casefold() == shortcut.casefold() for o in others):
        return "shortcut-taken"
    if count >= MAX_CANNED:
        return "too-many-canned"
    return None


def first_name(customer_name: str) -> str:
    """The first word of how the customer is called ("" when unknown); a phone number or
    customer id is no first name."""
    words = customer_name.split()
    if not words or not any(ch.isalpha() for ch in words[0]):
        return ""
    return words[0]


def fill_variables(body: str, customer_name: str, agent_name: str) -> str:
    """The reply as inserted: `{first_name}` and `{agent_name}` filled in. Without a first name
    the variable goes with the space or comma before it ("Hello {first_name}," → "Hello,")."""
    name = first_name(customer_name)
    if name:
        filled = body.replace("{first_name}", name)
    else:
        filled = re.sub(r"[ ,]?\{first_name\}", "", body)
    return filled.replace("{agent_name}", agent_name)


def matching(replies: Iterable[CannedReply], typed: str) -> list[CannedReply]:
    """The replies the picker lists for what follows `/`: shortcuts starting with it first,
    then shortcuts or texts containing it; each group by shortcut. Case does not count."""
    needle = typed.casefold()
    starts, contains = [], []
    for reply in replies:
        shortcut = reply.shortcut.casefold()
        if shortcut.startswith(needle):
            starts.append(reply)
        elif needle in shortcut or needle in reply.body.casefold():
            contains.append(reply)
    key = _shortcut_order
    return sorted(starts, key=key) + sorted(contains, key=key)


def _shortcut_order(reply: CannedReply) -> tuple[str, int, bytes]:
    return (reply.shortcut.casefold(), int(reply.scope), reply.canned_id)
