"""The queue's tab bar: in a narrow desk the tab names shorten, never their counts.

A plain `QTabBar` elides a tab's whole text, so "Unassigned 12" became "Un…" and the number,
the one thing an agent looks for, went first (issue 7).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QTabBar, QWidget

_ELLIPSIS = "…"
_PADDING = 8
"""Horizontal padding of a tab in the theme (`QTabBar#QueueTabs::tab`), in pixels."""
_TIGHT_PADDING = 3
_TIGHT_STYLE = (
    "QTabBar#QueueTabs::tab { "
    f"padding-left: {_TIGHT_PADDING}px; padding-right: {_TIGHT_PADDING}px; }}"
)


@dataclass(frozen=True)
class TabLabel:
    """What one tab says."""

    name: str
    count: str = ""
    """The number of conversations, formatted; "" shows none."""
    icon_only: bool = False
    """The tab shows its icon and count; the name is its tooltip and accessible name."""

    @property
    def full(self) -> str:
        return _join(self.name, self.count)

    def text(self, name: str | None = None) -> str:
        """The tab's text, with `name` (elided) in place of the name when given."""
        return (
            self.count if self.icon_only else _join(self.name if name is None else name, self.count)
        )


class QueueTabBar(QTabBar):
    """Tabs labelled "name count"; when they do not fit, the names are elided evenly."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("QueueTabs")
        self.setDrawBase(False)
        self.setExpanding(False)
        # In a narrow desk the names shorten rather than hiding behind scroll arrows.
        self.setUsesScrollButtons(False)
        self.setElideMode(Qt.TextElideMode.ElideNone)  # `_fit` elides, keeping the counts
        self._labels: dict[int, TabLabel] = {}

    def set_label(self, index: int, label: TabLabel) -> None:
        """Label a tab; its accessible name always carries the name and count in full."""
        self._labels[index] = label
        self.setAccessibleTabName(index, label.full)
        self._fit()

    def label(self, index: int) -> TabLabel:
        return self._labels.get(index, TabLabel(self.tabText(index)))

    def tabSizeHint(self, index: int) -> QSize:
        """An icon tab is as wide as its icon and count: the style would add room for a name
        it does not show, and six tabs must fit a narrow queue."""
        hint = super().tabSizeHint(index)
        label = self._labels.get(index)
        if label is None or not label.icon_only:
            return hint
        padding = _TIGHT_PADDING if self.property("tight") is True else _PADDING
        text = self.fontMetrics().horizontalAdvance(self.tabText(index))
        gap = 4 if self.tabText(index) else 0
        return QSize(self.iconSize().width() + gap + text + 2 * padding + 2, hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        metrics = self.fontMetrics()
        labels = [self.label(i) for i in range(self.count())]
        # What each tab takes besides its text (padding, margins, an icon), as the style says.
        extra = [
            self.tabSizeHint(i).width() - metrics.horizontalAdvance(self.tabText(i))
            for i in range(self.count())
        ]
        natural = sum(
            e + metrics.horizontalAdvance(lb.text()) for e, lb in zip(extra, labels, strict=True)
        )
        least = sum(
            e + metrics.horizontalAdvance(lb.count or ("" if lb.icon_only else _ELLIPSIS))
            for e, lb in zip(extra, labels, strict=True)
        )
        if self._tighten(least, len(labels)):
            self._fit()  # measured again with the new padding
            return
        names = None if natural <= self.width() else self._elided_names(metrics, labels, extra)
        for i, label in enumerate(labels):
            text = label.text(None if names is None else names[i])
            if self.tabText(i) != text:
                self.setTabText(i, text)
            shortened = text != label.full
            self.setTabToolTip(i, label.full if shortened else "")

    def _tighten(self, least: int, tabs: int) -> bool:
        """Below the width even the counts need, the tabs give up some of their padding.

        Returns True if the padding changed."""
        tight = self.property("tight") is True
        if not tight and least > self.width():
            want = True
        elif tight and least + tabs * 2 * (_PADDING - _TIGHT_PADDING) <= self.width():
            want = False
        else:
            return False
        self.setProperty("tight", want)
        self.setStyleSheet(_TIGHT_STYLE if want else "")
        return True

    def _elided_names(
        self, metrics: QFontMetrics, labels: list[TabLabel], extra: list[int]
    ) -> list[str]:
        """Names shortened to fair shares of the room the counts leave: a short name that
        fits its share is kept whole, and what it leaves over goes to the longer ones."""
        named = [i for i, lb in enumerate(labels) if not lb.icon_only and lb.name]
        kept = sum(
            e
            + metrics.horizontalAdvance(lb.count)
            + (metrics.horizontalAdvance(" ") if i in named and lb.count else 0)
            for i, (e, lb) in enumerate(zip(extra, labels, strict=True))
        )
        room = max(0, self.width() - kept)
        shares: dict[int, int] = {}
        by_length = sorted(named, key=lambda i: metrics.horizontalAdvance(labels[i].name))
        for done, i in enumerate(by_length):
            shares[i] = room // (len(by_length) - done)
            room -= min(shares[i], metrics.horizontalAdvance(labels[i].name))
        names = []
        for i, label in enumerate(labels):
            name = metrics.elidedText(label.name, Qt.TextElideMode.ElideRight, shares.get(i, 0))
            if name == _ELLIPSIS and label.count:
                name = ""  # the count alone says more than a lone ellipsis
            names.append(name or ("" if label.count else _ELLIPSIS))
        return names


def _join(name: str, count: str) -> str:
    return " ".join(part for part in (name, count) if part)
