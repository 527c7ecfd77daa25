"""What an exported file says, in JSON or in one self-contained HTML page (issue 12 item 7).

The field names and words in the file are a data format, not screen text: fixed English, like
the costs CSV, so a program that reads an export keeps working whatever language the desk
speaks. Files travel with the export: in JSON as a relative path to the copy written beside it,
in HTML inlined as data (pictures shown, other files to download); a file this desk never
opened is named, not included.
"""

from __future__ import annotations

import base64
import html
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.domain.content import Activity, Media
from app.domain.export import EXPORT_VERSION
from app.domain.ids import DeviceId
from app.domain.model import ConversationDetail, Direction, Message

Names = Callable[[DeviceId], str]

_DIRECTIONS = {
    Direction.INBOUND: "customer",
    Direction.OUTBOUND: "agent",
    Direction.NOTE: "note",
    Direction.ACTIVITY: "activity",
}


@dataclass(frozen=True, slots=True)
class IncludedFile:
    """A message's file as the export carries it."""

    name: str
    """Relative path of the copy written beside a JSON export."""
    data: bytes


def iso(at: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(at)) if at else ""


def header(exported_at: int, by: str, scope: str) -> dict[str, Any]:
    return {"version": EXPORT_VERSION, "exported_at": iso(exported_at), "by": by, "scope": scope}


def conversation_fields(detail: ConversationDetail, names: Names) -> dict[str, Any]:
    return {
        "id": detail.conversation_id.hex(),
        "customer": detail.customer_name,
        "number": detail.customer_wa_id,
        "state": detail.state.name.lower(),
        "assignee": None if detail.assignee is None else names(detail.assignee),
    }


def message_fields(m: Message, names: Names, file: IncludedFile | None) -> dict[str, Any]:
    """One message as plain values."""
    direction = "phone" if m.from_phone else _DIRECTIONS[m.direction]
    fields: dict[str, Any] = {
        "at": iso(m.at),
        "position": m.position,
        "from": direction,
        "author": None if m.author is None else names(m.author),
        "kind": m.kind.name.lower(),
        "text": m.text,
    }
    if m.direction == Direction.OUTBOUND:
        fields["status"] = m.status.name.lower()
    if isinstance(m.content, Activity):
        target = m.content.target
        fields["activity"] = m.content.activity.name.lower()
        fields["colleague"] = None if target is None else names(target)
    if isinstance(m.content, Media):
        fields["file"] = {
            "name": m.content.filename,
            "mime_type": m.content.mime_type,
            "size": None if m.content.stored is None else m.content.stored.size,
            "included": None if file is None else file.name,
        }
    return fields


class JsonWriter:
    """`{"version", "exported_at", "by", "scope", "conversations": [{…, "messages": […]}]}`,
    built piece by piece so a long history is written page by page."""

    def __init__(self, head: dict[str, Any]) -> None:
        self._head = head
        self._first_conversation = True
        self._first_message = True

    def begin(self) -> str:
        opening = json.dumps(self._head, ensure_ascii=False)
        return opening[:-1] + ',\n "conversations": ['

    def conversation(self, fields: dict[str, Any]) -> str:
        text = json.dumps(fields, ensure_ascii=False)
        lead = "\n  " if self._first_conversation else "\n ]},\n  "
        self._first_conversation, self._first_message = False, True
        return lead + text[:-1] + ', "messages": ['

    def message(self, fields: dict[str, Any], file: IncludedFile | None) -> str:
        lead = "\n   " if self._first_message else ",\n   "
        self._first_message = False
        return lead + json.dumps(fields, ensure_ascii=False)

    def end(self) -> str:
        return ("\n ]}" if not self._first_conversation else "") + "\n ]\n}\n"


_STYLE = (
    "body{font-family:sans-serif;max-width:50em;margin:2em auto;color:#222}"
    "h2{border-bottom:1px solid #ccc;padding-bottom:.2em}"
    ".m{margin:.4em 0;padding:.4em .6em;border-radius:.4em;background:#f1f1f1}"
    ".agent{background:#dcf3e4;margin-left:4em}.note{background:#fff6cf}"
    ".activity{background:none;color:#666;font-style:italic;text-align:center}"
    ".meta{font-size:.8em;color:#666}img{max-width:100%}"
)


class HtmlWriter:
    """One page that needs nothing beside it: styles inline, pictures as data, text escaped."""

    def __init__(self, head: dict[str, Any]) -> None:
        self._head = head
        self._open = False

    def begin(self) -> str:
        title = html.escape(f"Switchboard export, {self._head['exported_at']}")
        by = html.escape(str(self._head["by"]))
        return (
            f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{_STYLE}</style></head><body>\n<h1>{title}</h1>"
            f'<p class="meta">Exported by {by}</p>\n'
        )

    def conversation(self, fields: dict[str, Any]) -> str:
        lead = "</section>\n" if self._open else ""
        self._open = True
        name = html.escape(f"{fields['customer']} ({fields['number']})")
        return f"{lead}<section><h2>{name}</h2>\n"

    def message(self, fields: dict[str, Any], file: IncludedFile | None) -> str:
        who = fields["author"] or ("customer" if fields["from"] == "customer" else "")
        if fields["from"] == "activity":
            colleague = f" → {fields['colleague']}" if fields.get("colleague") else ""
            text = f"{who}: {fields['activity']}{colleague} {fields['text']}".strip()
            return f'<div class="m activity">{html.escape(text)}</div>\n'
        meta = html.escape(f"{fields['at']} · {who}")
        body = html.escape(str(fields["text"])).replace("\n", "<br>")
        return (
            f'<div class="m {fields["from"]}"><div class="meta">{meta}</div>'
            f"{_file_html(fields.get('file'), file)}{body}</div>\n"
        )

    def end(self) -> str:
        return ("</section>\n" if self._open else "") + "</body></html>\n"


def _file_html(described: dict[str, Any] | None, file: IncludedFile | None) -> str:
    if described is None:
        return ""
    name = html.escape(str(described["name"] or described["mime_type"]))
    if file is None:
        return f'<div class="meta">[file not on this desk: {name}]</div>'
    mime = html.escape(str(described["mime_type"]), quote=True)
    data = base64.b64encode(file.data).decode("ascii")
    if mime.startswith("image/"):
        return f'<img alt="{name}" src="data:{mime};base64,{data}"><br>'
    return f'<a download="{name}" href="data:{mime};base64,{data}">{name}</a><br>'
