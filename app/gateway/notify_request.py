"""Reading a back-office system's request (docs/notifications.md), values in, values out.

`parse_single` and `parse_bulk` check a JSON body and return typed requests, or raise
`ApiError` with the status and one clear sentence the system gets back. `template_content`
turns a request's template and parameters into the `Template` the thread shows, from the
catalogue the gateway read from Meta: only an approved template whose every parameter is a
text may be sent, as desks' pickers allow.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.domain.content import Template
from app.domain.templates import (
    TemplateDef,
    TemplateRef,
    TemplateValue,
    find,
    missing,
    render,
    template_params,
    usable,
)

MAX_KEY_CHARS = 255
"""Characters of an idempotency key."""
MAX_PARAM_CHARS = 1024
"""Characters of one parameter's value (Meta's limit for a body parameter)."""
MAX_BULK = 10_000
"""Recipients of one bulk request."""
_DIGITS = re.compile(r"\+?([0-9]{7,15})")
_KEY = re.compile(r"[\x21-\x7e]{1,255}")
"""Printable ASCII without spaces: keys travel in logs' neighbourhood and URLs."""

Parameters = tuple[str, ...] | tuple[tuple[str, str], ...]
"""A template's values: in order (`["Ada", "4711"]`), or by name (`{"name": "Ada"}`)."""


class ApiError(Exception):
    """A request the gateway answers with an error: HTTP status, stable code, one sentence."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message}}


@dataclass(frozen=True, slots=True)
class TemplateChoice:
    name: str
    language: str


@dataclass(frozen=True, slots=True)
class Notification:
    """One template to one recipient."""

    to: str
    """The recipient's phone number, digits only."""
    template: TemplateChoice
    parameters: Parameters
    idempotency_key: str

    def digest(self) -> bytes:
        """What makes two requests with one key the same request."""
        return _digest([self.to, self.template.name, self.template.language, self.parameters])


@dataclass(frozen=True, slots=True)
class Recipient:
    to: str
    parameters: Parameters


@dataclass(frozen=True, slots=True)
class BulkNotification:
    """One template to many recipients, each with their own parameters."""

    template: TemplateChoice
    recipients: tuple[Recipient, ...]
    idempotency_key: str

    def digest(self) -> bytes:
        items = [[r.to, r.parameters] for r in self.recipients]
        return _digest([self.template.name, self.template.language, items])


def parse_json(raw: bytes) -> object:
    """The body as JSON. Raises ApiError(400) when it is not."""
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ApiError(400, "invalid_json", "The body is not valid JSON.") from None


def parse_single(body: object) -> Notification:
    """A `POST /v1/notifications` body. Raises ApiError(400) naming the first fault."""
    data = _object(body, "The body")
    template, parameters = _template(data.get("template"))
    return Notification(
        to=phone_number(data.get("to"), "to"),
        template=template,
        parameters=parameters,
        idempotency_key=_idempotency_key(data.get("idempotency_key")),
    )


def parse_bulk(body: object) -> BulkNotification:
    """A `POST /v1/notifications/bulk` body. Raises ApiError(400) naming the first fault."""
    data = _object(body, "The body")
    template, _ = _template(data.get("template"))
    listed = data.get("recipients")
    if not isinstance(listed, list) or not listed:
        raise _bad("'recipients' must be a non-empty list.")
    if len(listed) > MAX_BULK:
        raise _bad(f"'recipients' may list at most {MAX_BULK} recipients.")
    recipients = []
    for index, item in enumerate(listed):
        entry = _object(item, f"recipients[{index}]")
        recipients.append(
            Recipient(
                phone_number(entry.get("to"), f"recipients[{index}].to"),
                _parameters(entry.get("parameters", []), f"recipients[{index}].parameters"),
            )
        )
    return BulkNotification(
        template, tuple(recipients), _idempotency_key(data.get("idempotency_key"))
    )


def phone_number(value: object, where: str) -> str:
    """E.164 digits, `+` optional, as Meta's `to` takes them. Raises ApiError(400)."""
    if isinstance(value, str):
        match = _DIGITS.fullmatch(value.strip().replace(" ", ""))
        if match:
            return match.group(1)
    raise _bad(f"'{where}' must be a phone number in international form, e.g. +4915112345678.")


def template_content(
    catalogue: Sequence[TemplateDef], choice: TemplateChoice, parameters: Parameters
) -> tuple[Template, str]:
    """The template message and its category (`marketing`, `utility`, …), from the catalogue.

    Raises:
        ApiError: 422 when the number has no such approved template, or a parameter is
            missing or unknown.
    """
    found = find(list(catalogue), TemplateRef(choice.name, choice.language))
    if found is None or not usable(found):
        raise ApiError(
            422,
            "template_not_approved",
            f"The number has no approved template '{choice.name}' in '{choice.language}'.",
        )
    values = _values(found, parameters)
    absent = missing(found, values)
    if absent:
        names = ", ".join(p.key for p in absent)
        raise ApiError(422, "template_parameters", f"The template needs values for: {names}.")
    content = Template(
        found.name, found.language, found.parameter_format, values, render(found, values)
    )
    return content, found.category.lower()


def _values(template: TemplateDef, parameters: Parameters) -> tuple[TemplateValue, ...]:
    params = template_params(template)
    if parameters and isinstance(parameters[0], tuple):
        named = dict(p for p in parameters if isinstance(p, tuple))
        unknown = sorted(set(named) - {p.key for p in params})
        if unknown:
            raise ApiError(
                422, "template_parameters", f"The template has no parameter {unknown[0]}."
            )
        return tuple(
            TemplateValue(p.part, p.key, named[p.key].strip(), p.button_index)
            for p in params
            if p.key in named
        )
    ordered = [p for p in parameters if isinstance(p, str)]
    if len(ordered) > len(params):
        raise ApiError(
            422,
            "template_parameters",
            f"The template takes {len(params)} parameters, not {len(ordered)}.",
        )
    return tuple(
        TemplateValue(p.part, p.key, value.strip(), p.button_index)
        for p, value in zip(params, ordered, strict=False)
    )


def _template(value: object) -> tuple[TemplateChoice, Parameters]:
    data = _object(value, "'template'")
    name, language = data.get("name"), data.get("language")
    if not isinstance(name, str) or not name.strip() or len(name) > 512:
        raise _bad("'template.name' must name an approved template.")
    if not isinstance(language, str) or not re.fullmatch(
        r"[A-Za-z]{2,3}(_[A-Za-z]{2,4})?", language
    ):
        raise _bad("'template.language' must be a language code such as 'en' or 'en_US'.")
    return TemplateChoice(name.strip(), language), _parameters(
        data.get("parameters", []), "template.parameters"
    )


def _parameters(value: object, where: str) -> Parameters:
    if isinstance(value, list):
        if not all(isinstance(v, str) and len(v) <= MAX_PARAM_CHARS for v in value):
            raise _bad(f"'{where}' must hold texts of at most {MAX_PARAM_CHARS} characters.")
        return tuple(value)
    if isinstance(value, Mapping):
        pairs = tuple((str(k), v) for k, v in value.items())
        if not all(isinstance(v, str) and len(v) <= MAX_PARAM_CHARS for _, v in pairs):
            raise _bad(f"'{where}' must hold texts of at most {MAX_PARAM_CHARS} characters.")
        return tuple((k, str(v)) for k, v in pairs)
    raise _bad(f"'{where}' must be a list of texts, or an object of named texts.")


def _idempotency_key(value: object) -> str:
    if isinstance(value, str) and _KEY.fullmatch(value):
        return value
    raise _bad(
        f"'idempotency_key' must be 1 to {MAX_KEY_CHARS} printable characters without spaces."
    )


def _object(value: object, what: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise _bad(f"{what} must be a JSON object.")
    return value


def _bad(message: str) -> ApiError:
    return ApiError(400, "invalid_request", message)


def _digest(value: object) -> bytes:
    return hashlib.sha256(json.dumps(value, separators=(",", ":")).encode()).digest()
