"""The parts of a template creation around its body (cloud-api.md §17), checked as Meta does.

A ``HEADER`` of format ``TEXT`` (at most 60 characters, at most one ``{{1}}`` with its
``example.header_text``; other formats need a media handle from an upload, which the desk does
not offer, so the simulator asks for one); a ``FOOTER`` (60 characters, no variables); and
``BUTTONS``: ``QUICK_REPLY`` (here at most 3), ``URL`` (at most 2; a static address or one
trailing ``{{1}}`` with an ``example``), ``PHONE_NUMBER`` (at most 1), 10 in all, each label at
most 25 characters. Each broken rule is refused with code 100, subcode 2388040 and Meta's user
title and message saying which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from app.simulator import errors

SUBCODE_INVALID = 2388040
"""Meta's subcode for a field that breaks a template rule (the user title says which)."""
MAX_SHORT_TEXT = 60
MAX_LABEL = 25
MAX_URL = 2000
MAX_PHONE = 20
MAX_QUICK_REPLIES = 3
"""Quick replies this simulator accepts on one template (the desk offers up to 3)."""
MAX_URL_BUTTONS = 2
MAX_PHONE_BUTTONS = 1
MAX_BUTTONS = 10
_VARIABLE = re.compile(r"\{\{[^}]*\}\}")
_ADDRESS = re.compile(r"https?://[^\s{}]+", re.IGNORECASE)
_PHONE = re.compile(r"\+?[1-9][0-9]{6,18}")


@dataclass(frozen=True)
class Button:
    """One button as created: the simulator's kind, its label and its URL or phone number."""

    kind: str
    """``quick_reply``, ``url`` (with a trailing variable), ``static_url`` or ``phone_number``."""
    text: str
    value: str = ""


def creation_error(subcode: int, title: str, message: str) -> errors.GraphError:
    """Code 100 as Meta answers a refused template: subcode, user title and user message."""
    error = errors.GraphError(
        errors.INVALID_PARAMETER, errors.numbered(errors.INVALID_PARAMETER, "Invalid parameter")
    )
    error.extra = {
        "error_subcode": subcode,
        "is_transient": False,
        "error_user_title": title,
        "error_user_msg": message,
    }
    return error


def _refuse(title: str, message: str) -> errors.GraphError:
    return creation_error(SUBCODE_INVALID, title, message)


def component(components: list[Any], kind: str) -> dict[str, Any] | None:
    """The one component of this type, None without; two of a type are refused."""
    found = [c for c in components if isinstance(c, dict) and str(c.get("type")).upper() == kind]
    if len(found) > 1:
        raise errors.invalid_parameter(f"Param components holds more than one {kind}.")
    return found[0] if found else None


def read_header(components: list[Any]) -> tuple[str, int]:
    """The header's text and its variable count (0 or 1); ("", 0) without a header."""
    header = component(components, "HEADER")
    if header is None:
        return "", 0
    kind = str(header.get("format", "")).upper()
    if kind != "TEXT":
        raise errors.invalid_parameter(
            f"Param example['header_handle'] is required for a {kind} header."
        )
    text = header.get("text")
    if not isinstance(text, str) or not 0 < len(text) <= MAX_SHORT_TEXT:
        raise _refuse("Header too long", f"A text header has 1 to {MAX_SHORT_TEXT} characters.")
    found = _VARIABLE.findall(text)
    if len(found) > 1 or (found and found[0] != "{{1}}"):
        raise _refuse("Too many variables", "A text header can have at most one variable, {{1}}.")
    example = header.get("example")
    samples = example.get("header_text") if isinstance(example, dict) else None
    if found and not (isinstance(samples, list) and len(samples) == 1 and _filled(samples[0])):
        raise _refuse(
            "Missing sample values", "Add a sample for the header's variable (example.header_text)."
        )
    return text, len(found)


def read_footer(components: list[Any]) -> str:
    footer = component(components, "FOOTER")
    if footer is None:
        return ""
    text = footer.get("text")
    if not isinstance(text, str) or not 0 < len(text) <= MAX_SHORT_TEXT:
        raise _refuse("Footer too long", f"A footer has 1 to {MAX_SHORT_TEXT} characters.")
    if _VARIABLE.search(text):
        raise _refuse("Variables in footer", "A footer cannot contain variables.")
    return text


def read_buttons(components: list[Any]) -> tuple[Button, ...]:
    block = component(components, "BUTTONS")
    buttons = block.get("buttons") if block is not None else []
    if not isinstance(buttons, list):
        raise errors.invalid_parameter("Param BUTTONS buttons must be an array.")
    found = tuple(_button(b) for b in buttons)
    _check_counts(found)
    return found


def _button(button: Any) -> Button:
    if not isinstance(button, dict):
        raise errors.invalid_parameter("Param buttons must hold objects.")
    kind, label = str(button.get("type")).upper(), button.get("text")
    if not isinstance(label, str) or not 0 < len(label) <= MAX_LABEL:
        raise errors.invalid_parameter(f"Param button text must be 1 to {MAX_LABEL} characters.")
    if kind == "QUICK_REPLY":
        return Button("quick_reply", label)
    if kind == "URL":
        return _url_button(button, label)
    if kind == "PHONE_NUMBER":
        phone = button.get("phone_number")
        if not isinstance(phone, str) or len(phone) > MAX_PHONE or not _PHONE.fullmatch(phone):
            raise _refuse(
                "Invalid phone number", "Enter the phone number with its country code, up to 20."
            )
        return Button("phone_number", label, phone)
    raise errors.invalid_parameter(
        "This simulator creates QUICK_REPLY, URL and PHONE_NUMBER buttons only."
    )


def _url_button(button: dict[str, Any], label: str) -> Button:
    url = button.get("url")
    if not isinstance(url, str) or len(url) > MAX_URL:
        raise _refuse("Invalid URL", f"Enter a web address of at most {MAX_URL} characters.")
    fixed = url.removesuffix("{{1}}")
    if not _ADDRESS.fullmatch(fixed):
        raise _refuse(
            "Invalid URL",
            "Enter a web address; a variable can only be {{1}}, at the end of the address.",
        )
    if fixed == url:
        return Button("static_url", label, url)
    example = button.get("example")
    if not (isinstance(example, list) and len(example) == 1 and _filled(example[0])):
        raise _refuse("Missing sample values", "Add a sample for the URL's variable (example).")
    return Button("url", label, url)


def _check_counts(buttons: tuple[Button, ...]) -> None:
    limits = (
        (("quick_reply",), MAX_QUICK_REPLIES, "quick reply"),
        (("url", "static_url"), MAX_URL_BUTTONS, "URL"),
        (("phone_number",), MAX_PHONE_BUTTONS, "phone number"),
    )
    for kinds, limit, word in limits:
        if sum(b.kind in kinds for b in buttons) > limit:
            raise _refuse(
                "Too many buttons", f"A template can have at most {limit} {word} buttons."
            )
    if len(buttons) > MAX_BUTTONS:
        raise _refuse("Too many buttons", f"A template can have at most {MAX_BUTTONS} buttons.")


def _filled(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())
