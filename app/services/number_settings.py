"""Connecting the WhatsApp number from an admin's desk (team-setup.md §5).

`NumberSettings.connect_number` makes a fresh verify token, seals the Cloud API settings to the
gateway's `device_kem` (a type-3 `GatewaySettings`, published like a reply request) and waits a
little for the gateway's answer: applied, or rejected because Graph refused the token or ids.
The access token and app secret never reach the hub or this desk's replica in clear; the verify
token is kept here (locally, never in the log) because the admin pastes it into Meta's app
dashboard together with the webhook URL the gateway reports.

`number_connection` reads the gateway's last `GatewayStatus`, the number's `NumberStatus` and
what this desk sent, as the `team_api.NumberConnection` the number panel shows. The admin
service (`TeamAdmin`) delegates its two number calls here.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from app.crypto.chain import ChainState
from app.domain.audit import NotedSetting
from app.domain.errors import (
    GatewayMissing,
    NotPermitted,
    NumberSettingsRejected,
    SimulatorUnavailable,
)
from app.domain.ids import DeviceId, EventId, short
from app.domain.model import Role
from app.log.events import GatewaySettings, GatewayStatus, SettingsState, WebhookHandshake
from app.services.settings_note import note_setting
from app.services.team_api import CloudApiSettings, Handshake, NumberConnection, Simulator
from app.store.connection_rows import SettingsSent
from app.store.replica import Replica
from app.sync.publisher import Publisher

log = logging.getLogger(__name__)

META_GRAPH_URL = "https://graph.facebook.com"
ANSWER_WITHIN = 20.0
"""Seconds `connect_number` waits for the gateway to apply or reject the settings."""
_POLL_S = 0.2

_HANDSHAKES = {
    WebhookHandshake.WAITING: Handshake.WAITING,
    WebhookHandshake.SUCCEEDED: Handshake.SUCCEEDED,
    WebhookHandshake.FAILED: Handshake.FAILED,
}


@dataclass(frozen=True, slots=True)
class SimulatedAccount:
    """The Cloud API simulator's account, for `Simulator()`: where it runs and its secrets
    (the demo and tests start one; `app.simulator.SimulatorConfig` holds the same)."""

    graph_url: str
    phone_number_id: str
    business_account_id: str
    access_token: str = field(repr=False)
    app_secret: str = field(repr=False)


def new_verify_token(rng: Callable[[int], bytes] = os.urandom) -> str:
    """A verify token for Meta's webhook handshake: 24 random bytes, URL-safe text."""
    return base64.urlsafe_b64encode(rng(24)).decode("ascii").rstrip("=")


def gateway_device(chain: ChainState) -> DeviceId:
    """The team's active gateway. Raises GatewayMissing when none is on the chain."""
    for entry in chain.devices.values():
        if entry.role is Role.GATEWAY and entry.active:
            return entry.device_id
    raise GatewayMissing("no gateway is on the team yet: run `switchboard gateway join`")


class NumberSettings:
    """The number's settings and connection, for one admin's desk."""

    def __init__(
        self,
        me: DeviceId,
        publisher: Publisher,
        replica: Replica,
        chain: Callable[[], ChainState],
        clock: Callable[[], float],
        *,
        simulator: SimulatedAccount | None = None,
        graph_url: str = META_GRAPH_URL,
        rng: Callable[[int], bytes] = os.urandom,
        answer_within: float = ANSWER_WITHIN,
    ) -> None:
        """
        Args:
            me: This desk's device id.
            publisher: The desk's publisher (the only path to the team log).
            replica: The desk's replica (the gateway's reports, what this desk sent).
            chain: The desk's current validated chain (`ChainWriter.chain`).
            clock: Unix seconds.
            simulator: The simulator's account, when one runs with this desk (the demo).
            graph_url: Meta's Graph API; tests point it elsewhere.
            rng: Random bytes for the verify token and the event id.
            answer_within: Seconds to wait for the gateway's answer.
        """
        self._me = me
        self._publisher = publisher
        self._replica = replica
        self._chain = chain
        self._clock = clock
        self._simulator = simulator
        self._graph_url = graph_url
        self._rng = rng
        self._answer_within = answer_within

    async def connect_number(self, settings: CloudApiSettings | Simulator) -> None:
        """Send the settings to the gateway, sealed to it, and wait briefly for its answer.

        Returns when the gateway applied them, or when it did not answer in time (it applies
        them once it runs; `number_connection` shows where it stands).

        Raises:
            NotPermitted: This device is not an active admin.
            GatewayMissing: No gateway device is on the team yet.
            NumberSettingsRejected: A field is empty, no simulator runs here, or Graph refused
                the token or the ids (the gateway keeps its previous settings).
            HubUnreachable, TransportError: The hub did not take the request.
        """
        chain = self._chain()
        if not chain.is_admin(self._me):
            raise NotPermitted("only an admin connects the number")
        gateway_device(chain)
        request = self._request(settings)
        event_id = EventId(self._rng(16))
        await note_setting(self._publisher, NotedSetting.NUMBER)  # the audit trail
        await self._publisher.outbound_request(request, event_id)
        sent = SettingsSent(
            event_id=event_id,
            verify_token=request.verify_token,
            webhook_url=request.webhook_url,
            simulated=request.simulated,
            sent_at=int(self._clock()),
        )
        await self._replica.save_settings_sent(sent)
        log.info("number settings %s sent to the gateway", short(event_id))
        status = await self._answer(event_id)
        if status is not None and status.settings is SettingsState.REJECTED:
            raise NumberSettingsRejected(_rejection(status))

    async def number_connection(self) -> NumberConnection | None:
        """The gateway's last report with what this desk sent; None before either."""
        status = await self._replica.gateway_status()
        sent = await self._replica.settings_sent()
        if status is None and sent is None:
            return None
        number = await self._replica.number_status()
        ignored, ignored_at = await self._replica.foreign_webhooks()
        verify_token = sent.verify_token if sent is not None else ""
        if status is None:
            assert sent is not None
            return NumberConnection(
                simulated=sent.simulated,
                webhook_url=sent.webhook_url,
                verify_token=verify_token,
                handshake=Handshake.WAITING,
                last_webhook_at=None,
                number=number,
                ignored_webhooks=ignored,
                ignored_last_at=ignored_at,
            )
        return NumberConnection(
            simulated=status.simulated,
            webhook_url=status.webhook_url,
            verify_token=verify_token,
            handshake=_HANDSHAKES[status.handshake],
            last_webhook_at=status.last_webhook_at or None,
            number=number,
            ignored_webhooks=ignored,
            ignored_last_at=ignored_at,
        )

    async def last_report(self) -> GatewayStatus | None:
        """The gateway's last report as it came (settings applied or why rejected)."""
        return await self._replica.gateway_status()

    def _request(self, settings: CloudApiSettings | Simulator) -> GatewaySettings:
        verify_token = new_verify_token(self._rng)
        if isinstance(settings, Simulator):
            account = self._simulator
            if account is None:
                raise SimulatorUnavailable("no Cloud API simulator runs with this desk")
            return GatewaySettings(
                phone_number_id=account.phone_number_id,
                business_account_id=account.business_account_id,
                access_token=account.access_token,
                app_secret=account.app_secret,
                verify_token=verify_token,
                graph_url=account.graph_url,
                webhook_url="",
                simulated=True,
            )
        fields = {
            "phone number id": settings.phone_number_id,
            "WhatsApp Business Account id": settings.business_account_id,
            "access token": settings.access_token,
            "app secret": settings.app_secret,
        }
        empty = [name for name, value in fields.items() if not value.strip()]
        if empty:
            raise NumberSettingsRejected(f"fill in the {', '.join(empty)}")
        return GatewaySettings(
            phone_number_id=settings.phone_number_id.strip(),
            business_account_id=settings.business_account_id.strip(),
            access_token=settings.access_token.strip(),
            app_secret=settings.app_secret.strip(),
            verify_token=verify_token,
            graph_url=self._graph_url,
            webhook_url="",
            simulated=False,
        )

    async def _answer(self, event_id: EventId) -> GatewayStatus | None:
        """The gateway's report on `event_id`, or None if none came in time."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._answer_within
        while True:
            status = await self._replica.gateway_status()
            if status is not None and status.settings_id == event_id:
                return status
            if loop.time() >= deadline:
                log.info("the gateway has not answered yet; it applies the settings when it runs")
                return None
            await asyncio.sleep(_POLL_S)  # reports arrive through sync; a poll is cheap


def _rejection(status: GatewayStatus) -> str:
    if status.problem == "token_invalid":
        return "Meta refused the access token (expired or revoked)"
    if status.problem == "permission":
        return "the access token lacks a permission the number needs"
    code = f", code {status.error_code}" if status.error_code else ""
    return f"Meta refused the settings ({status.problem or 'rejected'}{code})"
