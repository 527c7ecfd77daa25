"""This device's identity in its replica: team, pinned fingerprint and wrapped private keys.

The private keys are wrapped with the vault key derived from the device master key (DMK), on
top of SQLCipher's encryption of the whole file (crypto.md §3.3), so a copied database plus a
leaked SQLCipher key still does not yield the signing key.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto.encoding import Reader, Writer
from app.crypto.errors import DecodeError
from app.crypto.keys import DeviceKeys, unwrap_private, vault_key, wrap_private
from app.domain.ids import ID_LEN, TeamId

_VERSION = 1
_CONTEXT = b"device-identity"


@dataclass(frozen=True, eq=False, slots=True)
class DeskIdentity:
    """Who this desk is in which team."""

    team_id: TeamId
    fingerprint: bytes
    """The team fingerprint pinned at enrollment; the chain must start from it."""
    keys: DeviceKeys

    def seal(self, dmk: bytes) -> bytes:
        """The blob stored in the replica's identity table."""
        wrapped = wrap_private(vault_key(dmk), self.keys.private_bytes(), context=_CONTEXT)
        w = Writer().u8(_VERSION).fixed(self.team_id, ID_LEN).fixed(self.fingerprint, 32)
        return w.var(wrapped).getvalue()

    @classmethod
    def open(cls, blob: bytes, dmk: bytes) -> DeskIdentity:
        """Inverse of `seal`. Raises `EnvelopeRejected` subclasses on a damaged blob or key."""
        reader = Reader(blob)
        if reader.u8() != _VERSION:
            raise DecodeError("value")
        team_id = TeamId(reader.fixed(ID_LEN))
        fingerprint = reader.fixed(32)
        wrapped = reader.var(1024)
        reader.finish()
        raw = unwrap_private(vault_key(dmk), wrapped, context=_CONTEXT)
        return cls(team_id, fingerprint, DeviceKeys.from_private_bytes(raw))
