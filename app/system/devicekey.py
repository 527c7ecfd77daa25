"""The device master key (DMK) item in the keychain, and the rules for finding it at startup.

Item (crypto.md §3.15 item 2): service `switchboard`, name `<profile uuid>/dmk`, value
`version ‖ DMK(32) ‖ chain-head anchor` (base64 in the keychain, about 100 bytes).

Rule (item 3): a new DMK is created only for a brand-new profile. If the profile recorded a
different keychain backend, or the item is gone while the replica exists, startup stops with an
error that says so: a silently created DMK would orphan the encrypted replica.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from app.domain.errors import DataFault, KeychainUnavailable
from app.system.keychain import SecretStore, check_item_size

log = logging.getLogger(__name__)

ITEM_VERSION = 1
DMK_LEN = 32
MAX_ANCHOR_LEN = 256
"""The chain-head anchor is a seqno and a link hash (~40 bytes); this bound keeps the item far
below the keychain's blob limit."""


class KeychainChanged(KeychainUnavailable):
    """The keychain backend differs from the one this profile recorded."""

    code = "keychain-changed"


class DeviceKeyMissing(KeychainUnavailable):
    """The profile exists but its device key item is gone from the keychain."""

    code = "device-key-missing"


class DeviceKeyInvalid(DataFault):
    """The keychain item exists but is not a device key this version can read."""

    code = "device-key-invalid"


@dataclass(frozen=True, slots=True)
class DeviceKey:
    """The device master key and the chain head it was last seen with (rollback check)."""

    dmk: bytes
    anchor: bytes = b""

    def __post_init__(self) -> None:
        if len(self.dmk) != DMK_LEN:
            raise ValueError("the device master key must be 32 bytes")
        if len(self.anchor) > MAX_ANCHOR_LEN:
            raise ValueError(f"the chain-head anchor must be at most {MAX_ANCHOR_LEN} bytes")

    def __repr__(self) -> str:  # never show the key in logs or tracebacks
        return f"DeviceKey(dmk=<{len(self.dmk)} bytes>, anchor=<{len(self.anchor)} bytes>)"

    def encode(self) -> bytes:
        return bytes([ITEM_VERSION]) + self.dmk + self.anchor

    @classmethod
    def decode(cls, raw: bytes) -> DeviceKey:
        """Raises: DeviceKeyInvalid."""
        if len(raw) < 1 + DMK_LEN or raw[0] != ITEM_VERSION:
            raise DeviceKeyInvalid("The keychain holds a device key this version cannot read.")
        try:
            return cls(raw[1 : 1 + DMK_LEN], raw[1 + DMK_LEN :])
        except ValueError as exc:
            raise DeviceKeyInvalid(f"The device key item is malformed: {exc}") from exc


def item_name(profile_id: uuid.UUID) -> str:
    return f"{profile_id}/dmk"


def check_backend(recorded: str | None, store: SecretStore) -> None:
    """Raises: KeychainChanged if the profile recorded another backend than `store`'s."""
    if recorded is not None and recorded != store.backend_name:
        raise KeychainChanged(
            f"This profile keeps its key in {recorded}, but the keychain now in use is "
            f"{store.backend_name}. Switch back, or re-enroll this desk as a new device."
        )


async def load_device_key(
    store: SecretStore,
    profile_id: uuid.UUID,
    *,
    recorded_backend: str | None,
    replica_exists: bool,
    new_dmk: Callable[[], bytes],
) -> tuple[DeviceKey, bool]:
    """The profile's device key, created only if the profile is brand new.

    Args:
        recorded_backend: the backend name in the profile config (None for a new profile).
        replica_exists: whether the profile's encrypted replica file exists.
        new_dmk: 32 random bytes, called only when creating.

    Returns:
        The key, and True if it was just created: then record `store.backend_name` in the
        profile config.

    Raises:
        KeychainChanged, DeviceKeyMissing, DeviceKeyInvalid, KeychainUnavailable.
    """
    check_backend(recorded_backend, store)
    name = item_name(profile_id)
    raw = await store.get(name)
    if raw is not None:
        return DeviceKey.decode(raw), False
    if replica_exists or recorded_backend is not None:
        raise DeviceKeyMissing(
            f"The device key of this profile is missing from {store.backend_name}, so its "
            "replica cannot be opened. Restore the keychain, or re-enroll as a new device."
        )
    key = DeviceKey(new_dmk())
    await save_device_key(store, profile_id, key)
    log.info("created a device key in %s", store.backend_name)
    return key, True


async def save_device_key(store: SecretStore, profile_id: uuid.UUID, key: DeviceKey) -> None:
    """Write the item (also to move the chain-head anchor) and read it back.

    Raises:
        KeychainUnavailable: the keychain did not keep it.
    """
    encoded = key.encode()
    check_item_size(encoded)
    name = item_name(profile_id)
    await store.set(name, encoded)
    if await store.get(name) != encoded:
        raise KeychainUnavailable(f"{store.backend_name} did not keep the device key.")
