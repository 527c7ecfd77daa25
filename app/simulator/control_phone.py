"""``/_sim/phone/…``: the business's own phone (coexistence), driven over HTTP.

``POST /_sim/phone/messages`` takes ``{"to": "<user_id>", "type": …}`` with the §4 shapes of
``inbound_json`` (text, media, location, contacts) or a §6 ``interactive`` / ``template``
object; ``POST /_sim/phone/contacts`` takes ``{"action": "add", "phone_number": "…",
"full_name": "…"}`` or ``{"action": "remove", "phone_number": "…"}``; ``POST
/_sim/phone/history`` takes ``{"chats": 300, "messages": 5000, "days": 180}`` (invent the
phone's past chats) and/or ``{"shares": false}`` (the owner declined to share them).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from app.simulator import inbound_json
from app.simulator.business_phone import ECHOED, PhoneMessage, SentObject
from app.simulator.control_common import TARGET, error, json_object, optional_str
from app.simulator.errors import UnknownCustomerError


def setup(app: web.Application) -> None:
    """Register the business phone's routes."""
    app.router.add_post("/_sim/phone/messages", _sends)
    app.router.add_post("/_sim/phone/contacts", _contacts)
    app.router.add_post("/_sim/phone/history", _history)


def _message(body: dict[str, Any]) -> PhoneMessage:
    kind = body.get("type", "text")
    if kind in ("interactive", "template"):
        obj = body.get(kind)
        if not isinstance(obj, dict):
            raise ValueError(f"{kind} must be an object")
        return SentObject(kind, obj)
    message = inbound_json.from_json(body)
    if not isinstance(message, ECHOED):
        raise ValueError(
            "the business phone sends text, media, location, contacts, "
            "interactive and template messages"
        )
    return message


async def _sends(request: web.Request) -> web.StreamResponse:
    try:
        body = await json_object(request)
        to = optional_str(body, "to")
        if to is None:
            raise ValueError("to must name a customer's user_id")
        wamid = request.app[TARGET].phone_sends(to, _message(body))
    except UnknownCustomerError:
        return error(404, "no such customer")
    except ValueError as exc:
        return error(400, str(exc))
    return web.json_response({"id": wamid}, status=201)


async def _contacts(request: web.Request) -> web.StreamResponse:
    try:
        body = await json_object(request)
        action, number = body.get("action"), optional_str(body, "phone_number") or ""
        if action == "add":
            request.app[TARGET].phone_saves_contact(number, optional_str(body, "full_name") or "")
        elif action == "remove":
            request.app[TARGET].phone_removes_contact(number)
        else:
            raise ValueError('action must be "add" or "remove"')
    except ValueError as exc:
        return error(400, str(exc))
    return web.json_response({"action": action}, status=201)


async def _history(request: web.Request) -> web.StreamResponse:
    try:
        body = await json_object(request)
        shares = body.get("shares", True)
        if not isinstance(shares, bool):
            raise ValueError("shares must be true or false")
        request.app[TARGET].phone_shares_history(shares)
        made = 0
        if "chats" in body:
            chats, messages = _count(body, "chats", 0), _count(body, "messages", 0)
            past = request.app[TARGET].phone_has_past(chats, messages, _count(body, "days", 180))
            made = sum(len(chat.messages) for chat in past)
    except ValueError as exc:
        return error(400, str(exc))
    return web.json_response({"shares": shares, "messages": made}, status=201)


def _count(body: dict[str, Any], key: str, default: int) -> int:
    value = body.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{key} must be a whole number")
    return value
