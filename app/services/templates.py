"""Template messages: which templates a desk may send, and the content a send carries.

The gateway's catalogue (`TemplateCatalogue`, kept in the replica) is the authority on which
templates exist; this module picks the usable ones and turns an agent's typed values into a
`Template` content, refusing unknown templates and blank fields before anything is queued.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.domain.content import Template
from app.domain.errors import TemplateIncomplete, TemplateUnavailable
from app.domain.templates import (
    MAX_VALUE_CHARS,
    TemplateDef,
    TemplateParam,
    TemplateRef,
    find,
    missing,
    render,
    usable,
    values_for,
)

TemplateValues = Mapping[TemplateParam, str]
"""What the agent typed for each parameter of a template."""


def usable_templates(catalogue: tuple[TemplateDef, ...]) -> tuple[TemplateDef, ...]:
    """The templates a desk offers: sendable ones, by name then language."""
    return tuple(sorted(filter(usable, catalogue), key=lambda t: (t.name, t.language)))


def template_content(
    catalogue: tuple[TemplateDef, ...], ref: TemplateRef, given: TemplateValues
) -> Template:
    """The content of a template message with the agent's values.

    Raises:
        TemplateUnavailable: The catalogue has no usable template of that name and language.
        TemplateIncomplete: A parameter is blank (or longer than a value may be).
    """
    template = find(catalogue, ref)
    if template is None or not usable(template):
        raise TemplateUnavailable(f"no usable template {ref.name} ({ref.language})")
    values = values_for(template, dict(given))
    gaps = missing(template, values)
    too_long = [v for v in values if len(v.value) > MAX_VALUE_CHARS]
    if gaps or too_long:
        raise TemplateIncomplete(len(gaps) + len(too_long))
    return Template(
        name=template.name,
        language=template.language,
        parameter_format=template.parameter_format,
        values=values,
        rendered=render(template, values),
    )
