"""Helpers shared by the ``/_sim/`` control routes: the target key, JSON in and errors out."""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING, Any

from aiohttp import web

from app.simulator.state import Customer

if TYPE_CHECKING:
    from app.simulator.simulator import Simulator

TARGET: web.AppKey[Simulator] = web.AppKey("control_target")


def error(status: int, message: str) -> web.Response:
    """A control error: ``{"error": {"message": …}}``."""
    return web.json_response({"error": {"message": message}}, status=status)


def bad_request(message: str) -> web.HTTPBadRequest:
    """A 400 to raise from deep inside a handler."""
    body = json.dumps({"error": {"message": message}})
    return web.HTTPBadRequest(text=body, content_type="application/json")


async def json_object(request: web.Request) -> dict[str, Any]:
    """The request body, which must be a JSON object (an empty body counts as ``{}``)."""
    raw = await request.read()
    if not raw:
        return {}
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise bad_request("body is not JSON") from None
    if not isinstance(body, dict):
        raise bad_request("body must be a JSON object")
    return body


def optional_str(body: dict[str, Any], key: str) -> str | None:
    """``body[key]`` if it is a string, None if absent; 400 otherwise."""
    value = body.get(key)
    if value is not None and not isinstance(value, str):
        raise bad_request(f"{key} must be a string")
    return value


def customer_json(customer: Customer) -> dict[str, Any]:
    """A customer as the control surface shows it."""
    return dataclasses.asdict(customer)
