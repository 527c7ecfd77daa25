"""Graph API routes: Bearer auth, ``/messages``, the phone-number node and Graph errors.

Paths take any ``vNN.N`` version prefix. Every non-control request passes the middleware,
which checks the token first (as Graph does) and renders ``GraphError`` as §7 bodies.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from app.simulator import errors
from app.simulator.config import SimulatorConfig
from app.simulator.ids import DIAL_CODES

log = logging.getLogger(__name__)

CONTROL_PREFIX = "/_sim/"
VERSION = r"{version:v\d+\.\d+}"
_VERSIONED = re.compile(r"^/v\d+\.\d+/([^/]+)")
DEFAULT_FIELDS = ("display_phone_number", "verified_name", "quality_rating")


@dataclass(frozen=True)
class GraphBackend:
    """What the Graph routes need from the simulator."""

    config: SimulatorConfig
    send: Callable[[Any], dict[str, Any]]
    """Handles a ``/messages`` body; raises ``GraphError``."""


BACKEND = web.AppKey("graph_backend", GraphBackend)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def setup(app: web.Application, backend: GraphBackend) -> None:
    """Register the Graph routes, including the catch-all; add them after other routes.

    The app must have been created with ``middlewares=[graph_middleware]``.
    """
    app[BACKEND] = backend
    app.router.add_post(f"/{VERSION}/{{node}}/messages", _post_messages)
    app.router.add_get(f"/{VERSION}/{{node}}", _get_node)
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
        _authenticate(request, request.app[BACKEND].config.access_token)
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
    backend = request.app[BACKEND]
    node = request.match_info["node"]
    if node != backend.config.phone_number_id:
        raise errors.unsupported_request("POST", node)
    try:
        body = json.loads(await request.read())
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise errors.invalid_parameter("The request body is not valid JSON.") from None
    return web.json_response(backend.send(body))


async def _get_node(request: web.Request) -> web.StreamResponse:
    config = request.app[BACKEND].config
    node = request.match_info["node"]
    if node != config.phone_number_id:
        raise errors.unsupported_request("GET", node)
    raw = request.query.get("fields", "")
    wanted = [f.strip() for f in raw.split(",") if f.strip()] or list(DEFAULT_FIELDS)
    available = phone_number_fields(config)
    result: dict[str, Any] = {}
    for name in wanted:
        if name not in available:
            title = (
                f"Tried accessing nonexisting field ({name}) on node type "
                "(WhatsAppBusinessPhoneNumber)"
            )
            raise errors.GraphError(errors.INVALID_PARAMETER, errors.numbered(100, title))
        result[name] = available[name]
    result["id"] = config.phone_number_id
    return web.json_response(result)


async def _fallback(request: web.Request) -> web.StreamResponse:
    """Graph-shaped answer for any other path: an unknown node (400) or no Graph path (404)."""
    match = _VERSIONED.match(request.path)
    if match:
        raise errors.unsupported_request(request.method, match.group(1))
    raise errors.unknown_path()


def phone_number_fields(config: SimulatorConfig) -> dict[str, Any]:
    """Every field of the phone-number node (§9) the simulator serves."""
    return {
        "display_phone_number": format_phone(config.display_phone_number),
        "verified_name": config.verified_name,
        "quality_rating": config.quality_rating,
        "name_status": config.name_status,
        "code_verification_status": config.code_verification_status,
        "is_official_business_account": config.is_official_business_account,
        "throughput": {"level": config.throughput_level},
        "platform_type": config.platform_type,
        "status": config.status,
        "account_mode": config.account_mode,
        "whatsapp_business_manager_messaging_limit": config.messaging_limit,
    }


def format_phone(digits: str) -> str:
    """Format bare digits roughly as Graph does (``4930555000`` → ``+49 30 555000``).

    Real numbering plans vary; this splits off a known country code and a two-digit area
    code, which is right for the documented example and readable for the rest.
    """
    codes = sorted(DIAL_CODES.values(), key=len, reverse=True)
    cc = next((c for c in codes if digits.startswith(c)), digits[:2])
    rest = digits[len(cc) :]
    return f"+{cc} {rest[:2]} {rest[2:]}".rstrip()
