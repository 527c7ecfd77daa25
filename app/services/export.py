"""`Exporter`: a conversation or the whole history to a readable file (issue 12 item 7).

The export is recorded in the team log first (`Exported`, kind 35: scope, format and counts,
never content) and written only once the hub took that record, so the audit trail lists every
export an honest desk made; a desk that cannot reach the hub exports nothing. The replica is
read page by page and the file written on a worker thread, under a temporary name renamed into
place at the end: a failed export leaves no half file.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from app.domain.content import Media
from app.domain.errors import ConversationUnknown, EnvironmentFault
from app.domain.export import ExportFormat, ExportScope
from app.domain.ids import NO_CONVERSATION, ConversationId, DeviceId, EventId
from app.domain.model import ConversationDetail, Message
from app.log.events import Exported
from app.services.export_format import (
    HtmlWriter,
    IncludedFile,
    JsonWriter,
    conversation_fields,
    header,
    message_fields,
)
from app.services.media import MediaAccess
from app.store.replica import Replica
from app.sync.publisher import Publisher
from app.sync.transport import TransportUnavailable

_PAGE = 200
"""Messages (and conversations) read per query."""
_FLUSH_CHARS = 1 << 18
"""Text gathered before it is appended to the file."""

ExportProgress = Callable[[int, int], None]
"""Told (messages written, messages in all) after each page."""
RecordExport = Callable[[Exported], Awaitable[None]]
"""Publishes the export's record; raises `ExportNotRecorded` when the hub did not take it."""


class ExportNotWritten(EnvironmentFault):
    """The file could not be written (no space, no permission); the log says it was made."""

    code = "export-not-written"


class ExportNotRecorded(EnvironmentFault):
    """The hub did not take the export's record, so nothing was exported."""

    code = "export-not-recorded"


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    conversations: int
    messages: int
    files_included: int
    files_named: int
    """Files this desk never opened: named in the export, not carried."""


class Exporter:
    """Implements the export half of `AuditApi` for one desk."""

    def __init__(
        self,
        replica: Replica,
        names: Callable[[DeviceId], str],
        me: DeviceId,
        record: RecordExport,
        clock: Callable[[], float],
        media: MediaAccess | None = None,
    ) -> None:
        self._replica = replica
        self._names = names
        self._me = me
        self._record = record
        self._clock = clock
        self._media = media

    async def export_conversation(
        self,
        conversation_id: ConversationId,
        path: Path,
        fmt: ExportFormat,
        progress: ExportProgress,
    ) -> ExportResult:
        """Export one conversation. Raises ConversationUnknown, ExportNotRecorded (nothing
        was written) or ExportNotWritten."""
        detail = await self._replica.conversation(conversation_id)
        if detail is None:
            raise ConversationUnknown("no such conversation on this desk")
        total = detail.message_count
        await self._record(Exported(ExportScope.CONVERSATION, fmt, conversation_id, 1, total))
        return await self._write(path, fmt, "conversation", _one(conversation_id), total, progress)

    async def export_history(
        self, path: Path, fmt: ExportFormat, progress: ExportProgress
    ) -> ExportResult:
        """Export every conversation this desk holds. Raises as `export_conversation`."""
        conversations, total = await self._replica.export_totals()
        event = Exported(ExportScope.HISTORY, fmt, NO_CONVERSATION, conversations, total)
        await self._record(event)
        return await self._write(path, fmt, "history", self._every_id(), total, progress)

    async def _every_id(self) -> AsyncIterator[ConversationId]:
        after = b""
        while page := await self._replica.export_conversations(after, _PAGE):
            for conversation_id in page:
                yield conversation_id
            after = page[-1]

    async def _write(
        self,
        path: Path,
        fmt: ExportFormat,
        scope: str,
        ids: AsyncIterator[ConversationId],
        total: int,
        progress: ExportProgress,
    ) -> ExportResult:
        head = header(int(self._clock()), self._names(self._me), scope)
        writer = JsonWriter(head) if fmt == ExportFormat.JSON else HtmlWriter(head)
        out = _Output(path, None if fmt == ExportFormat.HTML else _files_dir(path))
        try:
            await out.start(writer.begin())
            conversations = messages = 0
            async for conversation_id in ids:
                detail = await self._replica.conversation(conversation_id)
                if detail is None:
                    continue
                conversations += 1
                await out.add(writer.conversation(conversation_fields(detail, self._names)))
                messages = await self._messages(detail, writer, out, messages, total, progress)
            await out.finish(writer.end())
        except OSError as exc:
            await out.discard()
            raise ExportNotWritten(f"the export could not be written ({exc.strerror})") from None
        return ExportResult(path, conversations, messages, out.included, out.named)

    async def _messages(
        self,
        detail: ConversationDetail,
        writer: JsonWriter | HtmlWriter,
        out: _Output,
        done: int,
        total: int,
        progress: ExportProgress,
    ) -> int:
        position = 0
        while page := await self._replica.messages_after(detail.conversation_id, position, _PAGE):
            for message in page:
                file = await self._file(message, out)
                fields = message_fields(message, self._names, file)
                await out.add(writer.message(fields, file))
            done += len(page)
            position = page[-1].position
            progress(done, max(total, done))
        return done

    async def _file(self, message: Message, out: _Output) -> IncludedFile | None:
        content = message.content
        if not isinstance(content, Media) or content.stored is None:
            return None
        data = None if self._media is None else await self._media.cached_file(content.stored)
        if data is None:
            out.named += 1
            return None
        name = f"{message.position}-{_safe_name(content.filename or content.mime_type)}"
        return await out.keep_file(name, data)


class _Output:
    """The file being written: a temporary name, text appended in chunks off the loop, and
    (for JSON) the folder of files beside it."""

    def __init__(self, path: Path, files_dir: Path | None) -> None:
        self.path = path
        self._part = path.with_name(path.name + ".part")
        self._files_dir = files_dir
        self._pending: list[str] = []
        self._size = 0
        self.included = 0
        self.named = 0

    async def start(self, text: str) -> None:
        await asyncio.to_thread(self._part.write_text, text, encoding="utf-8")

    async def add(self, text: str) -> None:
        self._pending.append(text)
        self._size += len(text)
        if self._size >= _FLUSH_CHARS:
            await self._flush()

    async def _flush(self) -> None:
        text, self._pending, self._size = "".join(self._pending), [], 0
        await asyncio.to_thread(_append, self._part, text)

    async def keep_file(self, name: str, data: bytes) -> IncludedFile:
        self.included += 1
        if self._files_dir is None:
            return IncludedFile(name, data)  # inlined by the HTML writer
        target = self._files_dir / name
        await asyncio.to_thread(_write_file, target, data)
        return IncludedFile(f"{self._files_dir.name}/{name}", data)

    async def finish(self, text: str) -> None:
        await self.add(text)
        await self._flush()
        await asyncio.to_thread(os.replace, self._part, self.path)

    async def discard(self) -> None:
        with contextlib.suppress(OSError):
            await asyncio.to_thread(self._part.unlink, missing_ok=True)


def recorder(publisher: Publisher) -> RecordExport:
    """Record an export in the team log through this desk's publisher, guard-neutral."""

    async def record(event: Exported) -> None:
        try:
            await publisher.member_event(
                event, event.conversation_id, EventId(os.urandom(16)), None
            )
        except TransportUnavailable:
            raise ExportNotRecorded("the hub did not take the export's record") from None

    return record


async def _one(conversation_id: ConversationId) -> AsyncIterator[ConversationId]:
    yield conversation_id


def _files_dir(path: Path) -> Path:
    return path.with_name(path.stem + "_files")


def _safe_name(name: str) -> str:
    """A file name from the log, made safe to create: no folders, no odd characters."""
    cleaned = re.sub(r"[^\w.-]", "_", name.replace("/", "_").replace("\\", "_")).strip("._")
    return cleaned[:80] or "file"


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as out:
        out.write(text)


def _write_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
