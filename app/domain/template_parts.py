"""The optional parts of a new template around its body (cloud-api.md §17): a text header,
a footer, link buttons and a call button, with Meta's limits on each.

Only text headers are offered: a picture, video or document header needs a media handle from
Meta's resumable upload first, which the desk does not do. The checks here are the ones Meta
runs on creation; `template_draft.problems` names them for the admin.

Pure: values and rules, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_HEADER_CHARS = 60
MAX_FOOTER_CHARS = 60
MAX_URL_CHARS = 2000
MAX_URL_BUTTONS = 2
MAX_PHONE_CHARS = 20
MAX_ALL_BUTTONS = 10
"""Meta's limit on buttons of any kind in one template."""
FIRST_VARIABLE = "{{1}}"
"""The only variable a header or a link may carry (a link: only at its end)."""

_ANY_VARIABLE = re.compile(r"\{\{[^}]*\}\}")
_WEB_ADDRESS = re.compile(r"https?://[^\s{}]+", re.IGNORECASE)
_PHONE = re.compile(r"\+[1-9][0-9]{6,18}")
"""International form with the country code, as Meta dials it (at most 20 characters)."""


@dataclass(frozen=True, slots=True)
class UrlButton:
    """A button that opens a web page; its address may end in `{{1}}`, filled at each send."""

    text: str
    url: str
    example: str = ""
    """A full example of the variable's value (Meta reviews the link with it)."""

    @property
    def has_variable(self) -> bool:
        return self.url.endswith(FIRST_VARIABLE)


@dataclass(frozen=True, slots=True)
class PhoneButton:
    """A button that calls the business."""

    text: str
    phone: str
    """The number in international form, such as `+4930123456`."""


def variables_in(text: str) -> list[str]:
    """Every `{{…}}` in the text, as written."""
    return _ANY_VARIABLE.findall(text)


def header_variable_ok(header: str) -> bool:
    """At most one variable, and it is `{{1}}`."""
    found = variables_in(header)
    return not found or (len(found) == 1 and found[0] == FIRST_VARIABLE)


def url_ok(url: str) -> bool:
    """A web address, with no variable or a single `{{1}}` at its very end."""
    fixed = url.removesuffix(FIRST_VARIABLE)
    return len(url) <= MAX_URL_CHARS and bool(_WEB_ADDRESS.fullmatch(fixed))


def phone_ok(phone: str) -> bool:
    return bool(_PHONE.fullmatch(phone))


def with_header_example(header: str, example: str) -> str:
    """The header as a customer reads it; the variable stays as typed without an example."""
    return header.replace(FIRST_VARIABLE, example.strip()) if example.strip() else header
