"""The queue's label filter: a drop-down of the team's labels above the tabs.

Choosing a label lists only the conversations carrying it, in every tab (a replica query,
`DeskApi.queue_page(label=…)`); "All conversations" lifts the filter. It hides while the team
has no labels, and lifts itself when its label is deleted.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from app.domain.labels import LabelId
from app.ui.label_chips import LabelCatalogue, swatch_icon


class LabelFilter(QComboBox):
    """Which label the queue lists (None: every conversation).

    Signals:
        label_chosen(object): A `LabelId`, or None for every conversation.
    """

    label_chosen = Signal(object)

    def __init__(self, catalogue: LabelCatalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LabelFilter")
        self.setAccessibleName(self.tr("Filter by label"))
        self.setToolTip(self.tr("Show only conversations with this label"))
        self._catalogue = catalogue
        self._chosen: LabelId | None = None
        catalogue.changed.connect(self._fill)
        self.activated.connect(self._activated)
        self._fill()

    @property
    def chosen(self) -> LabelId | None:
        return self._chosen

    def choose(self, label: LabelId | None) -> None:
        """Filter by `label` (None: lift the filter), as if the agent picked it."""
        index = self._index_of(label)
        if index < 0:
            return
        self.setCurrentIndex(index)
        self._activated(index)

    def _fill(self) -> None:
        blocked = self.blockSignals(True)
        self.clear()
        self.addItem(self.tr("All conversations"), None)
        for label in self._catalogue.labels:
            self.addItem(swatch_icon(label.colour), label.name, label.label_id)
        index = self._index_of(self._chosen)
        self.setCurrentIndex(max(index, 0))
        self.blockSignals(blocked)
        self.setVisible(bool(self._catalogue.labels))
        if index < 0:  # its label was deleted: show everything again
            self._activated(0)

    def _index_of(self, label: LabelId | None) -> int:
        """The item of `label` (0 for None), or -1. Not `findData`: PySide keeps a `bytes`
        datum as an object that matches only itself, never an equal id read again."""
        if label is None:
            return 0
        found = (i for i in range(1, self.count()) if self.itemData(i) == label)
        return next(found, -1)

    def _activated(self, index: int) -> None:
        data = self.itemData(index)
        chosen = LabelId(bytes(data)) if data is not None else None
        if chosen != self._chosen:
            self._chosen = chosen
            self.label_chosen.emit(chosen)
