"""``GET /{waba-id}/message_templates``: the account's templates, one page at a time (§17).

Meta's shape: ``{data: [{name, language, status, category, parameter_format, components, id}],
paging: {cursors: {before, after}, next?}}``, one item per (name, language), ``limit`` (default
25, at most 100) and ``after`` for paging; ``fields``, ``status``, ``category``, ``language`` and
``name`` filter as at Meta.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from aiohttp import web

from app.simulator import errors
from app.simulator.graph_backend import BACKEND, json_body
from app.simulator.templates import TemplateSpec

DEFAULT_PAGE = 25
MAX_PAGE = 100
_DEFAULT_FIELDS = ("name", "language", "status", "category", "parameter_format", "components")
_BUTTON_TYPES = {
    "quick_reply": "QUICK_REPLY",
    "url": "URL",
    "static_url": "URL",
    "phone_number": "PHONE_NUMBER",
}
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")


def setup(app: web.Application, version: str) -> None:
    app.router.add_get(f"/{version}/{{node}}/message_templates", _list_templates)
    app.router.add_post(f"/{version}/{{node}}/message_templates", _create_template)


async def _create_template(request: web.Request) -> web.StreamResponse:
    """A new template, PENDING until the review (``template_create``)."""
    backend = request.app[BACKEND]
    if request.match_info["node"] != backend.config.waba_id or backend.create_template is None:
        raise errors.unsupported_request("POST", request.match_info["node"])
    return web.json_response(backend.create_template(await json_body(request)))


async def _list_templates(request: web.Request) -> web.StreamResponse:
    backend = request.app[BACKEND]
    node = request.match_info["node"]
    if node != backend.config.waba_id or backend.templates is None:
        raise errors.unsupported_request("GET", node)
    query = request.query
    specs = [s for s in backend.templates() if _matches(s, query)]
    start = _decode_cursor(query["after"]) if query.get("after") else 0
    size = _page_size(query.get("limit"))
    page = specs[start : start + size]
    fields = [f.strip() for f in query.get("fields", "").split(",") if f.strip()]
    data = [_select(graph_item(spec), fields or list(_DEFAULT_FIELDS)) for spec in page]
    result: dict[str, Any] = {"data": data}
    if page:
        after = _cursor(start + len(page))
        paging: dict[str, Any] = {"cursors": {"before": _cursor(start), "after": after}}
        if start + len(page) < len(specs):
            paging["next"] = str(request.url.update_query({"after": after}))
        result["paging"] = paging
    return web.json_response(result)


def graph_item(spec: TemplateSpec) -> dict[str, Any]:
    """One template as Meta lists it, with every field the listing can return."""
    components: list[dict[str, Any]] = []
    if spec.header is not None:
        header: dict[str, Any] = {"type": "HEADER", "format": spec.header.upper()}
        if spec.header == "text":
            header["text"] = spec.header_text or " ".join(
                f"{{{{{n + 1}}}}}" for n in range(spec.header_params)
            )
        components.append(header)
    elif spec.header_text:
        components.append({"type": "HEADER", "format": "TEXT", "text": spec.header_text})
    components.append({"type": "BODY", "text": spec.body_text or _made_up_body(spec)})
    if spec.footer_text:
        components.append({"type": "FOOTER", "text": spec.footer_text})
    if spec.buttons:
        components.append({"type": "BUTTONS", "buttons": _buttons(spec)})
    return {
        "name": spec.name,
        "language": spec.language,
        "status": spec.status,
        "category": spec.category.upper(),
        "parameter_format": "NAMED" if spec.named else "POSITIONAL",
        "components": components,
        "id": str(spec.id),
        "quality_score": {"score": spec.quality},
    }


def _made_up_body(spec: TemplateSpec) -> str:
    if isinstance(spec.body_params, tuple):
        return " ".join(f"{{{{{name}}}}}" for name in spec.body_params) or spec.name
    return " ".join(f"{{{{{n + 1}}}}}" for n in range(spec.body_params)) or spec.name


def _buttons(spec: TemplateSpec) -> list[dict[str, Any]]:
    found = []
    for index, kind in enumerate(spec.buttons):
        text = spec.button_texts[index] if index < len(spec.button_texts) else f"Button {index}"
        value = spec.button_values[index] if index < len(spec.button_values) else ""
        button: dict[str, Any] = {"type": _BUTTON_TYPES[kind], "text": text}
        if kind in ("url", "static_url"):
            button["url"] = value or f"https://example.com/{spec.name}/{{{{1}}}}"
        elif kind == "phone_number":
            button["phone_number"] = value or "+15550100000"
        found.append(button)
    return found


def _matches(spec: TemplateSpec, query: Any) -> bool:
    for key, value in (("status", spec.status), ("category", spec.category.upper())):
        wanted = query.get(key)
        if wanted and value not in {w.strip().upper() for w in wanted.split(",")}:
            return False
    language = query.get("language")
    if language and spec.language not in {w.strip() for w in language.split(",")}:
        return False
    name = query.get("name")
    return not name or name in spec.name


def _select(item: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """The requested fields, plus ``id`` (Graph always adds it); unknown ones are code 100."""
    selected: dict[str, Any] = {}
    for name in fields:
        if name == "id":
            continue
        if name not in item:
            title = f"Tried accessing nonexisting field ({name}) on node type (MessageTemplate)"
            raise errors.GraphError(errors.INVALID_PARAMETER, errors.numbered(100, title))
        selected[name] = item[name]
    selected["id"] = item["id"]
    return selected


def _page_size(limit: str | None) -> int:
    if limit is None or not limit.isdigit() or int(limit) == 0:
        return DEFAULT_PAGE
    return min(int(limit), MAX_PAGE)


def _cursor(index: int) -> str:
    return base64.urlsafe_b64encode(f"tpl:{index}".encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        return max(0, int(text.removeprefix("tpl:")))
    except (ValueError, UnicodeDecodeError):
        raise errors.invalid_parameter("Param after is not a valid cursor.") from None
