"""Auto-assignment: who gets a waiting conversation when nobody claimed it. PURE.

Every desk with auto-assignment on asks the same question of the same replica: which open,
unassigned conversations are due, and which agent each should go to. The answer here is a
plain function of its inputs (settings and availability from the log, counts from the replica,
who is online from presence, the last automatic assignee from the log), so desks that agree on
the inputs agree on the answer. Correctness does not rest on that: the assignment is published
guarded by the conversation's sequence, so whichever desk is first wins and the others step
back (`app.services.assignment`).

Round robin: agents in the order of their device ids, starting after the last agent the
system assigned to. An agent is eligible when not removed, not away, online and under their
capacity (open conversations they hold). A conversation's labels narrow the choice to agents
who handle one of them, if any available agent does (online and not away, even if full: then
the conversation waits for them); otherwise anyone eligible gets it.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from app.domain.ids import ConversationId, DeviceId
from app.domain.labels import LabelId

DEFAULT_CAPACITY = 5
"""Open conversations an agent holds before the system gives them no more."""
MAX_CAPACITY = 999
MAX_WAIT_FOR_MENU_SECONDS = 3600
"""At most an hour for a customer to pick from the menu before the conversation is due."""
MAX_AGENT_RULES = 256
"""Agents with their own capacity or labels in one settings event (a team's size, with room)."""
MAX_HANDLED_LABELS = 50


@dataclass(frozen=True, slots=True)
class AgentRule:
    """What the settings say about one agent beyond the defaults."""

    agent: DeviceId
    capacity: int | None = None
    """Their own maximum of open conversations; None: the team's default."""
    labels: tuple[LabelId, ...] = ()
    """The labels they handle; empty: all."""


@dataclass(frozen=True, slots=True)
class AssignmentSettings:
    """The team's auto-assignment settings, as an admin set them last (newest `at` wins)."""

    enabled: bool = False
    default_capacity: int = DEFAULT_CAPACITY
    rules: tuple[AgentRule, ...] = ()
    """Per agent, in device-id order (one rule per agent)."""
    wait_for_menu_seconds: int = 0
    """How long a new conversation without a label waits for the customer's menu choice
    before it is due; 0: it is due at once."""

    def capacity_of(self, agent: DeviceId) -> int:
        rule = self._rule(agent)
        if rule is None or rule.capacity is None:
            return self.default_capacity
        return rule.capacity

    def labels_of(self, agent: DeviceId) -> frozenset[LabelId]:
        """The labels `agent` handles; empty means all."""
        rule = self._rule(agent)
        return frozenset() if rule is None else frozenset(rule.labels)

    def _rule(self, agent: DeviceId) -> AgentRule | None:
        for rule in self.rules:
            if rule.agent == agent:
                return rule
        return None


OFF = AssignmentSettings()
"""Before any admin set anything: auto-assignment is off."""


def settings_refusal(settings: AssignmentSettings) -> str | None:
    """Why these settings cannot be saved (a stable code), or None.

    Codes: `capacity` (a capacity below 1 or above 999), `wait` (a menu wait below 0 or above
    an hour), `too-many-rules`, `too-many-labels` (one agent handles more than 50), `duplicate`
    (two rules for one agent).
    """
    capacities = [settings.default_capacity]
    capacities += [r.capacity for r in settings.rules if r.capacity is not None]
    if any(not 1 <= c <= MAX_CAPACITY for c in capacities):
        return "capacity"
    if not 0 <= settings.wait_for_menu_seconds <= MAX_WAIT_FOR_MENU_SECONDS:
        return "wait"
    if len(settings.rules) > MAX_AGENT_RULES:
        return "too-many-rules"
    if any(len(r.labels) > MAX_HANDLED_LABELS for r in settings.rules):
        return "too-many-labels"
    if len({r.agent for r in settings.rules}) != len(settings.rules):
        return "duplicate"
    return None


def canonical(settings: AssignmentSettings) -> AssignmentSettings:
    """The same settings with rules in device-id order, labels sorted and empty rules dropped,
    so equal settings encode to equal bytes."""
    rules = tuple(
        sorted(
            (
                replace(r, labels=tuple(sorted(set(r.labels))))
                for r in settings.rules
                if r.capacity is not None or r.labels
            ),
            key=_by_agent,
        )
    )
    return replace(settings, rules=rules)


def _by_agent(rule: AgentRule) -> bytes:
    return rule.agent


@dataclass(frozen=True, slots=True)
class Agent:
    """One candidate as the deciding desk sees them now."""

    device: DeviceId
    away: bool
    """They said they are away (`AgentAvailability` in the log)."""
    online: bool
    """A desk of theirs was heard lately (presence), or it is the deciding desk itself."""
    open_count: int
    """Open conversations they hold."""


@dataclass(frozen=True, slots=True)
class Waiting:
    """An open conversation nobody holds."""

    conversation_id: ConversationId
    labels: frozenset[LabelId] = frozenset()
    waiting_since: int | None = None
    """When the customer's oldest unanswered message came (Unix seconds); None: nobody waits."""


@dataclass(frozen=True, slots=True)
class AssignmentView:
    """What a desk's replica says, read at once, for one round of deciding."""

    settings: AssignmentSettings
    away: frozenset[DeviceId]
    last: DeviceId | None
    """The last agent the system assigned to, in log order."""
    open_counts: Mapping[DeviceId, int]
    """Open conversations per agent holding any."""
    waiting: Sequence[Waiting]
    """Open conversations nobody holds, the longest waiting first (a bounded page)."""


def due_at(waiting: Waiting, settings: AssignmentSettings) -> int | None:
    """When the conversation becomes due (Unix seconds); None: it is due already.

    A conversation without a label waits `wait_for_menu_seconds` after the customer wrote, so
    the menu's choice (which labels it) can route it; a labelled one is due at once.
    """
    wait = settings.wait_for_menu_seconds
    if wait <= 0 or waiting.labels or waiting.waiting_since is None:
        return None
    return waiting.waiting_since + wait


@dataclass(slots=True)
class Plan:
    """What a desk decided for the conversations it looked at."""

    assignments: list[tuple[ConversationId, DeviceId]] = field(default_factory=list)
    """Conversation and agent, in the order they were decided."""
    next_due: int | None = None
    """The earliest time a conversation that is not due yet becomes due."""


def plan(
    waiting: Sequence[Waiting],
    agents: Sequence[Agent],
    settings: AssignmentSettings,
    last: DeviceId | None,
    now: int,
) -> Plan:
    """Decide an agent for each due conversation in `waiting` (oldest first, as given), as if
    each earlier decision had already happened: counts grow and the round-robin moves on.
    Conversations nobody can take now stay out of the plan (they wait in the queue)."""
    result = Plan()
    if not settings.enabled:
        return result
    counts = {a.device: a.open_count for a in agents}
    for item in waiting:
        due = due_at(item, settings)
        if due is not None and due > now:
            result.next_due = due if result.next_due is None else min(result.next_due, due)
            continue
        current = [replace(a, open_count=counts[a.device]) for a in agents]
        chosen = choose_agent(current, settings, item.labels, last)
        if chosen is None:
            continue
        result.assignments.append((item.conversation_id, chosen))
        counts[chosen] += 1
        last = chosen
    return result


def choose_agent(
    agents: Sequence[Agent],
    settings: AssignmentSettings,
    labels: frozenset[LabelId],
    last: DeviceId | None,
) -> DeviceId | None:
    """The next agent by round robin after `last` who may take a conversation with `labels`;
    None if nobody may now (all away, offline or full)."""
    available = [a for a in agents if a.online and not a.away]
    if labels:
        handlers = [a for a in available if _handles(settings.labels_of(a.device), labels)]
        if handlers:
            available = handlers
    free = [a.device for a in available if a.open_count < settings.capacity_of(a.device)]
    return next_after(sorted(free), last)


def _handles(handled: frozenset[LabelId], labels: frozenset[LabelId]) -> bool:
    return not handled or bool(handled & labels)


def next_after(ordered: Sequence[DeviceId], last: DeviceId | None) -> DeviceId | None:
    """The first of `ordered` (ascending device ids) after `last`, wrapping round; `last`
    need not be among them (away or full now): the order is by id, not by who is present."""
    if not ordered:
        return None
    if last is None:
        return ordered[0]
    index = bisect.bisect_right(ordered, last)
    return ordered[index % len(ordered)]
