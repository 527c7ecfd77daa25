"""Labels as the desk shows them: coloured chips, and the catalogue that names label ids.

Rows and panels carry label ids (`ConversationSummary.labels`); a `LabelCatalogue` per view
turns them into names and colours, reloading when the team's labels change
(`Changes.labels_changed`). Painting is shared by the queue rows and the panel's chips, so a
label looks the same everywhere.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QIcon, QPainter, QPixmap

from app.domain.errors import SwitchboardError
from app.domain.labels import Label, LabelId
from app.services.api import Changes, DeskApi
from app.ui.bridge import loop_running, spawn
from app.ui.messages import MessageChannel
from app.ui.theme import COLORS, qcolor

CHIP_GAP = 4.0
_FILL_ALPHA = 46
"""The chip's fill is its colour at this opacity (of 255): light on a white row."""


def chip_colours(colour: int) -> tuple[QColor, QColor]:
    """(fill, text) for a label of `colour` (0xRRGGBB): a tint of it, and a darker shade of it
    that stays readable on the tint."""
    base = QColor(f"#{colour:06x}")
    fill = QColor(base)
    fill.setAlpha(_FILL_ALPHA)
    return fill, base.darker(160)


def swatch_icon(colour: int, size: int = 12) -> QIcon:
    """A round dot of the colour, for menus, combo boxes and lists."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(f"#{colour:06x}"))
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    painter.end()
    return QIcon(pixmap)


def paint_chips(
    painter: QPainter,
    font: QFont,
    chips: list[tuple[str, int]],
    right: float,
    baseline: float,
    room: float,
) -> float:
    """Paint (name, colour) chips right-aligned at `right`, in at most `room` pixels; those
    that do not fit become "+N". Returns the left edge of what was painted (`right` if none)."""
    if not chips or room < 24:
        return right
    metrics = QFontMetricsF(font)
    height = metrics.height() + 2
    top = baseline - metrics.ascent() - 1
    widths = [metrics.horizontalAdvance(name) + 12 for name, _ in chips]
    shown = len(chips)
    while (
        shown and sum(widths[:shown]) + CHIP_GAP * shown + _more_width(metrics, chips, shown) > room
    ):
        shown -= 1
    painter.save()
    painter.setFont(font)
    x = right
    rest = len(chips) - shown
    if rest:
        text = f"+{rest}"
        x -= metrics.horizontalAdvance(text)
        painter.setPen(qcolor(COLORS.muted))
        painter.drawText(QPointF(x, baseline), text)
        x -= CHIP_GAP
    for (name, colour), width in reversed(list(zip(chips[:shown], widths[:shown], strict=True))):
        fill, ink = chip_colours(colour)
        box = QRectF(x - width, top, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(box, height / 2, height / 2)
        painter.setPen(ink)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, name)
        x = box.left() - CHIP_GAP
    painter.restore()
    return x + CHIP_GAP


def _more_width(metrics: QFontMetricsF, chips: list[tuple[str, int]], shown: int) -> float:
    rest = len(chips) - shown
    return 0.0 if not rest else metrics.horizontalAdvance(f"+{rest}") + CHIP_GAP


class LabelCatalogue(QObject):
    """The team's labels for one view, kept current.

    Signals:
        changed(): `labels` were loaded again.
    """

    changed = Signal()

    def __init__(self, api: DeskApi, messages: MessageChannel, parent: QObject) -> None:
        super().__init__(parent)
        self._api = api
        self._messages = messages
        self.labels: list[Label] = []
        """The team's labels, by name."""
        self._by_id: dict[LabelId, Label] = {}
        self._requests = 0

    def get(self, label_id: LabelId) -> Label | None:
        return self._by_id.get(label_id)

    def chips(self, label_ids: tuple[LabelId, ...]) -> list[tuple[str, int]]:
        """(name, colour) of each known label, in the given order."""
        found = (self._by_id.get(i) for i in label_ids)
        return [(label.name, label.colour) for label in found if label is not None]

    def reload(self) -> None:
        if not loop_running():
            return
        self._requests += 1
        spawn(self, self._load(self._requests), name="labels")

    def apply_changes(self, changes: Changes) -> None:
        if changes.labels_changed:
            self.reload()

    async def _load(self, request: int) -> None:
        try:
            labels = await self._api.labels.labels()
        except SwitchboardError as error:
            self._messages.report(error, "labels")
            return
        if request == self._requests:  # an older answer never overwrites a newer one
            self.labels = labels
            self._by_id = {label.label_id: label for label in labels}
            self.changed.emit()
