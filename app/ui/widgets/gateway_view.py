"""A status-bar warning while the team's gateway is not heard or cannot reach WhatsApp."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QWidget

from app.domain.gateway_beat import GatewayHealth
from app.ui.gateway_words import gateway_words

_NARROWEST = 120
"""Pixels the line may shrink to beside two desks on one screen; it ends in "…" then."""


class GatewayView(QLabel):
    """Hidden while the gateway runs (or the team has none); otherwise one line saying what is
    wrong, with what it means and what to do in the tooltip. It only shows what it is given."""

    def __init__(
        self, parent: QWidget | None = None, clock: Callable[[], float] = time.time
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self.setObjectName("Gateway")
        self.setWordWrap(False)
        self.setVisible(False)

    def show_health(self, health: GatewayHealth) -> None:
        """Show `health`; hide when there is nothing to report."""
        words = gateway_words(health, self._clock())
        if words is not None:
            self.setText(words.line)
            self.setToolTip(words.details)
        self.setAccessibleName(words.line if words is not None else "")
        self.setVisible(words is not None)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), _NARROWEST), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        # A narrow window shows the start of the line and "…" rather than cutting it off.
        area = self.contentsRect()
        if self.fontMetrics().horizontalAdvance(self.text()) <= area.width():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        line = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, area.width())
        painter.drawText(area, int(self.alignment()), line)
