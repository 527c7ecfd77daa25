"""`TeamAdmin.subscribe` callbacks as a Qt signal on the main thread (style.md P4)."""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, Signal

from app.services.team_api import TeamAdmin, TeamChange


class TeamBridge(QObject):
    """Delivers team notifications.

    Signals:
        team_changed(TeamChange): The roster or the number connection changed.
    """

    team_changed = Signal(object)

    def __init__(self, team: TeamAdmin, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # A weak reference: the services must not keep the bridge alive (see DeskBridge).
        self._unsubscribe = [team.subscribe(functools.partial(_emit, weakref.ref(self)))]
        self.destroyed.connect(functools.partial(_call_all, self._unsubscribe))

    def close(self) -> None:
        """Stop listening (also happens when the bridge is destroyed)."""
        _call_all(self._unsubscribe)


def _emit(ref: weakref.ref[TeamBridge], change: TeamChange) -> None:
    bridge = ref()
    if bridge is not None and shiboken6.isValid(bridge):
        bridge.team_changed.emit(change)


def _call_all(callbacks: list[Callable[[], None]], *_signal_args: object) -> None:
    while callbacks:
        callbacks.pop()()
