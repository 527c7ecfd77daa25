"""The number's templates for admins: the whole list, and creating one (cloud-api.md §17).

`TemplateRequests.create_template` checks a draft as Meta would, seals it to the gateway (a
type-3 `TemplateDraft`, published like the number's settings) and waits a little for the
gateway's answer, an admin notice of topic `TEMPLATE_CREATION` naming the request: submitted
(then PENDING until Meta's review, which arrives as a template status notice and a new
catalogue), or refused in Meta's words. Agents' pickers keep offering approved templates
only (`templates.usable_templates`); admins see every template with its status and quality.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable

from app.crypto.chain import ChainState
from app.domain.admin_notice import CREATION_SUBMITTED, AdminNotice, NoticeTopic
from app.domain.audit import NotedSetting
from app.domain.errors import NotPermitted, TemplateDraftInvalid, TemplateRefused
from app.domain.ids import DeviceId, EventId, short
from app.domain.template_draft import TemplateDraft, problems
from app.services.number_settings import gateway_device
from app.services.settings_note import note_setting
from app.services.team_api import Submission, TemplateSubmission
from app.store.replica import Replica
from app.sync.publisher import Publisher

log = logging.getLogger(__name__)

ANSWER_WITHIN = 20.0
"""Seconds `create_template` waits for the gateway's answer."""
_POLL_S = 0.2
_NOTICES_LOOKED_AT = 50
"""Newest notices searched for the answer: it comes within seconds, among few others."""


class TemplateRequests:
    """Creating templates from one admin's desk."""

    def __init__(
        self,
        me: DeviceId,
        publisher: Publisher,
        replica: Replica,
        chain: Callable[[], ChainState],
        *,
        rng: Callable[[int], bytes] = os.urandom,
        answer_within: float = ANSWER_WITHIN,
    ) -> None:
        self._me = me
        self._publisher = publisher
        self._replica = replica
        self._chain = chain
        self._rng = rng
        self._answer_within = answer_within

    def _require_admin(self) -> ChainState:
        chain = self._chain()
        if not chain.is_admin(self._me):
            raise NotPermitted("only an admin manages the number's templates")
        return chain

    async def create_template(self, draft: TemplateDraft) -> TemplateSubmission:
        """Check the draft, send it to the gateway sealed, and wait briefly for Meta's answer.

        Raises:
            NotPermitted: This device is not an active admin.
            TemplateDraftInvalid: The draft breaks a rule Meta checks; nothing was sent.
            GatewayMissing: No gateway device is on the team yet.
            TemplateRefused: Meta (or the gateway, without a connected number) refused it.
            HubUnreachable, TransportError: The hub did not take the request.
        """
        gateway_device(self._require_admin())
        broken = problems(draft)
        if broken:
            raise TemplateDraftInvalid(broken)
        event_id = EventId(self._rng(16))
        await note_setting(self._publisher, NotedSetting.TEMPLATE)  # the audit trail
        await self._publisher.outbound_request(draft, event_id)
        log.info("template request %s sent to the gateway", short(event_id))
        answer = await self._answer(event_id)
        if answer is None:
            return TemplateSubmission(Submission.WAITING)
        if answer.event != CREATION_SUBMITTED:
            raise TemplateRefused(answer.reason, answer.detail)
        return TemplateSubmission(Submission.SUBMITTED, answer.current)

    async def _answer(self, event_id: EventId) -> AdminNotice | None:
        """The gateway's notice on `event_id`, or None if none came in time."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._answer_within
        wanted = event_id.hex()
        while True:
            for listed in await self._replica.admin_notices(_NOTICES_LOOKED_AT):
                notice = listed.notice
                if notice.topic is NoticeTopic.TEMPLATE_CREATION and notice.previous == wanted:
                    return notice
            if loop.time() >= deadline:
                return None
            await asyncio.sleep(_POLL_S)  # answers arrive through sync; a poll is cheap
