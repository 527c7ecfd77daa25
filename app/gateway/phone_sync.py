"""An admin's request for the phone's contacts and chat history (`POST /{phone-id}/smb_app_data`,
coexistence, cloud-api.md §15.1).

The request comes sealed to this gateway from an active admin (`OpenedSyncRequest`). The
gateway asks Meta for the phone book first, then for the history (in that order, as BSPs
advise), once per request, and answers on the team log with a `HistorySync`: requested (Meta
accepted: chunks follow as `history` webhooks), already done (Meta allows each sync once per
number), or refused with Meta's words (too late, say). A request handled before is never sent
again: every start replays the outbound subject. What Meta says later (the chunks, or the
owner's decline) comes by webhook (`parse_history`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from app.domain.history import NO_NUMBER, UNREACHABLE, HistoryStage
from app.domain.ids import short
from app.gateway.graph import GraphConfig
from app.gateway.parse_fields import fit_utf8, u32_or_zero
from app.gateway.sealing import OpenedSyncRequest
from app.log.events import HistorySync, PhoneSyncRequest
from app.log.kinds.history_sync import MAX_REASON

log = logging.getLogger(__name__)

_SEEN_PREFIX = "phone_sync:"
_ALREADY = "already"
"""Meta's code for a repeated sync is not known (cloud-api.md §15.1 says its message says it was
already done): the one place the gateway reads Meta's words, and only to tell this case."""

GraphAccess = Callable[[], tuple[aiohttp.ClientSession, GraphConfig] | None]
"""The session and Graph settings to ask with; None before the number is connected."""


def read_answer(answer: object, at: int) -> HistorySync:
    """Meta's answer to the history request as the desks read it."""
    if not isinstance(answer, dict):
        return HistorySync(HistoryStage.REFUSED, UNREACHABLE, 0, at)
    error = answer.get("error")
    if isinstance(error, dict):
        data = error.get("error_data")
        details = data.get("details") if isinstance(data, dict) else None
        # Meta's most specific words: what it tells users, its details, its message.
        message = str(error.get("error_user_msg") or details or error.get("message") or "")
        stage = HistoryStage.ALREADY_DONE if _ALREADY in message else HistoryStage.REFUSED
        return HistorySync(stage, fit_utf8(message, MAX_REASON), u32_or_zero(error.get("code")), at)
    if isinstance(answer.get("request_id"), str):
        return HistorySync(HistoryStage.REQUESTED, "", 0, at)
    return HistorySync(HistoryStage.REFUSED, UNREACHABLE, 0, at)


class PhoneSync:
    """Asks Meta for the phone's data once per admin's request, and reports how it went."""

    def __init__(
        self,
        graph: GraphAccess,
        seen: Callable[[str], Awaitable[bytes | None]],
        remember: Callable[[str, bytes], Awaitable[None]],
        publish: Callable[[HistorySync], Awaitable[None]],
        clock: Callable[[], float],
    ) -> None:
        """
        Args:
            graph: Where to ask (None until the number is connected).
            seen, remember: The gateway state's meta values: which requests were handled.
            publish: Puts the answer on the team log (retrying while the hub is away).
        """
        self._graph = graph
        self._seen = seen
        self._remember = remember
        self._publish = publish
        self._clock = clock
        self.handled = 0

    async def on_request(self, opened: OpenedSyncRequest) -> None:
        """Ask Meta unless this request was handled before."""
        key = _SEEN_PREFIX + opened.event_id.hex()
        if await self._seen(key) is not None:
            return
        outcome = await self._ask(opened.request)
        await self._publish(outcome)
        await self._remember(key, bytes([outcome.stage]))
        self.handled += 1
        log.info("phone sync request %s: %s", short(opened.event_id), outcome.stage.name)

    async def _ask(self, request: PhoneSyncRequest) -> HistorySync:
        at = int(self._clock())
        access = self._graph()
        if access is None:
            return HistorySync(HistoryStage.REFUSED, NO_NUMBER, 0, at)
        if request.contacts:
            contacts = await self._post(access, "smb_app_state_sync")
            # The phone book may have been asked for before; the history is what is told.
            log.info("phone book sync: %s", read_answer(contacts, at).stage.name)
        if not request.history:
            return HistorySync(HistoryStage.REQUESTED, "", 0, at)
        return read_answer(await self._post(access, "history"), at)

    async def _post(self, access: tuple[aiohttp.ClientSession, GraphConfig], sync: str) -> Any:
        session, config = access
        url = f"{config.base_url.rstrip('/')}/{config.version}/{config.phone_number_id}"
        headers = {"Authorization": f"Bearer {config.access_token}"}
        body = {"messaging_product": "whatsapp", "sync_type": sync}
        try:
            async with session.post(f"{url}/smb_app_data", json=body, headers=headers) as answer:
                return await answer.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError, RecursionError) as exc:
            log.warning("smb_app_data %s not asked: %s", sync, type(exc).__name__)
            return None
