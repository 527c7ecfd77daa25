"""Per-epoch keys derived from `seed[n]` (crypto.md §3.3) and conversation subject tags (§3.13).

HKDF infos follow §3.3 exactly: `label ‖ context`, where the context is `u16 suite ‖ team ‖ u64 n`
for keys that the suite uses (event root, inbound KEM, name key) and `team ‖ u64 n` for the
suite-independent `prev_wrap_key` and `seed_commit`. The presence key (new) takes the suite's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.crypto import labels
from app.crypto.encoding import Writer
from app.crypto.primitives import SUITE_ID, HkdfKey, hkdf, hmac_sha256
from app.domain.ids import ID_LEN, ConversationId, EventId, TeamId

SEED_LEN = 32
_TAG_BYTES = 16


def _suite_context(team_id: TeamId, n: int) -> bytes:
    return Writer().u16(SUITE_ID).fixed(team_id, ID_LEN).u64(n).getvalue()


def _team_context(team_id: TeamId, n: int) -> bytes:
    return Writer().fixed(team_id, ID_LEN).u64(n).getvalue()


@dataclass(frozen=True, slots=True)
class EpochSecrets:
    """Everything derived from one epoch seed. Secrets stay out of `repr`."""

    team_id: TeamId
    n: int
    """The epoch number, from 1."""
    inbound_public: bytes
    """`D[n]`: the X25519 public key the gateway seals inbound events to."""
    seed_commit: bytes
    """Public commitment to the seed, published in the chain."""
    event_root: bytes = field(repr=False)
    """Parent of every type-1 event key of this epoch."""
    inbound_private: bytes = field(repr=False)
    """Raw private half of `D[n]`, re-derived by every reader."""
    prev_wrap_key: bytes = field(repr=False)
    """Wraps `seed[n-1]` in the link that starts this epoch."""
    name_key: bytes = field(repr=False)
    """Seals team and device names in links of this epoch."""
    presence_key: bytes = field(repr=False)
    """Seals presence notes (who views or types where) sent in this epoch."""
    inbound_kem: X25519PrivateKey = field(repr=False, compare=False)
    """`inbound_kem[n]`, the private key that opens type-2 and type-6 envelopes of this epoch.
    Built once here: rebuilding it from its bytes cost ~30 µs per record (security.md 2.12)."""
    _event_kdf: HkdfKey = field(init=False, repr=False, compare=False)
    """HKDF's extract step of `event_root`, done once for every type-1 event key."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_event_kdf", HkdfKey(self.event_root))

    @classmethod
    def derive(cls, seed: bytes, team_id: TeamId, n: int) -> EpochSecrets:
        """Derives the epoch's keys from its seed.

        Raises:
            ValueError: Wrong seed or team id length, or `n < 1`.
        """
        if len(seed) != SEED_LEN or len(team_id) != ID_LEN or n < 1:
            raise ValueError("a seed is 32 bytes, a team id 16, and epochs start at 1")
        suite_ctx, team_ctx = _suite_context(team_id, n), _team_context(team_id, n)
        inbound_private = hkdf(seed, labels.INBOUND_KEM + suite_ctx)
        kem = X25519PrivateKey.from_private_bytes(inbound_private)
        return cls(
            team_id=team_id,
            n=n,
            inbound_public=kem.public_key().public_bytes_raw(),
            seed_commit=hkdf(seed, labels.SEED_COMMIT + team_ctx),
            event_root=hkdf(seed, labels.EVENT_ROOT + suite_ctx),
            inbound_private=inbound_private,
            prev_wrap_key=hkdf(seed, labels.PREV_WRAP + team_ctx),
            name_key=hkdf(seed, labels.NAME_KEY + suite_ctx),
            presence_key=hkdf(seed, labels.PRESENCE_KEY + suite_ctx),
            inbound_kem=kem,
        )

    def event_key(self, event_id: EventId) -> bytes:
        """`HKDF(event_root[n], event-key ‖ event_id)`: the AEAD key of one type-1 event."""
        if len(event_id) != ID_LEN:
            raise ValueError("an event id is 16 bytes")
        return self._event_kdf.derive(labels.EVENT_KEY + event_id)


def subject_key(seed1: bytes, team_id: TeamId) -> bytes:
    """`HKDF(seed[1], subject-tag ‖ team)`: stable across epochs, so subjects never move."""
    if len(seed1) != SEED_LEN or len(team_id) != ID_LEN:
        raise ValueError("a seed is 32 bytes and a team id 16")
    return hkdf(seed1, labels.SUBJECT_TAG + team_id)


def conversation_tag(subject_key: bytes, conversation_id: ConversationId) -> str:
    """The NATS subject token of a conversation: `hex(HMAC(subject_key, conversation_id)[0:16])`.

    The server learns which events share a conversation, never which conversation it is.
    """
    if len(conversation_id) != ID_LEN:
        raise ValueError("a conversation id is 16 bytes")
    return hmac_sha256(subject_key, conversation_id)[:_TAG_BYTES].hex()


def conversation_id_for(subject_key: bytes, customer_id: str) -> ConversationId:
    """The conversation id of a customer: `HMAC(subject_key, conversation-id ‖ id)[0:16]`.

    Why derived rather than random: the gateway knows the customer but holds no seed, so it
    cannot name the conversation (its events carry `NO_CONVERSATION`). Deriving the id from the
    team's subject key lets every desk that applies a customer's first message reach the same id
    on its own, with no race to create it twice, while the id stays unlinkable to the customer
    for anyone without a seed: the server, Meta and the gateway. `customer_id` is hashed exactly
    as Meta sends it (BSUIDs are ASCII), without normalisation.

    Both this and `conversation_tag` key HMAC with `subject_key`, but their inputs cannot
    collide: here the label alone is 30 bytes, a tag's input is exactly 16.
    """
    data = customer_id.encode("utf-8")
    return ConversationId(hmac_sha256(subject_key, labels.CONVERSATION_ID, data)[:ID_LEN])
