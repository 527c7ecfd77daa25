"""``/_sim/`` routes for what Meta tells a business's admins (issue 10 item 7).

``POST /_sim/templates/{name}/{language}/quality`` (``{"score": "RED"}``) and ``…/category``
(``{"category": "marketing"}``) emit §17's template quality and category updates;
``POST /_sim/customers/{user_id}/unreadable_interactive`` (``{"reply_to": wamid}``) has the
customer's client re-send a button tap Meta cannot read, its error beside it (§19). A
template's rejection with Meta's words goes through ``…/status`` (``control_account``).
"""

from __future__ import annotations

import dataclasses

from aiohttp import web

from app.simulator.control_common import TARGET, error, json_object
from app.simulator.errors import UnknownCustomerError


def setup(app: web.Application) -> None:
    """Register the routes (before the control surface's catch-all)."""
    template = "/_sim/templates/{name}/{language}"
    app.router.add_post(f"{template}/quality", _template_quality)
    app.router.add_post(f"{template}/category", _template_category)
    app.router.add_post("/_sim/customers/{user_id}/unreadable_interactive", _unreadable)


async def _template_quality(request: web.Request) -> web.StreamResponse:
    return await _template_change(request, "score")


async def _template_category(request: web.Request) -> web.StreamResponse:
    return await _template_change(request, "category")


async def _template_change(request: web.Request, key: str) -> web.StreamResponse:
    body = await json_object(request)
    value = body.get(key)
    if not isinstance(value, str):
        return error(400, f"{key} is required")
    name, language = request.match_info["name"], request.match_info["language"]
    target = request.app[TARGET]
    try:
        if key == "score":
            spec = target.set_template_quality(name, language, value)
        else:
            spec = target.change_template_category(name, language, value)
    except KeyError:
        return error(404, "no such template")
    except ValueError as exc:
        return error(400, str(exc))
    return web.json_response(dataclasses.asdict(spec))


async def _unreadable(request: web.Request) -> web.StreamResponse:
    body = await json_object(request)
    reply_to = body.get("reply_to")
    if not isinstance(reply_to, str) or not reply_to:
        return error(400, "reply_to is required")
    try:
        wamid = request.app[TARGET].customer_resends_interactive(
            request.match_info["user_id"], reply_to
        )
    except UnknownCustomerError:
        return error(404, "no such customer")
    return web.json_response({"id": wamid}, status=201)
