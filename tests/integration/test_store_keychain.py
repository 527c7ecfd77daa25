"""The keychain: explicit backend choice, error mapping, and the device-key startup rules.

(System-package tests; they live here because this change may only add `test_store_*` files
outside `tests/unit/store`. Move them to `tests/unit/system/` when that folder exists.)

No test probes the real OS keychains: candidates are always injected.
"""

from __future__ import annotations

import base64
import uuid

import pytest
from keyring.backend import KeyringBackend

from app.domain.errors import KeychainUnavailable
from app.system import keychain
from app.system.devicekey import (
    DeviceKey,
    DeviceKeyInvalid,
    DeviceKeyMissing,
    KeychainChanged,
    item_name,
    load_device_key,
    save_device_key,
)
from app.system.keychain import (
    DEFAULT_BACKENDS,
    MAX_BLOB_BYTES,
    KeychainLocked,
    KeyringSecretStore,
    MemorySecretStore,
    SecretStore,
    open_keychain,
    select_backend,
    stored_size,
)
from tests.helpers.secrets import ForgetfulKeyring, MemoryKeyring, memory_keyring

PROFILE = uuid.UUID("12345678-1234-5678-1234-567812345678")
DMK = bytes(range(32))


def test_production_probes_only_real_keychains() -> None:
    assert DEFAULT_BACKENDS == (
        "keyring.backends.macOS.Keyring",
        "keyring.backends.Windows.WinVaultKeyring",
        "keyring.backends.SecretService.Keyring",
        "keyring.backends.libsecret.Keyring",
        "keyring.backends.kwallet.DBusKeyring",
    )


def test_probe_picks_the_injected_backend_and_cleans_up() -> None:
    backend_cls = memory_keyring()
    backend = select_backend([backend_cls])
    assert isinstance(backend, backend_cls)
    assert backend_cls.calls == ["set", "get", "delete"]
    assert backend_cls.items == {}  # the throw-away item is gone


def test_keyring_environment_settings_are_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    backend_cls = memory_keyring()
    assert isinstance(select_backend([backend_cls]), backend_cls)


@pytest.mark.parametrize(
    "refused",
    [
        "keyring.backends.fail.Keyring",
        "keyring.backends.null.Keyring",
        "keyring.backends.chainer.ChainerBackend",
        "keyrings.alt.file.PlaintextKeyring",  # refused by name, installed or not
        "no.such.module.Keyring",
    ],
)
def test_no_keychain(refused: str) -> None:
    with pytest.raises(KeychainUnavailable, match="No keychain") as caught:
        select_backend([refused])
    assert type(caught.value) is KeychainUnavailable


def test_backend_raising_no_keyring_error_is_no_keychain() -> None:
    from keyring.backends import fail

    class Disguised(fail.Keyring):  # fail.Keyring under another name still fails its probe
        __module__ = "tests.disguised"

    with pytest.raises(KeychainUnavailable, match="No keychain"):
        select_backend([Disguised])


def test_backend_that_keeps_nothing_is_no_keychain() -> None:
    with pytest.raises(KeychainUnavailable):
        select_backend([ForgetfulKeyring])


def test_locked_keychain_asks_to_unlock() -> None:
    with pytest.raises(KeychainLocked, match="unlock"):
        select_backend([memory_keyring(locked=True)])


def test_a_working_backend_after_a_locked_one_wins() -> None:
    second = memory_keyring("Second")
    assert isinstance(select_backend([memory_keyring(locked=True), second]), second)


@pytest.mark.asyncio
async def test_keyring_store_round_trip() -> None:
    backend_cls = memory_keyring()
    store = await open_keychain([backend_cls])
    assert store.backend_name == "tests.helpers.secrets.MemoryKeyring"
    assert await store.get("p/dmk") is None
    await store.set("p/dmk", b"\x00\xffsecret")
    assert backend_cls.items == {
        ("switchboard", "p/dmk"): base64.b64encode(b"\x00\xffsecret").decode()
    }
    assert await store.get("p/dmk") == b"\x00\xffsecret"
    await store.delete("p/dmk")
    await store.delete("p/dmk")  # missing: no error
    assert await store.get("p/dmk") is None


@pytest.mark.asyncio
async def test_keyring_store_maps_errors() -> None:
    backend_cls = memory_keyring()
    store = KeyringSecretStore(backend_cls())
    backend_cls.locked = True
    with pytest.raises(KeychainLocked):
        await store.get("p/dmk")
    backend_cls.locked = False
    backend_cls.items[("switchboard", "p/dmk")] = "not base64!"
    with pytest.raises(KeychainUnavailable, match="not ours"):
        await store.get("p/dmk")


@pytest.mark.asyncio
async def test_item_size_limit() -> None:
    item = DeviceKey(DMK, anchor=bytes(40)).encode()
    assert stored_size(item) < MAX_BLOB_BYTES  # base64, as UTF-16 on Windows
    assert stored_size(item) == 2 * len(base64.b64encode(item))
    store = KeyringSecretStore(memory_keyring()())
    with pytest.raises(ValueError, match="2560"):
        await store.set("big", bytes(1_000))
    with pytest.raises(ValueError, match="2560"):
        await MemorySecretStore().set("big", bytes(1_000))


@pytest.fixture(params=["memory", "keyring"])
def store(request: pytest.FixtureRequest) -> SecretStore:
    if request.param == "memory":
        return MemorySecretStore()
    return KeyringSecretStore(memory_keyring()())


@pytest.mark.asyncio
async def test_new_profile_creates_a_device_key(store: SecretStore) -> None:
    key, created = await load_device_key(
        store, PROFILE, recorded_backend=None, replica_exists=False, new_dmk=lambda: DMK
    )
    assert created
    assert key == DeviceKey(DMK)
    assert await store.get(f"{PROFILE}/dmk") == bytes([1]) + DMK
    again, created = await load_device_key(
        store, PROFILE, recorded_backend=store.backend_name, replica_exists=True, new_dmk=_never
    )
    assert again == key
    assert not created


def _never() -> bytes:
    raise AssertionError("a new DMK must not be created here")


@pytest.mark.asyncio
async def test_changed_backend_stops(store: SecretStore) -> None:
    with pytest.raises(KeychainChanged, match="keyring.backends.macOS.Keyring"):
        await load_device_key(
            store,
            PROFILE,
            recorded_backend="keyring.backends.macOS.Keyring",
            replica_exists=True,
            new_dmk=_never,
        )


@pytest.mark.asyncio
@pytest.mark.parametrize(("recorded", "replica_exists"), [(None, True), ("same", False)])
async def test_missing_item_never_makes_a_new_key(
    store: SecretStore, recorded: str | None, replica_exists: bool
) -> None:
    recorded = store.backend_name if recorded == "same" else recorded
    with pytest.raises(DeviceKeyMissing, match="re-enroll"):
        await load_device_key(
            store, PROFILE, recorded_backend=recorded, replica_exists=replica_exists, new_dmk=_never
        )
    assert await store.get(item_name(PROFILE)) is None


@pytest.mark.asyncio
async def test_unreadable_item(store: SecretStore) -> None:
    await store.set(item_name(PROFILE), bytes([9]) + DMK)
    with pytest.raises(DeviceKeyInvalid):
        await load_device_key(
            store, PROFILE, recorded_backend=None, replica_exists=True, new_dmk=_never
        )


@pytest.mark.asyncio
async def test_anchor_moves_with_the_key(store: SecretStore) -> None:
    await save_device_key(store, PROFILE, DeviceKey(DMK, anchor=b"head-7"))
    key, _ = await load_device_key(
        store, PROFILE, recorded_backend=None, replica_exists=True, new_dmk=_never
    )
    assert key.anchor == b"head-7"


def test_device_key_hides_itself() -> None:
    assert DMK.hex() not in repr(DeviceKey(DMK))
    with pytest.raises(ValueError, match="32 bytes"):
        DeviceKey(bytes(16))


def test_memory_keyring_is_a_keyring_backend() -> None:
    assert issubclass(MemoryKeyring, KeyringBackend)
    assert keychain.backend_name(MemoryKeyring) == "tests.helpers.secrets.MemoryKeyring"
