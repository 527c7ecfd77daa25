"""Small monochrome icons (message kinds, context marks), tinted to any colour when painted.

The SVGs in `resources/icons/kinds/` are black outlines; each is rendered once per size, colour
and pixel ratio and kept, because delegates paint many rows per frame. Icons instead of emoji:
the fonts of a bare Linux desk (DejaVu under Xvfb) lack most emoji, and a missing glyph paints
as an empty box.
"""

from __future__ import annotations

import functools
import logging

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from app.ui.resources import resource_path

log = logging.getLogger(__name__)


@functools.cache
def _renderer(name: str) -> QSvgRenderer | None:
    path = resource_path("icons", "kinds", f"{name}.svg")
    renderer = QSvgRenderer(str(path)) if path.exists() else None
    if renderer is None or not renderer.isValid():
        log.warning("icon %s is missing or unreadable; painting nothing in its place", name)
        return None
    return renderer


@functools.lru_cache(maxsize=512)
def _tinted(name: str, size: int, rgba: int, ratio: float) -> QPixmap:
    pixels = max(1, round(size * ratio))
    image = QImage(pixels, pixels, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    renderer = _renderer(name)
    if renderer is not None:
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, pixels, pixels))
        # Keep the outline's coverage, take the colour: one SVG serves every tint.
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(image.rect(), QColor.fromRgba(rgba))
        painter.end()
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def icon_pixmap(name: str, size: int, color: QColor | str, ratio: float = 1.0) -> QPixmap:
    """The icon `name` as a `size`-pixel square pixmap in `color` (transparent if missing).

    Args:
        name: A file name in `resources/icons/kinds/` without `.svg`.
        size: Logical pixels.
        color: The tint.
        ratio: The device pixel ratio to render for (sharp on high-DPI screens).
    """
    return _tinted(name, size, QColor(color).rgba(), ratio)


def paint_icon(painter: QPainter, rect: QRectF, name: str, color: QColor | str) -> None:
    """Paint icon `name` into `rect` (a square), sharp at the painter's pixel ratio."""
    device = painter.device()
    ratio = device.devicePixelRatioF() if device is not None else 1.0
    size = round(min(rect.width(), rect.height()))
    painter.drawPixmap(rect.topLeft(), icon_pixmap(name, size, color, ratio))
