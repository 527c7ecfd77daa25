"""A small bar chart drawn with QPainter (the desk ships PySide6-Essentials, without QtCharts):
one group of bars per label, one bar per series, the series' names in a legend.

Keyboard and screen readers: the chart takes focus; Left/Right (Home/End) move between groups,
and the chosen group is read out as its accessible description ("Mon 7 Dec: 4 in, 3 out").
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

_COLOURS = (QColor("#2e7d32"), QColor("#1565c0"), QColor("#ef6c00"))
_MARGIN = 6
_AXIS = 18
"""Room under the bars for the labels, and above them for the legend."""


class BarChart(QWidget):
    """Bars for `values[group][series]`, labelled by `labels[group]`."""

    def __init__(self, title: str, series: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._series = tuple(series)
        self._labels: tuple[str, ...] = ()
        self._axis: tuple[str, ...] = ()
        self._values: tuple[tuple[int, ...], ...] = ()
        self.current = -1
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(title)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(360, 180)

    def set_bars(
        self,
        labels: Sequence[str],
        values: Sequence[Sequence[int]],
        axis: Sequence[str] | None = None,
    ) -> None:
        """Show new bars; the first group becomes the chosen one. `axis` are shorter labels
        to write under the bars (default: `labels`, which are what is read out)."""
        self._labels = tuple(labels)
        self._axis = self._labels if axis is None else tuple(axis)
        self._values = tuple(tuple(v) for v in values)
        self._choose(0 if self._labels else -1)

    def describe(self, group: int) -> str:
        """A group as words: its label and each series' value."""
        parts = ", ".join(
            f"{value} {name}" for value, name in zip(self._values[group], self._series, strict=True)
        )
        return f"{self._labels[group]}: {parts}"

    def _choose(self, group: int) -> None:
        self.current = group
        text = self.describe(group) if group >= 0 else ""
        self.setAccessibleDescription(text)
        self.setToolTip(text)
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        moves = {
            Qt.Key.Key_Left: self.current - 1,
            Qt.Key.Key_Right: self.current + 1,
            Qt.Key.Key_Home: 0,
            Qt.Key.Key_End: len(self._labels) - 1,
        }
        target = moves.get(Qt.Key(event.key()))
        if target is None or not self._labels:
            super().keyPressEvent(event)
            return
        self._choose(max(0, min(target, len(self._labels) - 1)))

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt's name)
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt's name)
        super().focusOutEvent(event)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._paint_legend(painter)
            self._paint_bars(painter)
        finally:
            painter.end()

    def _plot(self) -> QRectF:
        return QRectF(self.rect()).adjusted(_MARGIN, _MARGIN + _AXIS, -_MARGIN, -_MARGIN - _AXIS)

    def _paint_legend(self, painter: QPainter) -> None:
        x = float(_MARGIN)
        metrics = self.fontMetrics()
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)
        for index, name in enumerate(self._series):
            painter.fillRect(QRectF(x, _MARGIN + 4, 10, 10), _COLOURS[index % len(_COLOURS)])
            painter.setPen(text_colour)
            painter.drawText(QRectF(x + 14, _MARGIN, 200, _AXIS), name)
            x += 14 + metrics.horizontalAdvance(name) + 12

    def _paint_bars(self, painter: QPainter) -> None:
        plot = self._plot()
        top = max((max(v, default=0) for v in self._values), default=0)
        if not self._labels or top == 0 or plot.width() <= 0:
            return
        slot = plot.width() / len(self._labels)
        bar = max(1.0, (slot - 4) / max(1, len(self._series)))
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)
        widest = max(self.fontMetrics().horizontalAdvance(a) for a in self._axis) + 8
        every = max(1, math.ceil(widest / slot))
        for group, values in enumerate(self._values):
            left = plot.left() + group * slot + 2
            if group == self.current and self.hasFocus():
                highlight = self.palette().color(QPalette.ColorRole.Highlight)
                painter.fillRect(QRectF(left - 2, plot.top(), slot, plot.height()), highlight)
            for index, value in enumerate(values):
                height = plot.height() * value / top
                rect = QRectF(left + index * bar, plot.bottom() - height, bar, height)
                painter.fillRect(rect, _COLOURS[index % len(_COLOURS)])
            if group % every == 0:  # labels that would overlap are thinned out
                painter.setPen(text_colour)
                label = QRectF(left - 2, plot.bottom() + 2, slot * every, _AXIS)
                painter.drawText(label, Qt.AlignmentFlag.AlignLeft, self._axis[group])
