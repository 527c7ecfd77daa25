"""The number's message templates, read from Graph (cloud-api.md §17) for the desks' picker.

`fetch_templates` follows `GET /{waba-id}/message_templates` through every page and reads each
item into a `TemplateDef`; `fit_catalogue` keeps what one sealed event can carry. The caller
(`service`) reads at start, on new settings, on Meta's template webhooks and every
`TEMPLATE_POLL_S`, and publishes a `TemplateCatalogue` only when the templates changed.
Failures branch on the Graph error `code` (`number.GraphProblem`), never on the message text.
"""

from __future__ import annotations

import logging

import aiohttp

from app.crypto.encoding import Writer
from app.domain.templates import (
    MAX_BODY_CHARS,
    MAX_BUTTONS,
    MAX_SHORT_CHARS,
    MAX_TEMPLATES,
    ButtonKind,
    ParamFormat,
    TemplateButtonDef,
    TemplateDef,
)
from app.gateway.graph import GraphConfig
from app.gateway.number import GraphProblem, ProblemKind, graph_problem
from app.gateway.parse_fields import fit_utf8
from app.log.template_codec import MAX_NAME, MAX_SHORT, MAX_WORD, write_def

log = logging.getLogger(__name__)

FIELDS = "name,language,status,category,parameter_format,components,quality_score"
PAGE_LIMIT = 100
MAX_PAGES = 100
"""Pages followed at most (6,000 templates at 100 a page fit well within)."""
MAX_CATALOGUE_BYTES = 192 * 1024
"""Encoded templates one catalogue carries at most: a sealed event holds 256 KiB padded."""

_BUTTON_KINDS = {
    "QUICK_REPLY": ButtonKind.QUICK_REPLY,
    "URL": ButtonKind.URL,
    "PHONE_NUMBER": ButtonKind.PHONE_NUMBER,
    "COPY_CODE": ButtonKind.COPY_CODE,
}


async def fetch_templates(
    session: aiohttp.ClientSession,
    config: GraphConfig,
    waba_id: str,
    page_limit: int = PAGE_LIMIT,
) -> tuple[TemplateDef, ...] | GraphProblem:
    """Every template of the business account, all pages, in Meta's order.

    Never raises on Graph's answers or on network failures: a failed page fails the read.
    """
    base = config.base_url.rstrip("/")
    url: str | None = f"{base}/{config.version}/{waba_id}/message_templates"
    params: dict[str, str] | None = {"fields": FIELDS, "limit": str(page_limit)}
    headers = {"Authorization": f"Bearer {config.access_token}"}
    found: list[TemplateDef] = []
    for _ in range(MAX_PAGES):
        if url is None:
            break
        try:
            async with session.get(url, params=params, headers=headers) as response:
                answer = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError, RecursionError) as exc:
            log.warning("templates not read: %s", type(exc).__name__)
            return GraphProblem(ProblemKind.NETWORK)
        page = read_page(answer)
        if isinstance(page, GraphProblem):
            return page
        items, url = page
        if url is not None and not url.startswith(base + "/"):
            log.warning("templates: the next page points away from Graph; stopped there")
            url = None
        params = None  # `next` carries the query, the token stays in the header
        found += items
    return tuple(found)


def read_page(answer: object) -> tuple[list[TemplateDef], str | None] | GraphProblem:
    """One page's templates and the address of the next page (None on the last)."""
    if not isinstance(answer, dict):
        return GraphProblem(ProblemKind.BAD_ANSWER)
    error = answer.get("error")
    if isinstance(error, dict):
        return graph_problem(error)
    data = answer.get("data")
    if not isinstance(data, list):
        return GraphProblem(ProblemKind.BAD_ANSWER)
    items = [t for t in map(read_template, data) if t is not None]
    paging = answer.get("paging")
    following = paging.get("next") if isinstance(paging, dict) else None
    return items, following if isinstance(following, str) and following else None


def read_template(item: object) -> TemplateDef | None:
    """One `data[]` item; None when it lacks a name or language (nothing to send it by)."""
    if not isinstance(item, dict):
        return None
    name, language = fit_utf8(item.get("name"), MAX_NAME), fit_utf8(item.get("language"), MAX_WORD)
    if not name or not language:
        return None
    named = str(item.get("parameter_format", "")).upper() == "NAMED"
    header_format, header_text, body, footer = "", "", "", ""
    buttons: tuple[TemplateButtonDef, ...] = ()
    components = item.get("components")
    for component in components if isinstance(components, list) else ():
        if not isinstance(component, dict):
            continue
        kind = str(component.get("type", "")).upper()
        if kind == "HEADER":
            header_format = fit_utf8(str(component.get("format", "")).upper(), MAX_WORD)
            header_text = _chars(component.get("text"), MAX_SHORT_CHARS)
        elif kind == "BODY":
            body = _chars(component.get("text"), MAX_BODY_CHARS)
        elif kind == "FOOTER":
            footer = _chars(component.get("text"), MAX_SHORT_CHARS)
        elif kind == "BUTTONS":
            buttons = _buttons(component.get("buttons"))
    return TemplateDef(
        name=name,
        language=language,
        category=fit_utf8(str(item.get("category", "")).upper(), MAX_WORD),
        status=fit_utf8(str(item.get("status", "")).upper(), MAX_WORD),
        parameter_format=ParamFormat.NAMED if named else ParamFormat.POSITIONAL,
        header_format=header_format,
        header_text=header_text,
        body_text=body,
        footer_text=footer,
        buttons=buttons,
        quality=_quality(item.get("quality_score")),
    )


def _quality(value: object) -> str:
    """`quality_score.score` (§17): `GREEN`, `YELLOW`, `RED` or `UNKNOWN`; "" if absent."""
    score = value.get("score") if isinstance(value, dict) else None
    return fit_utf8(str(score).upper(), MAX_WORD) if isinstance(score, str) else ""


def _buttons(value: object) -> tuple[TemplateButtonDef, ...]:
    if not isinstance(value, list):
        return ()
    found = []
    for button in value[:MAX_BUTTONS]:
        if isinstance(button, dict):
            kind = _BUTTON_KINDS.get(str(button.get("type", "")).upper(), ButtonKind.OTHER)
            found.append(
                TemplateButtonDef(
                    kind,
                    _chars(button.get("text"), MAX_SHORT_CHARS),
                    fit_utf8(button.get("url"), MAX_SHORT) if kind == ButtonKind.URL else "",
                )
            )
    return tuple(found)


def _chars(value: object, max_chars: int) -> str:
    return value[:max_chars] if isinstance(value, str) else ""


def fit_catalogue(templates: tuple[TemplateDef, ...]) -> tuple[TemplateDef, ...]:
    """The templates one catalogue event carries: in Meta's order, up to `MAX_TEMPLATES`
    and `MAX_CATALOGUE_BYTES`; the rest is left out (and logged by count)."""
    kept: list[TemplateDef] = []
    size = 0
    for template in templates[:MAX_TEMPLATES]:
        one = Writer()
        write_def(one, template)
        size += len(one.getvalue())
        if size > MAX_CATALOGUE_BYTES:
            break
        kept.append(template)
    if len(kept) < len(templates):
        log.warning("template catalogue cut: %d of %d templates kept", len(kept), len(templates))
    return tuple(kept)


def waba_of(entry_ids: list[str]) -> str:
    """The business account a webhook's `entry[].id` names (the first plausible one), or ""."""
    return next((e for e in entry_ids if e.isascii() and e.isdigit() and len(e) <= 32), "")


__all__ = ["GraphProblem", "fetch_templates", "fit_catalogue", "read_page", "waba_of"]
