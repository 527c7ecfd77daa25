"""Message templates: what the business may send outside the 24-hour window (cloud-api.md §6, §17).

PURE. The gateway reads Meta's template list into `TemplateDef`s and publishes them as one
catalogue; desks fill a template's parameters (`TemplateParam`) with values, render it as the
customer will see it, and send the `Template` content. Only text parameters are supported:
a template whose header is a picture, video, document or location is not offered (`usable`).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

MAX_TEMPLATES = 1000
"""Templates one catalogue carries at most (Meta allows up to 6,000 per account)."""
MAX_BODY_CHARS = 1024
"""Meta's limit on a template body; longer ones are cut when read."""
MAX_SHORT_CHARS = 60
"""Meta's limit on a header or footer text."""
MAX_BUTTONS = 10
MAX_VALUE_CHARS = 1024
"""One parameter value, as the agent may type it."""

USABLE_STATUSES = frozenset({"APPROVED", "FLAGGED"})
"""Review states in which a template can be sent (FLAGGED: still sendable, cloud-api.md §17)."""
TEXT_HEADER = "TEXT"

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")


class ParamFormat(enum.IntEnum):
    """How a template names its parameters. Wire values: never renumber."""

    POSITIONAL = 1
    """`{{1}}`, `{{2}}` … filled in order."""
    NAMED = 2
    """`{{first_name}}` … sent with `parameter_name`."""


class ButtonKind(enum.IntEnum):
    """A template button's type. Wire values: never renumber."""

    QUICK_REPLY = 1
    URL = 2
    PHONE_NUMBER = 3
    COPY_CODE = 4
    OTHER = 5
    """Flows, OTP, catalogue …: shown by its label, never takes a parameter here."""


class Part(enum.IntEnum):
    """Where a parameter goes. Wire values: never renumber."""

    HEADER = 1
    BODY = 2
    BUTTON = 3


@dataclass(frozen=True, slots=True)
class TemplateButtonDef:
    kind: ButtonKind
    text: str
    url: str = ""
    """For URL buttons: the address, with at most one trailing `{{1}}` the send fills."""


@dataclass(frozen=True, slots=True)
class TemplateDef:
    """One approved (or otherwise reviewed) template in one language, as Meta lists it."""

    name: str
    language: str
    category: str
    """`MARKETING`, `UTILITY` or `AUTHENTICATION` (Meta's words)."""
    status: str
    """`APPROVED`, `PAUSED`, `DISABLED` … (Meta's words)."""
    parameter_format: ParamFormat
    header_format: str
    """"" for none, else `TEXT`, `IMAGE`, `VIDEO`, `DOCUMENT` or `LOCATION`."""
    header_text: str
    body_text: str
    footer_text: str
    buttons: tuple[TemplateButtonDef, ...] = ()
    quality: str = ""
    """Meta's quality score (`GREEN`, `YELLOW`, `RED`, `UNKNOWN`); "" when not read."""

    @property
    def ref(self) -> TemplateRef:
        return TemplateRef(self.name, self.language)


@dataclass(frozen=True, slots=True)
class TemplateRef:
    """Which template: Meta names one by name and language together."""

    name: str
    language: str


@dataclass(frozen=True, slots=True)
class TemplateParam:
    """One value a template needs before it can be sent."""

    part: Part
    key: str
    """The placeholder's name (`first_name`) or position (`1`)."""
    button_index: int = 0
    """For `Part.BUTTON`: which button's URL it completes."""


@dataclass(frozen=True, slots=True)
class TemplateValue:
    """A parameter with the value the agent gave it."""

    part: Part
    key: str
    value: str
    button_index: int = 0

    @property
    def param(self) -> TemplateParam:
        return TemplateParam(self.part, self.key, self.button_index)


@dataclass(frozen=True, slots=True)
class RenderedTemplate:
    """A template with its values filled in, as the customer's phone shows it."""

    header: str
    body: str
    footer: str
    buttons: tuple[str, ...]

    @property
    def text(self) -> str:
        """All its words in reading order, for previews, search and the thread."""
        return "\n".join(part for part in (self.header, self.body, self.footer) if part)


def placeholders(text: str) -> tuple[str, ...]:
    """The keys of `text`'s `{{…}}` placeholders, each once, in order of first use."""
    return tuple(dict.fromkeys(m.group(1) for m in _PLACEHOLDER.finditer(text)))


def template_params(template: TemplateDef) -> tuple[TemplateParam, ...]:
    """What the agent must fill in: header, body, then URL-button suffixes.

    Positional keys come in numeric order (Meta fills `{{1}}`, `{{2}}` … by position).
    """
    found = [TemplateParam(Part.HEADER, k) for k in _ordered(template, template.header_text)]
    found += [TemplateParam(Part.BODY, k) for k in _ordered(template, template.body_text)]
    for index, button in enumerate(template.buttons):
        if button.kind == ButtonKind.URL:
            found += [TemplateParam(Part.BUTTON, k, index) for k in placeholders(button.url)]
    return tuple(found)


def _ordered(template: TemplateDef, text: str) -> tuple[str, ...]:
    keys = placeholders(text)
    if template.parameter_format == ParamFormat.POSITIONAL:
        return tuple(sorted(keys, key=lambda k: int(k) if k.isdigit() else 0))
    return keys


def usable(template: TemplateDef) -> bool:
    """Whether desks may send it: approved, and every parameter a text the agent types."""
    if template.status not in USABLE_STATUSES:
        return False
    if template.header_format not in ("", TEXT_HEADER):
        return False
    url_params = [placeholders(b.url) for b in template.buttons if b.kind == ButtonKind.URL]
    return all(len(keys) <= 1 for keys in url_params)


def missing(template: TemplateDef, values: tuple[TemplateValue, ...]) -> tuple[TemplateParam, ...]:
    """The parameters still without a (non-blank) value."""
    given = {v.param for v in values if v.value.strip()}
    return tuple(p for p in template_params(template) if p not in given)


def render(template: TemplateDef, values: tuple[TemplateValue, ...]) -> RenderedTemplate:
    """The template as the customer will see it; unfilled placeholders stay as written."""
    by_param = {v.param: v.value for v in values}

    def fill(text: str, part: Part, index: int = 0) -> str:
        def one(match: re.Match[str]) -> str:
            value = by_param.get(TemplateParam(part, match.group(1), index))
            return match.group(0) if value is None or not value.strip() else value

        return _PLACEHOLDER.sub(one, text)

    return RenderedTemplate(
        header=fill(template.header_text, Part.HEADER),
        body=fill(template.body_text, Part.BODY),
        footer=template.footer_text,
        buttons=tuple(b.text for b in template.buttons),
    )


def values_for(template: TemplateDef, given: dict[TemplateParam, str]) -> tuple[TemplateValue, ...]:
    """The template's parameters in order, each with the value typed for it (stripped)."""
    return tuple(
        TemplateValue(p.part, p.key, given.get(p, "").strip(), p.button_index)
        for p in template_params(template)
    )


def find(
    templates: tuple[TemplateDef, ...] | list[TemplateDef], ref: TemplateRef
) -> TemplateDef | None:
    """The template `ref` names, if the catalogue has it."""
    return next((t for t in templates if t.ref == ref), None)
