"""Words for hand-over, states and notes: the activity lines of a thread, the refusals, the
snooze choices. Every string is translatable in the `handling` context."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDateTime

from app.domain.content import Activity, ActivityKind
from app.domain.errors import (
    ConversationChanged,
    HandoverRefused,
    NoteRefused,
    NotYours,
    StateRefused,
    SwitchboardError,
)
from app.domain.handling import ConversationState
from app.domain.ids import DeviceId

Names = Callable[[DeviceId], str]


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("handling", text, None, n)


def activity_line(line: Activity, actor: str, names: Names, me: DeviceId) -> str:
    """One line of the thread: "Anna transferred the conversation to Ben"."""
    target = "" if line.target is None else (tr("you") if line.target == me else names(line.target))
    text = tr(str(_LINES[line.activity]))
    text = text.replace("%1", actor).replace("%2", target)
    if line.activity is ActivityKind.SNOOZED and line.until:
        text = text.replace("%3", snooze_end(line.until))
    return text


def snooze_end(until: int) -> str:
    """When a snooze ends, in the desk's language ("Mon 7 Dec, 09:00")."""
    moment = QDateTime.fromSecsSinceEpoch(until)
    return moment.toString("ddd d MMM, hh:mm")


def state_name(state: ConversationState) -> str:
    return tr(str(_STATES[state]))


def describe(error: SwitchboardError) -> str | None:
    """A sentence for a hand-over, state or note error; None for other errors."""
    if isinstance(error, ConversationChanged):
        if error.by:
            return tr("%1 changed this conversation first; nothing you chose was sent.").replace(
                "%1", error.by
            )
        return tr("A colleague changed this conversation first; nothing you chose was sent.")
    if isinstance(error, NotYours):
        if error.holder:
            return tr("%1 is handling this conversation. Take it over to reply.").replace(
                "%1", error.holder
            )
        return tr("Claim this conversation to reply.")
    if isinstance(error, HandoverRefused | StateRefused | NoteRefused):
        return tr(str(_REFUSALS.get(error.reason, _REFUSALS["other"])))
    return None


_LINES: dict[ActivityKind, object] = {
    ActivityKind.CLAIMED: QT_TRANSLATE_NOOP("handling", "%1 claimed the conversation"),
    ActivityKind.ASSIGNED: QT_TRANSLATE_NOOP("handling", "%1 assigned the conversation to %2"),
    ActivityKind.TRANSFERRED: QT_TRANSLATE_NOOP(
        "handling", "%1 transferred the conversation to %2"
    ),
    ActivityKind.RELEASED: QT_TRANSLATE_NOOP(
        "handling", "%1 released the conversation to the queue"
    ),
    ActivityKind.TOOK_OVER: QT_TRANSLATE_NOOP("handling", "%1 took the conversation over from %2"),
    ActivityKind.OPENED: QT_TRANSLATE_NOOP("handling", "%1 reopened the conversation"),
    ActivityKind.PENDING: QT_TRANSLATE_NOOP("handling", "%1 set the conversation to pending"),
    ActivityKind.SNOOZED: QT_TRANSLATE_NOOP("handling", "%1 snoozed the conversation until %3"),
    ActivityKind.RESOLVED: QT_TRANSLATE_NOOP("handling", "%1 resolved the conversation"),
    ActivityKind.AUTO_ASSIGNED: QT_TRANSLATE_NOOP("handling", "Assigned to %2 automatically"),
    ActivityKind.REOPENED: QT_TRANSLATE_NOOP(
        "handling", "The snooze ended; the conversation is open"
    ),
}

_STATES: dict[ConversationState, object] = {
    ConversationState.OPEN: QT_TRANSLATE_NOOP("handling", "Open"),
    ConversationState.PENDING: QT_TRANSLATE_NOOP("handling", "Pending"),
    ConversationState.SNOOZED: QT_TRANSLATE_NOOP("handling", "Snoozed"),
    ConversationState.RESOLVED: QT_TRANSLATE_NOOP("handling", "Resolved"),
}

_REFUSALS: dict[str, object] = {
    "no-target": QT_TRANSLATE_NOOP("handling", "Choose a colleague to hand the conversation to."),
    "already-theirs": QT_TRANSLATE_NOOP(
        "handling", "That colleague already has this conversation."
    ),
    "not-holder": QT_TRANSLATE_NOOP(
        "handling",
        "Only the colleague handling this conversation can pass it on; take it over first.",
    ),
    "nobody-holds": QT_TRANSLATE_NOOP(
        "handling", "Nobody is handling this conversation: claim it instead."
    ),
    "own": QT_TRANSLATE_NOOP("handling", "You are already handling this conversation."),
    "held": QT_TRANSLATE_NOOP("handling", "Someone is already handling this conversation."),
    "same-state": QT_TRANSLATE_NOOP("handling", "The conversation is already in that state."),
    "snooze-past": QT_TRANSLATE_NOOP("handling", "Choose a snooze time in the future."),
    "note-empty": QT_TRANSLATE_NOOP("handling", "Write something in the note first."),
    "note-too-long": QT_TRANSLATE_NOOP(
        "handling", "The note is too long: at most 4,096 characters."
    ),
    "too-many-mentions": QT_TRANSLATE_NOOP("handling", "A note can mention at most 32 colleagues."),
    "other": QT_TRANSLATE_NOOP("handling", "That cannot be done right now; nothing was changed."),
}
