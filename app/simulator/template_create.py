"""``POST /{waba-id}/message_templates``: a business creates a template (cloud-api.md §17).

Meta checks the request at once and answers ``{id, status: "PENDING", category}``; its review
comes later as a ``message_template_status_update`` webhook. The simulator checks what Meta
checks first (the name's characters, an example for every variable, the header, footer and
buttons as ``template_parts`` checks them, no second template of the same name and language)
and answers in Meta's shape: code 100 with ``error_subcode`` and Meta's user-facing title and
message. ``TemplateReview`` then
approves, or rejects a utility template that reads like an offer, after ``review_delay``.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from app.simulator import errors
from app.simulator.template_parts import (
    SUBCODE_INVALID,
    creation_error,
    read_buttons,
    read_footer,
    read_header,
)
from app.simulator.templates import ButtonKind, Category, TemplateRegistry, TemplateSpec

NAME = re.compile(r"[a-z0-9_]{1,512}")
"""Meta's rule for template names: lowercase letters, digits and underscores."""
MAX_BODY_CHARS = 1024
_POSITIONAL = re.compile(r"\{\{\s*(\d+)\s*\}\}")
_CATEGORIES: dict[str, Category] = {
    "MARKETING": "marketing",
    "UTILITY": "utility",
    "AUTHENTICATION": "authentication",
}
_OFFER_WORDS = ("discount", "% off", "sale", "rabatt", "angebot")
"""Words that make the simulated review call a utility template promotional."""

SUBCODE_EXISTS = 2388024
"""Meta's subcode when the name already has content in that language."""


@dataclass(frozen=True)
class NewTemplate:
    """A creation request that passed Meta's checks."""

    spec: TemplateSpec


def read_request(body: Any, registry: TemplateRegistry) -> NewTemplate:
    """Check a creation body as Meta does and describe the template it asks for.

    Raises:
        GraphError: Code 100 for a malformed body or a broken template rule.
    """
    if not isinstance(body, dict):
        raise errors.invalid_parameter("The request body must be a JSON object.")
    name, language = body.get("name"), body.get("language")
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise creation_error(
            SUBCODE_INVALID,
            "Invalid template name",
            "Template names may contain only lowercase letters, numbers and underscores.",
        )
    if not isinstance(language, str) or not language:
        raise errors.invalid_parameter("Param language is required.")
    category = _CATEGORIES.get(str(body.get("category", "")).upper())
    if category is None:
        raise errors.invalid_parameter(
            "Param category must be one of {MARKETING, UTILITY, AUTHENTICATION}."
        )
    components = body.get("components")
    if not isinstance(components, list):
        raise errors.invalid_parameter("Param components must be an array.")
    text, variables = _body(components)
    header, header_params = read_header(components)
    footer = read_footer(components)
    buttons = read_buttons(components)
    if any(t.name == name and t.language == language for t in registry.all()):
        raise creation_error(
            SUBCODE_EXISTS,
            "Message template language already exists",
            f"Content in this language already exists for {name}. Choose another name or language.",
        )
    spec = TemplateSpec(
        name,
        language,
        category,
        body_params=variables,
        header="text" if header else None,
        header_params=header_params,
        buttons=tuple(cast(ButtonKind, b.kind) for b in buttons),
        status="PENDING",
        body_text=text,
        header_text=header,
        footer_text=footer,
        button_texts=tuple(b.text for b in buttons),
        button_values=tuple(b.value for b in buttons),
    )
    return NewTemplate(spec)


def _body(components: list[Any]) -> tuple[str, int]:
    """The body text and its count of ``{{n}}`` variables, each with an example."""
    found = [c for c in components if isinstance(c, dict) and str(c.get("type")).upper() == "BODY"]
    if len(found) != 1 or not isinstance(found[0].get("text"), str) or not found[0]["text"]:
        raise errors.invalid_parameter("Param components must hold one BODY with text.")
    text: str = found[0]["text"]
    if len(text) > MAX_BODY_CHARS:
        raise errors.invalid_parameter(
            f"Param BODY text is longer than {MAX_BODY_CHARS} characters."
        )
    numbers = sorted({int(n) for n in _POSITIONAL.findall(text)})
    if numbers != list(range(1, len(numbers) + 1)):
        raise creation_error(
            SUBCODE_INVALID,
            "Variables are not in order",
            "Number the body's variables {{1}}, {{2}} … without gaps.",
        )
    example = found[0].get("example")
    rows = example.get("body_text") if isinstance(example, dict) else None
    row = rows[0] if isinstance(rows, list) and rows and isinstance(rows[0], list) else []
    if numbers and (len(row) != len(numbers) or not all(isinstance(v, str) and v for v in row)):
        raise creation_error(
            SUBCODE_INVALID,
            "Missing sample values",
            "Add a sample for each variable in the body (example.body_text).",
        )
    return text, len(numbers)


def verdict(spec: TemplateSpec) -> tuple[str, str | None, tuple[str, str] | None]:
    """The simulated review: (status, reason, rejection words) Meta would send."""
    lowered = spec.body_text.lower()
    if spec.category == "utility" and any(word in lowered for word in _OFFER_WORDS):
        return (
            "REJECTED",
            "INCORRECT_CATEGORY",
            ("Promotional wording in a utility template.", "Resubmit as MARKETING."),
        )
    return "APPROVED", "NONE", None


class TemplateReview:
    """Reviews created templates after ``delay`` seconds (None: only on a control call)."""

    def __init__(
        self,
        registry: TemplateRegistry,
        delay: float | None,
        spawn: Callable[[Any, str], object],
        clock: Callable[[], float],
    ) -> None:
        self._registry = registry
        self._delay = delay
        self._spawn = spawn
        self._clock = clock

    @property
    def delay(self) -> float | None:
        """Seconds until a created template's review; None: only a control call decides."""
        return self._delay

    @delay.setter
    def delay(self, seconds: float | None) -> None:
        self._delay = seconds

    def create(self, body: Any) -> dict[str, Any]:
        """Handle a creation body: register it PENDING and schedule its review.

        Raises:
            GraphError: Meta's answer to a refused template.
        """
        spec = self._registry.add(read_request(body, self._registry).spec)
        if self._delay is not None:
            self._spawn(self._review(spec), f"template-review-{spec.id}")
        return {"id": str(spec.id), "status": "PENDING", "category": spec.category.upper()}

    async def _review(self, spec: TemplateSpec) -> None:
        assert self._delay is not None
        await asyncio.sleep(self._delay)
        current = next((t for t in self._registry.all() if t.id == spec.id), None)
        if current is None or current.status != "PENDING":
            return  # a control call decided first
        status, reason, rejection = verdict(current)
        self._registry.set_status(
            spec.name, spec.language, status, reason, self._clock(), rejection
        )
