"""The ``/_sim/`` control surface: script customers and flip switches over HTTP.

Kept apart from the Graph paths and outside Graph auth: it stands for the customers' phones
and the test harness, not for Meta. JSON in and out; errors are ``{"error": {"message"}}``.
Customer actions live in ``control_customers``, switches, number and templates in
``control_account``.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from aiohttp import web

from app.simulator import control_account, control_customers, control_notices, control_phone
from app.simulator.control_common import TARGET, customer_json, error, json_object, optional_str
from app.simulator.customers import CustomerScript
from app.simulator.errors import SimulatorError, UnknownCustomerError
from app.simulator.state import ReceivedMessage

if TYPE_CHECKING:
    from app.simulator.simulator import Simulator

log = logging.getLogger(__name__)


def setup(app: web.Application, target: Simulator) -> None:
    """Register the ``/_sim/`` routes (before the Graph catch-all)."""
    app[TARGET] = target
    app.router.add_get("/_sim/customers", _list_customers)
    app.router.add_post("/_sim/customers", _add_customer)
    control_customers.setup(app)
    control_account.setup(app)
    control_phone.setup(app)
    control_notices.setup(app)
    app.router.add_get("/_sim/customers/{user_id}/received", _received)
    app.router.add_get("/_sim/tokens", _tokens)
    app.router.add_get("/_sim/stats", _stats)
    app.router.add_post("/_sim/callback", _set_callback)
    app.router.add_post("/_sim/scripts", _start_script)
    app.router.add_route("*", "/_sim/{tail:.*}", _not_found)


def _received_json(messages: Sequence[ReceivedMessage]) -> list[dict[str, Any]]:
    return [m.as_json() for m in messages]


async def _list_customers(request: web.Request) -> web.StreamResponse:
    customers = request.app[TARGET].customers()
    return web.json_response({"data": [customer_json(c) for c in customers]})


async def _add_customer(request: web.Request) -> web.StreamResponse:
    body = await json_object(request)
    name = body.get("profile_name")
    if not isinstance(name, str) or not name:
        return error(400, "profile_name is required")
    try:
        customer = request.app[TARGET].add_customer(
            name,
            wa_id=optional_str(body, "wa_id"),
            username=optional_str(body, "username"),
            user_id=optional_str(body, "user_id"),
            country=optional_str(body, "country") or "DE",
        )
    except ValueError as exc:
        return error(400, str(exc))
    return web.json_response(customer_json(customer), status=201)


async def _received(request: web.Request) -> web.StreamResponse:
    try:
        messages = request.app[TARGET].received(request.match_info["user_id"])
    except UnknownCustomerError:
        return error(404, "no such customer")
    return web.json_response({"data": _received_json(messages)})


async def _tokens(request: web.Request) -> web.StreamResponse:
    return web.json_response({"tokens": list(request.app[TARGET].canary_tokens)})


async def _stats(request: web.Request) -> web.StreamResponse:
    return web.json_response(dataclasses.asdict(request.app[TARGET].stats))


async def _set_callback(request: web.Request) -> web.StreamResponse:
    body = await json_object(request)
    url, token = body.get("url"), body.get("verify_token")
    if not isinstance(url, str) or not isinstance(token, str):
        return error(400, "url and verify_token are required strings")
    try:
        await request.app[TARGET].set_callback(url, token)
    except SimulatorError as exc:
        return error(502, str(exc))
    return web.json_response({"success": True})


async def _start_script(request: web.Request) -> web.StreamResponse:
    body = await json_object(request)
    try:
        script = CustomerScript(
            customers=int(body["customers"]),
            messages_per_customer=int(body["messages_per_customer"]),
            rate_per_second=float(body["rate_per_second"]),
            seed=None if body.get("seed") is None else int(body["seed"]),
            username_ratio=float(body.get("username_ratio", 0.0)),
            type_mix=tuple((str(k), float(w)) for k, w in dict(body.get("type_mix", {})).items()),
        )
    except (KeyError, TypeError, ValueError) as exc:
        return error(400, f"invalid script: {exc}")
    request.app[TARGET].start_script(script)
    return web.json_response({"started": True}, status=202)


async def _not_found(request: web.Request) -> web.StreamResponse:
    return error(404, "unknown control path")
