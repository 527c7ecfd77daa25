"""The customer panel's list of earlier conversations: a model over `Episode`s.

The profile brings the newest page; older pages are fetched when the list is scrolled to its
end (Qt's `fetchMore`). Each row reads as dates, who resolved it, how many messages and the
customer's first words.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.domain.errors import SwitchboardError
from app.domain.ids import DeviceId
from app.domain.profile import EARLIER_LIMIT, Episode
from app.ui.bridge import spawn

Index = QModelIndex | QPersistentModelIndex
PageLoader = Callable[[int, int], Awaitable[list[Episode]]]
"""Gives up to `limit` episodes resolved before a position: (before_position, limit)."""

FIRST_WORDS_CHARS = 80
"""The customer's first words are cut here (the row wraps; the tooltip has them all)."""


class EarlierRole(enum.IntEnum):
    EVENT_ID = Qt.ItemDataRole.UserRole + 1
    """bytes: the message the conversation began with (the thread scrolls there)."""
    POSITION = Qt.ItemDataRole.UserRole + 2
    """int: that message's position, to load older pages until it is in."""


class EarlierConversationsModel(QAbstractListModel):
    """Earlier conversations with one customer, the newest first.

    Signals:
        load_failed(SwitchboardError): An older page could not be loaded.
    """

    load_failed = Signal(object)

    def __init__(self, names: Callable[[DeviceId], str], parent: QObject | None = None) -> None:
        """`names` gives an agent's display name for their device (`DeskApi.agent_name`)."""
        super().__init__(parent)
        self._names = names
        self._episodes: list[Episode] = []
        self._key: object = None
        self._more = False
        self._loader: PageLoader | None = None
        self._fetching = False
        self._generation = 0
        """Moves on with every reset, so a page for an earlier list is dropped."""

    def show_first_page(
        self, key: object, episodes: tuple[Episode, ...], more: bool, loader: PageLoader | None
    ) -> None:
        """List `episodes` (the newest page) of the customer `key` names; `loader` gets older
        pages while `more` says there are some."""
        if key == self._key and tuple(self._episodes[: len(episodes)]) == episodes:
            if len(self._episodes) == len(episodes):
                self._more = more
            return  # a reload that changed nothing keeps the pages and the agent's place
        self.beginResetModel()
        self._generation += 1
        self._key, self._episodes, self._more = key, list(episodes), more
        self._loader, self._fetching = loader, False
        self.endResetModel()

    def canFetchMore(self, parent: Index) -> bool:
        return (
            not parent.isValid()
            and self._more
            and not self._fetching
            and self._loader is not None
            and bool(self._episodes)
        )

    def fetchMore(self, parent: Index) -> None:
        if self.canFetchMore(parent):
            self._fetching = True
            spawn(self, self._fetch(self._generation), name="earlier-conversations")

    async def _fetch(self, generation: int) -> None:
        assert self._loader is not None  # canFetchMore checked it
        try:
            page = await self._loader(self._episodes[-1].resolved_position, EARLIER_LIMIT)
        except SwitchboardError as error:
            if generation == self._generation:
                self._more = self._fetching = False  # not again and again; a reload retries
            self.load_failed.emit(error)
            return
        if generation != self._generation:
            return
        self._fetching = False
        self._more = len(page) == EARLIER_LIMIT
        if page:
            first = len(self._episodes)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._episodes.extend(page)
            self.endInsertRows()

    def episode(self, row: int) -> Episode:
        return self._episodes[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._episodes)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._episodes):
            return None
        episode = self._episodes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(episode, FIRST_WORDS_CHARS)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(episode, None)
        if role == EarlierRole.EVENT_ID:
            return bytes(episode.first_event_id)
        if role == EarlierRole.POSITION:
            return episode.first_position
        return None

    def _text(self, episode: Episode, cut: int | None) -> str:
        lines = [self._dates(episode), self._who_and_count(episode)]
        words = episode.first_words.strip().replace("\n", " ")
        if words:
            if cut is not None and len(words) > cut:
                words = words[: cut - 1].rstrip() + "…"
            lines.append(self.tr("“%1”").replace("%1", words))
        return "\n".join(lines)

    def _dates(self, episode: Episode) -> str:
        started, resolved = _date(episode.started_at), _date(episode.resolved_at)
        if started == resolved:
            return started
        return self.tr("%1 – %2").replace("%1", started).replace("%2", resolved)

    def _who_and_count(self, episode: Episode) -> str:
        count = episode.message_count
        messages = self.tr("1 message") if count == 1 else self.tr("%n messages", "", count)
        if episode.resolved_by is None:
            return messages
        who = self.tr("Resolved by %1").replace("%1", self._name(episode.resolved_by))
        return self.tr("%1 · %2").replace("%1", who).replace("%2", messages)

    def _name(self, device: DeviceId) -> str:
        return self._names(device) or self.tr("a former colleague")


def _date(at: int) -> str:
    """A day in the user's locale, short ("12/03/2026" or "12.03.26")."""
    day = QDateTime.fromSecsSinceEpoch(at).date()
    return QLocale().toString(day, QLocale.FormatType.ShortFormat)
