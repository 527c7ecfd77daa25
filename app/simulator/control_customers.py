"""``/_sim/customers/{user_id}/…``: what a customer does, driven over HTTP.

``messages`` takes the §4 shapes (see ``inbound_json``), ``edits`` and ``deletions``
change one the customer sent (``message_id``, §16); ``read``, ``block``,
``promotions``, ``number`` and ``user_id`` mirror the Python API; ``behaviour`` reads and
patches the customer's overrides of the global switches.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from app.simulator import inbound_json
from app.simulator.control_common import TARGET, customer_json, error, json_object, optional_str
from app.simulator.errors import UnknownCustomerError

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def setup(app: web.Application) -> None:
    """Register the customer action routes."""
    base = "/_sim/customers/{user_id}"
    app.router.add_get(base, _guard(_show))
    app.router.add_post(f"{base}/messages", _guard(_sends))
    app.router.add_post(f"{base}/edits", _guard(_edits))
    app.router.add_post(f"{base}/deletions", _guard(_deletes))
    app.router.add_post(f"{base}/read", _guard(_reads))
    app.router.add_post(f"{base}/block", _guard(_blocks))
    app.router.add_post(f"{base}/promotions", _guard(_promotions))
    app.router.add_post(f"{base}/number", _guard(_changes_number))
    app.router.add_post(f"{base}/user_id", _guard(_changes_user_id))
    app.router.add_get(f"{base}/behaviour", _guard(_behaviour))
    app.router.add_patch(f"{base}/behaviour", _guard(_configure))


def _guard(handler: Handler) -> Handler:
    """Unknown customers → 404, rejected values → 400."""

    async def guarded(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except UnknownCustomerError:
            return error(404, "no such customer")
        except ValueError as exc:
            return error(400, str(exc))

    return guarded


def _user(request: web.Request) -> str:
    return request.match_info["user_id"]


async def _show(request: web.Request) -> web.StreamResponse:
    target = request.app[TARGET]
    customer = target.customer(_user(request))
    body = customer_json(customer)
    body["blocked_by_business"] = target.is_blocked_by_business(customer.user_id)
    return web.json_response(body)


async def _sends(request: web.Request) -> web.StreamResponse:
    body = await json_object(request)
    message = inbound_json.from_json(body)
    forwarded = body.get("forwarded")
    if forwarded not in (None, "forwarded", "frequently_forwarded"):
        raise ValueError("forwarded must be forwarded or frequently_forwarded")
    product = body.get("referred_product")
    if product is not None:
        if not isinstance(product, dict):
            raise ValueError("referred_product must be an object")
        product = (str(product.get("catalog_id")), str(product.get("product_retailer_id")))
    wamid = await request.app[TARGET].customer_sends(
        _user(request),
        message,
        reply_to=optional_str(body, "reply_to"),
        forwarded=forwarded,
        referral=inbound_json.referral(body.get("referral")),
        referred_product=product,
    )
    return web.json_response({"id": wamid}, status=201)


async def _edits(request: web.Request) -> web.StreamResponse:
    body = await json_object(request)
    original, text = body.get("message_id"), body.get("text")
    if not isinstance(original, str) or not isinstance(text, str):
        raise ValueError("message_id and text must be strings")
    wamid = request.app[TARGET].customer_edits(_user(request), original, text)
    return web.json_response({"id": wamid}, status=201)


async def _deletes(request: web.Request) -> web.StreamResponse:
    original = (await json_object(request)).get("message_id")
    if not isinstance(original, str):
        raise ValueError("message_id must be a string")
    wamid = request.app[TARGET].customer_deletes(_user(request), original)
    return web.json_response({"id": wamid}, status=201)


async def _reads(request: web.Request) -> web.StreamResponse:
    return web.json_response({"read": request.app[TARGET].customer_reads(_user(request))})


async def _blocks(request: web.Request) -> web.StreamResponse:
    blocked = (await json_object(request)).get("blocked", True)
    if not isinstance(blocked, bool):
        raise ValueError("blocked must be a boolean")
    request.app[TARGET].customer_blocks_business(_user(request), blocked)
    return web.json_response({"blocked": blocked})


async def _promotions(request: web.Request) -> web.StreamResponse:
    value = (await json_object(request)).get("value")
    target = request.app[TARGET]
    if value == "stop":
        target.customer_stops_promotions(_user(request))
    elif value == "resume":
        target.customer_resumes_promotions(_user(request))
    else:
        raise ValueError('value must be "stop" or "resume"')
    return web.json_response({"value": value})


async def _changes_number(request: web.Request) -> web.StreamResponse:
    wa_id = optional_str(await json_object(request), "wa_id")
    customer = request.app[TARGET].customer_changes_number(_user(request), wa_id)
    return web.json_response(customer_json(customer))


async def _changes_user_id(request: web.Request) -> web.StreamResponse:
    user_id = optional_str(await json_object(request), "user_id")
    customer = request.app[TARGET].customer_changes_user_id(_user(request), user_id)
    return web.json_response(customer_json(customer))


def _behaviour_json(request: web.Request, user_id: str) -> dict[str, Any]:
    target = request.app[TARGET]
    return {
        "overrides": target.customer_overrides(user_id),
        "effective": target.behaviour_for(user_id).as_json(),
    }


async def _behaviour(request: web.Request) -> web.StreamResponse:
    user_id = request.app[TARGET].customer(_user(request)).user_id
    return web.json_response(_behaviour_json(request, user_id))


async def _configure(request: web.Request) -> web.StreamResponse:
    changes = await json_object(request)
    user_id = request.app[TARGET].customer(_user(request)).user_id
    try:
        request.app[TARGET].configure_customer(user_id, **changes)
    except TypeError as exc:
        raise ValueError(str(exc)) from None
    return web.json_response(_behaviour_json(request, user_id))
