"""Sending a file from the conversation pane: pick it, check it, read it, hand it to services.

The file dialog is awaited with `ask()` (never `exec()`: style.md P2). The file's size is checked
from `stat` before a byte is read, so a 2 GB video is refused at once; reading happens in a
worker thread, and sealing and storing are the services' (also off the UI thread). Nothing here
writes the file anywhere, and errors go to the window's one message channel.
"""

from __future__ import annotations

import asyncio
import mimetypes
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from app.domain.errors import SwitchboardError
from app.domain.ids import ConversationId
from app.services import media_rules
from app.services.api import DeskApi
from app.ui.dialogs import ask
from app.ui.messages import MessageChannel
from app.ui.widgets.composer import Composer

_EXTRA_TYPES = {
    # mimetypes files .3gp under audio; WhatsApp takes 3GP as video, which is what agents send.
    ".3gp": "video/3gpp",
    ".amr": "audio/amr",
    ".opus": "audio/ogg",
}


def guess_mime(filename: str) -> str:
    """The MIME type a file is sent with, from its name (unknown: a generic document)."""
    extension = Path(filename).suffix.lower()
    if extension in _EXTRA_TYPES:
        return _EXTRA_TYPES[extension]
    guessed, _ = mimetypes.guess_type(filename, strict=False)
    return guessed or "application/octet-stream"


GiveBack = Callable[[ConversationId, str], None]
"""Returns a caption to the composer (or the conversation's draft) after a failed send."""


class FileSender:
    """Picks and sends files for one conversation pane; its coroutines run under the pane's
    `spawn`, so they die with it."""

    def __init__(
        self,
        api: DeskApi,
        messages: MessageChannel,
        owner: QWidget,
        composer: Composer,
        give_back: GiveBack,
    ) -> None:
        self._api = api
        self._messages = messages
        self._owner = owner
        self._composer = composer
        self._give_back = give_back
        self.dialog: QFileDialog | None = None
        """The open file dialog, if any (tests pick a file in it)."""

    async def choose(self) -> Path | None:
        """Ask for a file to send; None if the agent cancelled (or a dialog is already open)."""
        if self.dialog is not None:
            return None
        dialog = QFileDialog(self._owner, QCoreApplication.translate("FileSender", "Attach a file"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        self.dialog = dialog
        try:
            accepted = await ask(dialog) == QDialog.DialogCode.Accepted
            chosen = dialog.selectedFiles()
        finally:
            self.dialog = None
            dialog.deleteLater()
        return Path(chosen[0]) if accepted and chosen else None

    async def send(self, conversation_id: ConversationId, path: Path) -> None:
        """Send the file at `path`, with the composer's text as its caption where allowed."""
        mime = guess_mime(path.name)
        try:
            size = (await asyncio.to_thread(path.stat)).st_size
            kind = media_rules.check_size(mime, size)
            caption = ""
            if media_rules.allows_caption(kind):
                caption = media_rules.check_caption(kind, self._composer.text())
                self._composer.take_text()
        except OSError as error:
            self._unreadable(error)
            return
        except SwitchboardError as error:
            self._messages.report(error, "attach file")
            return
        await self._read_and_send(conversation_id, path, mime, caption)

    async def _read_and_send(
        self, conversation_id: ConversationId, path: Path, mime: str, caption: str
    ) -> None:
        self._messages.info(
            QCoreApplication.translate("FileSender", "Sending “%1”…").replace("%1", path.name)
        )
        try:
            data = await asyncio.to_thread(path.read_bytes)
            await self._api.reply_media(conversation_id, path.name, mime, data, caption)
        except OSError as error:
            self._unreadable(error)
        except SwitchboardError as error:
            self._messages.report(error, "send file")
        else:
            return
        if caption:
            self._give_back(conversation_id, caption)  # a failed send never eats the words

    def _unreadable(self, error: OSError) -> None:
        reason = error.strerror or type(error).__name__
        self._messages.error(
            QCoreApplication.translate("FileSender", "Could not read the file: %1").replace(
                "%1", reason
            )
        )
