"""`AuditTrail`: the team's audit trail over this desk's replica (issue 12 item 8).

Admins see everyone's actions; members see their own only (they see colleagues' hand-overs in
the threads anyway, but a list of who did what across the team is an admin's tool). Entries come
page by page from the events table and the team chain, merged newest first by log position;
nothing is copied out of the log and nothing is loaded whole.
"""

from __future__ import annotations

import asyncio
import csv
import io
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from app.crypto.chain.state import ChainState
from app.domain.audit import (
    CSV_HEADER,
    NEWEST,
    AuditEntry,
    AuditFilter,
    Verification,
    merge_newest,
)
from app.domain.export import ExportFormat
from app.domain.ids import ConversationId, DeviceId
from app.domain.model import Role
from app.services.audit_check import chain_entry, check_all
from app.services.backup import BackupResult, DeskBackup
from app.services.export import Exporter, ExportProgress, ExportResult
from app.store.replica import Replica

PAGE = 200
"""Entries per page the trail's view asks for."""
_CHAIN_CHUNK = 64
"""Links read per query while looking for chain entries that pass a filter."""

Progress = Callable[[int], None]
"""Told how many entries were written so far."""


class AuditTrail:
    """Implements `AuditApi` for one desk."""

    def __init__(
        self,
        replica: Replica,
        chain: Callable[[], ChainState],
        me: DeviceId,
        names: Callable[[DeviceId], str],
        exporter: Exporter,
        backups: DeskBackup,
    ) -> None:
        self._replica = replica
        self._backups = backups
        self._chain = chain
        self._me = me
        self._names = names
        self._exporter = exporter

    @property
    def sees_everyone(self) -> bool:
        """Admins see every action; anyone else only their own."""
        entry = self._chain().devices.get(self._me)
        return entry is not None and entry.role == Role.ADMIN

    def people(self) -> list[tuple[DeviceId, str]]:
        """Everyone who ever held a device in the team (removed ones too), by name."""
        devices = self._chain().devices.values()
        found = [(d.device_id, self._names(d.device_id)) for d in devices if d.role != Role.GATEWAY]
        return sorted(found, key=lambda pair: pair[1].casefold())

    def name(self, device: DeviceId) -> str:
        return self._names(device)

    def _scoped(self, wanted: AuditFilter) -> AuditFilter:
        return wanted if self.sees_everyone else replace(wanted, actor=self._me)

    async def page(
        self, wanted: AuditFilter, before: int = NEWEST, limit: int = PAGE
    ) -> list[AuditEntry]:
        """Up to `limit` entries older than log position `before` that pass `wanted`, newest
        first; the next page starts before the last one's `seq`."""
        wanted = self._scoped(wanted)
        pages: list[list[AuditEntry]] = []
        if wanted.wants_events:
            pages.append(await self._replica.audit_page(wanted, before, limit))
        if wanted.wants_chain:
            pages.append(await self._chain_entries(wanted, before, limit))
        return merge_newest(pages, limit)

    async def _chain_entries(
        self, wanted: AuditFilter, before: int, limit: int
    ) -> list[AuditEntry]:
        found: list[AuditEntry] = []
        while len(found) < limit:
            links = await self._replica.chain_page(before, _CHAIN_CHUNK)
            for seq, raw in links:
                entry = chain_entry(seq, raw)
                if entry is not None and wanted.admits(entry):
                    found.append(entry)
            if len(links) < _CHAIN_CHUNK:
                break
            before = links[-1][0]
        return found[:limit]

    async def verify(self, entries: list[AuditEntry]) -> dict[int, Verification]:
        """Check each entry's record again against the team chain (`audit_check`), on a
        worker thread. Returns each entry's verdict by its `seq`."""
        envelopes, links = await self._replica.audit_records([e.seq for e in entries])
        chain = self._chain()
        return await asyncio.to_thread(check_all, entries, envelopes, links, chain)

    async def write_csv(self, path: Path, wanted: AuditFilter, progress: Progress) -> int:
        """Write every entry that passes `wanted` to `path` as CSV, newest first, page by page;
        returns how many. The file is written on a worker thread."""
        await asyncio.to_thread(path.write_text, _csv_text([CSV_HEADER]), encoding="utf-8")
        written, before = 0, NEWEST
        while entries := await self.page(wanted, before, PAGE):
            rows = [self._csv_row(e) for e in entries]
            await asyncio.to_thread(_append, path, _csv_text(rows))
            written += len(entries)
            before = entries[-1].seq
            progress(written)
        return written

    def _csv_row(self, entry: AuditEntry) -> tuple[object, ...]:
        at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(entry.at)) if entry.at else ""
        colleague = "" if entry.target is None else self._names(entry.target)
        conversation = entry.customer or (entry.conversation_id or b"").hex()
        return (
            entry.seq,
            at,
            self._names(entry.actor),
            entry.action.name.lower(),
            conversation,
            colleague,
            entry.detail,
        )

    async def export_conversation(
        self,
        conversation_id: ConversationId,
        path: Path,
        fmt: ExportFormat,
        progress: ExportProgress,
    ) -> ExportResult:
        return await self._exporter.export_conversation(conversation_id, path, fmt, progress)

    async def export_history(
        self, path: Path, fmt: ExportFormat, progress: ExportProgress
    ) -> ExportResult:
        return await self._exporter.export_history(path, fmt, progress)

    async def back_up(self, path: Path, passphrase: str) -> BackupResult:
        return await self._backups.write(path, passphrase)


def _csv_text(rows: list[tuple[object, ...]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(tuple(_cell(v) for v in row) for row in rows)
    return out.getvalue()


def _cell(value: object) -> object:
    """A customer's name is theirs to choose: one that starts like a formula must not run as
    one in a spreadsheet (CSV injection), so it is quoted as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as out:
        out.write(text)
