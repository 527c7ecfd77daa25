"""The business phone number as customers see it: name, badge, quality, limits (cloud-api.md §9).

`fetch_number_status` reads the phone-number node once; the caller polls it (at start, now and
then, and when a webhook says the name or quality changed) and publishes the `NumberStatus`.
Failures branch on the Graph error `code`, never on the HTTP status or the `message` text.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from typing import Any

import aiohttp

from app.domain.rules import business_badge
from app.gateway.graph import GraphConfig
from app.gateway.parse_fields import fit_utf8, u32_or_zero, valid_id
from app.log.events import NumberStatus
from app.log.kind import MAX_ID

log = logging.getLogger(__name__)

FIELDS = ",".join(
    (
        "display_phone_number",
        "verified_name",
        "name_status",
        "quality_rating",
        "is_official_business_account",
        "throughput",
        # `messaging_limit_tier` is deprecated (cloud-api.md §8).
        "whatsapp_business_manager_messaging_limit",
    )
)
"""The `fields` query of the phone-number node: what `NumberStatus` holds."""

TOKEN_CODE = 190
RATE_LIMIT_CODES = frozenset({4, 17, 80007})
"""Graph-call limits: app, user, WABA (cloud-api.md §11)."""
PERMISSION_CODES = frozenset({0, 3, 10, *range(200, 300)})
UNAVAILABLE_CODES = frozenset({1, 2, 131000, 131016, 131057})


class ProblemKind(enum.Enum):
    """Why the number's status could not be read. Values are stable codes."""

    TOKEN_INVALID = "token_invalid"
    """Code 190: the access token expired or was revoked; an admin must replace it."""
    RATE_LIMITED = "rate_limited"
    PERMISSION = "permission"
    """The token lacks a scope or the app a capability; an admin must fix it."""
    UNAVAILABLE = "unavailable"
    """Meta is down or busy, or the number is in maintenance."""
    REJECTED = "rejected"
    """Any other Graph error, e.g. 100 for a field this API version does not know."""
    NETWORK = "network"
    """No usable answer: connection refused, timeout, a body that is not JSON."""
    BAD_ANSWER = "bad_answer"
    """JSON without an error and without the number (no `display_phone_number`)."""


@dataclass(frozen=True, slots=True)
class GraphProblem:
    """A failed read of a Graph node, for logs and the admin's view."""

    kind: ProblemKind
    code: int = 0
    """Graph's error code; 0 when Graph gave none."""
    fbtrace_id: str = ""
    """Meta's trace id, for a support ticket; safe to log."""

    @property
    def retry_later(self) -> bool:
        """Whether asking again later, with back-off, may succeed without anyone's help."""
        return self.kind in (ProblemKind.RATE_LIMITED, ProblemKind.UNAVAILABLE, ProblemKind.NETWORK)


async def fetch_number_status(
    session: aiohttp.ClientSession, config: GraphConfig, now: int
) -> NumberStatus | GraphProblem:
    """`GET /{version}/{phone-number-id}?fields=…` and read the answer.

    Args:
        session: The gateway's HTTP session; its timeout bounds the call.
        config: Where Graph is, which number, and the token.
        now: Unix seconds to stamp the status with.

    Returns:
        The number's status, or why it could not be read. Never raises on Graph's answers or
        on network failures.
    """
    url = f"{config.base_url.rstrip('/')}/{config.version}/{config.phone_number_id}"
    headers = {"Authorization": f"Bearer {config.access_token}"}
    try:
        async with session.get(url, params={"fields": FIELDS}, headers=headers) as response:
            answer = await response.json(content_type=None)
    except (aiohttp.ClientError, TimeoutError, ValueError, RecursionError) as exc:
        log.warning("number status not read: %s", type(exc).__name__)
        return GraphProblem(ProblemKind.NETWORK)
    return read_number_answer(answer, now)


def read_number_answer(answer: object, now: int) -> NumberStatus | GraphProblem:
    """Interpret a phone-number node answer (cloud-api.md §9) or a Graph error (§7).

    Every `NumberStatus` returned fits the log's codec: texts are cut to its cap.
    """
    if not isinstance(answer, dict):
        return GraphProblem(ProblemKind.BAD_ANSWER)
    error = answer.get("error")
    if isinstance(error, dict):
        return graph_problem(error)
    display = answer.get("display_phone_number")
    if not isinstance(display, str) or not display:
        return GraphProblem(ProblemKind.BAD_ANSWER)
    return NumberStatus(
        display_phone_number=fit_utf8(display, MAX_ID),
        verified_name=_word(answer, "verified_name"),
        name_status=_word(answer, "name_status"),
        quality_rating=_word(answer, "quality_rating"),
        is_official_business_account=answer.get("is_official_business_account") is True,
        throughput_level=_throughput(answer.get("throughput")),
        messaging_limit=_word(answer, "whatsapp_business_manager_messaging_limit"),
        at=now,
    )


def badge(status: NumberStatus) -> tuple[str, bool]:
    """The name customers see and whether it has the blue check (`rules.business_badge`)."""
    return business_badge(status)


def graph_problem(error: dict[str, Any]) -> GraphProblem:
    """A Graph error body's `error` object, read by its code (also for the template list)."""
    raw = error.get("code")
    code = u32_or_zero(raw)
    trace = valid_id(error.get("fbtrace_id"))[:64]
    log.info("graph read: error code=%d fbtrace_id=%s", code, trace)
    # u32_or_zero maps an unreadable code to 0, which is also Graph's "auth" code: only a real
    # 0 may count as one.
    readable = isinstance(raw, int) and not isinstance(raw, bool) and raw == code
    return GraphProblem(_kind(code) if readable else ProblemKind.REJECTED, code, trace)


def _kind(code: int) -> ProblemKind:
    if code == TOKEN_CODE:
        return ProblemKind.TOKEN_INVALID
    if code in RATE_LIMIT_CODES:
        return ProblemKind.RATE_LIMITED
    if code in UNAVAILABLE_CODES:
        return ProblemKind.UNAVAILABLE
    if code in PERMISSION_CODES:
        return ProblemKind.PERMISSION
    return ProblemKind.REJECTED


def _word(answer: dict[str, Any], key: str) -> str:
    return fit_utf8(answer.get(key), MAX_ID)


def _throughput(value: object) -> str:
    # `{"level": "STANDARD"}` per pywa and BSPs; a bare string is taken too.
    if isinstance(value, dict):
        value = value.get("level")
    return fit_utf8(value, MAX_ID)
