"""A QR code drawn with QPainter from segno's module matrix (no image files, crisp at any size)."""

from __future__ import annotations

import segno
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

QUIET_ZONE = 4
"""Light modules around the symbol, as the QR standard asks, so phones find its edges."""


def qr_matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The dark (True) and light modules of `payload`'s QR code, quiet zone excluded."""
    code = segno.make(payload, error="m", micro=False)
    return tuple(tuple(bool(cell) for cell in row) for row in code.matrix)


class QrCodeView(QWidget):
    """Paints one QR code, as large as whole pixels per module allow."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.matrix: tuple[tuple[bool, ...], ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("QR code of the invite"))

    def set_payload(self, payload: str) -> None:
        self.matrix = qr_matrix(payload) if payload else ()
        self.updateGeometry()
        self.update()

    def _modules(self) -> int:
        return len(self.matrix) + 2 * QUIET_ZONE

    def sizeHint(self) -> QSize:
        side = max(1, self._modules()) * 4
        return QSize(side, side)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        if not self.matrix:
            return
        side = min(self.width(), self.height())
        module = max(1, side // self._modules())
        offset = (side - module * self._modules()) // 2 + QUIET_ZONE * module
        painter.setPen(Qt.PenStyle.NoPen)
        dark = QColor("black")
        for y, row in enumerate(self.matrix):
            for x, cell in enumerate(row):
                if cell:
                    painter.fillRect(
                        QRect(offset + x * module, offset + y * module, module, module), dark
                    )
