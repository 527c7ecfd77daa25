"""The hits of a search as the agent types: debounced, newest first, one page at a time.

Each keystroke restarts a short timer; when it fires, the first page is asked for off the UI
thread (the store is async). Every query carries a generation number, and an answer for an older
generation is dropped, so a slow answer never overwrites what the agent typed since. Further
pages load by keyset (`before` = the last hit's order) when the view scrolls to the end.
"""

from __future__ import annotations

import enum
import html
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from app.domain.errors import SwitchboardError
from app.domain.ids import ConversationId
from app.domain.search import SearchHit, SnippetPart, parse_query
from app.services.api import DeskApi
from app.ui import wording
from app.ui.bridge import loop_running, spawn
from app.ui.models.keyed_model import role_names
from app.ui.theme import COLORS

PAGE_SIZE = 50
DEBOUNCE_MS = 150
"""Long enough to skip the words between keystrokes, short enough to feel live."""

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class SearchRole(enum.IntEnum):
    """Data roles of `SearchModel` (DisplayRole is the snippet as plain text)."""

    HIT = Qt.ItemDataRole.UserRole + 1
    """The `SearchHit`."""
    SNIPPET_HTML = enum.auto()
    """The snippet as rich text: escaped, with the matched words marked."""
    HEADING = enum.auto()
    """Who wrote it: the customer, or "Anna to Maria" for a reply."""
    WHEN = enum.auto()
    """The hit's date and time, in words."""


def snippet_html(parts: tuple[SnippetPart, ...]) -> str:
    """Rich text for a snippet. Message text is the customer's, so every part is escaped: a
    message holding "<b>" shows those characters, it never becomes markup."""
    out = []
    for part in parts:
        text = html.escape(part.text).replace("\n", " ")
        if part.matched:
            text = (
                f'<span style="background-color:{COLORS.warning_soft};'
                f'font-weight:600">{text}</span>'
            )
        out.append(text)
    return "".join(out)


class SearchModel(QAbstractListModel):
    """Search hits for the text given to `set_text`, in all conversations or in one.

    Signals:
        searching_changed(bool): A query started, or the last one answered.
        load_failed(SwitchboardError): The store could not answer.
        results_changed(): The first page of a new query arrived (possibly empty).
    """

    searching_changed = Signal(bool)
    load_failed = Signal(object)
    results_changed = Signal()

    def __init__(
        self,
        api: DeskApi,
        *,
        now: int,
        page_size: int = PAGE_SIZE,
        debounce_ms: int = DEBOUNCE_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._api = api
        self._now = now
        self._page_size = page_size
        self._hits: list[SearchHit] = []
        self._text = ""
        self._scope: ConversationId | None = None
        self._generation = 0
        self._answered = 0
        self._has_more = False
        self._fetching = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._start_query)

    # what to search ------------------------------------------------------------------------

    @property
    def text(self) -> str:
        return self._text

    @property
    def scope(self) -> ConversationId | None:
        """The conversation searched, or None for all of them."""
        return self._scope

    @property
    def searching(self) -> bool:
        return self._answered != self._generation

    @property
    def query_is_empty(self) -> bool:
        return parse_query(self._text).empty

    def search_again(self, conversation_id: ConversationId | None, now: int) -> None:
        """Search one conversation (or all, for None) for the same text again: messages may
        have arrived since. `now` dates the hits."""
        self._now = now
        self._scope = conversation_id
        self._restart()

    def set_text(self, text: str) -> None:
        """The agent typed: search for `text` once typing pauses."""
        if text != self._text:
            self._text = text
            self._restart()

    def _restart(self) -> None:
        self._generation += 1  # whatever is in flight is stale from now on
        self._fetching = False
        # The hits shown stay until the new ones arrive, so the list does not blink at every
        # keystroke; they stop paging (`canFetchMore`) as they belong to the older text.
        if self.query_is_empty:
            self._set_hits([], has_more=False)
            self._answered = self._generation
            self.searching_changed.emit(False)
            self.results_changed.emit()
            return
        self.searching_changed.emit(True)
        self._timer.start()

    def _start_query(self) -> None:
        if loop_running() and not self.query_is_empty:
            spawn(self, self._first_page(self._generation), name="search")

    async def _first_page(self, generation: int) -> None:
        hits = await self._ask(None)
        if generation != self._generation:
            return
        self._answered = generation
        found = [] if hits is None else hits  # a failure was reported; show no stale hits
        self._set_hits(found, has_more=len(found) == self._page_size)
        self.searching_changed.emit(False)
        self.results_changed.emit()

    async def _next_page(self, generation: int) -> None:
        before = self._hits[-1].order
        hits = await self._ask(before)
        if generation != self._generation or hits is None:
            return
        self._fetching = False
        self._has_more = len(hits) == self._page_size
        if hits:
            first = len(self._hits)
            self.beginInsertRows(_ROOT, first, first + len(hits) - 1)
            self._hits += hits
            self.endInsertRows()

    async def _ask(self, before: int | None) -> list[SearchHit] | None:
        try:
            return await self._api.search(self._text, self._scope, before, self._page_size)
        except SwitchboardError as error:
            self.load_failed.emit(error)
            return None

    def _set_hits(self, hits: list[SearchHit], *, has_more: bool) -> None:
        self.beginResetModel()
        self._hits = hits
        self._has_more = has_more
        self.endResetModel()

    # Qt API --------------------------------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._has_more and not self._fetching and not self.searching

    def fetchMore(self, parent: Index) -> None:
        if self.canFetchMore(parent) and self._hits and loop_running():
            self._fetching = True
            spawn(self, self._next_page(self._generation), name="search-more")

    def hit(self, row: int) -> SearchHit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def roleNames(self) -> dict[int, Any]:
        return role_names({role.value: role.name.lower() for role in SearchRole})

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        hit = self.hit(index.row()) if index.isValid() else None
        if hit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return "".join(part.text for part in hit.snippet)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._spoken(hit)
        if role == SearchRole.HIT:
            return hit
        if role == SearchRole.SNIPPET_HTML:
            return snippet_html(hit.snippet)
        if role == SearchRole.HEADING:
            return self._heading(hit)
        if role == SearchRole.WHEN:
            return self._when(hit)
        return None

    def _when(self, hit: SearchHit) -> str:
        """ "14:03" today, "Yesterday 14:03", else the short date: rows stay one line wide."""
        time = wording.clock_time(hit.at)
        day = QDateTime.fromSecsSinceEpoch(hit.at).date()
        gap = day.daysTo(QDateTime.fromSecsSinceEpoch(self._now).date())
        if gap == 0:
            return time
        if gap == 1:
            return f"{wording.day_label(hit.at, self._now)} {time}"
        return QLocale().toString(day, QLocale.FormatType.ShortFormat)

    def _heading(self, hit: SearchHit) -> str:
        if hit.author is None:
            return hit.customer_name
        agent = self._api.agent_name(hit.author)
        return self.tr("%1 to %2").replace("%1", agent).replace("%2", hit.customer_name)

    def _spoken(self, hit: SearchHit) -> str:
        text = "".join(part.text for part in hit.snippet)
        spoken = self.tr("%1, %2: %3").replace("%1", self._heading(hit))
        return spoken.replace("%2", self._when(hit)).replace("%3", text)
