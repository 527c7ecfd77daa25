"""Reading the gateway's own records back from the hub, as any member reads them.

The hub may hold anything on the gateway's subjects: garbage from a local process, an envelope
that names the gateway but is not signed by it, a copy of an old record, or nothing where the
gateway's newest record was. `classify` decides, from the bytes and the gateway's author-chain
state only, whether a record on `.in` is the next link of that chain; everything else is an
`Attack`, reported by `report` (a counter and a warning naming the kind and the stream
sequence, never the payload) and then ignored, so that it can neither block the gateway nor
make it reuse an `author_seq`.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass

from app.crypto import envelope as env
from app.crypto.header import GATEWAY_TYPES
from app.crypto.keys import DeviceKeys
from app.domain.errors import EnvelopeRejected
from app.domain.ids import TeamId

log = logging.getLogger(__name__)


class Attack(enum.Enum):
    """What a record the gateway did not expect on its subjects is."""

    GARBAGE = "garbage"
    """Not an envelope of this team."""
    FOREIGN = "foreign"
    """An envelope of another author or type on the gateway's subject."""
    FORGED = "forged"
    """Names the gateway as author, but its signature does not verify."""
    REPLAYED = "replayed"
    """A copy of one of the gateway's own earlier records."""
    OUT_OF_ORDER = "out-of-order"
    """The gateway's own, but not the next link of its chain (a gap or a fork)."""
    ROLLBACK = "rollback"
    """The gateway's newest record is missing from the hub (deleted or rolled back)."""
    REQUEST_REPLAYED = "request-replayed"
    """An outbound request the gateway has seen before, published again."""

    @property
    def counter(self) -> str:
        """Its key in the gateway's stats."""
        return "hub_" + self.value.replace("-", "_")


ATTACK_COUNTERS = {attack.counter: 0 for attack in Attack}
"""Every attack counter, at zero: the gateway's stats start with these."""


@dataclass(frozen=True, slots=True)
class OwnRecord:
    """A record the gateway signed that is not behind its author-chain head."""

    author_seq: int
    envelope_hash: bytes
    in_order: bool = True
    """False for a gap or a fork: still the gateway's, so its seq must never be used again."""


def classify(
    data: bytes, keys: DeviceKeys, team_id: TeamId, next_seq: int, prev_hash: bytes
) -> OwnRecord | Attack:
    """Whether `data` is the gateway's next envelope after (`next_seq` - 1, `prev_hash`).

    The checks are a member's (crypto.md §3.6 steps 1, 2, 5 and 8), with the gateway's own
    public key: strict parse, type and author, signature, then `author_seq` and `author_prev`.
    An envelope the gateway did sign but that is not the next link (a gap, a fork) comes back
    as an `OwnRecord` that is not `in_order`: the hub cannot make one, so it was written with
    the gateway's key, and its seq must not be given to another envelope.
    """
    try:
        parsed = env.parse_envelope(data, team_id=team_id)
    except (EnvelopeRejected, ValueError):
        return Attack.GARBAGE
    header = parsed.header
    if header.author != keys.device_id or header.event_type not in GATEWAY_TYPES:
        return Attack.FOREIGN
    try:
        env.verify_signature(parsed, keys.public().sig)
    except EnvelopeRejected:
        return Attack.FORGED
    if header.author_seq < next_seq:
        return Attack.REPLAYED
    in_order = header.author_seq == next_seq and header.author_prev == prev_hash
    return OwnRecord(header.author_seq, parsed.hash, in_order)


def report(
    stats: dict[str, int],
    attack: Attack,
    where: str,
    stream_seq: int,
    outcome: str = "record ignored",
) -> None:
    """Count and log one attack; the record itself is never logged."""
    stats[attack.counter] = stats.get(attack.counter, 0) + 1
    log.warning(
        "hub attack: %s on %s at stream seq %d: %s", attack.value, where, stream_seq, outcome
    )
