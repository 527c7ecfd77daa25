"""An in-memory keyring backend that tests hand to the keychain's explicit probe.

`KeyringSecretStore` never asks keyring to choose, so registering means passing the class in the
candidate list: `select_backend([memory_keyring()])`. Each `memory_keyring()` call makes a fresh
class with its own items, which outlive instances: a "keychain" that survives an app restart.
"""

from __future__ import annotations

from typing import ClassVar

from keyring import errors
from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    """Items in a class-level dict; `locked` makes every call raise `KeyringLocked`."""

    priority = 1  # keyring declares a classproperty; a plain value is how its backends do it
    items: ClassVar[dict[tuple[str, str], str]] = {}
    locked: ClassVar[bool] = False
    calls: ClassVar[list[str]] = []

    def _check(self, call: str) -> None:
        type(self).calls.append(call)
        if type(self).locked:
            raise errors.KeyringLocked("the test keychain is locked")

    def get_password(self, service: str, username: str) -> str | None:
        self._check("get")
        return type(self).items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._check("set")
        type(self).items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._check("delete")
        if type(self).items.pop((service, username), None) is None:
            raise errors.PasswordDeleteError("no such item")


class ForgetfulKeyring(MemoryKeyring):
    """Accepts writes and keeps nothing, like `keyring.backends.null` would."""

    def set_password(self, service: str, username: str, password: str) -> None:
        self._check("set")


def memory_keyring(name: str = "MemoryKeyring", *, locked: bool = False) -> type[MemoryKeyring]:
    """A fresh backend class (own items, own name) for one test."""
    namespace = {"__module__": __name__, "items": {}, "locked": locked, "calls": []}
    return type(name, (MemoryKeyring,), namespace)
