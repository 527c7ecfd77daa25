"""Message templates: the registry (name + language → shape) and the ``template`` send type.

Syntax errors in a ``template`` object are code 100 (``validate_template``). Whether the
template exists and the parameters fit its shape is the registry's business
(``TemplateRegistry.check``): 132001 unknown, 132000 wrong count, 132012 named vs positional,
132015/132016 paused or disabled; the send pipeline decides whether that is answered at once
or as a later ``failed`` status.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal

from app.simulator import checks, errors
from app.simulator.payloads import WebhookItem, field_update

Category = Literal["marketing", "utility", "authentication"]
HeaderKind = Literal["text", "image", "video", "document", "location"]
ButtonKind = Literal["quick_reply", "url", "static_url", "phone_number"]
"""``url`` buttons have a dynamic suffix, so a send must give exactly one parameter;
``static_url`` and ``phone_number`` buttons take none."""

STATUSES = frozenset({"APPROVED", "PENDING", "REJECTED", "PAUSED", "DISABLED", "FLAGGED"})
QUALITY_SCORES = frozenset({"GREEN", "YELLOW", "RED", "UNKNOWN"})
_PARAM_KEYS: dict[str, set[str]] = {
    "text": {"type", "text", "parameter_name"},
    "currency": {"type", "currency", "parameter_name"},
    "date_time": {"type", "date_time", "parameter_name"},
    "image": {"type", "image"},
    "video": {"type", "video"},
    "document": {"type", "document"},
    "location": {"type", "location"},
    "payload": {"type", "payload"},
}
_ids = itertools.count(1_300_000_000_000_001)


@dataclass(frozen=True)
class TemplateSpec:
    """What the registry knows of one approved template in one language."""

    name: str
    language: str
    category: Category
    body_params: int | tuple[str, ...] = 0
    """A count for positional ``{{1}}`` parameters, or the names of named parameters."""
    header: HeaderKind | None = None
    header_params: int = 0
    """Text headers: 0 or 1 parameter; media and location headers always take one."""
    buttons: tuple[ButtonKind, ...] = ()
    status: str = "APPROVED"
    quality: str = "UNKNOWN"
    """Meta's quality score (§17); new templates start UNKNOWN."""
    id: int = 0
    """Meta's template id; 0 picks a fresh one when the registry adds it."""
    body_text: str = ""
    """The body as created, with ``{{1}}`` or ``{{name}}`` placeholders; "" makes one up from
    ``body_params`` (the listing needs words)."""
    header_text: str = ""
    footer_text: str = ""
    button_texts: tuple[str, ...] = ()
    """Labels of ``buttons``, in order; missing ones are made up."""
    button_values: tuple[str, ...] = ()
    """The address of each URL button, the number of a phone button ("" for others, or made
    up when missing)."""

    @property
    def named(self) -> bool:
        """Whether the body was created with named parameters."""
        return isinstance(self.body_params, tuple)


DEFAULT_TEMPLATES: tuple[TemplateSpec, ...] = (
    TemplateSpec(
        "hello_world",
        "en_US",
        "utility",
        body_text="Hello! Thanks for getting in touch with us.",
        header_text="Hello World",
        footer_text="WhatsApp Business Platform sample message",
    ),
    TemplateSpec(
        "order_update",
        "en_US",
        "utility",
        body_params=2,
        body_text="Hi {{1}}, your order {{2}} is on its way. Reply here if anything is wrong.",
        footer_text="Acme Support",
    ),
    TemplateSpec(
        "order_update",
        "de_DE",
        "utility",
        body_params=2,
        body_text="Hallo {{1}}, Ihre Bestellung {{2}} ist unterwegs.",
        footer_text="Acme Support",
    ),
    TemplateSpec(
        "seasonal_promotion",
        "en_US",
        "marketing",
        body_params=("season", "discount"),
        header="image",
        buttons=("quick_reply", "quick_reply"),
        body_text="Our {{season}} sale is on: {{discount}} off everything!",
        button_texts=("Show me", "Not interested"),
    ),
    TemplateSpec(
        "verification_code",
        "en_US",
        "authentication",
        1,
        buttons=("url",),
        body_text="{{1}} is your verification code.",
        button_texts=("Copy code",),
    ),
)


class TemplateRegistry:
    """Templates of the business account, keyed by (name, language)."""

    def __init__(self, specs: tuple[TemplateSpec, ...], emit: Callable[[WebhookItem], None]):
        """Load the initial templates; ``emit`` queues status-change webhooks."""
        self._specs: dict[tuple[str, str], TemplateSpec] = {}
        self._emit = emit
        for spec in specs:
            self.add(spec)

    def add(self, spec: TemplateSpec) -> TemplateSpec:
        """Register (or replace) a template; returns it with its id filled in."""
        if spec.status not in STATUSES:
            raise ValueError(f"status must be one of {sorted(STATUSES)}")
        if spec.id == 0:
            spec = replace(spec, id=next(_ids))
        self._specs[(spec.name, spec.language)] = spec
        return spec

    def all(self) -> tuple[TemplateSpec, ...]:
        """Every template, in the order added."""
        return tuple(self._specs.values())

    def set_status(
        self,
        name: str,
        language: str,
        status: str,
        reason: str | None,
        now: float,
        rejection: tuple[str, str] | None = None,
    ) -> TemplateSpec:
        """Change a template's review status and emit ``message_template_status_update``.

        Args:
            rejection: Meta's free-text reason and recommendation (``rejection_info``), for a
                ``REJECTED`` status.

        Raises:
            KeyError: If there is no such template.
            ValueError: On an unknown status.
        """
        if status not in STATUSES:
            raise ValueError(f"status must be one of {sorted(STATUSES)}")
        spec = replace(self._specs[(name, language)], status=status)
        self._specs[(name, language)] = spec
        value: dict[str, Any] = {
            **_named(spec),
            "event": status,
            "reason": reason,
            "message_template_category": spec.category.upper(),
        }
        if rejection is not None and status == "REJECTED":
            value["rejection_info"] = {"reason": rejection[0], "recommendation": rejection[1]}
        self._emit(field_update("message_template_status_update", value, now))
        return spec

    def set_quality(self, name: str, language: str, score: str, now: float) -> TemplateSpec:
        """Meta re-rates a template: ``message_template_quality_update`` (§17).

        Raises:
            KeyError: If there is no such template.
            ValueError: On an unknown score.
        """
        if score not in QUALITY_SCORES:
            raise ValueError(f"score must be one of {sorted(QUALITY_SCORES)}")
        spec = self._specs[(name, language)]
        changed = replace(spec, quality=score)
        self._specs[(name, language)] = changed
        value = {
            "previous_quality_score": spec.quality,
            "new_quality_score": score,
            **_named(spec),
        }
        self._emit(field_update("message_template_quality_update", value, now))
        return changed

    def set_category(
        self, name: str, language: str, category: Category, now: float
    ) -> TemplateSpec:
        """Meta moves a template to another category, done: ``template_category_update``.

        Raises:
            KeyError: If there is no such template.
            ValueError: On an unknown category.
        """
        if category not in ("marketing", "utility", "authentication"):
            raise ValueError("category must be marketing, utility or authentication")
        spec = self._specs[(name, language)]
        changed = replace(spec, category=category)
        self._specs[(name, language)] = changed
        value = {
            **_named(spec),
            "previous_category": spec.category.upper(),
            "new_category": category.upper(),
        }
        self._emit(field_update("template_category_update", value, now))
        return changed

    def category(self, content: dict[str, Any]) -> Category | None:
        """The category of the template a send names, if it exists."""
        spec = self._specs.get((content["name"], content["language"]["code"]))
        return None if spec is None else spec.category

    def check(self, content: dict[str, Any]) -> TemplateSpec:
        """Check a validated ``template`` object against the registry.

        Raises:
            GraphError: 132001, 132000, 132012, 132015 or 132016.
        """
        name, language = content["name"], content["language"]["code"]
        spec = self._specs.get((name, language))
        if spec is None or spec.status in {"PENDING", "REJECTED"}:
            raise errors.template_error(
                errors.TEMPLATE_MISSING, f"template name ({name}) does not exist in {language}"
            )
        if spec.status == "PAUSED":
            raise errors.template_error(errors.TEMPLATE_PAUSED, f"Template {name} is paused.")
        if spec.status == "DISABLED":
            raise errors.template_error(errors.TEMPLATE_DISABLED, f"Template {name} is disabled.")
        components = content.get("components", [])
        _check_header(spec, _parameters(components, "header"))
        _check_body(spec, _parameters(components, "body"))
        _check_buttons(spec, [c for c in components if c["type"] == "button"])
        return spec


def _named(spec: TemplateSpec) -> dict[str, Any]:
    """How template webhooks name a template: its id (a number), name and language."""
    return {
        "message_template_id": spec.id,
        "message_template_name": spec.name,
        "message_template_language": spec.language,
    }


def _parameters(components: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    found = [c.get("parameters", []) for c in components if c["type"] == kind]
    return [p for params in found for p in params]


def _count_error(where: str, given: int, expected: int) -> errors.GraphError:
    return errors.template_error(
        errors.TEMPLATE_PARAM_COUNT,
        f"{where}: number of localizable_params ({given}) does not match the expected number "
        f"of params ({expected})",
    )


def _check_header(spec: TemplateSpec, params: list[dict[str, Any]]) -> None:
    expected = 0 if spec.header is None else 1 if spec.header != "text" else spec.header_params
    if len(params) != expected:
        raise _count_error("header", len(params), expected)
    if params and spec.header != "text" and params[0]["type"] != spec.header:
        raise errors.template_error(
            errors.TEMPLATE_PARAM_FORMAT, f"header: expected a parameter of type {spec.header}"
        )


def _check_body(spec: TemplateSpec, params: list[dict[str, Any]]) -> None:
    expected = spec.body_params
    count = len(expected) if isinstance(expected, tuple) else expected
    if len(params) != count:
        raise _count_error("body", len(params), count)
    names = [p.get("parameter_name") for p in params]
    if isinstance(expected, tuple):
        if sorted(str(n) for n in names) != sorted(expected) or None in names:
            raise errors.template_error(
                errors.TEMPLATE_PARAM_FORMAT,
                f"body: expected named parameters {sorted(expected)}",
            )
    elif any(n is not None for n in names):
        raise errors.template_error(
            errors.TEMPLATE_PARAM_FORMAT, "body: this template takes positional parameters"
        )


def _check_buttons(spec: TemplateSpec, buttons: list[dict[str, Any]]) -> None:
    given = {int(b["index"]): b for b in buttons}
    for index in given.keys() - set(range(len(spec.buttons))):
        raise _count_error(f"button at index {index}", 1, 0)
    for index, kind in enumerate(spec.buttons):
        button = given.get(index)
        count = 0 if button is None else len(button.get("parameters", []))
        if kind in ("static_url", "phone_number") and button is not None:
            raise _count_error(f"button at index {index}", count, 0)
        if kind == "url" and count != 1:
            raise _count_error(f"button at index {index}", count, 1)
        if button is not None and button["sub_type"] != kind:
            raise errors.template_error(
                errors.TEMPLATE_PARAM_FORMAT, f"button at index {index} is of type {kind}"
            )
        if count > 1:
            raise _count_error(f"button at index {index}", count, 1)


def validate_template(value: Any) -> dict[str, Any]:
    """The ``template`` type object (code 100 for malformed ones)."""
    template = checks.obj(value, "template", {"name", "language", "components", "namespace"})
    checks.text(checks.required(template, "name", "template"), "template['name']", 512)
    language = checks.obj(
        checks.required(template, "language", "template"),
        "template['language']",
        {"code", "policy"},
    )
    checks.text(checks.required(language, "code", "template['language']"), "language code", 15)
    components = template.get("components", [])
    for n, component in enumerate(checks.array(components, "template['components']", 0, 20)):
        _component(component, f"template['components'][{n}]")
    return dict(template)


def _component(value: Any, where: str) -> None:
    component = checks.obj(value, where, {"type", "sub_type", "index", "parameters"})
    kind = checks.one_of(component.get("type"), f"{where}['type']", {"header", "body", "button"})
    if kind == "button":
        checks.one_of(component.get("sub_type"), f"{where}['sub_type']", {"quick_reply", "url"})
        index = component.get("index")
        if not (isinstance(index, int) or (isinstance(index, str) and index.isdigit())):
            raise errors.invalid_parameter(f"Param {where}['index'] must be a number.")
    elif "sub_type" in component or "index" in component:
        raise errors.invalid_parameter(f"Param {where} takes sub_type and index only on buttons.")
    params = checks.array(component.get("parameters", []), f"{where}['parameters']", 0, 100)
    for n, param in enumerate(params):
        _parameter(param, f"{where}['parameters'][{n}]", kind)


def _parameter(value: Any, where: str, component: str) -> None:
    if not isinstance(value, dict):
        raise errors.invalid_parameter(f"Param {where} must be a JSON object.")
    kind = checks.one_of(value.get("type"), f"{where}['type']", set(_PARAM_KEYS))
    checks.no_unknown_keys(value, _PARAM_KEYS[kind], where)
    payload = checks.required(value, kind, where)
    if kind in {"text", "payload"}:
        checks.text(payload, f"{where}['{kind}']", 32768)
    else:
        _PARAM_CHECKS[kind](payload, f"{where}['{kind}']")
    if "parameter_name" in value:
        checks.text(value["parameter_name"], f"{where}['parameter_name']", 60)
    if component == "button" and kind not in {"payload", "text"}:
        raise errors.invalid_parameter(f"Param {where}: buttons take payload or text parameters.")


def _currency(value: Any, where: str) -> None:
    currency = checks.obj(value, where, {"fallback_value", "code", "amount_1000"})
    checks.text(currency.get("fallback_value"), f"{where}['fallback_value']", 100)
    checks.text(currency.get("code"), f"{where}['code']", 3)
    if type(currency.get("amount_1000")) is not int:
        raise errors.invalid_parameter(f"Param {where}['amount_1000'] must be an integer.")


def _date_time(value: Any, where: str) -> None:
    date_time = checks.obj(value, where, {"fallback_value"})
    checks.text(date_time.get("fallback_value"), f"{where}['fallback_value']", 100)


def _media(value: Any, where: str) -> None:
    media = checks.obj(value, where, {"id", "link", "filename"})
    if ("id" in media) == ("link" in media):
        raise errors.invalid_parameter(f"Param {where} needs exactly one of id, link.")


def _location(value: Any, where: str) -> None:
    location = checks.obj(value, where, {"latitude", "longitude", "name", "address"})
    checks.number(location.get("latitude"), f"{where}['latitude']", -90, 90)
    checks.number(location.get("longitude"), f"{where}['longitude']", -180, 180)


_PARAM_CHECKS: dict[str, Callable[[Any, str], None]] = {
    "currency": _currency,
    "date_time": _date_time,
    "image": _media,
    "video": _media,
    "document": _media,
    "location": _location,
}
