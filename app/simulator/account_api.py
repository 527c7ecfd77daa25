"""The test-harness half of the ``Simulator``'s Python API: switches, number and templates.

A mixin, like ``customer_api``; it relies on the attributes the ``Simulator`` sets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from app.simulator.behaviour import Behaviour
from app.simulator.phone import PhoneFields, PhoneNumber
from app.simulator.state import SimState
from app.simulator.template_create import TemplateReview
from app.simulator.templates import Category, TemplateRegistry, TemplateSpec


class AccountApi:
    """Rule and fault switches, the phone-number node and the template registry."""

    _state: SimState
    _behaviour: Behaviour
    _phone: PhoneNumber
    _templates: TemplateRegistry
    _review: TemplateReview
    _clock: Callable[[], float]

    @property
    def behaviour(self) -> Behaviour:
        """The global switches (customers without overrides follow them)."""
        return self._behaviour

    def configure(self, **changes: Any) -> Behaviour:
        """Change global switches at runtime, e.g. ``configure(window="fail")``.

        Raises:
            ValueError: On an unknown switch or a bad value.
        """
        self._behaviour = self._behaviour.changed(changes)
        return self._behaviour

    def configure_customer(self, user_id: str, **changes: Any) -> Behaviour:
        """Override switches for one customer; a None value removes an override.

        Returns:
            The customer's effective behaviour.

        Raises:
            KeyError: If there is no such customer.
            ValueError: On an unknown or number-wide switch, or a bad value.
        """
        flags = self._state.flags(user_id)
        flags.settings = flags.settings.merged(changes)
        return self.behaviour_for(user_id)

    def customer_overrides(self, user_id: str) -> dict[str, Any]:
        """The switches this customer overrides."""
        return dict(self._state.flags(user_id).settings.overrides)

    def behaviour_for(self, user_id: str | None) -> Behaviour:
        """The effective switches for a customer (None or unknown: the global ones)."""
        if user_id is None or self._state.by_user_id(user_id) is None:
            return self._behaviour
        return self._state.flags(user_id).settings.apply(self._behaviour)

    @property
    def phone_number(self) -> PhoneFields:
        """The number's settable fields as they are now."""
        return self._phone.current

    def update_phone_number(self, *, rejection_reason: str | None = None, **changes: Any) -> None:
        """Change the number's fields (§9) and emit the webhooks Meta sends for that.

        For example ``update_phone_number(quality_rating="RED")`` emits a
        ``phone_number_quality_update`` with event ``FLAGGED``.

        Raises:
            ValueError: On an unknown field or a bad value.
        """
        self._phone.update(changes, rejection_reason=rejection_reason)

    @property
    def templates(self) -> tuple[TemplateSpec, ...]:
        """The registered templates."""
        return self._templates.all()

    def add_template(self, spec: TemplateSpec) -> TemplateSpec:
        """Register (or replace) a template; returns it with its id."""
        return self._templates.add(spec)

    def review_templates_after(self, seconds: float | None) -> None:
        """Meta reviews templates created from now on after `seconds`; None leaves them
        PENDING until ``set_template_status`` decides (tests watch the PENDING state)."""
        self._review.delay = seconds

    def set_template_status(
        self,
        name: str,
        language: str,
        status: str,
        reason: str | None = None,
        *,
        rejection: tuple[str, str] | None = None,
    ) -> TemplateSpec:
        """Change a template's review status; emits ``message_template_status_update``.

        ``PAUSED`` and ``DISABLED`` templates then fail with 132015 and 132016. A ``REJECTED``
        one may carry Meta's words: ``rejection=(reason, recommendation)``.

        Raises:
            KeyError: If there is no such template.
            ValueError: On an unknown status.
        """
        return self._templates.set_status(name, language, status, reason, self._clock(), rejection)

    def set_template_quality(self, name: str, language: str, score: str) -> TemplateSpec:
        """Meta re-rates a template (``GREEN``, ``YELLOW``, ``RED``, ``UNKNOWN``); emits
        ``message_template_quality_update``.

        Raises:
            KeyError: If there is no such template.
            ValueError: On an unknown score.
        """
        return self._templates.set_quality(name, language, score, self._clock())

    def change_template_category(self, name: str, language: str, category: str) -> TemplateSpec:
        """Meta moves a template to another category; emits ``template_category_update``.

        Raises:
            KeyError: If there is no such template.
            ValueError: On an unknown category.
        """
        if category not in ("marketing", "utility", "authentication"):
            raise ValueError("category must be marketing, utility or authentication")
        return self._templates.set_category(name, language, cast(Category, category), self._clock())
