"""`PresenceService`: announces what this agent is doing and keeps what colleagues announce.

Every running desk announces at start and every `REANNOUNCE_EVERY` seconds, "stopped" too, so
colleagues know which devices are online (auto-assignment gives nothing to an offline agent).

Best effort by design: presence is a courtesy, never a lock, so a hub that is down or slow only
delays notes; nothing waits for them and nothing is retried. The state lives in a pure
`PresenceBoard`; this service adds the clock, the re-announcing, the expiry timer and the hub.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from app.aio import cancel_and_wait
from app.domain.errors import SwitchboardError
from app.domain.ids import ConversationId, DeviceId, short
from app.domain.model import HubState
from app.domain.presence import (
    REANNOUNCE_EVERY,
    TYPING_TTL,
    Activity,
    ConversationPresence,
    PresenceBoard,
)
from app.sync.presence import Ephemeral, PresenceCodec

log = logging.getLogger(__name__)

TYPING_EVERY = 2.0
"""Seconds between two "typing" notes while keystrokes keep coming (throttle)."""

LISTEN_SLACK = 0.5
"""Beyond one `REANNOUNCE_EVERY` of listening, the share of it a note may take on the way
before `ready_at` trusts that every running colleague has been heard."""
_HEARING = frozenset({HubState.ONLINE, HubState.CANNOT_STORE})

OnPresence = Callable[[frozenset[ConversationId]], None]
"""Told which conversations' presence changed; runs on the loop."""


class PresenceService:
    """One desk's side of presence."""

    def __init__(
        self,
        me: DeviceId,
        codec: PresenceCodec,
        channel: Ephemeral,
        clock: Callable[[], float],
        on_change: OnPresence,
    ) -> None:
        self._me = me
        self._codec = codec
        self._channel = channel
        self._clock = clock
        self._on_change = on_change
        self._board = PresenceBoard(me)
        self._viewing: ConversationId | None = None
        self._typing_until = 0.0
        self._last_typing_note = 0.0
        self._last_sent = 0.0
        self._stop_listening: Callable[[], Awaitable[None]] | None = None
        self._heartbeat: asyncio.Task[None] | None = None
        self._expiry: asyncio.TimerHandle | None = None
        self._sending: set[asyncio.Task[None]] = set()
        self._on_arrival: Callable[[], None] | None = None
        self._ready_at: float | None = None
        self._hearing = True

    def on_arrival(self, listener: Callable[[], None]) -> None:
        """Call `listener` when a colleague's device comes online (one listener)."""
        self._on_arrival = listener

    def online(self) -> frozenset[DeviceId]:
        """Colleagues' devices on the team heard lately; cheap, no I/O. This desk is not in it."""
        return frozenset(d for d in self._board.online(self._clock()) if self._codec.is_staff(d))

    def ready_at(self) -> float | None:
        """From when `online` can be trusted to name every running colleague: once this desk
        has listened for a full re-announcing period since it started or the hub came back
        (before, the board knows only who happened to speak). None before `start`."""
        return self._ready_at

    def hub_state(self, state: HubState) -> None:
        """The hub connection changed: after an outage, listen a full period again."""
        hearing = state in _HEARING
        if hearing and not self._hearing:
            self._ready_at = self._listened_from(self._clock())
        self._hearing = hearing

    async def start(self) -> None:
        """Listen to colleagues' notes and start re-announcing; a hub refusal is only logged."""
        try:
            self._stop_listening = await self._channel.listen(self._codec.subject, self._received)
        except SwitchboardError as error:
            log.warning("presence is off: cannot listen (%s)", error.code)
        self._ready_at = self._listened_from(self._clock())
        self._heartbeat = asyncio.create_task(
            self._reannounce(), name=f"presence-{short(self._me)}"
        )
        self._send_soon()  # colleagues learn at once that this desk is online

    async def close(self) -> None:
        """Say this desk is leaving (colleagues count it offline at once, not 30 s later:
        auto-assignment gives it nothing more), then stop listening and announcing."""
        await cancel_and_wait(self._heartbeat)
        if self._expiry is not None:
            self._expiry.cancel()
        self._viewing = None
        await self._announce(Activity.LEAVING)
        for task in list(self._sending):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._stop_listening is not None:
            await self._stop_listening()

    # -- what the UI calls ----------------------------------------------------------------

    def presence(self, conversation_id: ConversationId) -> ConversationPresence:
        """Colleagues in `conversation_id` now; cheap, no I/O. A device removed from the team
        meanwhile drops out at once, not when its last note runs out."""
        found = self._board.of(conversation_id, self._clock())
        staff = tuple(c for c in found.colleagues if self._codec.is_staff(c.device))
        return found if staff == found.colleagues else ConversationPresence(staff)

    def set_viewing(self, conversation_id: ConversationId | None) -> None:
        """The agent now looks at `conversation_id` (None: at nothing); announced at once."""
        if conversation_id == self._viewing:
            return
        self._viewing = conversation_id
        self._typing_until = 0.0
        self._send_soon()

    def typing(self, conversation_id: ConversationId) -> None:
        """A keystroke in the reply box of `conversation_id`; announced at most every 2 s."""
        if conversation_id != self._viewing:
            self.set_viewing(conversation_id)
        now = self._clock()
        self._typing_until = now + TYPING_TTL
        if now - self._last_typing_note >= TYPING_EVERY:
            self._last_typing_note = now
            self._send_soon()

    def done_typing(self) -> None:
        """The reply went out: say "viewing" at once rather than letting "typing" run out."""
        if self._typing_until > self._clock():
            self._typing_until = 0.0
            self._last_typing_note = 0.0
            self._send_soon()

    # -- sending --------------------------------------------------------------------------

    def _activity(self) -> Activity:
        if self._viewing is None:
            return Activity.STOPPED
        return Activity.TYPING if self._clock() < self._typing_until else Activity.VIEWING

    def _send_soon(self) -> None:
        task = asyncio.get_running_loop().create_task(self._announce())
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    async def _announce(self, activity: Activity | None = None) -> None:
        # Receivers drop a note not newer than the last (a replay); notes travel with
        # millisecond times, so two sent within one millisecond are set a millisecond apart.
        self._last_sent = max(self._clock(), self._last_sent + 0.001)
        if activity is None:
            activity = self._activity()
        note = self._codec.seal(self._viewing, activity, self._last_sent)
        if note is None:
            return
        try:
            await self._channel.broadcast(self._codec.subject, note)
        except SwitchboardError as error:
            log.debug("presence note not sent (%s)", error.code)

    async def _reannounce(self) -> None:
        while True:
            await asyncio.sleep(REANNOUNCE_EVERY)
            await self._announce()

    @staticmethod
    def _listened_from(now: float) -> float:
        # Read at call time: tests shorten the period.
        return now + REANNOUNCE_EVERY * (1 + LISTEN_SLACK)

    # -- receiving ------------------------------------------------------------------------

    def _received(self, data: bytes) -> None:
        try:
            note = self._codec.open(data)
        except SwitchboardError as error:
            log.info("presence note refused (%s)", getattr(error, "reason", error.code))
            return
        now = self._clock()
        arrived = note.author not in self._board.online(now)
        changed = self._board.receive(note, now)
        if arrived and note.author in self._board.online(now) and self._on_arrival is not None:
            self._on_arrival()
        self._changed(changed)

    def _expire(self) -> None:
        self._expiry = None
        self._changed(self._board.expire(self._clock()))

    def _changed(self, conversations: frozenset[ConversationId]) -> None:
        self._schedule_expiry()
        if conversations:
            self._on_change(conversations)

    def _schedule_expiry(self) -> None:
        if self._expiry is not None:
            self._expiry.cancel()
            self._expiry = None
        due = self._board.next_expiry()
        if due is not None:
            delay = max(0.0, due - self._clock()) + 0.01
            self._expiry = asyncio.get_running_loop().call_later(delay, self._expire)
