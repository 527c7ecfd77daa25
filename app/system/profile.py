"""A desk's profile on disk and the device master key (DMK) that unlocks it.

A profile is one device of one team: `<per-user data folder>/profiles/<name>` (platformdirs), or
`--data-dir` for tests and the demo. Its `profile.json` (not secret) records the profile id, where
the DMK lives and how to reach the hub; the DMK itself lives in the OS keychain (probed
explicitly, crypto.md §3.15) or, where there is none, in `keystore.v1` under an Argon2id
passphrase asked for by the UI (never stdin).

Rules that protect the replica: a DMK is created only for a brand-new profile; a profile that
recorded a keychain never silently falls back to a passphrase (or the other way round); a missing
keychain item or key file with an existing replica stops start-up with a sentence saying so.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from app.crypto.errors import KeystoreRejected
from app.crypto.keystore import open_keystore, seal_keystore
from app.domain.errors import (
    KeychainUnavailable,
    ProfileSettingsDamaged,
    StoreUnavailable,
    UserFault,
)
from app.system.devicekey import DeviceKey, DeviceKeyInvalid, DeviceKeyMissing, load_device_key
from app.system.keychain import (
    DEFAULT_BACKENDS,
    BackendCandidate,
    KeychainLocked,
    SecretStore,
    open_keychain,
)
from app.system.paths import ensure_private_dir

APP_NAME = "Switchboard"
DEFAULT_PROFILE = "default"
PASSPHRASE_BACKEND = "passphrase-file"
"""Recorded in `profile.json` when the DMK lives in `keystore.v1`."""
MIN_PASSPHRASE = 10
_PROFILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


class PassphraseCancelled(UserFault):
    """The person closed the passphrase dialog; nothing was changed."""

    code = "passphrase-cancelled"


class BadProfileName(UserFault):
    """`--profile` must be a plain name."""

    code = "bad-profile-name"


@dataclass(frozen=True, slots=True)
class PassphraseRequest:
    """What the UI's passphrase dialog is asked."""

    creating: bool
    """True: choose a new passphrase (asked twice); False: unlock the existing key file."""
    retry: bool = False
    """The previous attempt was wrong (unlocking) or too short (creating)."""


AskPassphrase = Callable[[PassphraseRequest], Awaitable[str | None]]
"""Shows the dialog; returns the passphrase, or None if the person cancelled."""


def profiles_root() -> Path:
    """The per-user data folder's `profiles` directory (XDG, %APPDATA%, Application Support)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=True)) / "profiles"


def profile_dir(name: str | None, data_dir: Path | None = None) -> Path:
    """Where a profile lives: `data_dir` if given, else the named profile under `profiles_root`.

    Raises:
        BadProfileName: `name` is not 1–40 letters, digits, `.`, `_` or `-`.
    """
    if data_dir is not None:
        return data_dir.expanduser().absolute()
    name = name or DEFAULT_PROFILE
    if not _PROFILE_NAME.match(name):
        raise BadProfileName(
            f"profile names are 1 to 40 letters, digits, '.', '_' or '-', not {name!r}"
        )
    return profiles_root() / name


@dataclass(frozen=True, slots=True)
class Profile:
    """The files of one desk profile."""

    root: Path

    @property
    def replica(self) -> Path:
        return self.root / "replica.db"

    @property
    def config_path(self) -> Path:
        return self.root / "profile.json"

    @property
    def keystore(self) -> Path:
        return self.root / "keystore.v1"

    @property
    def attachments(self) -> Path:
        return self.root / "attachments"

    @property
    def hub_dir(self) -> Path:
        """Data of the hub this desk runs when the team's hub is *on this computer*."""
        return self.root / "hub"

    @property
    def exists(self) -> bool:
        """The profile has a replica: it was founded or joined a team on this computer."""
        return self.replica.exists()

    def create(self) -> Profile:
        """Create the folder, private to this user.

        Raises:
            StoreUnavailable: The folder cannot be created or is not writable.
        """
        ensure_private_dir(self.root)
        if not os.access(self.root, os.W_OK):
            raise StoreUnavailable(f"{self.root} is not writable: choose another --profile")
        return self

    def read_config(self) -> dict[str, Any]:
        """The profile settings; a new id for a profile without any."""
        try:
            data = json.loads(self.config_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            data = {}
        except ValueError as err:  # cut off or emptied: not the disk's fault
            raise ProfileSettingsDamaged(f"{self.config_path} is damaged: {err}") from err
        except OSError as err:
            raise StoreUnavailable(f"{self.config_path} cannot be read: {err}") from err
        if not isinstance(data, dict):  # JSON, but not the settings: as damaged as cut off
            raise ProfileSettingsDamaged(f"{self.config_path} is damaged: not an object")
        if not isinstance(data.get("id"), str):
            data = {"id": str(uuid.uuid4()), **data}
        return data

    def write_config(self, config: dict[str, Any]) -> None:
        """Save atomically: a crash leaves the old settings or the new ones."""
        tmp = self.config_path.with_suffix(".tmp")
        try:
            tmp.write_text(json.dumps(config, indent=2, sort_keys=True), encoding="utf-8")
            tmp.replace(self.config_path)
        except OSError as err:
            raise StoreUnavailable(f"cannot save {self.config_path}: {err}") from err

    def update_config(self, **values: Any) -> dict[str, Any]:
        """Merge `values` into the settings and save them."""
        config = self.read_config()
        config.update(values)
        self.write_config(config)
        return config


async def device_master_key(
    profile: Profile,
    ask_passphrase: AskPassphrase,
    *,
    keychain: SecretStore | None = None,
    candidates: Sequence[BackendCandidate] = DEFAULT_BACKENDS,
    new_dmk: Callable[[], bytes] = lambda: os.urandom(32),
) -> bytes:
    """The profile's DMK, from where the profile keeps it; created only for a new profile.

    Args:
        profile: A created profile.
        ask_passphrase: The UI's dialog, used only when the key lives in a key file.
        keychain: A secret store to use instead of probing (the demo's memory store, tests).
        candidates: The keychains probed when `keychain` is None.
        new_dmk: 32 random bytes, called only when creating.

    Raises:
        KeychainLocked: The keychain is locked: ask to unlock it and try again.
        KeychainUnavailable: The keychain this profile recorded is gone or changed.
        DeviceKeyMissing: The key item or key file is gone while the replica exists.
        PassphraseCancelled: The person cancelled the dialog.
    """
    config = profile.read_config()
    recorded = config.get("keychain")
    if recorded == PASSPHRASE_BACKEND or (recorded is None and profile.keystore.exists()):
        return await _unlock_key_file(profile, ask_passphrase)
    store = keychain
    if store is None:
        try:
            store = await open_keychain(candidates)
        except KeychainLocked:
            raise  # the UI asks the person to unlock it and tries again
        except KeychainUnavailable:
            if recorded is not None:
                raise  # the profile's keychain is gone: never switch to a new key silently
            if profile.exists:
                raise DeviceKeyMissing(
                    "This profile's replica exists but its key is in no keychain or key "
                    "file on this computer. Restore the keychain, or join the team again."
                ) from None
            dmk = new_dmk()
            await _create_key_file(profile, dmk, ask_passphrase)
            profile.update_config(keychain=PASSPHRASE_BACKEND)
            return dmk
    key, created = await load_device_key(
        store,
        uuid.UUID(config["id"]),
        recorded_backend=recorded,
        replica_exists=profile.exists,
        new_dmk=new_dmk,
    )
    if created:
        profile.update_config(id=config["id"], keychain=store.backend_name)
    return key.dmk


async def _create_key_file(profile: Profile, dmk: bytes, ask: AskPassphrase) -> None:
    retry = False
    while True:
        passphrase = await ask(PassphraseRequest(creating=True, retry=retry))
        if passphrase is None:
            raise PassphraseCancelled("no passphrase was chosen; nothing was created")
        if len(passphrase) >= MIN_PASSPHRASE:
            break
        retry = True
    loop = asyncio.get_running_loop()
    # Argon2id takes tenths of a second: never on the loop, which is the UI thread.
    sealed = await loop.run_in_executor(None, seal_keystore, DeviceKey(dmk).encode(), passphrase)
    tmp = profile.keystore.with_suffix(".tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(sealed)
            out.flush()
            os.fsync(out.fileno())
        tmp.replace(profile.keystore)
    except OSError as err:
        raise StoreUnavailable(f"cannot write the key file {profile.keystore}: {err}") from err


async def _unlock_key_file(profile: Profile, ask: AskPassphrase) -> bytes:
    try:
        data = profile.keystore.read_bytes()
    except FileNotFoundError:
        raise DeviceKeyMissing(
            f"The key file {profile.keystore} is missing, so this profile cannot be opened. "
            "Restore it from a backup, or join the team again as a new device."
        ) from None
    except OSError as err:
        raise StoreUnavailable(f"cannot read {profile.keystore}: {err}") from err
    loop = asyncio.get_running_loop()
    retry = False
    while True:
        passphrase = await ask(PassphraseRequest(creating=False, retry=retry))
        if passphrase is None:
            raise PassphraseCancelled("the profile stays locked")
        try:
            secret = await loop.run_in_executor(None, open_keystore, data, passphrase)
        except KeystoreRejected as err:
            if err.reason != "decrypt":
                raise DeviceKeyInvalid(f"the key file is damaged ({err.reason})") from err
            retry = True
            continue
        return DeviceKey.decode(secret).dmk
