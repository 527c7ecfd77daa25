"""Sending a file from the conversation pane: pick it, check it, read it, show it, hand it to
services.

The file dialog and the preview sheet are awaited with `ask()` (never `exec()`: style.md P2).
The file's size is checked from `stat` before a byte is read, so a 2 GB video is refused at
once; reading and decoding the preview happen in worker threads, and sealing and storing are the
services' (also off the UI thread). The preview sheet (`send_preview`) shows what will go out
and takes the caption, offered from the composer's text; cancelling it sends nothing and leaves
the composer as it was. Nothing here writes the file anywhere, and errors go to the window's
one message channel.
"""

from __future__ import annotations

import asyncio
import mimetypes
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from app.domain.content import ContentKind
from app.domain.errors import SwitchboardError
from app.domain.ids import ConversationId
from app.services import media_rules
from app.services.api import DeskApi
from app.ui.dialogs import ask
from app.ui.messages import MessageChannel
from app.ui.send_preview import PICTURE_BOX, SendPreview
from app.ui.thumbnails import Undecodable, decode
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


PASTED_NAME = "pasted-image.png"
"""The file name a pasted picture is sent with (a name, not words: never translated)."""
PASTED_MIME = "image/png"


def _png(image: QImage) -> bytes:
    """`image` as PNG bytes (blocking: a worker thread)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # str works (stub: bytes)
    return bytes(data.data())


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
        self.preview: SendPreview | None = None
        """The open preview sheet, if any."""

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
        """Show the file at `path` with a caption box (offered the composer's text where a
        caption is allowed) and send it if the agent says so."""
        mime = guess_mime(path.name)
        try:
            size = (await asyncio.to_thread(path.stat)).st_size
            kind = media_rules.check_size(mime, size)
            data = await asyncio.to_thread(path.read_bytes)
        except OSError as error:
            self._unreadable(error)
            return
        except SwitchboardError as error:
            self._messages.report(error, "attach file")
            return
        caption = await self._preview(path.name, mime, kind, data)
        if caption is not None:
            await self._send_bytes(conversation_id, path.name, mime, data, caption)

    async def send_image(self, conversation_id: ConversationId, image: QImage) -> None:
        """Offer a pasted picture for sending, as a PNG, through the same preview sheet."""
        data = await asyncio.to_thread(_png, image)
        try:
            kind = media_rules.check_size(PASTED_MIME, len(data))
        except SwitchboardError as error:
            self._messages.report(error, "attach file")
            return
        caption = await self._preview(PASTED_NAME, PASTED_MIME, kind, data)
        if caption is not None:
            await self._send_bytes(conversation_id, PASTED_NAME, PASTED_MIME, data, caption)

    async def _preview(self, name: str, mime: str, kind: ContentKind, data: bytes) -> str | None:
        """The caption the agent chose in the preview sheet; None if they cancelled."""
        image = None
        if kind in (ContentKind.IMAGE, ContentKind.STICKER):
            try:
                image = await asyncio.to_thread(decode, data, max(PICTURE_BOX.toTuple()) * 2)
            except Undecodable:
                image = None  # shown as a file; the customer's phone may still read it
        offered = self._composer.text().strip() if media_rules.allows_caption(kind) else ""
        sheet = SendPreview(
            self._owner,
            filename=name,
            mime_type=mime,
            kind=kind,
            size=len(data),
            image=image,
            caption=offered,
        )
        self.preview = sheet
        try:
            accepted = await ask(sheet) == QDialog.DialogCode.Accepted
            caption = sheet.caption()
        finally:
            self.preview = None
            sheet.deleteLater()
        if not accepted:
            return None
        if offered:
            self._composer.take_text()  # the words went with the file, as its caption
        return caption

    async def _send_bytes(
        self, conversation_id: ConversationId, name: str, mime: str, data: bytes, caption: str
    ) -> None:
        self._messages.info(
            QCoreApplication.translate("FileSender", "Sending “%1”…").replace("%1", name)
        )
        try:
            await self._api.reply_media(conversation_id, name, mime, data, caption)
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
