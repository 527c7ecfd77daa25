"""``POST /{waba-id}/message_templates``: a business creates a template (cloud-api.md §17).

Meta checks the request at once and answers ``{id, status: "PENDING", category}``; its review
comes later as a ``message_template_status_update`` webhook. The simulator checks what Meta
checks first (the name's characters, an example for every variable, at most 3 quick replies
here, no second template of the same name and language) and answers in Meta's shape: code 100
with ``error_subcode`` and Meta's user-facing title and message. ``TemplateReview`` then
approves, or rejects a utility template that reads like an offer, after ``review_delay``.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from app.simulator import errors
from app.simulator.templates import ButtonKind, Category, TemplateRegistry, TemplateSpec

NAME = re.compile(r"[a-z0-9_]{1,512}")
"""Meta's rule for template names: lowercase letters, digits and underscores."""
MAX_BODY_CHARS = 1024
MAX_QUICK_REPLIES = 3
"""Quick replies this simulator accepts on one template (the desk offers up to 3)."""
_POSITIONAL = re.compile(r"\{\{\s*(\d+)\s*\}\}")
_CATEGORIES: dict[str, Category] = {
    "MARKETING": "marketing",
    "UTILITY": "utility",
    "AUTHENTICATION": "authentication",
}
_OFFER_WORDS = ("discount", "% off", "sale", "rabatt", "angebot")
"""Words that make the simulated review call a utility template promotional."""

SUBCODE_INVALID = 2388040
"""Meta's subcode for a field that breaks a template rule (the user title says which)."""
SUBCODE_EXISTS = 2388024
"""Meta's subcode when the name already has content in that language."""


@dataclass(frozen=True)
class NewTemplate:
    """A creation request that passed Meta's checks."""

    spec: TemplateSpec


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
    labels = _quick_replies(components)
    if any(t.name == name and t.language == language for t in registry.all()):
        raise creation_error(
            SUBCODE_EXISTS,
            "Message template language already exists",
            f"Content in this language already exists for {name}. Choose another name or language.",
        )
    buttons = cast(tuple[ButtonKind, ...], ("quick_reply",) * len(labels))
    spec = TemplateSpec(
        name,
        language,
        category,
        body_params=variables,
        buttons=buttons,
        status="PENDING",
        body_text=text,
        footer_text=_text_of(components, "FOOTER"),
        button_texts=labels,
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


def _quick_replies(components: list[Any]) -> tuple[str, ...]:
    found = [
        c for c in components if isinstance(c, dict) and str(c.get("type")).upper() == "BUTTONS"
    ]
    buttons = found[0].get("buttons") if found else []
    if not isinstance(buttons, list):
        raise errors.invalid_parameter("Param BUTTONS buttons must be an array.")
    labels: list[str] = []
    for button in buttons:
        if not isinstance(button, dict) or str(button.get("type")).upper() != "QUICK_REPLY":
            raise errors.invalid_parameter("This simulator creates QUICK_REPLY buttons only.")
        label = button.get("text")
        if not isinstance(label, str) or not 0 < len(label) <= 25:
            raise errors.invalid_parameter("Param button text must be 1 to 25 characters.")
        labels.append(label)
    if len(labels) > MAX_QUICK_REPLIES:
        raise creation_error(
            SUBCODE_INVALID,
            "Too many buttons",
            f"A template can have at most {MAX_QUICK_REPLIES} quick reply buttons.",
        )
    return tuple(labels)


def _text_of(components: list[Any], kind: str) -> str:
    for c in components:
        if isinstance(c, dict) and str(c.get("type")).upper() == kind:
            return str(c.get("text", ""))
    return ""


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
