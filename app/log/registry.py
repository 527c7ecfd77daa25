"""Every event kind of the team log, registered once.

A new kind is a module in `app.log.kinds` ending with a `KindSpec`, one line here and its
`EventKind` number; the codec, the batch loader and the fold find it through `spec_for`.
"""

from __future__ import annotations

from typing import Any

from app.crypto.errors import DecodeError
from app.crypto.header import EventType
from app.domain.errors import EnvelopeRejected
from app.domain.events import EventKind
from app.domain.model import Role
from app.log.kind import KindSpec
from app.log.kinds import (
    admin_notice,
    agent_availability,
    api_token,
    assignment_settings,
    back_office_system,
    business_hours,
    canned_reply,
    claim,
    contact_sync,
    conversation_labelled,
    conversation_started,
    customer_edit,
    customer_id_changed,
    customer_message,
    customer_revoke,
    delivery_status,
    exported,
    foreign_webhooks,
    gateway_settings,
    gateway_status,
    handover,
    history_chunk,
    history_sync,
    label_defined,
    media_stored,
    menu,
    note,
    notification_sent,
    number_status,
    outbound_request,
    phone_echo,
    phone_sync_request,
    preference_changed,
    reply,
    send_outcome,
    settings_noted,
    state_change,
    template_catalogue,
    template_request,
    version_announced,
)

KINDS: tuple[KindSpec[Any], ...] = (
    customer_message.SPEC,
    delivery_status.SPEC,
    send_outcome.SPEC,
    customer_id_changed.SPEC,
    preference_changed.SPEC,
    number_status.SPEC,
    media_stored.SPEC,
    gateway_status.SPEC,
    claim.SPEC,
    reply.SPEC,
    outbound_request.SPEC,
    gateway_settings.SPEC,
    state_change.SPEC,
    handover.SPEC,
    note.SPEC,
    template_catalogue.SPEC,
    conversation_started.SPEC,
    customer_edit.SPEC,
    customer_revoke.SPEC,
    foreign_webhooks.SPEC,
    phone_echo.SPEC,
    contact_sync.SPEC,
    admin_notice.SPEC,
    template_request.SPEC,
    api_token.SPEC,
    notification_sent.SPEC,
    history_chunk.SPEC,
    history_sync.SPEC,
    phone_sync_request.SPEC,
    exported.SPEC,
    back_office_system.SPEC,
    label_defined.SPEC,
    conversation_labelled.SPEC,
    canned_reply.SPEC,
    version_announced.SPEC,
    business_hours.SPEC,
    assignment_settings.SPEC,
    agent_availability.SPEC,
    menu.SPEC,
    settings_noted.SPEC,
)

_BY_CODE: dict[int, KindSpec[Any]] = {spec.code: spec for spec in KINDS}
_BY_TYPE: dict[type, KindSpec[Any]] = {spec.event_type: spec for spec in KINDS}
if len(_BY_CODE) != len(KINDS) or len(_BY_TYPE) != len(KINDS):
    raise RuntimeError("two event kinds share a number or a type")


def spec_for_code(code: int) -> KindSpec[Any]:
    """The kind a plaintext's `kind` byte names. Raises `DecodeError` for an unknown one."""
    spec = _BY_CODE.get(code)
    if spec is None:
        raise DecodeError("value")
    return spec


def check_envelope(event: object, envelope: EventType) -> None:
    """Refuse an event its envelope type may not carry (a member forging a customer's message
    or the gateway's template list, say). Raises `EnvelopeRejected("kind-for-type")`."""
    if spec_for(event).envelope != envelope:
        raise EnvelopeRejected("kind-for-type")


def check_role(event: object, role: Role) -> None:
    """Refuse an admin's event (a label's definition, a shared canned reply) from a member.
    Raises `EnvelopeRejected("kind-for-role")`."""
    if role is not Role.ADMIN and spec_for(event).admin_only(event):
        raise EnvelopeRejected("kind-for-role")


def guard_neutral(event: object | None) -> bool:
    """Whether a record of this event leaves its conversation's guard where it was."""
    return event is not None and spec_for(event).guard_neutral


def spec_for(event: object) -> KindSpec[Any]:
    """The kind of an event value (a `KeyError` names a type nobody registered: a bug)."""
    return _BY_TYPE[type(event)]


__all__ = ["KINDS", "EventKind", "spec_for", "spec_for_code"]
