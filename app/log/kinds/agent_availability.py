"""An agent says she is away, or available again (member event, any agent, about herself:
the record's author is the agent it speaks of, so nobody can set a colleague away).

Team-wide, so it names no conversation: it travels on the subject of its own random id. It
stays in the log (unlike presence, which is ephemeral): an agent who went away is away on
every desk, also after restarts, until she says otherwise. The newest (`at`, then log order)
per author wins. Auto-assignment gives an away agent nothing (`app.domain.assignment`).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto.encoding import Reader, Writer
from app.domain.events import EventKind
from app.domain.ids import ID_LEN
from app.log.kind import KindSpec, read_flag
from app.log.state import BatchState, Keys
from app.log.values import AppliedRecord, Outcome


@dataclass(frozen=True, slots=True)
class AgentAvailability:
    """The author is `away` (True) or available (False) since `at`."""

    availability_id: bytes
    """Random; the subject the event travels on."""
    away: bool
    at: int
    """Unix seconds on the agent's desk: the newest wins."""

    kind = EventKind.AGENT_AVAILABILITY


def _write(w: Writer, e: AgentAvailability) -> None:
    w.fixed(e.availability_id, ID_LEN).u8(int(e.away)).u64(e.at)


def _read(r: Reader) -> AgentAvailability:
    availability_id = r.fixed(ID_LEN)
    away = read_flag(r)
    return AgentAvailability(availability_id, away, r.u64())


def _keys(keys: Keys, record: AppliedRecord, event: AgentAvailability) -> None:
    """Nothing to load: the store keeps the newest per agent (`app.store.assignment_rows`)."""


def _fold(state: BatchState, record: AppliedRecord, ev: AgentAvailability) -> Outcome:
    state.assignment.availability.append((record.author, ev.away, ev.at, record.seq))
    return Outcome.APPLIED


SPEC = KindSpec(
    EventKind.AGENT_AVAILABILITY,
    AgentAvailability,
    _write,
    _read,
    _fold,
    _keys,
    guard_neutral=True,
)
