"""Exporting from the desk (Desk menu → Export conversation… / Export all conversations…):
choose a file and a format, watch the progress, read the outcome (issue 12 item 7).

The services record the export in the team log first and write the file off the UI thread; this
only asks where, shows how far it got and says how it ended.
"""

from __future__ import annotations

from collections.abc import Awaitable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QProgressDialog, QWidget

from app.domain.errors import SwitchboardError
from app.domain.export import ExportFormat
from app.domain.ids import ConversationId
from app.services.audit_api import AuditApi
from app.services.export import ExportResult
from app.ui.bridge import spawn
from app.ui.dialogs import ask
from app.ui.messages import MessageChannel


class ExportFlow(QObject):
    """Runs exports for one desk window (the `parent` its dialogs belong to)."""

    def __init__(self, api: AuditApi, messages: MessageChannel, parent: QWidget) -> None:
        super().__init__(parent)
        self._api = api
        self._messages = messages
        self._window = parent
        self.progress: QProgressDialog | None = None

    def export_conversation(self, conversation_id: ConversationId, customer: str) -> None:
        spawn(self, self._conversation(conversation_id, customer), name="export-conversation")

    def export_history(self) -> None:
        spawn(self, self._history(), name="export-history")

    async def _conversation(self, conversation_id: ConversationId, customer: str) -> None:
        chosen = await self._choose(self.tr("Export conversation"), _file_stem(customer))
        if chosen is not None:
            await self.run_conversation(conversation_id, *chosen)

    async def _history(self) -> None:
        chosen = await self._choose(self.tr("Export all conversations"), "whatsapp-history")
        if chosen is not None:
            await self.run_history(*chosen)

    async def _choose(self, title: str, stem: str) -> tuple[Path, ExportFormat] | None:
        dialog = QFileDialog(self._window, title)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        web, data = self.tr("Web page (*.html)"), self.tr("JSON data (*.json)")
        dialog.setNameFilters([web, data])
        dialog.selectFile(f"{stem}.html")
        if await ask(dialog) != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return None
        fmt = ExportFormat.JSON if dialog.selectedNameFilter() == data else ExportFormat.HTML
        path = Path(dialog.selectedFiles()[0])
        return path.with_suffix(".json" if fmt == ExportFormat.JSON else ".html"), fmt

    async def run_conversation(
        self, conversation_id: ConversationId, path: Path, fmt: ExportFormat
    ) -> None:
        """Export one conversation to `path` (a tested entry point past the file dialog)."""
        self._show_progress(self.tr("Exporting the conversation…"))
        await self._run(self._api.export_conversation(conversation_id, path, fmt, self._moved))

    async def run_history(self, path: Path, fmt: ExportFormat) -> None:
        """Export every conversation to `path`."""
        self._show_progress(self.tr("Exporting all conversations…"))
        await self._run(self._api.export_history(path, fmt, self._moved))

    async def _run(self, export: Awaitable[ExportResult]) -> None:
        try:
            result = await export
        except SwitchboardError as error:
            self._messages.report(error, "export")
            return
        finally:
            self._close_progress()
        self._messages.info(_done_words(result))

    def _show_progress(self, label: str) -> None:
        self._close_progress()
        progress = QProgressDialog(label, "", 0, 0, self._window)
        progress.setCancelButton(None)  # the record is in the log already: finish the file
        progress.setWindowModality(Qt.WindowModality.NonModal)
        progress.setMinimumDuration(300)
        self.progress = progress

    def _moved(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(done)

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None


def _done_words(result: ExportResult) -> str:
    text = tr("Export written to %1 (conversations: %n).", result.conversations)
    text = text.replace("%1", result.path.name)
    if result.files_named:
        text += " " + tr("Files only named, never opened on this desk: %n.", result.files_named)
    return text


def tr(text: str, n: int) -> str:
    return QCoreApplication.translate("ExportFlow", text, None, n)


def _file_stem(customer: str) -> str:
    cleaned = "".join(c if c.isalnum() else "-" for c in customer).strip("-")
    return f"conversation-{cleaned or 'export'}"
