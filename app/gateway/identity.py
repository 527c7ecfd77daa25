"""The gateway's identity in its state folder: which team, which hub, and its device keys.

`switchboard gateway join` writes `gateway-identity.json` (mode 0600) once the admin's
`add_device` admits the gateway; `switchboard gateway run` reads it back:

    {"version": 1, "team_id": "<32 hex>", "fingerprint": "<64 hex>",
     "hub_url": "tls://hub.example.com:4222", "tls_fingerprint": "<64 hex>" | null,
     "public_url": "https://gw.example.com/webhook" | "",
     "device_keys": "<192 hex>"}

`device_keys` holds the gateway's private keys (signing, sealing, hub login). Under systemd they
can move out of the file: put the same 192 hex digits in a credential named
`switchboard-gateway-keys` (`LoadCredential=` or `SetCredentialEncrypted=`) and drop the field;
when `$CREDENTIALS_DIRECTORY` holds that credential, the gateway reads its keys from there and
ignores the field. The Cloud API settings are never in this file: an admin sends them sealed to
the gateway, which keeps them in its state database (`state.py`, also mode 0600).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from app.cli_args import UsageError
from app.crypto.fingerprint import FINGERPRINT_LEN
from app.crypto.keys import PRIVATE_LEN, DeviceKeys
from app.domain.ids import ID_LEN, TeamId

FILE_NAME = "gateway-identity.json"
CREDENTIAL = "switchboard-gateway-keys"
"""The systemd credential that may hold the device keys instead of the file."""
VERSION = 1
TLS_FINGERPRINT_LEN = 32
HUB_SCHEMES = ("nats", "tls", "ws", "wss")


@dataclass(frozen=True, slots=True)
class GatewayIdentity:
    """Who the gateway is on the team, and where its hub is."""

    team_id: TeamId
    fingerprint: bytes
    hub_url: str
    tls_fingerprint: bytes | None
    public_url: str
    """Where Meta reaches the webhook, reported to the desks; "" for the listening address."""
    keys: DeviceKeys = field(repr=False)


def identity_path(state_dir: Path) -> Path:
    return state_dir / FILE_NAME


def save_identity(state_dir: Path, identity: GatewayIdentity) -> Path:
    """Write the identity file, private from its first byte (mode 0600), atomically.

    Raises:
        UsageError: The folder cannot be written.
    """
    data = {
        "version": VERSION,
        "team_id": identity.team_id.hex(),
        "fingerprint": identity.fingerprint.hex(),
        "hub_url": identity.hub_url,
        "tls_fingerprint": identity.tls_fingerprint.hex() if identity.tls_fingerprint else None,
        "public_url": identity.public_url,
        "device_keys": identity.keys.private_bytes().hex(),
    }
    path = identity_path(state_dir)
    temporary = path.with_name(path.name + ".tmp")
    try:
        state_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary.unlink(missing_ok=True)
        fd = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            json.dump(data, file, indent=2)
            file.write("\n")
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except OSError as err:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise UsageError(f"cannot write {path}: {err.strerror}") from None
    return path


def load_identity(state_dir: Path, environ: Mapping[str, str] | None = None) -> GatewayIdentity:
    """Read the identity written by `gateway join`, keys from a systemd credential if given.

    Raises:
        UsageError: No identity (the gateway has not joined), a file others can read, or a
            field that is missing or malformed.
    """
    env = os.environ if environ is None else environ
    path = identity_path(state_dir)
    data = _read_private(path)
    problem = _problem(data)
    if problem is not None:
        raise UsageError(f"{path}: {problem}")
    keys_hex: object = _credential(env)
    if keys_hex is None:
        keys_hex = data.get("device_keys")
        if not _is_hex(keys_hex, PRIVATE_LEN):
            raise UsageError(
                f"{path}: device_keys must be {2 * PRIVATE_LEN} hex digits "
                f"(or give them as the {CREDENTIAL} credential)"
            )
    tls = data.get("tls_fingerprint")
    return GatewayIdentity(
        team_id=TeamId(bytes.fromhex(str(data["team_id"]))),
        fingerprint=bytes.fromhex(str(data["fingerprint"])),
        hub_url=str(data["hub_url"]),
        tls_fingerprint=bytes.fromhex(tls) if isinstance(tls, str) else None,
        public_url=str(data.get("public_url") or ""),
        keys=DeviceKeys.from_private_bytes(bytes.fromhex(str(keys_hex))),
    )


def _read_private(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as file:
            mode = stat.S_IMODE(os.fstat(file.fileno()).st_mode)
            if mode & 0o077:
                raise UsageError(
                    f"{path} holds the gateway's keys: make it private (chmod 600), not {oct(mode)}"
                )
            raw = file.read()
    except FileNotFoundError:
        raise UsageError(
            f"{path.parent} holds no gateway identity: run `switchboard gateway join` first"
        ) from None
    except OSError as err:
        raise UsageError(f"cannot read {path}: {err.strerror}") from None
    try:
        data = json.loads(raw)
    except ValueError as err:
        raise UsageError(f"{path} is not valid JSON: {err}") from None
    if not isinstance(data, dict):
        raise UsageError(f"{path} must hold a JSON object {{...}}")
    return data


def _problem(data: dict[str, object]) -> str | None:
    if data.get("version") != VERSION:
        return f"version must be {VERSION} (written by another Switchboard release?)"
    for name, size in (("team_id", ID_LEN), ("fingerprint", FINGERPRINT_LEN)):
        if not _is_hex(data.get(name), size):
            return f"{name} must be {2 * size} hex digits"
    tls = data.get("tls_fingerprint")
    if tls is not None and not _is_hex(tls, TLS_FINGERPRINT_LEN):
        return f"tls_fingerprint must be {2 * TLS_FINGERPRINT_LEN} hex digits or null"
    hub = urlsplit(str(data.get("hub_url", "")))
    if hub.scheme not in HUB_SCHEMES or not hub.hostname:
        return "hub_url must be a nats://, tls://, ws:// or wss:// URL"
    public = data.get("public_url", "")
    if not isinstance(public, str) or (public and not public_url_ok(public)):
        return "public_url must be an https:// or http:// URL, or empty"
    return None


def public_url_ok(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _credential(env: Mapping[str, str]) -> str | None:
    """The keys from `$CREDENTIALS_DIRECTORY/switchboard-gateway-keys`, if systemd gave them.

    Raises:
        UsageError: The credential is there but unreadable or malformed.
    """
    folder = env.get("CREDENTIALS_DIRECTORY")
    if not folder:
        return None
    path = Path(folder) / CREDENTIAL
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        raise UsageError(f"cannot read the {CREDENTIAL} credential at {path}") from None
    if not _is_hex(text, PRIVATE_LEN):
        raise UsageError(f"the {CREDENTIAL} credential must be {2 * PRIVATE_LEN} hex digits")
    return text


def _is_hex(value: object, size: int) -> bool:
    return isinstance(value, str) and re.fullmatch(f"[0-9a-fA-F]{{{2 * size}}}", value) is not None
