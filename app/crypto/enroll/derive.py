"""Keys derived from an invite code or the hub's set-up code (team-setup.md §3, crypto.md §3.10).

    invite_id       = HKDF(code, invite-id)[0:16]     the join subject; needs no team
    invite_hub_key  = Ed25519(HKDF(code, invite-hub))  the joiner's hub login before it is a member
    invite key      = Ed25519(HKDF(Argon2id(code, salt = team_id ‖ nonce), invite-key))
    hub setup key   = Ed25519(HKDF(code, hub-setup))   the only login of a hub with no team yet

Only the invite key authorises anything (the join request), so only it is stretched: with the
nonce from `invite_create` in the salt, a guesser must pay Argon2id per team and invite. The
stretch is a parameter (`Stretch`) so tests can run a cheap one; production code always passes
nothing and gets `argon2id_stretch` with the design's parameters. It takes tenths of a second
and 64 MiB: callers run it in an executor.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from app.crypto import labels
from app.crypto.enroll.code import InviteCode
from app.crypto.primitives import KEY_LEN, PUBLIC_LEN, Rng, hkdf
from app.domain.ids import ID_LEN, TeamId

INVITE_NONCE_LEN = 16
ARGON2_ITERATIONS = 3
ARGON2_MEMORY_KIB = 64 * 1024
ARGON2_LANES = 4

Stretch = Callable[[bytes, bytes], bytes]
"""`stretch(secret, salt)` → 32 bytes."""


def argon2id_stretch(secret: bytes, salt: bytes) -> bytes:
    """Argon2id with t=3, m=64 MiB, p=4 (crypto.md §3.10)."""
    kdf = Argon2id(
        salt=salt,
        length=KEY_LEN,
        iterations=ARGON2_ITERATIONS,
        lanes=ARGON2_LANES,
        memory_cost=ARGON2_MEMORY_KIB,
    )
    return kdf.derive(secret)


def invite_id(code: InviteCode) -> bytes:
    """The 16-byte invite id: the token of `sb.<team>.join.<hex>` and the chain's invite key."""
    return hkdf(code.raw, labels.INVITE_ID)[:ID_LEN]


def invite_hub_key(code: InviteCode) -> Ed25519PrivateKey:
    """The invite's hub login key (an nkey user while the invite is open)."""
    return Ed25519PrivateKey.from_private_bytes(hkdf(code.raw, labels.INVITE_HUB))


def invite_signing_key(
    code: InviteCode, team_id: TeamId, nonce: bytes, stretch: Stretch = argon2id_stretch
) -> Ed25519PrivateKey:
    """The key that signs the join request; its public half is in `invite_create`.

    Raises:
        ValueError: Wrong team id or nonce length.
    """
    if len(team_id) != ID_LEN or len(nonce) != INVITE_NONCE_LEN:
        raise ValueError("a team id and an invite nonce are 16 bytes each")
    stretched = stretch(code.raw, bytes(team_id) + nonce)
    return Ed25519PrivateKey.from_private_bytes(hkdf(stretched, labels.INVITE_KEY))


def hub_setup_key(code: InviteCode) -> Ed25519PrivateKey:
    """The set-up user's nkey of a hub that has no team yet: `Ed25519(HKDF(code, hub-setup))`."""
    return Ed25519PrivateKey.from_private_bytes(hkdf(code.raw, labels.HUB_SETUP))


@dataclass(frozen=True, slots=True)
class InvitePublic:
    """What `invite_create` publishes about an invite."""

    invite_id: bytes
    invite_public: bytes
    """Ed25519 public key the join request must verify under."""
    hub_key: bytes
    """Ed25519 public `invite_hub_key`: the hub admits it while the invite is open."""
    nonce: bytes
    """The Argon2id salt's second half."""

    def __post_init__(self) -> None:
        if len(self.invite_id) != ID_LEN or len(self.nonce) != INVITE_NONCE_LEN:
            raise ValueError("invite ids and nonces are 16 bytes")
        if len(self.invite_public) != PUBLIC_LEN or len(self.hub_key) != PUBLIC_LEN:
            raise ValueError("invite keys are 32 bytes")


@dataclass(frozen=True, eq=False, slots=True)
class InviteKeys:
    """An invite's private keys, as the admin makes them and the joiner re-derives them."""

    invite_id: bytes
    signing: Ed25519PrivateKey
    hub: Ed25519PrivateKey
    nonce: bytes

    @classmethod
    def from_code(
        cls, code: InviteCode, team_id: TeamId, nonce: bytes, stretch: Stretch = argon2id_stretch
    ) -> InviteKeys:
        """Derives every key of an invite (runs the stretch once)."""
        signing = invite_signing_key(code, team_id, nonce, stretch)
        return cls(invite_id(code), signing, invite_hub_key(code), nonce)

    @classmethod
    def unshared(cls, rng: Rng = os.urandom) -> InviteKeys:
        """Random invite keys that no code reaches: for enrollment inside one process (the
        founder making every device of a one-machine team), where no code leaves the process
        and nothing needs stretching. Validators cannot tell: they only see the publics."""
        return cls(
            rng(ID_LEN),
            Ed25519PrivateKey.from_private_bytes(rng(KEY_LEN)),
            Ed25519PrivateKey.from_private_bytes(rng(KEY_LEN)),
            rng(INVITE_NONCE_LEN),
        )

    def public(self) -> InvitePublic:
        """The values `invite_create` carries."""
        return InvitePublic(
            invite_id=self.invite_id,
            invite_public=self.signing.public_key().public_bytes_raw(),
            hub_key=self.hub.public_key().public_bytes_raw(),
            nonce=self.nonce,
        )

    def __repr__(self) -> str:
        return f"InviteKeys(invite_id={self.invite_id.hex()})"
