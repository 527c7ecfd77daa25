"""The ``/_sim/`` control surface: script customers over HTTP when running standalone.

Kept apart from the Graph paths and outside Graph auth: it stands for the customers' phones
and the test harness, not for Meta. JSON in and out; errors are ``{"error": {"message"}}``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
from collections.abc import Sequence
from typing import Any, Protocol

from aiohttp import web

from app.simulator.customers import CustomerScript, ScriptResult
from app.simulator.errors import SimulatorError, UnknownCustomerError
from app.simulator.state import Customer, ReceivedMessage, SimulatorStats

log = logging.getLogger(__name__)


class ControlTarget(Protocol):
    """The simulator operations the control surface exposes."""

    def add_customer(
        self,
        profile_name: str,
        *,
        wa_id: str | None = None,
        username: str | None = None,
        user_id: str | None = None,
        country: str = "DE",
    ) -> Customer:
        """Register a customer."""
        ...

    def customers(self) -> tuple[Customer, ...]:
        """All customers."""
        ...

    async def customer_sends_text(
        self, user_id: str, text: str, *, reply_to: str | None = None
    ) -> str:
        """Have a customer write."""
        ...

    def received(self, user_id: str) -> list[ReceivedMessage]:
        """What a customer got from the business."""
        ...

    @property
    def canary_tokens(self) -> tuple[str, ...]:
        """Tokens used in scripted messages."""
        ...

    @property
    def stats(self) -> SimulatorStats:
        """Counters."""
        ...

    async def set_callback(self, url: str, verify_token: str) -> None:
        """Verify and register the webhook callback."""
        ...

    def start_script(self, script: CustomerScript) -> asyncio.Task[ScriptResult]:
        """Start scripted customers in the background."""
        ...


TARGET = web.AppKey("control_target", ControlTarget)


def setup(app: web.Application, target: ControlTarget) -> None:
    """Register the ``/_sim/`` routes (before the Graph catch-all)."""
    app[TARGET] = target
    app.router.add_get("/_sim/customers", _list_customers)
    app.router.add_post("/_sim/customers", _add_customer)
    app.router.add_post("/_sim/customers/{user_id}/messages", _customer_sends)
    app.router.add_get("/_sim/customers/{user_id}/received", _received)
    app.router.add_get("/_sim/tokens", _tokens)
    app.router.add_get("/_sim/stats", _stats)
    app.router.add_post("/_sim/callback", _set_callback)
    app.router.add_post("/_sim/scripts", _start_script)
    app.router.add_route("*", "/_sim/{tail:.*}", _not_found)


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": {"message": message}}, status=status)


def _bad_request(message: str) -> web.HTTPBadRequest:
    body = json.dumps({"error": {"message": message}})
    return web.HTTPBadRequest(text=body, content_type="application/json")


async def _json_object(request: web.Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.read())
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _bad_request("body is not JSON") from None
    if not isinstance(body, dict):
        raise _bad_request("body must be a JSON object")
    return body


def _optional_str(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is not None and not isinstance(value, str):
        raise _bad_request(f"{key} must be a string")
    return value


def _customer_json(customer: Customer) -> dict[str, Any]:
    return dataclasses.asdict(customer)


def _received_json(messages: Sequence[ReceivedMessage]) -> list[dict[str, Any]]:
    return [m.as_json() for m in messages]


async def _list_customers(request: web.Request) -> web.StreamResponse:
    customers = request.app[TARGET].customers()
    return web.json_response({"data": [_customer_json(c) for c in customers]})


async def _add_customer(request: web.Request) -> web.StreamResponse:
    body = await _json_object(request)
    name = body.get("profile_name")
    if not isinstance(name, str) or not name:
        return _error(400, "profile_name is required")
    try:
        customer = request.app[TARGET].add_customer(
            name,
            wa_id=_optional_str(body, "wa_id"),
            username=_optional_str(body, "username"),
            user_id=_optional_str(body, "user_id"),
            country=_optional_str(body, "country") or "DE",
        )
    except ValueError as exc:
        return _error(400, str(exc))
    return web.json_response(_customer_json(customer), status=201)


async def _customer_sends(request: web.Request) -> web.StreamResponse:
    body = await _json_object(request)
    text = body.get("text")
    if body.get("type", "text") != "text" or not isinstance(text, dict):
        return _error(400, 'expected {"type": "text", "text": {"body": ...}}')
    if not isinstance(text.get("body"), str) or not text["body"]:
        return _error(400, "text.body must be a non-empty string")
    try:
        wamid = await request.app[TARGET].customer_sends_text(
            request.match_info["user_id"], text["body"], reply_to=_optional_str(body, "reply_to")
        )
    except UnknownCustomerError:
        return _error(404, "no such customer")
    return web.json_response({"id": wamid}, status=201)


async def _received(request: web.Request) -> web.StreamResponse:
    try:
        messages = request.app[TARGET].received(request.match_info["user_id"])
    except UnknownCustomerError:
        return _error(404, "no such customer")
    return web.json_response({"data": _received_json(messages)})


async def _tokens(request: web.Request) -> web.StreamResponse:
    return web.json_response({"tokens": list(request.app[TARGET].canary_tokens)})


async def _stats(request: web.Request) -> web.StreamResponse:
    return web.json_response(dataclasses.asdict(request.app[TARGET].stats))


async def _set_callback(request: web.Request) -> web.StreamResponse:
    body = await _json_object(request)
    url, token = body.get("url"), body.get("verify_token")
    if not isinstance(url, str) or not isinstance(token, str):
        return _error(400, "url and verify_token are required strings")
    try:
        await request.app[TARGET].set_callback(url, token)
    except SimulatorError as exc:
        return _error(502, str(exc))
    return web.json_response({"success": True})


async def _start_script(request: web.Request) -> web.StreamResponse:
    body = await _json_object(request)
    try:
        script = CustomerScript(
            customers=int(body["customers"]),
            messages_per_customer=int(body["messages_per_customer"]),
            rate_per_second=float(body["rate_per_second"]),
            seed=None if body.get("seed") is None else int(body["seed"]),
            username_ratio=float(body.get("username_ratio", 0.0)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        return _error(400, f"invalid script: {exc}")
    request.app[TARGET].start_script(script)
    return web.json_response({"started": True}, status=202)


async def _not_found(request: web.Request) -> web.StreamResponse:
    return _error(404, "unknown control path")
