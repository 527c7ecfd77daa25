"""The ``interactive`` send type: reply buttons and lists, with Meta's limits (§6)."""

from __future__ import annotations

from typing import Any

from app.simulator import checks
from app.simulator.errors import invalid_parameter

MAX_BODY = 1024
MAX_FOOTER = 60
MAX_HEADER_TEXT = 60
MAX_BUTTONS = 3
MAX_BUTTON_TITLE = 20
MAX_BUTTON_ID = 256
MAX_SECTIONS = 10
MAX_ROWS = 10
MAX_SECTION_TITLE = 24
MAX_ROW_ID = 200
MAX_ROW_TITLE = 24
MAX_ROW_DESCRIPTION = 72
MAX_LIST_BUTTON = 20
_HEADER_MEDIA = {"image", "video", "document"}


def interactive(value: Any) -> dict[str, Any]:
    """Validate an ``interactive`` object of type ``button`` or ``list``."""
    content = checks.obj(value, "interactive", {"type", "header", "body", "footer", "action"})
    kind = checks.one_of(content.get("type"), "interactive['type']", {"button", "list"})
    if "header" in content:
        _header(content["header"], list_message=kind == "list")
    body = checks.obj(checks.required(content, "body", "interactive"), "body", {"text"})
    checks.text(body.get("text"), "interactive['body']['text']", MAX_BODY)
    if "footer" in content:
        footer = checks.obj(content["footer"], "interactive['footer']", {"text"})
        checks.text(footer.get("text"), "interactive['footer']['text']", MAX_FOOTER)
    action = checks.required(content, "action", "interactive")
    if kind == "button":
        _buttons(action)
    else:
        _sections(action)
    return dict(content)


def _header(value: Any, *, list_message: bool) -> None:
    header = checks.obj(value, "interactive['header']", {"type", "text", *_HEADER_MEDIA})
    allowed = {"text"} if list_message else {"text", *_HEADER_MEDIA}
    kind = checks.one_of(header.get("type"), "interactive['header']['type']", allowed)
    if kind == "text":
        checks.text(header.get("text"), "interactive['header']['text']", MAX_HEADER_TEXT)
        return
    media = checks.obj(
        checks.required(header, kind, "interactive['header']"),
        f"interactive['header']['{kind}']",
        {"id", "link", "filename"},
    )
    if ("id" in media) == ("link" in media):
        raise invalid_parameter(f"Param interactive['header']['{kind}'] needs one of id, link.")


def _buttons(value: Any) -> None:
    action = checks.obj(value, "interactive['action']", {"buttons"})
    buttons = checks.array(
        checks.required(action, "buttons", "interactive['action']"),
        "interactive['action']['buttons']",
        1,
        MAX_BUTTONS,
    )
    ids: set[str] = set()
    titles: set[str] = set()
    for n, raw in enumerate(buttons):
        where = f"interactive['action']['buttons'][{n}]"
        button = checks.obj(raw, where, {"type", "reply"})
        checks.one_of(button.get("type"), f"{where}['type']", {"reply"})
        reply = checks.obj(
            checks.required(button, "reply", where), f"{where}['reply']", {"id", "title"}
        )
        button_id = checks.text(reply.get("id"), f"{where}['reply']['id']", MAX_BUTTON_ID)
        title = checks.text(reply.get("title"), f"{where}['reply']['title']", MAX_BUTTON_TITLE)
        if button_id in ids or title in titles:
            raise invalid_parameter("Buttons must have unique ids and titles.")
        ids.add(str(button_id))
        titles.add(str(title))


def _sections(value: Any) -> None:
    action = checks.obj(value, "interactive['action']", {"button", "sections"})
    checks.text(action.get("button"), "interactive['action']['button']", MAX_LIST_BUTTON)
    sections = checks.array(
        checks.required(action, "sections", "interactive['action']"),
        "interactive['action']['sections']",
        1,
        MAX_SECTIONS,
    )
    rows = 0
    ids: set[str] = set()
    for n, raw in enumerate(sections):
        where = f"interactive['action']['sections'][{n}]"
        section = checks.obj(raw, where, {"title", "rows"})
        checks.text(
            section.get("title"), f"{where}['title']", MAX_SECTION_TITLE, required=len(sections) > 1
        )
        section_rows = checks.array(section.get("rows"), f"{where}['rows']", 1, MAX_ROWS)
        rows += len(section_rows)
        for m, row in enumerate(section_rows):
            ids.add(_row(row, f"{where}['rows'][{m}]", ids))
    if rows > MAX_ROWS:
        raise invalid_parameter(f"A list message can have at most {MAX_ROWS} rows in total.")


def _row(value: Any, where: str, seen: set[str]) -> str:
    row = checks.obj(value, where, {"id", "title", "description"})
    row_id = str(checks.text(row.get("id"), f"{where}['id']", MAX_ROW_ID))
    checks.text(row.get("title"), f"{where}['title']", MAX_ROW_TITLE)
    checks.text(
        row.get("description"), f"{where}['description']", MAX_ROW_DESCRIPTION, required=False
    )
    if row_id in seen:
        raise invalid_parameter("Rows must have unique ids.")
    return row_id
