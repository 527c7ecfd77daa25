"""What the gateway tells the desks about its webhook connection (`GatewayStatus` events).

The admin who connects the number wants to see, on the desk, that the settings were taken,
that Meta's webhook handshake succeeded and when Meta last called. Changes of the first two are
reported at once; the last webhook's time at most once per `interval` (a busy number must not
double the log), except the first one after start or new settings, which the admin waits for.
A report that cannot reach the hub is retried; only the newest state is ever sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from app.domain.ids import ID_LEN, EventId
from app.gateway.trouble import Trouble
from app.log.events import GatewayStatus, SettingsState, WebhookHandshake

log = logging.getLogger(__name__)

REPORT_INTERVAL_S = 60.0
NO_SETTINGS_ID = EventId(bytes(ID_LEN))

Report = Callable[[GatewayStatus], Awaitable[None]]
"""Seals and publishes one status (retrying while the hub is away)."""


@dataclass(frozen=True, slots=True)
class Connection:
    """The connection as the gateway sees it now."""

    webhook_url: str = ""
    simulated: bool = False
    handshake: WebhookHandshake = WebhookHandshake.WAITING
    handshake_at: int = 0
    last_webhook_at: int = 0
    settings: SettingsState = SettingsState.NONE
    settings_id: EventId = NO_SETTINGS_ID
    problem: str = ""
    error_code: int = 0

    def status(self, now: int) -> GatewayStatus:
        return GatewayStatus(
            webhook_url=self.webhook_url,
            handshake=self.handshake,
            handshake_at=self.handshake_at,
            last_webhook_at=self.last_webhook_at,
            settings=self.settings,
            settings_id=self.settings_id,
            problem=self.problem,
            error_code=self.error_code,
            simulated=self.simulated,
            at=now,
        )


class ConnectionReporter:
    """Keeps the `Connection` and reports it; `run` is the gateway's reporting task."""

    def __init__(
        self,
        report: Report,
        clock: Callable[[], float],
        webhook_url: str = "",
        interval: float = REPORT_INTERVAL_S,
    ) -> None:
        self._report = report
        self._clock = clock
        self._interval = interval
        self.state = Connection(webhook_url=webhook_url)
        self._wake = asyncio.Event()
        self._urgent = False
        self._last_sent: float | None = None
        self._trouble = Trouble(log, "reporting the connection's status")

    # -- what happened ----------------------------------------------------------------------------

    def resumed(self, connection: Connection) -> None:
        """The state the gateway stopped with (nothing is reported for it)."""
        self.state = connection

    def applied(
        self, settings_id: EventId, *, webhook_url: str, simulated: bool, new_token: bool
    ) -> None:
        """New settings are in use; with a new verify token Meta must verify again."""
        handshake = {}
        if new_token:
            handshake = {"handshake": WebhookHandshake.WAITING, "handshake_at": 0}
        self._change(
            urgent=True,
            webhook_url=webhook_url,
            simulated=simulated,
            settings=SettingsState.APPLIED,
            settings_id=settings_id,
            problem="",
            error_code=0,
            last_webhook_at=0 if new_token else self.state.last_webhook_at,
            **handshake,
        )

    def rejected(self, settings_id: EventId, problem: str, error_code: int) -> None:
        """Graph refused new settings; the previous ones (if any) stay in use."""
        self._change(
            urgent=True,
            settings=SettingsState.REJECTED,
            settings_id=settings_id,
            problem=problem,
            error_code=error_code,
        )

    def handshake(self, succeeded: bool) -> None:
        """Meta's GET verification: a success is reported at once; a failure only while none
        succeeded (anyone can send a wrong token; only once per settings)."""
        now = int(self._clock())
        if succeeded:
            if self.state.handshake is not WebhookHandshake.SUCCEEDED:
                self._change(urgent=True, handshake=WebhookHandshake.SUCCEEDED, handshake_at=now)
        elif self.state.handshake is WebhookHandshake.WAITING:
            self._change(urgent=True, handshake=WebhookHandshake.FAILED, handshake_at=now)

    def webhook(self) -> None:
        """A signed webhook arrived: the first one is reported at once, later ones batched."""
        now = int(self._clock())
        if now == self.state.last_webhook_at:
            self._wake.set()  # the state holds it already: no copy at thousands a second
            return
        first = self.state.last_webhook_at == 0
        self._change(urgent=first, last_webhook_at=now)

    # -- reporting --------------------------------------------------------------------------------

    async def run(self) -> None:
        """Report changes until cancelled."""
        while True:
            await self._wake.wait()
            self._wake.clear()
            if not self._urgent and self._last_sent is not None:
                wait = self._last_sent + self._interval - self._clock()
                if wait > 0:
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(wait):  # an urgent change cuts it short
                            await self._until_urgent()
            self._urgent = False
            status = self.state.status(int(self._clock()))
            try:
                await self._report(status)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the gateway keeps running; the next change reports
                self._trouble.failed(exc)
                continue
            self._trouble.worked()
            self._last_sent = self._clock()
            log.info(
                "connection reported: settings %s, handshake %s",
                status.settings.name.lower(),
                status.handshake.name.lower(),
            )

    async def _until_urgent(self) -> None:
        while not self._urgent:
            await self._wake.wait()
            self._wake.clear()

    def _change(self, *, urgent: bool, **changes: object) -> None:
        self.state = replace(self.state, **changes)  # type: ignore[arg-type]
        self._urgent = self._urgent or urgent
        self._wake.set()
