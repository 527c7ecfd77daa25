"""Changes whose `field` is not `messages` (cloud-api.md §3, §5, §8).

`user_preferences` becomes `PreferenceChanged` events; a phone-number name or quality update
only says "poll the number again" (the webhook carries less than `GET /{phone-id}` does); every
other field is reported by name, from Meta's vocabulary only.
"""

from __future__ import annotations

import re

from app.domain.ids import CustomerId
from app.gateway.parse_fields import Skip, as_dict, label, optional_id, timestamp, valid_id
from app.gateway.parse_messages import Contacts, find_customer
from app.log.events import Preference, PreferenceChanged

NUMBER_FIELDS = frozenset({"phone_number_name_update", "phone_number_quality_update"})
"""Fields after which the number's status (name, badge, quality) should be fetched afresh."""
TEMPLATE_FIELDS = frozenset(
    {
        "message_template_status_update",
        "template_category_update",
        "message_template_quality_update",
        "message_template_components_update",
    }
)
"""Fields after which the template list should be read afresh (cloud-api.md §17)."""

FIELDS = frozenset(
    {
        "messages",
        "user_preferences",
        "account_update",
        "message_template_status_update",
        "template_category_update",
        "message_template_quality_update",
        "message_template_components_update",
        "phone_number_quality_update",
        "phone_number_name_update",
        "business_capability_update",
        "security",
        "history",
        "smb_message_echoes",
        "calls",
        "flows",
    }
)
"""Meta's field names (cloud-api.md §3): the only ones a problem string may quote."""
_GROUP_FIELD = re.compile(r"group_[a-z_]{1,40}")

_MARKETING = "marketing_messages"
_PREFERENCES = {
    "stop": Preference.STOP,
    "resume": Preference.RESUME,
    "signup": Preference.SIGNUP,
}
_CATEGORIES = frozenset({_MARKETING})


def field_label(value: object) -> str:
    """A change's `field` for a problem string: Meta's word, or a stand-in for anything else."""
    if isinstance(value, str) and _GROUP_FIELD.fullmatch(value):
        return value
    return label(value, FIELDS)


def read_preference(item: object, contacts: Contacts) -> PreferenceChanged:
    """One `user_preferences[]` item: a marketing opt-out, opt-in or sign-up (§5, §8).

    Keyed like messages: the item's `user_id` (BSUID) when present, else the BSUID that the
    value's `contacts[]` give for its `wa_id`, else the `wa_id` itself.

    Raises:
        Skip: another category or value, or nobody named.
    """
    data = as_dict(item)
    category = data.get("category")
    if category != _MARKETING:
        raise Skip(f"category {label(category, _CATEGORIES)} not handled")
    word = data.get("value")
    preference = _PREFERENCES.get(word) if isinstance(word, str) else None
    if preference is None:
        raise Skip(f"value {label(word, _PREFERENCES)} not handled")
    user_id = optional_id(data, "user_id")
    customer = find_customer(valid_id(data.get("wa_id")), user_id, contacts)
    return PreferenceChanged(
        customer_id=CustomerId(customer.user_id),
        preference=preference,
        at=timestamp(data),
    )
