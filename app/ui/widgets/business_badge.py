"""The business as customers see it, for the window header: the display name, the blue check
and the number's quality rating, exactly per cloud-api.md §9's UI rule.

- The blue check shows only for an Official Business Account (`is_official_business_account`).
- The verified name shows only once `name_status` is APPROVED or AVAILABLE_WITHOUT_REVIEW;
  until then customers see the phone number, and so does the agent.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from app.log.events import NumberStatus
from app.ui.theme import COLORS
from app.ui.widgets.conversation_header import ElidedLabel

SHOWN_NAME_STATUSES = frozenset({"APPROVED", "AVAILABLE_WITHOUT_REVIEW"})
"""`name_status` values under which customers see `verified_name`."""

QUALITY_COLORS = {"GREEN": COLORS.online, "YELLOW": COLORS.connecting, "RED": COLORS.offline}


def shown_name(status: NumberStatus) -> str:
    """The sender name customers see: the verified name once approved, else the number."""
    if status.name_status in SHOWN_NAME_STATUSES and status.verified_name:
        return status.verified_name
    return status.display_phone_number


class VerifiedMark(QWidget):
    """WhatsApp's blue check: a blue rosette with a white tick."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(QSize(16, 16))
        self.setAccessibleName(self.tr("Official Business Account"))
        self.setToolTip(
            self.tr("Official Business Account: customers see the blue check next to the name.")
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(COLORS.verified))
        painter.drawEllipse(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        tick = QPainterPath(QPointF(4.4, 8.3))
        tick.lineTo(QPointF(7.0, 10.8))
        tick.lineTo(QPointF(11.8, 5.6))
        pen = QPen(QColor("white"), 1.8)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(tick)


class QualityDot(QWidget):
    """A small coloured light for the number's quality rating."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(QSize(9, 9))
        self.color = QColor(COLORS.faint)

    def set_color(self, color: str) -> None:
        self.color = QColor(color)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.color)
        painter.drawEllipse(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))


class BusinessIdentity(QWidget):
    """Name, blue check and quality of the business number, as the gateway last reported them.

    Until the first report it shows the business name the desk was configured with.
    """

    def __init__(self, configured_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._configured = configured_name or self.tr("Switchboard")
        self.name = ElidedLabel(self)
        self.name.setObjectName("Business")
        self.badge = VerifiedMark(self)
        self.dot = QualityDot(self)
        self.quality = QLabel(self)
        self.quality.setObjectName("Muted")
        self._compact = False
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.name)
        row.addWidget(self.badge)
        row.addSpacing(10)
        row.addWidget(self.dot)
        row.addWidget(self.quality)
        row.addStretch(1)
        self.set_status(None)

    def set_compact(self, compact: bool) -> None:
        """Quality as a dot alone (words in its tooltip), so a narrow desk keeps the name."""
        self._compact = compact
        self.quality.setVisible(compact is False and self.dot.isVisibleTo(self))

    def set_status(self, status: NumberStatus | None) -> None:
        """Show the number's status; None shows the configured name alone."""
        if status is None:
            self._show(self._configured, self.tr("The business this desk answers for."))
            self.badge.hide()
            self.dot.hide()
            self.quality.hide()
            return
        self._show(shown_name(status), self._name_tip(status))
        self.badge.setVisible(status.is_official_business_account)
        self._show_quality(status.quality_rating)

    def _show(self, name: str, tip: str) -> None:
        self.name.set_full_text(name)
        # On the whole identity: the label keeps its own tooltip for the full, unelided name.
        self.setToolTip(tip)
        self.setAccessibleName(self.tr("Business: %1").replace("%1", name))

    def _name_tip(self, status: NumberStatus) -> str:
        if status.name_status in SHOWN_NAME_STATUSES and status.verified_name:
            return self.tr("Customers see this display name.")
        reasons = {
            "PENDING_REVIEW": self.tr("The display name is waiting for Meta's review"),
            "DECLINED": self.tr("Meta declined the display name"),
            "EXPIRED": self.tr("The display name approval expired"),
        }
        reason = reasons.get(status.name_status, self.tr("There is no approved display name"))
        return self.tr("%1: customers see the phone number.").replace("%1", reason)

    def _show_quality(self, rating: str) -> None:
        words = {
            "GREEN": self.tr("High quality"),
            "YELLOW": self.tr("Medium quality"),
            "RED": self.tr("Low quality"),
        }
        text = words.get(rating, self.tr("Quality not rated"))
        self.dot.set_color(QUALITY_COLORS.get(rating, COLORS.faint))
        self.quality.setText(text)
        tip = self.tr("%1: WhatsApp rates the number by how customers received recent messages.")
        for part in (self.dot, self.quality):
            part.setAccessibleName(self.tr("Number quality: %1").replace("%1", text))
            part.setToolTip(tip.replace("%1", text))
        self.dot.show()
        self.quality.setVisible(not self._compact)
