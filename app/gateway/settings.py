"""The number's settings, from an admin's desk to the gateway (team-setup.md §5).

An admin sends the Cloud API settings as a type-3 envelope sealed to this gateway's
`device_kem`; `GatewayLog.open_outbound` has checked that an active admin signed it. Here the
gateway decides whether to use them:

- a request handled before (applied or refused) is never handled again, so replaying the
  outbound subject, as every start does, changes nothing;
- settings older (by the admin's signed clock) than those in use are ignored: a hub that
  delivers two unseen requests out of order cannot bring old settings back;
- Graph is asked for the number with the new token: an answer that needs a person (an invalid
  token, a missing permission, an unknown number id) rejects them and the previous settings
  stay; an answer that may change by itself (Meta unreachable, rate limits) does not;
- kept settings go into the local state (mode 0600) and reconfigure the gateway; the desks get
  a `GatewayStatus` either way. The token and app secret are never logged.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from app.domain.ids import NO_CONVERSATION, EventId, short
from app.gateway.connection import ConnectionReporter
from app.gateway.graph import GraphConfig
from app.gateway.number import GraphProblem
from app.gateway.sealing import OpenedSettings
from app.gateway.state import GatewayState, StoredSettings
from app.log.events import GatewaySettings, NumberStatus
from app.sync import codec

log = logging.getLogger(__name__)

CheckNumber = Callable[[GraphConfig], Awaitable[NumberStatus | GraphProblem]]
"""Reads the number from Graph with the given settings (`number.fetch_number_status`)."""
Apply = Callable[[GatewaySettings], str]
"""Reconfigures the running gateway (Graph client, webhook secret and token); returns the
webhook URL to report."""


def graph_config(settings: GatewaySettings) -> GraphConfig:
    """How to reach Graph with these settings; the simulator also serves the media files."""
    if settings.simulated:
        return GraphConfig(
            base_url=settings.graph_url,
            phone_number_id=settings.phone_number_id,
            access_token=settings.access_token,
            media_origins=(settings.graph_url,),
        )
    return GraphConfig(
        base_url=settings.graph_url,
        phone_number_id=settings.phone_number_id,
        access_token=settings.access_token,
    )


def decode_stored(stored: StoredSettings) -> GatewaySettings:
    """The settings kept in the state (the admin's request's plaintext)."""
    event = codec.decode(stored.plaintext).event
    if not isinstance(event, GatewaySettings):
        raise ValueError("the stored settings are not settings")
    return event


class SettingsKeeper:
    """Takes, checks, keeps and applies number settings; one request at a time."""

    def __init__(
        self,
        state: GatewayState,
        check: CheckNumber,
        apply: Apply,
        reporter: ConnectionReporter,
        stats: dict[str, int],
    ) -> None:
        self._state = state
        self._check = check
        self._apply = apply
        self._reporter = reporter
        self._stats = stats
        self.current: GatewaySettings | None = None

    async def resume(self) -> GatewaySettings | None:
        """Apply the settings kept from an earlier run, if any."""
        stored = await self._state.settings()
        if stored is None:
            log.warning("no number settings yet: an admin connects the number from a desk")
            return None
        try:
            settings = decode_stored(stored)
        except ValueError:
            log.error("the stored number settings are unreadable; waiting for new ones")
            return None
        self.current = settings
        self._apply(settings)
        log.info("number settings of %s in use", short(EventId(stored.event_id)))
        return settings

    async def on_settings(self, opened: OpenedSettings) -> None:
        """An admin's verified settings request from the outbound subject."""
        event_id = opened.event_id
        if await self._state.settings_seen(event_id):
            return  # handled in an earlier run: the replay of `.out` at every start
        current = await self._state.settings()
        if current is not None and opened.issued_at < current.issued_at:
            log.warning("number settings %s ignored: older than those in use", short(event_id))
            await self._state.refuse_settings(event_id)
            return
        settings = opened.settings
        answer = await self._check(graph_config(settings))
        if isinstance(answer, GraphProblem) and not answer.retry_later:
            self._stats["settings_rejected"] = self._stats.get("settings_rejected", 0) + 1
            log.warning(
                "number settings %s rejected: Graph answered %s (code %d)",
                short(event_id),
                answer.kind.value,
                answer.code,
            )
            await self._state.refuse_settings(event_id)
            self._reporter.rejected(event_id, answer.kind.value, answer.code)
            return
        if isinstance(answer, GraphProblem):
            log.warning(
                "number settings %s not checked (%s); using them",
                short(event_id),
                answer.kind.value,
            )
        plaintext = codec.encode(settings, NO_CONVERSATION, opened.issued_at)
        await self._state.keep_settings(StoredSettings(event_id, opened.issued_at, plaintext))
        previous, self.current = self.current, settings
        webhook_url = self._apply(settings)
        self._stats["settings_applied"] = self._stats.get("settings_applied", 0) + 1
        log.info("number settings %s applied", short(event_id))
        new_token = previous is None or previous.verify_token != settings.verify_token
        self._reporter.applied(
            event_id,
            webhook_url=webhook_url,
            simulated=settings.simulated,
            new_token=new_token,
        )
