"""Graph API routes: Bearer auth, ``/messages``, node dispatch and Graph errors.

Paths take any ``vNN.N`` version prefix. Every non-control request passes the middleware,
which checks the token first (as Graph does) and renders ``GraphError`` as §7 bodies. The
media routes live in ``graph_media``, the phone-number and block-list routes in
``graph_phone``; ``setup`` registers them all, the catch-all last.
"""

from __future__ import annotations

import hmac
import logging
import re
from collections.abc import Awaitable, Callable

from aiohttp import web

from app.simulator import errors, graph_media, graph_phone, graph_templates
from app.simulator.graph_backend import BACKEND, GraphBackend, json_body, require_phone_node
from app.simulator.phone import format_phone

log = logging.getLogger(__name__)

CONTROL_PREFIX = "/_sim/"
VERSION = r"{version:v\d+\.\d+}"
_VERSIONED = re.compile(r"^/v\d+\.\d+/([^/]+)")

__all__ = ["BACKEND", "GraphBackend", "error_response", "format_phone", "graph_middleware", "setup"]


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def setup(app: web.Application, backend: GraphBackend) -> None:
    """Register the Graph routes, including the catch-all; add them after other routes.

    The app must have been created with ``middlewares=[graph_middleware]``.
    """
    app[BACKEND] = backend
    app.router.add_post(f"/{VERSION}/{{node}}/messages", _post_messages)
    graph_media.setup(app, VERSION)
    graph_phone.setup(app, VERSION)
    graph_templates.setup(app, VERSION)
    app.router.add_get(f"/{VERSION}/{{node}}", _get_node)
    app.router.add_delete(f"/{VERSION}/{{node}}", _delete_node)
    app.router.add_route("*", "/{tail:.*}", _fallback)


def error_response(error: errors.GraphError) -> web.Response:
    """The HTTP response Graph gives for an error."""
    response = web.json_response(error.body(), status=error.http_status)
    if error.http_status == 401:
        response.headers["WWW-Authenticate"] = (
            'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token"'
        )
    return response


@web.middleware
async def graph_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Authenticate Graph requests and turn failures into Graph error bodies."""
    if request.path.startswith(CONTROL_PREFIX):
        return await handler(request)
    try:
        backend = request.app[BACKEND]
        _authenticate(request, backend.config.access_token)
        if backend.token_expired():
            raise errors.expired_token()
        return await handler(request)
    except errors.GraphError as exc:
        return error_response(exc)
    except web.HTTPException:
        raise
    except Exception:
        log.exception("simulator bug while handling %s %s", request.method, request.path)
        return error_response(errors.unknown_error())


def _authenticate(request: web.Request, token: str) -> None:
    """Accept ``Authorization: Bearer`` (or Graph's ``access_token`` query parameter)."""
    header = request.headers.get("Authorization", "")
    given = header[len("Bearer ") :] if header.startswith("Bearer ") else None
    given = given or request.query.get("access_token")
    if not given:
        raise errors.invalid_token("An access token is required to request this resource.")
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise errors.invalid_token("Invalid OAuth access token - Cannot parse access token")


async def _post_messages(request: web.Request) -> web.StreamResponse:
    backend = require_phone_node(request, "POST")
    return web.json_response(backend.send(await json_body(request)))


async def _get_node(request: web.Request) -> web.StreamResponse:
    backend = request.app[BACKEND]
    if request.match_info["node"] == backend.config.phone_number_id:
        return await graph_phone.get_phone_node(request)
    return await graph_media.get_media(request)


async def _delete_node(request: web.Request) -> web.StreamResponse:
    return await graph_media.delete_media(request)


async def _fallback(request: web.Request) -> web.StreamResponse:
    """Graph-shaped answer for any other path: an unknown node (400) or no Graph path (404)."""
    match = _VERSIONED.match(request.path)
    if match:
        raise errors.unsupported_request(request.method, match.group(1))
    raise errors.unknown_path()
