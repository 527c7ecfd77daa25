"""Templates ↔ canonical bytes: a catalogue's entries and a sent template's content. PURE.

Fixed field order, every length capped on reading (the strict codec of `app.crypto.encoding`).
`app.log.kinds.template_catalogue` writes catalogues with it, `app.log.content_codec` the
`Template` content of replies and send requests.
"""

from __future__ import annotations

from dataclasses import replace

from app.crypto.encoding import Reader, Writer, read_enum
from app.crypto.errors import DecodeError
from app.domain.content import Template
from app.domain.templates import (
    MAX_BUTTONS,
    ButtonKind,
    ParamFormat,
    Part,
    RenderedTemplate,
    TemplateButtonDef,
    TemplateDef,
    TemplateValue,
)

MAX_NAME = 512
"""Bytes of a template name (Meta: ≤ 512 characters of `[a-z0-9_]`)."""
MAX_WORD = 64
"""Bytes of a language code, category, status, header format or parameter key."""
MAX_BODY = 4 * 1024 * 4
"""Bytes of a body (1,024 characters, cut by the gateway; hostile input is capped here)."""
MAX_SHORT = 1024
"""Bytes of a header, footer, button label or URL."""
MAX_VALUE = 4 * 1024 * 4
MAX_PARAMS = 100


def write_button(w: Writer, b: TemplateButtonDef) -> None:
    w.u8(b.kind).text(b.text).text(b.url)


def read_button(r: Reader) -> TemplateButtonDef:
    return TemplateButtonDef(read_enum(r.u8(), ButtonKind), r.text(MAX_SHORT), r.text(MAX_SHORT))


def write_def(w: Writer, t: TemplateDef) -> None:
    w.text(t.name).text(t.language).text(t.category).text(t.status).u8(t.parameter_format)
    w.text(t.header_format).text(t.header_text).text(t.body_text).text(t.footer_text)
    w.items(t.buttons, lambda b, out: write_button(out, b))


def read_def(r: Reader) -> TemplateDef:
    return TemplateDef(
        name=r.text(MAX_NAME),
        language=r.text(MAX_WORD),
        category=r.text(MAX_WORD),
        status=r.text(MAX_WORD),
        parameter_format=read_enum(r.u8(), ParamFormat),
        header_format=r.text(MAX_WORD),
        header_text=r.text(MAX_SHORT),
        body_text=r.text(MAX_BODY),
        footer_text=r.text(MAX_SHORT),
        buttons=tuple(r.items(read_button, MAX_BUTTONS)),
    )


def write_qualities(w: Writer, templates: tuple[TemplateDef, ...]) -> None:
    """Each template's quality score, after the templates: older writers ended before it."""
    w.items(templates, lambda t, out: out.text(t.quality))


def read_qualities(r: Reader, templates: tuple[TemplateDef, ...]) -> tuple[TemplateDef, ...]:
    """The templates with the quality scores that follow them, if the writer wrote any.

    Raises:
        DecodeError: "qualities" when their count differs from the templates'.
    """
    if not r.remaining:
        return templates  # written before quality scores were kept
    scores = r.items(lambda x: x.text(MAX_WORD), len(templates))
    if len(scores) != len(templates):
        raise DecodeError("qualities")
    return tuple(replace(t, quality=q) for t, q in zip(templates, scores, strict=True))


def _write_value(w: Writer, v: TemplateValue) -> None:
    w.u8(v.part).text(v.key).text(v.value).u8(v.button_index)


def _read_value(r: Reader) -> TemplateValue:
    part = read_enum(r.u8(), Part)
    return TemplateValue(part, r.text(MAX_WORD), r.text(MAX_VALUE), r.u8())


def write_template(w: Writer, c: Template) -> None:
    w.text(c.name).text(c.language).u8(c.parameter_format)
    w.items(c.values, lambda v, out: _write_value(out, v))
    rendered = c.rendered
    w.text(rendered.header).text(rendered.body).text(rendered.footer)
    w.items(rendered.buttons, lambda b, out: out.text(b))


def read_template(r: Reader) -> Template:
    name, language = r.text(MAX_NAME), r.text(MAX_WORD)
    parameter_format = read_enum(r.u8(), ParamFormat)
    values = tuple(r.items(_read_value, MAX_PARAMS))
    header, body, footer = r.text(MAX_SHORT), r.text(MAX_BODY * 4), r.text(MAX_SHORT)
    buttons = tuple(r.items(lambda x: x.text(MAX_SHORT), MAX_BUTTONS))
    return Template(
        name, language, parameter_format, values, RenderedTemplate(header, body, footer, buttons)
    )
