"""The conversation pane's collision guard: colleagues learn what this agent views and types,
the header shows who else is there, and a reply never goes out blind.

- Viewing follows the open conversation while the desk's window has the focus.
- Keystrokes in the reply box report typing, at most every two seconds.
- When the agent starts a reply, the newest message (not their own) is what they have seen.
  The pane sends that position with the reply; if a customer's or colleague's message came in
  since, the services refuse (`NewMessagesArrived`) and this guard shows the new message,
  highlighted, and asks the agent to review it and press Send again. The rule itself lives in
  `app.domain.presence.send_is_blind`; here is only what the agent sees.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QWindow
from PySide6.QtWidgets import QAbstractItemView, QWidget

from app.domain.errors import NewMessagesArrived
from app.domain.ids import ConversationId
from app.services.api import Changes, DeskApi
from app.ui.models.conversation_model import ConversationModel
from app.ui.widgets.composer import Composer
from app.ui.widgets.conversation_header import InlineNotice
from app.ui.widgets.conversation_view import ConversationView
from app.ui.widgets.presence_view import PresenceLine, split_names

TYPING_EVERY = 2.0
"""Seconds between two typing reports while keys keep coming."""
REVIEW_MS = 60_000
"""How long the "review it, then press Send again" notice stays unless dismissed."""
_EDIT_KEYS = frozenset({Qt.Key.Key_Backspace, Qt.Key.Key_Delete})


class CollisionGuard(QObject):
    """Watches the composer and the open conversation for one pane."""

    def __init__(
        self,
        api: DeskApi,
        view: ConversationView,
        composer: Composer,
        line: PresenceLine,
        clock: Callable[[], float] = time.monotonic,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._api = api
        self._view = view
        self._composer = composer
        self._line = line
        self._clock = clock
        self._owner = parent
        self.notice = InlineNotice(parent)
        """Above the composer: a reply was held back because something new came in."""
        self._current: ConversationId | None = None
        self._model: ConversationModel | None = None
        self._active = True
        self._seen: int | None = None
        self._mark_when_loaded = False
        self._reveal_after: int | None = None
        self._was_empty = True
        self._last_typing = -math.inf
        composer.edit.installEventFilter(self)
        composer.edit.textChanged.connect(self._text_changed)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.connect(self._focus_window_changed)

    # -- what the pane tells the guard --------------------------------------------------------

    def opened(self, conversation_id: ConversationId, model: ConversationModel) -> None:
        """A conversation is now open (with a restored draft, perhaps)."""
        self._current = conversation_id
        self._model = model
        self._reveal_after = None
        self.notice.hide()
        self._was_empty = not self._composer.text().strip()
        self._seen = None
        # A restored draft was begun before: what the agent sees on arrival is what they saw.
        self._mark_when_loaded = not self._was_empty
        model.loading_changed.connect(self._loading_changed)
        self._announce()
        self._show_presence()

    def apply_changes(self, changes: Changes) -> None:
        if self._current is not None and self._current in changes.presence:
            self._show_presence()

    def seen_position(self) -> int | None:
        """What the reply about to be sent had in view; None: no check (nothing loaded)."""
        return self._seen

    def sent(self) -> None:
        """A reply went out: the review notice has done its job."""
        self.notice.hide()

    def refused(self, error: NewMessagesArrived) -> None:
        """The services held a reply back: show what came in and ask to review it."""
        before = self._seen if self._seen is not None else 0
        self._seen = error.newest_position
        self.notice.show_text(
            self.tr("New message arrived — review it, then press Send again"), REVIEW_MS
        )
        if not self._reveal(before):
            self._reveal_after = before  # not loaded yet: show it once the model has it
            if self._model is not None:
                self._model.schedule_refresh()

    def set_window_active(self, active: bool) -> None:
        """The desk's window gained or lost the focus: viewing follows it."""
        if active != self._active:
            self._active = active
            self._announce()

    # -- events -------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            self._key_pressed(event)
        return False

    def _key_pressed(self, event: QKeyEvent) -> None:
        if event.text().strip() or event.key() in _EDIT_KEYS:
            self._keystroke()

    def _keystroke(self) -> None:
        now = self._clock()
        if self._current is not None and now - self._last_typing >= TYPING_EVERY:
            self._last_typing = now
            self._api.typing(self._current)

    def _text_changed(self) -> None:
        empty = not self._composer.text().strip()
        if self._was_empty and not empty:
            # Never below a mark already made: a reply given back after a refusal keeps the
            # newest position the refusal named, even before the model has that message.
            marks = [m for m in (self._seen, self._newest_foreign()) if m is not None]
            self._seen = max(marks, default=None)
        self._was_empty = empty

    def _loading_changed(self, busy: bool) -> None:
        if busy or self.sender() is not self._model:
            return
        if self._mark_when_loaded:
            self._mark_when_loaded = False
            self._seen = self._newest_foreign()
        if self._reveal_after is not None and self._reveal(self._reveal_after):
            self._reveal_after = None

    def _focus_window_changed(self, window: QWindow | None) -> None:
        owner = self._owner.window().windowHandle() if self._owner is not None else None
        while window is not None and window is not owner:
            window = window.transientParent()
        self.set_window_active(window is not None)

    # -- helpers ------------------------------------------------------------------------------

    def _announce(self) -> None:
        self._api.set_viewing(self._current if self._active else None)

    def _show_presence(self) -> None:
        if self._current is None:
            self._line.show_presence([], [])
            return
        presence = self._api.presence(self._current)
        self._line.show_presence(*split_names(presence, self._api.agent_name))

    def _newest_foreign(self) -> int | None:
        model = self._model
        if model is None:
            return None
        for message in reversed(model.rows()):
            if message.author != self._api.me:
                return message.position
        return None

    def _reveal(self, after: int) -> bool:
        """Select and scroll to the first message newer than `after` not written here."""
        model = self._model
        if model is None:
            return False
        for row, message in enumerate(model.rows()):
            if message.position > after and message.author != self._api.me:
                index = model.index(row)
                self._view.setCurrentIndex(index)
                self._view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
                return True
        return False
