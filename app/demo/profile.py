"""A desk profile on disk: its replica, and where its device master key (DMK) lives.

The profile config (`profile.json`, not secret) records the profile's id and which keychain
backend holds its DMK, so a later start notices a changed or emptied keychain instead of
silently creating a new key that could never open the replica (crypto.md §3.15).
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from app.system.devicekey import load_device_key
from app.system.keychain import SecretStore
from app.system.paths import ensure_private_dir

CONFIG = "profile.json"
REPLICA = "replica.db"


@dataclass(frozen=True, slots=True)
class DeskProfile:
    """Where one desk keeps its state."""

    root: Path

    @property
    def replica(self) -> Path:
        return self.root / REPLICA

    async def device_master_key(self, secrets: SecretStore) -> bytes:
        """The profile's DMK from `secrets`, created only for a brand-new profile."""
        ensure_private_dir(self.root)
        config = self._read_config()
        key, created = await load_device_key(
            secrets,
            uuid.UUID(config["id"]),
            recorded_backend=config.get("keychain"),
            replica_exists=self.replica.exists(),
            new_dmk=lambda: os.urandom(32),
        )
        if created:
            config["keychain"] = secrets.backend_name
            self._write_config(config)
        return key.dmk

    def _read_config(self) -> dict[str, str]:
        path = self.root / CONFIG
        if path.exists():
            data = json.loads(path.read_text())
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                return data
        return {"id": str(uuid.uuid4())}

    def _write_config(self, config: dict[str, str]) -> None:
        path = self.root / CONFIG
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(config, indent=2))
        tmp.replace(path)  # atomic: a crash leaves the old config or the new one
