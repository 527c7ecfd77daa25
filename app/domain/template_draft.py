"""A template an admin writes on the desk, before Meta reviews it (cloud-api.md §17).

Meta refuses a template whose name is not lowercase letters, digits and underscores, whose
body variables `{{1}}`, `{{2}}` … skip a number or lack an example, or that has too many
buttons; the limits of the optional header, footer, link and call buttons are in
`template_parts`. The desk checks the same rules as the admin types, so Meta's refusal is the rare
case; the gateway still reports Meta's own words when it comes.

Pure: values and rules, no I/O.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from app.domain.events import EventKind
from app.domain.template_parts import (
    MAX_ALL_BUTTONS,
    MAX_FOOTER_CHARS,
    MAX_HEADER_CHARS,
    MAX_URL_BUTTONS,
    PhoneButton,
    UrlButton,
    header_variable_ok,
    phone_ok,
    url_ok,
    variables_in,
    with_header_example,
)

NAME_PATTERN = re.compile(r"[a-z0-9_]+")
MAX_NAME_CHARS = 512
MAX_BODY_CHARS = 1024
MAX_QUICK_REPLIES = 3
MAX_BUTTON_CHARS = 25
MAX_EXAMPLE_CHARS = 200
CATEGORIES = ("MARKETING", "UTILITY", "AUTHENTICATION")
_VARIABLE = re.compile(r"\{\{\s*(\d+)\s*\}\}")


class DraftProblem(enum.Enum):
    """What keeps a draft from going to Meta; the desk words each one."""

    NAME_EMPTY = "name_empty"
    NAME_CHARACTERS = "name_characters"
    NAME_TOO_LONG = "name_too_long"
    LANGUAGE_EMPTY = "language_empty"
    CATEGORY_UNKNOWN = "category_unknown"
    BODY_EMPTY = "body_empty"
    BODY_TOO_LONG = "body_too_long"
    VARIABLES_NOT_IN_ORDER = "variables_not_in_order"
    EXAMPLE_MISSING = "example_missing"
    TOO_MANY_BUTTONS = "too_many_buttons"
    BUTTON_TEXT = "button_text"
    HEADER_TOO_LONG = "header_too_long"
    HEADER_VARIABLES = "header_variables"
    HEADER_EXAMPLE_MISSING = "header_example_missing"
    FOOTER_TOO_LONG = "footer_too_long"
    FOOTER_VARIABLES = "footer_variables"
    TOO_MANY_LINKS = "too_many_links"
    LINK_TEXT = "link_text"
    LINK_ADDRESS = "link_address"
    LINK_EXAMPLE_MISSING = "link_example_missing"
    CALL_TEXT = "call_text"
    CALL_NUMBER = "call_number"


@dataclass(frozen=True, slots=True)
class TemplateDraft:
    """A new template: what the desk sends the gateway to create at Meta."""

    name: str
    language: str
    """Meta's language code, e.g. `en_US`, `de`."""
    category: str
    """`MARKETING`, `UTILITY` or `AUTHENTICATION`."""
    body: str
    """The body with positional variables `{{1}}`, `{{2}}` …"""
    examples: tuple[str, ...] = ()
    """One example value per variable, in order (Meta reviews the body with them)."""
    quick_replies: tuple[str, ...] = ()
    """Labels of up to three quick-reply buttons."""
    header: str = ""
    """An optional text title, with at most one variable `{{1}}`."""
    header_example: str = ""
    """The example for the header's `{{1}}`."""
    footer: str = ""
    """An optional last line in small print, without variables."""
    links: tuple[UrlButton, ...] = ()
    """Up to two buttons that open a web page."""
    call: PhoneButton | None = None
    """An optional button that calls the business."""

    kind = EventKind.TEMPLATE_REQUEST


def variable_count(body: str) -> int:
    """The highest variable number in the body (0 without variables)."""
    return max((int(n) for n in _VARIABLE.findall(body)), default=0)


def problems(draft: TemplateDraft) -> tuple[DraftProblem, ...]:
    """Every rule the draft breaks, in the form's order; empty when Meta may review it."""
    found = [*_name_problems(draft.name)]
    if not draft.language.strip():
        found.append(DraftProblem.LANGUAGE_EMPTY)
    if draft.category not in CATEGORIES:
        found.append(DraftProblem.CATEGORY_UNKNOWN)
    found += _body_problems(draft)
    if len(draft.quick_replies) > MAX_QUICK_REPLIES:
        found.append(DraftProblem.TOO_MANY_BUTTONS)
    if any(not _label_ok(label) for label in draft.quick_replies):
        found.append(DraftProblem.BUTTON_TEXT)
    found += _header_problems(draft) + _footer_problems(draft.footer)
    found += _link_problems(draft.links) + _call_problems(draft.call)
    if len(draft.quick_replies) + len(draft.links) + (draft.call is not None) > MAX_ALL_BUTTONS:
        found.append(DraftProblem.TOO_MANY_BUTTONS)
    return tuple(dict.fromkeys(found))


def _label_ok(label: str) -> bool:
    return 0 < len(label.strip()) <= MAX_BUTTON_CHARS


def _header_problems(draft: TemplateDraft) -> list[DraftProblem]:
    found = []
    if len(draft.header) > MAX_HEADER_CHARS:
        found.append(DraftProblem.HEADER_TOO_LONG)
    if not header_variable_ok(draft.header):
        found.append(DraftProblem.HEADER_VARIABLES)
    elif variables_in(draft.header) and not draft.header_example.strip():
        found.append(DraftProblem.HEADER_EXAMPLE_MISSING)
    return found


def _footer_problems(footer: str) -> list[DraftProblem]:
    found = []
    if len(footer) > MAX_FOOTER_CHARS:
        found.append(DraftProblem.FOOTER_TOO_LONG)
    if variables_in(footer):
        found.append(DraftProblem.FOOTER_VARIABLES)
    return found


def _link_problems(links: tuple[UrlButton, ...]) -> list[DraftProblem]:
    found = []
    if len(links) > MAX_URL_BUTTONS:
        found.append(DraftProblem.TOO_MANY_LINKS)
    if any(not _label_ok(link.text) for link in links):
        found.append(DraftProblem.LINK_TEXT)
    if any(not url_ok(link.url) for link in links):
        found.append(DraftProblem.LINK_ADDRESS)
    if any(link.has_variable and not link.example.strip() for link in links):
        found.append(DraftProblem.LINK_EXAMPLE_MISSING)
    return found


def _call_problems(call: PhoneButton | None) -> list[DraftProblem]:
    if call is None:
        return []
    found = []
    if not _label_ok(call.text):
        found.append(DraftProblem.CALL_TEXT)
    if not phone_ok(call.phone):
        found.append(DraftProblem.CALL_NUMBER)
    return found


def _name_problems(name: str) -> list[DraftProblem]:
    if not name:
        return [DraftProblem.NAME_EMPTY]
    if len(name) > MAX_NAME_CHARS:
        return [DraftProblem.NAME_TOO_LONG]
    if not NAME_PATTERN.fullmatch(name):
        return [DraftProblem.NAME_CHARACTERS]
    return []


def _body_problems(draft: TemplateDraft) -> list[DraftProblem]:
    if not draft.body.strip():
        return [DraftProblem.BODY_EMPTY]
    found = []
    if len(draft.body) > MAX_BODY_CHARS:
        found.append(DraftProblem.BODY_TOO_LONG)
    numbers = sorted({int(n) for n in _VARIABLE.findall(draft.body)})
    if numbers != list(range(1, len(numbers) + 1)):
        found.append(DraftProblem.VARIABLES_NOT_IN_ORDER)
    examples = draft.examples[: variable_count(draft.body)]
    if len(examples) < variable_count(draft.body) or any(not e.strip() for e in examples):
        found.append(DraftProblem.EXAMPLE_MISSING)
    return found


def preview(draft: TemplateDraft) -> str:
    """The body as a customer would read it with the examples filled in; a variable without
    an example stays as typed."""

    def example(match: re.Match[str]) -> str:
        n = int(match.group(1))
        given = draft.examples[n - 1] if 0 < n <= len(draft.examples) else ""
        return given.strip() or match.group(0)

    return _VARIABLE.sub(example, draft.body)


def header_preview(draft: TemplateDraft) -> str:
    """The header as a customer reads it, with its example filled in."""
    return with_header_example(draft.header, draft.header_example)
