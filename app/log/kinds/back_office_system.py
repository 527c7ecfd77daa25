"""An admin tells the team that a back-office system got a token, or lost it (member event,
admin only: the reader refuses it from anyone else, `KindSpec.admin_only`).

The token itself goes to the gateway alone (`ApiToken`, sealed to it). This record carries what
every admin's desk needs to list the systems and to revoke one from any desk: the token's id,
the system's name and when; never the token nor its hash. Team-wide, so it travels on the
subject of the token's own id. A revocation is final: a later grant of the same id is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto.encoding import Reader, Writer
from app.domain.events import EventKind
from app.domain.ids import ID_LEN
from app.log.kind import KindSpec, read_flag
from app.log.kinds.api_token import MAX_SYSTEM_NAME
from app.log.state import BatchState, Keys
from app.log.values import AppliedRecord, Outcome


@dataclass(frozen=True, slots=True)
class BackOfficeSystemNoted:
    """The system `name` holds the token `token_id` since `at`, or (`revoked`) no longer."""

    token_id: bytes
    name: str
    at: int
    """Unix seconds on the admin's desk: when the token was made, or revoked."""
    revoked: bool = False

    kind = EventKind.BACK_OFFICE_SYSTEM


def _write(w: Writer, e: BackOfficeSystemNoted) -> None:
    w.fixed(e.token_id, ID_LEN).text(e.name).u64(e.at).u8(int(e.revoked))


def _read(r: Reader) -> BackOfficeSystemNoted:
    token_id = r.fixed(ID_LEN)
    name = r.text(MAX_SYSTEM_NAME * 4)
    at = r.u64()
    return BackOfficeSystemNoted(token_id, name, at, read_flag(r))


def _keys(keys: Keys, record: AppliedRecord, event: BackOfficeSystemNoted) -> None:
    """Nothing to load: the rows are written as upserts (`app.store.api_token_rows`)."""


def _fold(state: BatchState, record: AppliedRecord, ev: BackOfficeSystemNoted) -> Outcome:
    state.back_office.append(ev)
    return Outcome.APPLIED


def _admin_only(event: BackOfficeSystemNoted) -> bool:
    return True


SPEC = KindSpec(
    EventKind.BACK_OFFICE_SYSTEM,
    BackOfficeSystemNoted,
    _write,
    _read,
    _fold,
    _keys,
    guard_neutral=True,
    admin_only=_admin_only,
)
