"""The ground truth of `switchboard bench faults`: what the desks show beside what happened.

Pure: the customers' messages (from the simulator), what each customer received (from the
simulator) and what each desk holds (its report) in; counts out. A customer message must be on
every desk exactly once and be answered once; an answer must reach its customer exactly once,
or be shown as failed with its reason, and never be shown as failed when it was delivered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from app.bench.faults_agent import DeskReport, ReplySeen, answered_wamid

SHOWN_FAILED = frozenset({"FAILED", "CONFLICT"})
"""Statuses that tell the agent a reply did not go out (with its reason)."""
ON_ITS_WAY = frozenset({"SENT", "DELIVERED", "READ", "PLAYED"})


@dataclass(frozen=True, slots=True)
class Tally:
    """The counts of one fault's messages."""

    sent: int
    applied: tuple[int, ...]
    """Per desk, in the stack's order: how many of the messages it holds."""
    replies: int
    """Replies the agents wrote to them (on any desk)."""
    failed: int
    """Replies shown as failed (or not sent for a conflict) on a desk."""
    lost: int
    """Messages missing on a desk, left unanswered, or whose reply neither arrived nor was
    shown as failed."""
    duplicated: int
    """Extra copies: of a message on a desk, of an answer, of a reply at its customer."""
    wrongly_marked: int
    """Replies shown as failed that their customer received."""
    settled: bool
    """Nothing is still on its way: the fault's effects are over."""

    @property
    def clean(self) -> bool:
        return self.lost == 0 and self.duplicated == 0 and self.wrongly_marked == 0


def received_counts(texts: Iterable[str]) -> Counter[str]:
    """How often each customer message's answer reached its customer, by the message's wamid."""
    return Counter(w for t in texts if (w := answered_wamid(t)) is not None)


def tally(
    wamids: Collection[str], desks: Mapping[str, DeskReport], received: Mapping[str, int]
) -> Tally:
    """Count what happened to the customer messages `wamids` (see `Tally`)."""
    replies = _replies_by_wamid(desks.values())
    applied = tuple(sum(1 for w in wamids if report.inbound.get(w)) for report in desks.values())
    lost = failed = wrongly = duplicated = 0
    settled = True
    for wamid in wamids:
        copies = [report.inbound.get(wamid, 0) for report in desks.values()]
        duplicated += sum(max(0, c - 1) for c in copies)
        answers = replies.get(wamid, {})
        duplicated += max(0, len(answers) - 1)
        arrived = received.get(wamid, 0)
        duplicated += max(0, arrived - 1)
        shown = [seen for answer in answers.values() for seen in answer]
        shown_failed = any(s.status in SHOWN_FAILED for s in shown)
        failed += shown_failed
        wrongly += shown_failed and arrived > 0
        missing = 0 in copies or not answers or not (arrived or shown_failed)
        lost += missing
        settled &= not missing and _settled(answers.values(), arrived, len(desks))
    return Tally(
        len(wamids),
        applied,
        sum(len(replies.get(w, {})) for w in wamids),
        failed,
        lost,
        duplicated,
        wrongly,
        settled,
    )


def _replies_by_wamid(desks: Iterable[DeskReport]) -> dict[str, dict[str, list[ReplySeen]]]:
    """wamid answered → reply event id → how each desk shows that reply."""
    found: dict[str, dict[str, list[ReplySeen]]] = {}
    for report in desks:
        for reply in report.replies:
            found.setdefault(reply.wamid, {}).setdefault(reply.event_id, []).append(reply)
    return found


def _settled(answers: Iterable[list[ReplySeen]], arrived: int, desks: int) -> bool:
    """Every reply is on every desk, and all desks agree it went out or failed."""
    for shown in answers:
        if len(shown) < desks:
            return False
        statuses = {s.status for s in shown}
        gone = arrived > 0 and statuses <= ON_ITS_WAY | SHOWN_FAILED
        if not (gone or statuses <= SHOWN_FAILED):
            return False
    return True
