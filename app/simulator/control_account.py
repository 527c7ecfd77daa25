"""``/_sim/behaviour``, ``/_sim/phone_number`` and ``/_sim/templates`` over HTTP.

``PATCH /_sim/behaviour`` flips global switches (``{"window": "fail"}``);
``PATCH /_sim/phone_number`` changes §9 fields and so emits Meta's change webhooks;
``POST /_sim/templates`` registers a template and
``POST /_sim/templates/{name}/{language}/status`` changes its review status (a rejection
may carry Meta's ``rejection_reason`` and ``recommendation``).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from aiohttp import web

from app.simulator.control_common import TARGET, error, json_object, optional_str
from app.simulator.templates import TemplateSpec


def setup(app: web.Application) -> None:
    """Register the switch, phone-number and template routes."""
    app.router.add_get("/_sim/behaviour", _behaviour)
    app.router.add_patch("/_sim/behaviour", _configure)
    app.router.add_get("/_sim/phone_number", _phone)
    app.router.add_patch("/_sim/phone_number", _update_phone)
    app.router.add_get("/_sim/templates", _templates)
    app.router.add_post("/_sim/templates", _add_template)
    app.router.add_post("/_sim/templates/{name}/{language}/status", _template_status)


async def _behaviour(request: web.Request) -> web.StreamResponse:
    return web.json_response(request.app[TARGET].behaviour.as_json())


async def _configure(request: web.Request) -> web.StreamResponse:
    changes = await json_object(request)
    try:
        behaviour = request.app[TARGET].configure(**changes)
    except (TypeError, ValueError) as exc:
        return error(400, str(exc))
    return web.json_response(behaviour.as_json())


async def _phone(request: web.Request) -> web.StreamResponse:
    return web.json_response(dataclasses.asdict(request.app[TARGET].phone_number))


async def _update_phone(request: web.Request) -> web.StreamResponse:
    changes = await json_object(request)
    reason = optional_str(changes, "rejection_reason")
    changes.pop("rejection_reason", None)
    try:
        request.app[TARGET].update_phone_number(rejection_reason=reason, **changes)
    except (TypeError, ValueError) as exc:
        return error(400, str(exc))
    return web.json_response(dataclasses.asdict(request.app[TARGET].phone_number))


def _template_json(spec: TemplateSpec) -> dict[str, Any]:
    body = dataclasses.asdict(spec)
    if isinstance(spec.body_params, tuple):
        body["body_params"] = list(spec.body_params)
    body["buttons"] = list(spec.buttons)
    return body


async def _templates(request: web.Request) -> web.StreamResponse:
    return web.json_response({"data": [_template_json(t) for t in request.app[TARGET].templates]})


async def _add_template(request: web.Request) -> web.StreamResponse:
    body = await json_object(request)
    params = body.get("body_params", 0)
    try:
        spec = TemplateSpec(
            name=str(body["name"]),
            language=str(body["language"]),
            category=body["category"],
            body_params=tuple(params) if isinstance(params, list) else int(params),
            header=body.get("header"),
            header_params=int(body.get("header_params", 0)),
            buttons=tuple(body.get("buttons", ())),
            status=str(body.get("status", "APPROVED")),
        )
        if spec.category not in ("marketing", "utility", "authentication"):
            raise ValueError("category must be marketing, utility or authentication")
        spec = request.app[TARGET].add_template(spec)
    except (KeyError, TypeError, ValueError) as exc:
        return error(400, f"invalid template: {exc}")
    return web.json_response(_template_json(spec), status=201)


async def _template_status(request: web.Request) -> web.StreamResponse:
    body = await json_object(request)
    status = body.get("status")
    if not isinstance(status, str):
        return error(400, "status is required")
    name, language = request.match_info["name"], request.match_info["language"]
    why, advice = optional_str(body, "rejection_reason"), optional_str(body, "recommendation")
    rejection = None if why is None else (why, advice or "")
    try:
        spec = request.app[TARGET].set_template_status(
            name, language, status, optional_str(body, "reason"), rejection=rejection
        )
    except KeyError:
        return error(404, "no such template")
    except ValueError as exc:
        return error(400, str(exc))
    return web.json_response(_template_json(spec))
