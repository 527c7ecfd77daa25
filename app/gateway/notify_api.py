"""The notification API on the gateway's HTTP server (docs/notifications.md).

    POST /v1/notifications              one template to one customer
    POST /v1/notifications/bulk         one template to many, answered at once with a job id
    GET  /v1/notifications/bulk/{id}    a bulk job's progress

Every call needs `Authorization: Bearer <token>`, a token an admin created for the system on
a desk (`TokenBook`). Errors are JSON, `{"error": {"code", "message"}}`, the message one
sentence a person can act on. Nothing of a request (number, parameters) is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from app.gateway.api_tokens import System, TokenBook
from app.gateway.notify_bulk import BulkJobs
from app.gateway.notify_request import ApiError, parse_bulk, parse_json, parse_single
from app.gateway.notify_send import NotificationSender
from app.gateway.webhook import MAX_WEBHOOK_BYTES

log = logging.getLogger(__name__)

PREFIX = "/v1/notifications"
MAX_BODY_BYTES = MAX_WEBHOOK_BYTES
"""The server's own limit: a bulk request of 10,000 recipients with a few parameters each
fits easily."""
_UNAUTHORIZED = ApiError(
    401,
    "unauthorized",
    "Send a valid token as 'Authorization: Bearer <token>'; an admin creates one on a desk "
    "under Back-office systems.",
)

Handler = Callable[[web.Request, System], Awaitable[web.Response]]


class NotificationApi:
    """The routes; `install` adds them to the gateway's aiohttp application."""

    def __init__(self, tokens: TokenBook, sender: NotificationSender, bulk: BulkJobs) -> None:
        self._tokens = tokens
        self._sender = sender
        self._bulk = bulk

    def install(self, app: web.Application) -> None:
        app.router.add_post(PREFIX, self._guarded(self._single))
        app.router.add_post(f"{PREFIX}/bulk", self._guarded(self._start_bulk))
        app.router.add_get(f"{PREFIX}/bulk/{{job_id}}", self._guarded(self._progress))

    def _guarded(self, handler: Handler) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def guarded(request: web.Request) -> web.Response:
            system = self._tokens.system(_bearer(request))
            if system is None:
                return _error(_UNAUTHORIZED, {"WWW-Authenticate": 'Bearer realm="switchboard"'})
            try:
                return await handler(request, system)
            except ApiError as exc:
                return _error(exc)

        return guarded

    async def _single(self, request: web.Request, system: System) -> web.Response:
        notification = parse_single(parse_json(await _body(request)))
        answer = await self._sender.send(system, notification)
        return web.json_response(answer.body, status=answer.status)

    async def _start_bulk(self, request: web.Request, system: System) -> web.Response:
        bulk = parse_bulk(parse_json(await _body(request)))
        status, body = await self._bulk.start(system, bulk)
        return web.json_response(body, status=status)

    async def _progress(self, request: web.Request, system: System) -> web.Response:
        progress = await self._bulk.progress(system, request.match_info["job_id"])
        return web.json_response(progress)


def _bearer(request: web.Request) -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


async def _body(request: web.Request) -> bytes:
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        raise ApiError(413, "too_large", "The body is larger than 3 MB; split the list.")
    try:
        return await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise ApiError(413, "too_large", "The body is larger than 3 MB; split the list.") from None


def _error(error: ApiError, headers: dict[str, str] | None = None) -> web.Response:
    body: dict[str, Any] = error.body()
    return web.json_response(body, status=error.status, headers=headers)
