"""The business phone number's node (cloud-api.md §9), changeable at runtime.

Changing a field that Meta announces emits the matching account-level webhook:
``phone_number_name_update`` (verified name or its review), ``phone_number_quality_update``
(quality rating or messaging limit) and ``account_update`` (official business account granted,
number banned, restricted or reinstated). The event values are the simulator's reading of
Meta's webhook reference; see the module's tests and the conformance corpus for the shapes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from app.simulator.config import SimulatorConfig
from app.simulator.ids import DIAL_CODES
from app.simulator.payloads import WebhookItem, field_update

DEFAULT_FIELDS = ("display_phone_number", "verified_name", "quality_rating")
NAME_STATUSES = frozenset(
    {"APPROVED", "AVAILABLE_WITHOUT_REVIEW", "PENDING_REVIEW", "DECLINED", "EXPIRED", "NONE"}
)
_CHOICES: dict[str, frozenset[str]] = {
    "name_status": NAME_STATUSES,
    "new_name_status": NAME_STATUSES,
    "quality_rating": frozenset({"GREEN", "YELLOW", "RED", "UNKNOWN", "NA"}),
    "code_verification_status": frozenset({"VERIFIED", "NOT_VERIFIED", "EXPIRED"}),
    "throughput_level": frozenset({"STANDARD", "HIGH"}),
    "platform_type": frozenset({"CLOUD_API", "ON_PREMISE", "NOT_APPLICABLE"}),
    "status": frozenset(
        {"CONNECTED", "PENDING", "FLAGGED", "RESTRICTED", "BANNED", "DISCONNECTED"}
    ),
    "account_mode": frozenset({"LIVE", "SANDBOX"}),
    "messaging_limit": frozenset(
        {"TIER_250", "TIER_2K", "TIER_10K", "TIER_100K", "TIER_UNLIMITED"}
    ),
}
_TIERS = ("TIER_250", "TIER_2K", "TIER_10K", "TIER_100K", "TIER_UNLIMITED")
THROUGHPUT_MPS = {"STANDARD": 80.0, "HIGH": 1000.0}


@dataclass(frozen=True)
class PhoneFields:
    """The settable fields of the number; ``fields()`` renders them as Graph does."""

    verified_name: str
    name_status: str
    quality_rating: str
    is_official_business_account: bool
    code_verification_status: str
    throughput_level: str
    platform_type: str
    status: str
    account_mode: str
    messaging_limit: str
    new_name_status: str = "NONE"
    is_pin_enabled: bool = False
    is_on_biz_app: bool = False
    search_visibility: str = "VISIBLE"
    last_onboarded_time: str = "2026-01-05T09:00:00+0000"

    def __post_init__(self) -> None:
        """Reject values Meta never reports."""
        for name, choices in _CHOICES.items():
            if getattr(self, name) not in choices:
                raise ValueError(f"{name} must be one of {sorted(choices)}")
        for name in ("is_official_business_account", "is_pin_enabled", "is_on_biz_app"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name} must be a boolean")
        if not isinstance(self.verified_name, str) or not self.verified_name:
            raise ValueError("verified_name must be a non-empty string")


class PhoneNumber:
    """The number's current fields, the business's block list, and change webhooks."""

    def __init__(
        self,
        config: SimulatorConfig,
        emit: Callable[[WebhookItem], None],
        clock: Callable[[], float],
    ) -> None:
        """Take the initial fields from ``config``."""
        self._config = config
        self._emit = emit
        self._clock = clock
        self._fields = PhoneFields(
            verified_name=config.verified_name,
            name_status=config.name_status,
            quality_rating=config.quality_rating,
            is_official_business_account=config.is_official_business_account,
            code_verification_status=config.code_verification_status,
            throughput_level=config.throughput_level,
            platform_type=config.platform_type,
            status=config.status,
            account_mode=config.account_mode,
            messaging_limit=config.messaging_limit,
        )

    @property
    def current(self) -> PhoneFields:
        """The fields as they are now."""
        return self._fields

    @property
    def throughput_mps(self) -> float:
        """Messages per second the number's throughput level allows (§11)."""
        return THROUGHPUT_MPS[self._fields.throughput_level]

    def update(self, changes: Mapping[str, Any], *, rejection_reason: str | None = None) -> None:
        """Change fields and emit the webhooks Meta sends for such changes.

        Args:
            changes: Field name → new value (names of ``PhoneFields``).
            rejection_reason: Reported in ``phone_number_name_update`` when a name is declined.

        Raises:
            ValueError: On an unknown field or a bad value.
        """
        known = {f.name for f in fields(PhoneFields)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise ValueError(f"unknown phone-number field {unknown[0]!r}")
        old, new = self._fields, replace(self._fields, **changes)
        self._fields = new
        now = self._clock()
        for field_name, value in _announcements(old, new, self._config, rejection_reason):
            self._emit(field_update(field_name, value, now))

    def graph_fields(self) -> dict[str, Any]:
        """Every field of the node that Graph serves (§9), keyed by Graph's names."""
        f = self._fields
        return {
            "display_phone_number": format_phone(self._config.display_phone_number),
            "verified_name": f.verified_name,
            "quality_rating": f.quality_rating,
            "name_status": f.name_status,
            "new_name_status": f.new_name_status,
            "code_verification_status": f.code_verification_status,
            "is_official_business_account": f.is_official_business_account,
            "throughput": {"level": f.throughput_level},
            "platform_type": f.platform_type,
            "status": f.status,
            "account_mode": f.account_mode,
            "whatsapp_business_manager_messaging_limit": f.messaging_limit,
            "is_pin_enabled": f.is_pin_enabled,
            "health_status": {"can_send_message": _can_send(f.status)},
            "search_visibility": f.search_visibility,
            "country_code": country_code(self._config.display_phone_number),
            "is_on_biz_app": f.is_on_biz_app,
            "last_onboarded_time": f.last_onboarded_time,
        }


def _can_send(status: str) -> str:
    return "BLOCKED" if status in {"BANNED", "RESTRICTED", "DISCONNECTED"} else "AVAILABLE"


def _announcements(
    old: PhoneFields, new: PhoneFields, config: SimulatorConfig, reason: str | None
) -> list[tuple[str, dict[str, Any]]]:
    digits = config.display_phone_number
    out: list[tuple[str, dict[str, Any]]] = []
    if (old.verified_name, old.name_status) != (new.verified_name, new.name_status):
        decision = {"APPROVED": "APPROVED", "AVAILABLE_WITHOUT_REVIEW": "APPROVED"}.get(
            new.name_status, "REJECTED" if new.name_status == "DECLINED" else "DEFERRED"
        )
        value: dict[str, Any] = {
            "display_phone_number": digits,
            "decision": decision,
            "requested_verified_name": new.verified_name,
            "rejection_reason": reason if decision == "REJECTED" else None,
        }
        out.append(("phone_number_name_update", value))
    if old.quality_rating != new.quality_rating:
        event = "FLAGGED" if new.quality_rating == "RED" else "UNFLAGGED"
        quality = {"display_phone_number": digits, "event": event}
        out.append(
            ("phone_number_quality_update", {**quality, "current_limit": new.messaging_limit})
        )
    if old.messaging_limit != new.messaging_limit:
        up = _TIERS.index(new.messaging_limit) > _TIERS.index(old.messaging_limit)
        limit = {"display_phone_number": digits, "event": "UPGRADE" if up else "DOWNGRADE"}
        limit["current_limit"] = new.messaging_limit
        out.append(("phone_number_quality_update", limit))
    if new.is_official_business_account and not old.is_official_business_account:
        out.append(("account_update", {"phone_number": digits, "event": "VERIFIED_ACCOUNT"}))
    if old.status != new.status:
        out.extend(_status_announcement(old.status, new.status, digits))
    return out


def _status_announcement(old: str, new: str, digits: str) -> list[tuple[str, dict[str, Any]]]:
    value: dict[str, Any] = {"phone_number": digits}
    if new == "BANNED" or old == "BANNED":
        state = "DISABLE" if new == "BANNED" else "REINSTATE"
        value["event"] = "DISABLED_UPDATE"
        value["ban_info"] = {"waba_ban_state": state, "waba_ban_date": "January 1, 2026"}
    elif new == "RESTRICTED":
        value["event"] = "ACCOUNT_RESTRICTION"
        value["restriction_info"] = [
            {"restriction_type": "RESTRICTED_BIZ_INITIATED_MESSAGING", "expiration": 1767225600}
        ]
    else:
        return []
    return [("account_update", value)]


def format_phone(digits: str) -> str:
    """Format bare digits roughly as Graph does (``4930555000`` → ``+49 30 555000``).

    Real numbering plans vary; this splits off a known country code and a two-digit area
    code, which is right for the documented example and readable for the rest.
    """
    codes = sorted(DIAL_CODES.values(), key=len, reverse=True)
    cc = next((c for c in codes if digits.startswith(c)), digits[:2])
    rest = digits[len(cc) :]
    return f"+{cc} {rest[:2]} {rest[2:]}".rstrip()


def country_code(digits: str) -> str:
    """ISO code of the number's country, from its dialling code (``DE`` for ``49…``)."""
    by_length = sorted(DIAL_CODES.items(), key=lambda item: len(item[1]), reverse=True)
    return next((iso for iso, dial in by_length if digits.startswith(dial)), "ZZ")
