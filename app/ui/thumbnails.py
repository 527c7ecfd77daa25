"""Thumbnails of photos and stickers for the chat bubbles.

A bubble asks for its picture when it is painted, so only rows in sight load. Loading runs under
`spawn`: the desk's sealed thumbnail cache first (`DeskApi.cached_thumbnail`), else the whole
file (`DeskApi.open_media`, decrypted in memory), decoded and scaled in a worker thread (a big
JPEG takes tens of milliseconds, style.md P1) and kept sealed for next time. Decoded thumbnails
stay in memory in a small LRU bounded by bytes; failures are remembered with their reason until
`forget_failures` (the hub came back, say), so a broken file is not fetched on every repaint.

`QImage` and `QImageReader` are safe to use off the UI thread; `QPixmap` is not and is never
made here.
"""

from __future__ import annotations

import asyncio
import collections
import enum
import logging
from dataclasses import dataclass

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QObject,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QImage, QImageReader

from app.domain.errors import DataFault, HubUnreachable, SwitchboardError
from app.domain.ids import EventId
from app.services.api import DeskApi
from app.ui.bridge import loop_running, spawn

log = logging.getLogger(__name__)

MAX_SIDE = 480
"""Pixels of a thumbnail's longer side: sharp at 240 points on a 2× screen."""
MEMORY_BUDGET = 48 * 1024 * 1024
"""Bytes of decoded thumbnails kept in memory (about 50 full-size 480 px pictures)."""
_JPEG_QUALITY = 82
_KEEP_ASPECT = Qt.AspectRatioMode.KeepAspectRatio
_SMOOTH = Qt.TransformationMode.SmoothTransformation


class Undecodable(Exception):
    """The bytes are no picture Qt can read."""


def tr(text: str) -> str:
    return QCoreApplication.translate("thumbnails", text)


class Phase(enum.Enum):
    LOADING = enum.auto()
    READY = enum.auto()
    FAILED = enum.auto()


@dataclass(frozen=True, slots=True)
class Thumb:
    """What a bubble shows for its picture right now."""

    phase: Phase
    image: QImage | None = None
    reason: str = ""
    """Why it failed, in a few words (FAILED only)."""


LOADING = Thumb(Phase.LOADING)


def decode(data: bytes, max_side: int = MAX_SIDE) -> QImage:
    """The picture in `data`, upright (EXIF) and scaled to fit `max_side` (blocking: run it in a
    worker thread).

    Raises:
        Undecodable: Not a picture Qt can read.
    """
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > max_side:
        # Decoding straight to the small size is much cheaper than decoding, then scaling.
        reader.setScaledSize(size.scaled(QSize(max_side, max_side), _KEEP_ASPECT))
    image = reader.read()
    if image.isNull():
        raise Undecodable(reader.errorString())
    if max(image.width(), image.height()) > max_side:  # the reader may ignore the scaled size
        image = image.scaled(max_side, max_side, _KEEP_ASPECT, _SMOOTH)
    return image


def encode(image: QImage) -> bytes:
    """`image` as bytes to keep: PNG where it has transparency (stickers), else JPEG."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if image.hasAlphaChannel():
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # str works (stub: bytes)
    else:
        image.save(buffer, "JPEG", _JPEG_QUALITY)  # type: ignore[call-overload]
    return bytes(data.data())


def make(data: bytes) -> tuple[QImage, bytes]:
    """A thumbnail of the file in `data` and its bytes to keep (blocking: a worker thread)."""
    image = decode(data)
    return image, encode(image)


def failure_reason(error: SwitchboardError | Undecodable) -> str:
    """A few words for a bubble whose picture could not be had."""
    if isinstance(error, Undecodable):
        return tr("Cannot show this picture")
    if isinstance(error, HubUnreachable):
        return tr("Hub offline: not loaded")
    if isinstance(error, DataFault):
        return tr("The file is damaged")
    return tr("Picture not available")


class Thumbnails(QObject):
    """Loads and keeps the thumbnails one desk window shows.

    Signals:
        changed(bytes): A message's thumbnail is ready or failed (its event id).
    """

    changed = Signal(bytes)

    def __init__(
        self, api: DeskApi, parent: QObject | None = None, budget: int = MEMORY_BUDGET
    ) -> None:
        super().__init__(parent)
        self._api = api
        self._budget = budget
        self._ready: collections.OrderedDict[bytes, QImage] = collections.OrderedDict()
        self._bytes = 0
        self._failed: dict[bytes, str] = {}
        self._loading: set[bytes] = set()

    def peek(self, event_id: bytes) -> Thumb | None:
        """The thumbnail's state without starting a load; None if never asked for."""
        image = self._ready.get(event_id)
        if image is not None:
            self._ready.move_to_end(event_id)
            return Thumb(Phase.READY, image)
        if event_id in self._failed:
            return Thumb(Phase.FAILED, reason=self._failed[event_id])
        return LOADING if event_id in self._loading else None

    def request(self, event_id: bytes) -> Thumb:
        """The thumbnail's state, starting a load if it is neither kept nor on its way."""
        known = self.peek(event_id)
        if known is not None:
            return known
        if loop_running():
            self._loading.add(event_id)
            spawn(self, self._load(event_id), name="thumbnail")
        return LOADING

    def forget_failures(self) -> None:
        """Try failed pictures again when next painted (the hub is back, a file arrived)."""
        failed, self._failed = self._failed, {}
        for event_id in failed:
            self.changed.emit(event_id)

    @property
    def memory_used(self) -> int:
        """Bytes of decoded thumbnails held (for tests and diagnostics)."""
        return self._bytes

    async def _load(self, event_id: bytes) -> None:
        try:
            image = await self._fetch(EventId(event_id))
        except (SwitchboardError, Undecodable) as error:
            log.info("thumbnail not loaded: %s", type(error).__name__)
            self._failed[event_id] = failure_reason(error)
        except RuntimeError:
            if loop_running():
                raise
            # The worker thread finished after the loop stopped (shutdown, or between tests):
            # there is nothing left to show the picture in.
            self._loading.discard(event_id)
            return
        else:
            self._keep(event_id, image)
        finally:
            self._loading.discard(event_id)
        self.changed.emit(event_id)

    async def _fetch(self, event_id: EventId) -> QImage:
        cached = await self._api.cached_thumbnail(event_id)
        if cached is not None:
            try:
                return await asyncio.to_thread(decode, cached)
            except Undecodable:
                log.warning("a kept thumbnail did not decode: making it again")
        _, data = await self._api.open_media(event_id)
        image, encoded = await asyncio.to_thread(make, data)
        await self._api.keep_thumbnail(event_id, encoded)
        return image

    def _keep(self, event_id: bytes, image: QImage) -> None:
        self._ready[event_id] = image
        self._bytes += image.sizeInBytes()
        while self._bytes > self._budget and len(self._ready) > 1:
            _, dropped = self._ready.popitem(last=False)
            self._bytes -= dropped.sizeInBytes()
