"""Opening a message's file: pictures in a viewer window, anything else saved where asked.

The file is decrypted in memory by the services layer; this module never writes it anywhere
the user did not choose.

Signals are not used: each open is a coroutine started with `spawn`, and its errors go to the
window's one message channel.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.content import ContentKind, Media
from app.domain.errors import SwitchboardError
from app.domain.ids import EventId
from app.services.api import DeskApi
from app.ui.bridge import spawn
from app.ui.dialogs import ask
from app.ui.messages import MessageChannel

_PICTURES = frozenset({ContentKind.IMAGE, ContentKind.STICKER})


class MediaOpener:
    """Opens files for one desk window (owned by it, so its tasks die with it)."""

    def __init__(self, api: DeskApi, messages: MessageChannel, owner: QWidget) -> None:
        self._api = api
        self._messages = messages
        self._owner = owner

    def open(self, event_id: bytes) -> None:
        """Slot for `media_requested(bytes)`."""
        spawn(self._owner, self._open(EventId(bytes(event_id))), name="open-media")

    async def _open(self, event_id: EventId) -> None:
        try:
            media, data = await self._api.open_media(event_id)
        except SwitchboardError as error:
            self._messages.report(error, "open file")
            return
        if media.media_kind in _PICTURES:
            image = QImage.fromData(data)
            if not image.isNull():
                show_picture(self._owner, media, image)
                return
        await self._save(media, data)

    async def _save(self, media: Media, data: bytes) -> None:
        dialog = QFileDialog(self._owner, QCoreApplication.translate("MediaOpener", "Save file"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.selectFile(suggested_name(media))
        if await ask(dialog) != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return
        target = Path(dialog.selectedFiles()[0])
        try:
            await asyncio.to_thread(target.write_bytes, data)
        except OSError as error:
            self._messages.error(
                QCoreApplication.translate("MediaOpener", "Could not save the file: %s")
                % error.strerror
            )


def suggested_name(media: Media) -> str:
    """A file name for the save dialog: the sender's, else one from the type."""
    if media.filename:
        return Path(media.filename).name  # never a path the sender chose
    extension = media.mime_type.split(";")[0].split("/")[-1] or "bin"
    return f"{media.media_kind.name.lower()}.{extension}"


def show_picture(parent: QWidget, media: Media, image: QImage) -> QDialog:
    """A non-modal viewer window for a picture, scaled down to fit the screen."""
    dialog = QDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowTitle(media.caption or QCoreApplication.translate("MediaOpener", "Photo"))
    label = QLabel(dialog)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setPixmap(QPixmap.fromImage(image))
    label.setAccessibleName(media.caption or QCoreApplication.translate("MediaOpener", "Photo"))
    scroll = QScrollArea(dialog)
    scroll.setWidget(label)
    scroll.setWidgetResizable(True)
    layout = QVBoxLayout(dialog)
    layout.addWidget(scroll)
    if media.caption:
        layout.addWidget(QLabel(media.caption, dialog))
    dialog.resize(min(image.width() + 40, 1000), min(image.height() + 80, 800))
    dialog.show()
    return dialog
