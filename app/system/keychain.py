"""The OS keychain, chosen explicitly, behind the small `SecretStore` Protocol (crypto.md §3.15).

keyring's automatic choice is never used: not `keyring.get_keyring()`, not
`PYTHON_KEYRING_BACKEND`, not `keyringrc.cfg`. We probe a fixed list of real OS keychains with a
write/read/delete of a throw-away item and talk to the winner directly (no global
`keyring.set_keyring()`, so nothing else in the process can pick a different one). The `fail`,
`null` and chainer backends, `keyrings.alt` (base64 on disk) and `keyrings.cryptfile` (prompts
on stdin) are refused. Keyring calls block, sometimes on OS prompts, so the async methods run
them in an executor, one at a time.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import importlib
import logging
import secrets
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from keyring import errors as keyring_errors
from keyring.backend import KeyringBackend

from app.domain.errors import KeychainUnavailable

log = logging.getLogger(__name__)

SERVICE = "switchboard"
"""The keychain item's service (the app id)."""

MAX_BLOB_BYTES = 2560
"""Windows Credential Manager's credential blob limit (keyring issue #355). keyring writes the
password there as UTF-16, two bytes per character of our base64 text."""

DEFAULT_BACKENDS: tuple[str, ...] = (
    "keyring.backends.macOS.Keyring",
    "keyring.backends.Windows.WinVaultKeyring",
    "keyring.backends.SecretService.Keyring",
    "keyring.backends.libsecret.Keyring",
    "keyring.backends.kwallet.DBusKeyring",
)
"""The only keychains probed in production, in this order."""

_REFUSED_PREFIXES = (
    "keyring.backends.fail.",
    "keyring.backends.null.",
    "keyring.backends.chainer.",
    "keyrings.alt.",
    "keyrings.cryptfile.",
)

BackendCandidate = str | type[KeyringBackend]
"""A dotted `module.Class` name, or the class itself (tests inject their own)."""

T = TypeVar("T")


class KeychainLocked(KeychainUnavailable):
    """The keychain exists but is locked: ask the user to unlock it, then try again."""

    code = "keychain-locked"


class SecretStore(Protocol):
    """Where main keeps the device master key item. Values are bytes; names are item names."""

    @property
    def backend_name(self) -> str:
        """What holds the secrets, recorded in the profile config to notice a change."""
        ...

    async def get(self, name: str) -> bytes | None: ...

    async def set(self, name: str, value: bytes) -> None: ...

    async def delete(self, name: str) -> None:
        """Remove the item; no error if it is missing."""
        ...


class MemorySecretStore:
    """Secrets in process memory: for tests and the self-contained demo (throw-away data)."""

    def __init__(self, backend_name: str = "memory") -> None:
        self._items: dict[str, bytes] = {}
        self._backend_name = backend_name

    @property
    def backend_name(self) -> str:
        return self._backend_name

    async def get(self, name: str) -> bytes | None:
        return self._items.get(name)

    async def set(self, name: str, value: bytes) -> None:
        check_item_size(value)
        self._items[name] = bytes(value)

    async def delete(self, name: str) -> None:
        self._items.pop(name, None)


def backend_name(backend: KeyringBackend | type[KeyringBackend]) -> str:
    """The fully qualified class name, as recorded in the profile config."""
    cls = backend if isinstance(backend, type) else type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def stored_size(value: bytes) -> int:
    """Bytes the item occupies in the keychain: base64 text, written as UTF-16 on Windows."""
    return 2 * len(base64.b64encode(value))


def check_item_size(value: bytes) -> None:
    if stored_size(value) > MAX_BLOB_BYTES:
        raise ValueError(f"a keychain item must stay within {MAX_BLOB_BYTES} bytes when stored")


def _keychain_errors(action: str, fn: Callable[[], T]) -> T:
    """Run a keyring call, turning its errors into ours."""
    try:
        return fn()
    except keyring_errors.KeyringLocked as exc:
        raise KeychainLocked(f"The keychain is locked; unlock it to {action}.") from exc
    except keyring_errors.NoKeyringError as exc:
        raise KeychainUnavailable("No keychain is available on this computer.") from exc
    except keyring_errors.KeyringError as exc:
        raise KeychainUnavailable(f"The keychain refused to {action}: {exc}") from exc


def _resolve(candidate: BackendCandidate) -> type[KeyringBackend] | None:
    if not isinstance(candidate, str):
        return candidate
    module_name, _, class_name = candidate.rpartition(".")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        log.info("keychain backend %s not importable: %s", candidate, exc)
        return None
    found = getattr(module, class_name, None)
    if isinstance(found, type) and issubclass(found, KeyringBackend):
        return found
    log.info("keychain backend %s not found", candidate)
    return None


def _probe(cls: type[KeyringBackend], service: str) -> KeyringBackend | None:
    """An instance of `cls` if a throw-away item survives write, read and delete."""
    name = backend_name(cls)
    if name.startswith(_REFUSED_PREFIXES):
        log.warning("keychain backend %s refused: it does not keep secrets safely", name)
        return None
    if not cls.viable:  # the class's own check: right OS, libraries, D-Bus session …
        log.info("keychain backend %s not viable here", name)
        return None
    backend = cls()
    item, value = f"probe/{secrets.token_hex(8)}", secrets.token_urlsafe(24)
    try:
        backend.set_password(service, item, value)
        readback = backend.get_password(service, item)
        backend.delete_password(service, item)
    except keyring_errors.KeyringLocked:
        raise
    except Exception as exc:  # a third-party backend may fail in any way: not this one, then
        log.info("keychain backend %s failed its probe: %s", name, exc)
        with contextlib.suppress(Exception):
            backend.delete_password(service, item)
        return None
    if readback != value:
        log.info("keychain backend %s did not keep the probe item", name)
        return None
    return backend


def select_backend(
    candidates: Sequence[BackendCandidate] = DEFAULT_BACKENDS, service: str = SERVICE
) -> KeyringBackend:
    """The first candidate that passes the probe (blocking; see `open_keychain`).

    Raises:
        KeychainLocked: no candidate worked and at least one was locked.
        KeychainUnavailable: no candidate worked.
    """
    locked: list[str] = []
    for candidate in candidates:
        cls = _resolve(candidate)
        if cls is None:
            continue
        try:
            backend = _probe(cls, service)
        except keyring_errors.KeyringLocked:
            locked.append(backend_name(cls))
            continue
        if backend is not None:
            log.info("keychain: using %s", backend_name(backend))
            return backend
    if locked:
        raise KeychainLocked(f"The keychain ({locked[0]}) is locked; unlock it and try again.")
    raise KeychainUnavailable("No keychain is available on this computer.")


class KeyringSecretStore:
    """A `SecretStore` over one explicitly chosen keyring backend; values stored as base64."""

    def __init__(self, backend: KeyringBackend, service: str = SERVICE) -> None:
        self._backend = backend
        self._service = service
        self._lock = asyncio.Lock()  # one keychain call (and OS prompt) at a time

    @property
    def backend_name(self) -> str:
        return backend_name(self._backend)

    async def get(self, name: str) -> bytes | None:
        text = await self._run("read the device key", self._backend.get_password, name)
        if text is None:
            return None
        try:
            return base64.b64decode(str(text), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise KeychainUnavailable(f"The keychain item {name} is not ours.") from exc

    async def set(self, name: str, value: bytes) -> None:
        check_item_size(value)
        text = base64.b64encode(value).decode("ascii")
        await self._run("store the device key", self._backend.set_password, name, text)

    async def delete(self, name: str) -> None:
        await self._run("delete the device key", self._delete_sync, name)

    def _delete_sync(self, service: str, name: str) -> None:
        if self._backend.get_password(service, name) is not None:
            self._backend.delete_password(service, name)

    async def _run(self, action: str, fn: Callable[..., Any], name: str, *args: Any) -> Any:
        loop = asyncio.get_running_loop()
        async with self._lock:
            return await loop.run_in_executor(
                None, _keychain_errors, action, lambda: fn(self._service, name, *args)
            )


async def open_keychain(
    candidates: Sequence[BackendCandidate] = DEFAULT_BACKENDS, service: str = SERVICE
) -> KeyringSecretStore:
    """Probe the keychains in an executor and wrap the winner.

    Raises:
        KeychainLocked: ask the user to unlock the keychain.
        KeychainUnavailable: no keychain; fall back to the passphrase key file.
    """
    loop = asyncio.get_running_loop()
    backend = await loop.run_in_executor(None, select_backend, candidates, service)
    return KeyringSecretStore(backend, service)
