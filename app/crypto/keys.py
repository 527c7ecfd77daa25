"""Device identity keys and the at-rest keys derived from the device master key (crypto.md §3.3).

A device (or the gateway) has an Ed25519 signing key, an X25519 KEM key and a separate Ed25519
`hub_key` that only ever answers the hub's login nonce (docs/internals/team-setup.md §1). Its id
is `SHA256(sig public)[0:16]`. The DMK in the OS keychain yields `db_key` (SQLCipher) and
`vault_key`, which wraps the identity private keys stored in the replica.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.crypto import labels
from app.crypto.encoding import Reader, Writer
from app.crypto.errors import Malformed, Undecryptable
from app.crypto.primitives import (
    KEY_LEN,
    NONCE_LEN,
    PUBLIC_LEN,
    Rng,
    aead_open,
    aead_seal,
    hkdf,
    sha256,
    x25519_public,
)
from app.domain.ids import ID_LEN, DeviceId

PRIVATE_LEN = 3 * KEY_LEN
"""Length of `DeviceKeys.private_bytes()`: Ed25519 seed ‖ X25519 scalar ‖ hub Ed25519 seed."""

_WRAP_VERSION = 1


def device_id(sig_public: bytes) -> DeviceId:
    """The device id: `SHA256(device_sig public)[0:16]` (crypto.md §3.1)."""
    if len(sig_public) != PUBLIC_LEN:
        raise ValueError("an Ed25519 public key is 32 bytes")
    return DeviceId(sha256(sig_public)[:ID_LEN])


@dataclass(frozen=True, slots=True)
class DevicePublic:
    """The public half of a device's keys, as raw bytes (what the chain carries)."""

    sig: bytes
    """Ed25519 public key, 32 bytes."""
    kem: bytes
    """X25519 public key, 32 bytes."""

    def __post_init__(self) -> None:
        if len(self.sig) != PUBLIC_LEN or len(self.kem) != PUBLIC_LEN:
            raise ValueError("public keys are 32 bytes each")

    @property
    def device_id(self) -> DeviceId:
        """The id derived from the signing key."""
        return device_id(self.sig)


@dataclass(frozen=True, eq=False, slots=True)
class DeviceKeys:
    """A device's private identity keys. `repr` shows only the device id."""

    sig: Ed25519PrivateKey
    """`device_sig`: signs chain links, envelopes and join messages."""
    kem: X25519PrivateKey
    """`device_kem`: opens seed boxes (and, on the gateway, outbound requests)."""
    hub: Ed25519PrivateKey
    """`hub_key`: the device's NATS nkey. Why separate: the hub chooses the login nonce this key
    signs, so it must never be a key whose signatures mean anything to the team."""

    def public(self) -> DevicePublic:
        """The public keys, as the chain records them."""
        return DevicePublic(
            sig=self.sig.public_key().public_bytes_raw(), kem=x25519_public(self.kem)
        )

    @property
    def device_id(self) -> DeviceId:
        """The id derived from the signing key."""
        return device_id(self.sig.public_key().public_bytes_raw())

    @property
    def hub_public(self) -> bytes:
        """The raw 32-byte public `hub_key`, as `create_team`/`add_device` carry it."""
        return self.hub.public_key().public_bytes_raw()

    def hub_seed(self) -> bytes:
        """The raw 32-byte Ed25519 seed of `hub_key`, for building the NATS nkey seed."""
        return self.hub.private_bytes_raw()

    def sign(self, message: bytes) -> bytes:
        """Ed25519 signature over `message` (which must start with a label)."""
        return self.sig.sign(message)

    def private_bytes(self) -> bytes:
        """Raw private keys, `Ed25519 seed(32) ‖ X25519 scalar(32) ‖ hub seed(32)`; wrap them
        before storing."""
        return (
            self.sig.private_bytes_raw()
            + self.kem.private_bytes_raw()
            + self.hub.private_bytes_raw()
        )

    @classmethod
    def from_private_bytes(cls, raw: bytes) -> DeviceKeys:
        """Inverse of `private_bytes`.

        Raises:
            ValueError: `raw` is not 96 bytes.
        """
        if len(raw) != PRIVATE_LEN:
            raise ValueError("device private keys are 96 bytes")
        return cls(
            sig=Ed25519PrivateKey.from_private_bytes(raw[:KEY_LEN]),
            kem=X25519PrivateKey.from_private_bytes(raw[KEY_LEN : 2 * KEY_LEN]),
            hub=Ed25519PrivateKey.from_private_bytes(raw[2 * KEY_LEN :]),
        )

    def __repr__(self) -> str:
        return f"DeviceKeys(device_id={self.device_id.hex()})"


def generate_device_keys(rng: Rng = os.urandom) -> DeviceKeys:
    """Makes a new device (or gateway) identity from 96 bytes of `rng`."""
    return DeviceKeys.from_private_bytes(rng(PRIVATE_LEN))


def db_key(dmk: bytes) -> bytes:
    """The SQLCipher raw key: `HKDF(DMK, dmk-db)`."""
    return hkdf(dmk, labels.DMK_DB)


def vault_key(dmk: bytes) -> bytes:
    """The key wrapping identity private keys in the DB: `HKDF(DMK, dmk-vault)`."""
    return hkdf(dmk, labels.DMK_VAULT)


def wrap_private(vault: bytes, raw: bytes, rng: Rng = os.urandom, *, context: bytes = b"") -> bytes:
    """Encrypts private key material for storage: `u8 version ‖ nonce ‖ ChaCha20-Poly1305`.

    Args:
        vault: The vault key (`vault_key(dmk)`).
        raw: The secret, e.g. `DeviceKeys.private_bytes()` or an epoch seed.
        rng: Random source for the nonce.
        context: Bound into the associated data (e.g. `b"seed" ‖ u64 n`), so one wrapped blob
            cannot be swapped in for another row's.
    """
    nonce = rng(NONCE_LEN)
    sealed = aead_seal(vault, nonce, raw, _wrap_aad(context))
    return Writer().u8(_WRAP_VERSION).fixed(nonce, NONCE_LEN).var(sealed).getvalue()


def unwrap_private(vault: bytes, wrapped: bytes, *, context: bytes = b"") -> bytes:
    """Inverse of `wrap_private`.

    Raises:
        Malformed: The blob is malformed ("parse") or of an unknown version ("version").
        Undecryptable: Wrong vault key, wrong context or tampered blob ("decrypt").
    """
    reader = Reader(wrapped, max_var=4096)
    if reader.u8() != _WRAP_VERSION:
        raise Malformed("version")
    nonce = reader.fixed(NONCE_LEN)
    sealed = reader.var()
    reader.finish()
    raw = aead_open(vault, nonce, sealed, _wrap_aad(context))
    if raw is None:
        raise Undecryptable("decrypt")
    return raw


def _wrap_aad(context: bytes) -> bytes:
    return Writer().fixed(labels.VAULT_WRAP, len(labels.VAULT_WRAP)).var(context).getvalue()
