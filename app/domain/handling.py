"""Who handles a conversation and where it stands: states, hand-over, and who may reply.

PURE. These rules are enforced twice, by design: the services refuse an action that breaks them
before anything is published (so the agent hears why in words), and the fold applies the log's
events by the same rules (so every desk ends in the same state whatever a desk sent).
"""

from __future__ import annotations

import enum

from app.domain.ids import DeviceId


class ConversationState(enum.IntEnum):
    """Where a conversation stands. Stored and on the wire: never renumber."""

    OPEN = 1
    """Someone should look at it (the queue's tabs Unassigned, Mine and All open)."""
    PENDING = 2
    """Answered; waiting for the customer. Their next message opens it again."""
    SNOOZED = 3
    """Put away until a time (`snooze_until`); it opens again then, or at the customer's next
    message, whichever comes first."""
    RESOLVED = 4
    """Done. The customer's next message opens it again (with the same assignee)."""


class HandoverAction(enum.IntEnum):
    """How the assignee changes. On the wire: never renumber."""

    ASSIGN = 1
    """Give the conversation to a colleague (or oneself), whoever holds it."""
    TRANSFER = 2
    """The assignee passes it to a colleague, with a note for them."""
    RELEASE = 3
    """Back to the queue: nobody holds it."""
    TAKE_OVER = 4
    """Take it from the colleague who holds it (recorded; they are told)."""
    AUTO_ASSIGN = 5
    """The team's auto-assignment gives a conversation nobody holds to `target`; any desk
    may decide it (`app.domain.assignment`), the conversation's guard lets one through."""


def state_after_customer_message(state: ConversationState) -> ConversationState:
    """A customer's message reopens a resolved conversation, wakes a snoozed one and ends the
    wait of a pending one."""
    return ConversationState.OPEN


def missed_a_customer_message(last_inbound_at: int | None, decided_at: int | None) -> bool:
    """Whether the customer wrote after an agent decided (replied, resolved, snoozed).

    Customer messages and agents' events travel on different subjects, so the log can put a
    message the agent never saw before their reply or resolve. Their decision must not bury it:
    the reply leaves it waiting, a resolve or snooze leaves the conversation open. Compared by
    time (Meta's send time against the agent's clock): a desk clock that runs behind keeps a
    conversation waiting that was answered, which someone sees; never the other way round
    unless the clock runs ahead.
    """
    return last_inbound_at is not None and decided_at is not None and last_inbound_at > decided_at


def may_reply(assignee: DeviceId | None, agent: DeviceId) -> bool:
    """Only the assignee replies; anyone else claims first, or takes over."""
    return assignee == agent


def assignee_after(
    action: HandoverAction,
    assignee: DeviceId | None,
    actor: DeviceId,
    target: DeviceId | None,
) -> DeviceId | None:
    """Who holds the conversation after a hand-over by `actor` (the fold's rule)."""
    if action == HandoverAction.RELEASE:
        return None
    if action == HandoverAction.TAKE_OVER:
        return actor
    return target


def handover_refusal(
    action: HandoverAction,
    assignee: DeviceId | None,
    actor: DeviceId,
    target: DeviceId | None,
) -> str | None:
    """Why `actor` may not do this hand-over now (a stable code), or None if they may.

    Codes: `no-target` (assign or transfer to nobody), `already-theirs` (to whoever holds it),
    `not-holder` (transfer or release a conversation someone else holds: take it over first),
    `nobody-holds` (take over what nobody holds: claim it), `own` (take over one's own),
    `held` (the system assigns only what nobody holds: a person's choice is never undone).
    """
    if action == HandoverAction.AUTO_ASSIGN:
        if target is None:
            return "no-target"
        return "held" if assignee is not None else None
    if action in (HandoverAction.ASSIGN, HandoverAction.TRANSFER):
        if target is None:
            return "no-target"
        if target == assignee:
            return "already-theirs"
    if action in (HandoverAction.TRANSFER, HandoverAction.RELEASE) and assignee != actor:
        return "not-holder" if assignee is not None else "nobody-holds"
    if action == HandoverAction.TAKE_OVER:
        if assignee is None:
            return "nobody-holds"
        if assignee == actor:
            return "own"
    return None


def state_refusal(
    current: ConversationState, wanted: ConversationState, snooze_until: int, now: int
) -> str | None:
    """Why a conversation may not move to `wanted` (a stable code), or None if it may.

    Codes: `same-state` (nothing would change, unless a snooze gets a new time), `snooze-past`
    (a snooze must end in the future).
    """
    if wanted == ConversationState.SNOOZED:
        return "snooze-past" if snooze_until <= now else None
    if wanted == current:
        return "same-state"
    return None


DEFAULT_FIRST_RESPONSE_SECONDS = 15 * 60
"""The first-response target a desk starts with (the queue's SLA colours); a setting."""
_NEAR_SHARE = 0.75


class SlaLevel(enum.IntEnum):
    """How a waiting customer stands against the first-response target."""

    ANSWERED = 0
    """Nobody is waiting for an answer."""
    WITHIN = 1
    NEAR = 2
    """Three quarters of the target have passed."""
    BREACHED = 3


def sla_level(waiting_since: int | None, now: int, target_seconds: int) -> SlaLevel:
    """Where a conversation waiting since `waiting_since` stands at `now`."""
    if waiting_since is None:
        return SlaLevel.ANSWERED
    waited = now - waiting_since
    if waited >= target_seconds:
        return SlaLevel.BREACHED
    if waited >= target_seconds * _NEAR_SHARE:
        return SlaLevel.NEAR
    return SlaLevel.WITHIN
