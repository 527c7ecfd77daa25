"""The template catalogue in the replica: one row, the gateway's newest (`TemplateCatalogue`).

The templates are kept in the log's own canonical encoding (`app.log.template_codec`): a fixed
field order that renaming a domain attribute cannot silently change.
"""

from __future__ import annotations

from typing import Any

from app.crypto.encoding import Reader, Writer
from app.domain.content import Template
from app.domain.templates import (
    MAX_TEMPLATES,
    ParamFormat,
    Part,
    RenderedTemplate,
    TemplateDef,
    TemplateValue,
)
from app.log.state import BatchState
from app.log.template_codec import read_def, read_qualities, write_def, write_qualities
from app.store.db import Tx

_SQL_CATALOGUE = "SELECT templates, at, stream_seq FROM template_catalogue WHERE id = 1"
_SQL_SAVE = (
    "INSERT OR REPLACE INTO template_catalogue (id, templates, at, stream_seq) VALUES (1, ?, ?, ?)"
)


def encode_templates(templates: tuple[TemplateDef, ...]) -> bytes:
    writer = Writer().items(templates, lambda t, out: write_def(out, t))
    write_qualities(writer, templates)
    return writer.getvalue()


def decode_templates(data: bytes) -> tuple[TemplateDef, ...]:
    reader = Reader(data)
    templates = read_qualities(reader, tuple(reader.items(read_def, MAX_TEMPLATES)))
    reader.finish()
    return templates


async def templates(tx: Tx) -> tuple[TemplateDef, ...]:
    """The kept catalogue; empty until the gateway published one."""
    row = await tx.fetchone(_SQL_CATALOGUE)
    return () if row is None else decode_templates(bytes(row["templates"]))


async def load(tx: Tx, state: BatchState) -> None:
    """The kept catalogue, which a batch's `TemplateCatalogue` may replace."""
    row = await tx.fetchone(_SQL_CATALOGUE)
    if row is not None:
        kept = decode_templates(bytes(row["templates"]))
        state.templates = (kept, int(row["at"]), int(row["stream_seq"]))


async def flush(tx: Tx, state: BatchState) -> None:
    if state.templates_changed and state.templates is not None:
        kept, at, seq = state.templates
        await tx.execute(_SQL_SAVE, (encode_templates(kept), at, seq))


# -- a sent template as message content (`messages.content`, see content_rows) ---------------


def template_json(c: Template) -> dict[str, Any]:
    r = c.rendered
    return {
        "name": c.name,
        "language": c.language,
        "format": int(c.parameter_format),
        "values": [[int(v.part), v.key, v.value, v.button_index] for v in c.values],
        "header": r.header,
        "body": r.body,
        "footer": r.footer,
        "buttons": list(r.buttons),
    }


def template_value(v: dict[str, Any]) -> Template:
    values = tuple(
        TemplateValue(Part(int(p)), str(k), str(val), int(i)) for p, k, val, i in v["values"]
    )
    rendered = RenderedTemplate(
        str(v["header"]), str(v["body"]), str(v["footer"]), tuple(str(b) for b in v["buttons"])
    )
    return Template(
        str(v["name"]), str(v["language"]), ParamFormat(int(v["format"])), values, rendered
    )
