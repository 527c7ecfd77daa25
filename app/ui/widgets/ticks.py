"""Delivery status marks drawn as paths: ⏱ pending (amber while WhatsApp's word is awaited),
✓ sent, ✓✓ delivered, blue ✓✓ read, ⚠ failed.

Painted rather than typed because font coverage differs by OS (DejaVu has no ⏱) and paths stay
crisp at any scale.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF

from app.domain.model import DeliveryStatus
from app.ui.theme import COLORS, qcolor

TICK_SIZE = QRectF(0, 0, 18, 12)
"""The box every mark is drawn in."""


def status_color(status: DeliveryStatus) -> QColor:
    """The colour a status is drawn in."""
    if status in (DeliveryStatus.READ, DeliveryStatus.PLAYED):
        return qcolor(COLORS.read)
    if status is DeliveryStatus.FAILED:
        return qcolor(COLORS.danger)
    if status in (DeliveryStatus.CONFLICT, DeliveryStatus.UNCERTAIN):
        return qcolor(COLORS.warning)
    return qcolor(COLORS.tick)


def paint_status(painter: QPainter, box: QRectF, status: DeliveryStatus) -> None:
    """Draw the mark for `status` centred in `box` (about `TICK_SIZE`)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    color = status_color(status)
    pen = QPen(color, 1.4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    center = box.center()
    if status in (DeliveryStatus.PENDING, DeliveryStatus.QUEUED, DeliveryStatus.UNCERTAIN):
        _clock(painter, center)  # uncertain: still waiting, for WhatsApp's word
    elif status is DeliveryStatus.SENT:
        painter.drawPath(_check(center))
    elif status in (DeliveryStatus.DELIVERED, DeliveryStatus.READ, DeliveryStatus.PLAYED):
        # Two full checks, the second nudged right: reads as "✓✓" at small sizes.
        painter.drawPath(_check(center + QPointF(-2.4, 0.3), 0.85))
        painter.drawPath(_check(center + QPointF(2.4, 0.3), 0.85))
    else:
        _warning(painter, center, color)
    painter.restore()


def _check(center: QPointF, scale: float = 1.0) -> QPainterPath:
    # A check mark about 9×7 px at scale 1: short stroke down-right, long stroke up-right.
    x, y = center.x(), center.y()
    path = QPainterPath()
    path.moveTo(x - 4.2 * scale, y + 0.3 * scale)
    path.lineTo(x - 1.5 * scale, y + 3.0 * scale)
    path.lineTo(x + 4.2 * scale, y - 3.2 * scale)
    return path


def _clock(painter: QPainter, center: QPointF) -> None:
    painter.drawEllipse(center, 4.6, 4.6)
    painter.drawLine(center, center + QPointF(0, -2.8))
    painter.drawLine(center, center + QPointF(2.2, 0.8))


def _warning(painter: QPainter, center: QPointF, color: QColor) -> None:
    triangle = QPolygonF(
        [center + QPointF(0, -5.6), center + QPointF(6.2, 5.0), center + QPointF(-6.2, 5.0)]
    )
    painter.setPen(QPen(color, 1.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.setBrush(QBrush(color))
    painter.drawPolygon(triangle)
    painter.setPen(QPen(QColor("white"), 1.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawLine(center + QPointF(0, -2.2), center + QPointF(0, 1.2))
    painter.drawPoint(center + QPointF(0, 3.3))
