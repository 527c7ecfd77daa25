"""An admin's new template, created at Meta (`POST /{waba-id}/message_templates`, §17).

The request comes sealed to this gateway from an active admin (`OpenedTemplateRequest`). The
gateway posts it to Graph once and answers on the team log with an `AdminNotice` of topic
`TEMPLATE_CREATION`: `SUBMITTED` with Meta's template id, or `REFUSED` with Meta's own title,
message and (sub)code. A request handled before is never posted again: every start replays the
outbound subject, and Meta would refuse a second creation as a duplicate. Meta's review comes
later as a status webhook, which the template watch turns into a notice and a new catalogue.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

import aiohttp

from app.domain.admin_notice import (
    CREATION_NO_ACCOUNT,
    CREATION_REFUSED,
    CREATION_SUBMITTED,
    CREATION_UNREACHABLE,
    AdminNotice,
    NoticeTopic,
)
from app.domain.ids import short
from app.domain.template_draft import TemplateDraft, variable_count
from app.domain.template_parts import variables_in
from app.gateway.graph import GraphConfig
from app.gateway.parse_fields import fit_utf8
from app.gateway.sealing import OpenedTemplateRequest
from app.gateway.state import GatewayState
from app.log.kinds.admin_notice import MAX_PROSE, MAX_WORD

log = logging.getLogger(__name__)

UNREACHABLE = CREATION_UNREACHABLE
NO_ACCOUNT = CREATION_NO_ACCOUNT
_SEEN_PREFIX = "template_request:"

GraphAccess = Callable[[], tuple[aiohttp.ClientSession, GraphConfig, str] | None]
"""The session, Graph settings and business account id to create with; None before settings."""


def graph_body(draft: TemplateDraft) -> dict[str, Any]:
    """The creation request in Meta's shape: positional variables with their examples, an
    optional text header and footer, and the buttons (quick replies first: Meta refuses them
    mixed between link and call buttons)."""
    body: dict[str, Any] = {"type": "BODY", "text": draft.body}
    count = variable_count(draft.body)
    if count:
        body["example"] = {"body_text": [list(draft.examples[:count])]}
    components: list[dict[str, Any]] = [body]
    if draft.header:
        components.insert(0, _header(draft))
    if draft.footer:
        components.append({"type": "FOOTER", "text": draft.footer})
    buttons = _buttons(draft)
    if buttons:
        components.append({"type": "BUTTONS", "buttons": buttons})
    return {
        "name": draft.name,
        "language": draft.language,
        "category": draft.category,
        "parameter_format": "POSITIONAL",
        "components": components,
    }


def _header(draft: TemplateDraft) -> dict[str, Any]:
    header: dict[str, Any] = {"type": "HEADER", "format": "TEXT", "text": draft.header}
    if variables_in(draft.header):
        header["example"] = {"header_text": [draft.header_example]}
    return header


def _buttons(draft: TemplateDraft) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = [{"type": "QUICK_REPLY", "text": t} for t in draft.quick_replies]
    for link in draft.links:
        button: dict[str, Any] = {"type": "URL", "text": link.text, "url": link.url}
        if link.has_variable:
            button["example"] = [link.example]
        found.append(button)
    if draft.call is not None:
        found.append(
            {"type": "PHONE_NUMBER", "text": draft.call.text, "phone_number": draft.call.phone}
        )
    return found


def read_answer(draft: TemplateDraft, answer: object, request_hex: str) -> AdminNotice:
    """Meta's answer to a creation as the notice desks read."""
    base = AdminNotice(
        NoticeTopic.TEMPLATE_CREATION,
        CREATION_REFUSED,
        subject=draft.name,
        language=draft.language,
        previous=request_hex,
    )
    if not isinstance(answer, dict):
        return replace(base, reason=UNREACHABLE)
    error = answer.get("error")
    if isinstance(error, dict):
        code = error.get("error_subcode") or error.get("code")
        return replace(
            base,
            reason=fit_utf8(
                str(error.get("error_user_title") or error.get("message", "")), MAX_WORD
            ),
            detail=fit_utf8(str(error.get("error_user_msg") or _details(error)), MAX_PROSE),
            code=code if isinstance(code, int) and 0 <= code < 2**32 else 0,
        )
    template_id = answer.get("id")
    if not isinstance(template_id, str | int):
        return replace(base, reason=UNREACHABLE)
    return replace(
        base,
        event=CREATION_SUBMITTED,
        current=fit_utf8(str(template_id), MAX_WORD),
    )


def _details(error: dict[str, Any]) -> str:
    data = error.get("error_data")
    return str(data.get("details", "")) if isinstance(data, dict) else ""


class TemplateCreator:
    """Creates admins' templates at Meta, once each, and reports how it went."""

    def __init__(
        self,
        state: GatewayState,
        graph: GraphAccess,
        publish: Callable[[AdminNotice], Awaitable[None]],
        on_created: Callable[[], None],
    ) -> None:
        """
        Args:
            state: The gateway's state: which requests were handled.
            graph: Where to create (None until the number is connected).
            publish: Puts the answer on the team log (retrying while the hub is away).
            on_created: Asks the template watch to read the list again.
        """
        self._state = state
        self._graph = graph
        self._publish = publish
        self._on_created = on_created
        self.created = 0
        self.refused = 0

    async def on_request(self, opened: OpenedTemplateRequest) -> None:
        """Create the template unless this request was handled before."""
        key = _SEEN_PREFIX + opened.event_id.hex()
        if await self._state.meta(key) is not None:
            return
        notice = await self._create(opened)
        await self._publish(notice)
        await self._state.save_meta(key, notice.event.encode("ascii"))
        if notice.event == CREATION_SUBMITTED:
            self.created += 1
            self._on_created()
        else:
            self.refused += 1
        # The template's name is the business's own word, not a customer's: fine to log.
        log.info("template request %s: %s", short(opened.event_id), notice.event)

    async def _create(self, opened: OpenedTemplateRequest) -> AdminNotice:
        draft, request_hex = opened.draft, opened.event_id.hex()
        access = self._graph()
        if access is None or not access[2]:
            refused = read_answer(draft, None, request_hex)
            return replace(refused, reason=NO_ACCOUNT)
        session, config, account = access
        url = f"{config.base_url.rstrip('/')}/{config.version}/{account}/message_templates"
        headers = {"Authorization": f"Bearer {config.access_token}"}
        try:
            async with session.post(url, json=graph_body(draft), headers=headers) as response:
                answer = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError, RecursionError) as exc:
            log.warning("template not created: %s", type(exc).__name__)
            answer = None
        return read_answer(draft, answer, request_hex)
