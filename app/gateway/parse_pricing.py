"""The `pricing` object of a status item: what Meta charges for a message (cloud-api.md §5, §18).

Meta keeps adding categories (group and AI messages, say), so the category word is carried as
sent when it looks like one of Meta's words; the desk has its own label for those it does not
know. `billable` is deprecated and may be missing: then a message is billable exactly when its
type is `regular` (pywa's rule, §18).
"""

from __future__ import annotations

import re

from app.domain.pricing import MAX_CATEGORY, Pricing, PricingType

TYPES = {
    "regular": PricingType.REGULAR,
    "free_customer_service": PricingType.FREE_CUSTOMER_SERVICE,
    "free_entry_point": PricingType.FREE_ENTRY_POINT,
}
_CATEGORY = re.compile(rf"[a-z][a-z0-9_]{{0,{MAX_CATEGORY - 1}}}")


def read_pricing(value: object) -> Pricing | None:
    """A status item's `pricing`, or None when it has none or none the desks could show
    (no category, or one that is not a plain word)."""
    if not isinstance(value, dict):
        return None
    category = value.get("category")
    if not isinstance(category, str) or not _CATEGORY.fullmatch(category):
        return None
    raw_type = value.get("type")
    pricing_type = PricingType.UNKNOWN  # absent before v24.0, or a word Meta added since
    if isinstance(raw_type, str):
        pricing_type = TYPES.get(raw_type, PricingType.UNKNOWN)
    billable = value.get("billable")
    if not isinstance(billable, bool):
        billable = pricing_type is PricingType.REGULAR
    return Pricing(category, pricing_type, billable)
