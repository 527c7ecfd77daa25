"""Graph routes of the phone-number node (§9), the WABA's number list, ``block_users`` and
``smb_app_data`` (coexistence, §15.1)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from app.simulator import errors
from app.simulator.graph_backend import BACKEND, GraphBackend, json_body, require_phone_node
from app.simulator.phone import DEFAULT_FIELDS


def setup(app: web.Application, version: str) -> None:
    """Register ``/{waba-id}/phone_numbers`` and ``/{phone-id}/block_users``."""
    app.router.add_get(f"/{version}/{{node}}/phone_numbers", _list_numbers)
    app.router.add_get(f"/{version}/{{node}}/block_users", _blocked)
    app.router.add_post(f"/{version}/{{node}}/block_users", _block)
    app.router.add_delete(f"/{version}/{{node}}/block_users", _unblock)
    app.router.add_post(f"/{version}/{{node}}/smb_app_data", _app_data)


def _fields(backend: GraphBackend, raw: str) -> dict[str, Any]:
    """The requested fields of our number, plus ``id`` (Graph always adds it)."""
    if backend.phone is None:  # pragma: no cover - the Simulator always wires one
        raise errors.unknown_error()
    wanted = [f.strip() for f in raw.split(",") if f.strip()] or list(DEFAULT_FIELDS)
    available = backend.phone.graph_fields()
    result: dict[str, Any] = {}
    for name in wanted:
        if name == "id":
            continue
        if name not in available:
            title = (
                f"Tried accessing nonexisting field ({name}) on node type "
                "(WhatsAppBusinessPhoneNumber)"
            )
            raise errors.GraphError(errors.INVALID_PARAMETER, errors.numbered(100, title))
        result[name] = available[name]
    result["id"] = backend.config.phone_number_id
    return result


async def get_phone_node(request: web.Request) -> web.StreamResponse:
    """``GET /{phone-id}?fields=…``."""
    backend = request.app[BACKEND]
    return web.json_response(_fields(backend, request.query.get("fields", "")))


async def _list_numbers(request: web.Request) -> web.StreamResponse:
    """``GET /{waba-id}/phone_numbers``: one page holding our single number."""
    backend = request.app[BACKEND]
    node = request.match_info["node"]
    if node != backend.config.waba_id:
        raise errors.unsupported_request("GET", node)
    number = _fields(backend, request.query.get("fields", ""))
    cursor = "QVFIUm" + backend.config.phone_number_id[-6:]
    return web.json_response(
        {"data": [number], "paging": {"cursors": {"before": cursor, "after": cursor}}}
    )


async def _blocked(request: web.Request) -> web.StreamResponse:
    backend = require_phone_node(request, "GET")
    blocklist = _blocklist(backend)
    return web.json_response(
        blocklist.listing(request.query.get("limit"), request.query.get("after"))
    )


async def _block(request: web.Request) -> web.StreamResponse:
    backend = require_phone_node(request, "POST")
    return web.json_response(_blocklist(backend).change(await json_body(request), block=True))


async def _unblock(request: web.Request) -> web.StreamResponse:
    backend = require_phone_node(request, "DELETE")
    return web.json_response(_blocklist(backend).change(await json_body(request), block=False))


async def _app_data(request: web.Request) -> web.StreamResponse:
    """``POST /{phone-id}/smb_app_data``: ask the business app for its phone book or history."""
    backend = require_phone_node(request, "POST")
    if backend.app_data is None:  # pragma: no cover - the Simulator always wires one
        raise errors.unknown_error()
    return web.json_response(backend.app_data(await json_body(request)))


def _blocklist(backend: GraphBackend) -> Any:
    if backend.blocklist is None:  # pragma: no cover - the Simulator always wires one
        raise errors.unknown_error()
    return backend.blocklist
