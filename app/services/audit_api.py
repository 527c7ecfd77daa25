"""What the audit trail and export windows ask of the services (issue 12 items 7 and 8): a
Protocol, so `ui` depends on no implementation (`app.services.audit` implements it)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from app.domain.audit import AuditEntry, AuditFilter, Verification
from app.domain.export import ExportFormat
from app.domain.ids import ConversationId, DeviceId
from app.services.backup import BackupResult
from app.services.export import ExportProgress, ExportResult


class AuditApi(Protocol):
    """The team's audit trail on this desk, and exports that it records."""

    @property
    def sees_everyone(self) -> bool:
        """Admins see every action; anyone else only their own (`page` filters for them)."""
        ...

    def people(self) -> list[tuple[DeviceId, str]]:
        """Everyone who ever held a desk in the team (removed ones too), by name; cheap."""
        ...

    def name(self, device: DeviceId) -> str:
        """A device's display name from the chain; cheap."""
        ...

    async def page(self, wanted: AuditFilter, before: int, limit: int) -> list[AuditEntry]:
        """Up to `limit` entries older than log position `before` that pass `wanted`, newest
        first; the next page starts before the last one's `seq`."""
        ...

    async def verify(self, entries: list[AuditEntry]) -> dict[int, Verification]:
        """Check these entries' records against the team chain again (their authors'
        signatures); each verdict by `seq`."""
        ...

    async def write_csv(
        self, path: Path, wanted: AuditFilter, progress: Callable[[int], None]
    ) -> int:
        """Write every entry that passes `wanted` to `path` as CSV; returns how many."""
        ...

    async def export_conversation(
        self,
        conversation_id: ConversationId,
        path: Path,
        fmt: ExportFormat,
        progress: ExportProgress,
    ) -> ExportResult:
        """Record the export in the team log, then write the conversation to `path`.

        Raises:
            ExportNotRecorded: The hub did not take the record; nothing was written.
            ExportNotWritten: The file could not be written.
            ConversationUnknown: No such conversation here.
        """
        ...

    async def export_history(
        self, path: Path, fmt: ExportFormat, progress: ExportProgress
    ) -> ExportResult:
        """Like `export_conversation`, for every conversation this desk holds."""
        ...

    async def back_up(self, path: Path, passphrase: str) -> BackupResult:
        """Record a backup of this desk in the team log, then write it to `path` encrypted
        under `passphrase` (`app.services.backup.DeskBackup.write` says what it raises)."""
        ...
