"""What Meta tells a business about its account, number and templates: admins' notices.

Meta reports these beside the customers' traffic (cloud-api.md §5 value errors, §9 number
quality and account updates, §17 template status, quality and category): a template paused
for low quality, a number restricted from starting conversations. They concern whoever runs
the account, so admins see them; agents do not. A notice names the template or the business
number it is about and quotes Meta's own words; it never names a customer.

Pure: values and rules, no I/O.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from app.domain.events import EventKind


class NoticeTopic(enum.IntEnum):
    """Which of Meta's webhooks a notice comes from. Wire values: never renumber."""

    TEMPLATE_STATUS = 1
    """`message_template_status_update`: approved, rejected, paused, disabled …"""
    TEMPLATE_QUALITY = 2
    """`message_template_quality_update`: the template's quality score moved."""
    TEMPLATE_CATEGORY = 3
    """`template_category_update`: Meta changed (or will change) the template's category."""
    NUMBER_QUALITY = 4
    """`phone_number_quality_update`: the number was flagged, or its messaging limit moved."""
    NUMBER_NAME = 5
    """`phone_number_name_update`: Meta decided on the number's display name."""
    ACCOUNT = 6
    """`account_update`: the account was restricted, banned, verified …"""
    VALUE_ERROR = 7
    """`value.errors[]` of a `messages` change: Meta could not deliver something to us."""
    TEMPLATE_CREATION = 8
    """The gateway's answer to an admin's `TemplateDraft`: `event` is `SUBMITTED` (Meta took
    it for review; `current` holds Meta's template id) or `REFUSED` (`reason`, `detail` and
    `code` are Meta's); `previous` names the request (its event id, hex)."""


CREATION_SUBMITTED = "SUBMITTED"
"""`event` of a template creation Meta took for review (then PENDING)."""
CREATION_REFUSED = "REFUSED"
"""`event` of a template creation Meta refused at once."""
CREATION_UNREACHABLE = "UNREACHABLE"
"""`reason` of a refused creation because Meta did not answer (nothing was created)."""
CREATION_NO_ACCOUNT = "NO_ACCOUNT"
"""`reason` of a refused creation because the gateway knows no business account yet (the
number is not connected)."""


CATEGORY_UPCOMING = "UPCOMING"
"""`event` of a category change Meta announced but has not made yet."""
CATEGORY_CHANGED = "CHANGED"
"""`event` of a category change Meta made."""

_SERIOUS_TEMPLATE_EVENTS = frozenset({"REJECTED", "PAUSED", "DISABLED"})
_SERIOUS_NUMBER_EVENTS = frozenset({"FLAGGED", "DOWNGRADE"})
_SERIOUS_ACCOUNT_EVENTS = frozenset(
    {"ACCOUNT_RESTRICTION", "ACCOUNT_VIOLATION", "DISABLED_UPDATE", "PARTNER_REMOVED"}
)


@dataclass(frozen=True, slots=True)
class AdminNotice:
    """One thing Meta told the business about its account, number or templates."""

    topic: NoticeTopic
    event: str
    """Meta's word for what happened (`REJECTED`, `FLAGGED`, `ACCOUNT_RESTRICTION` …);
    `CATEGORY_UPCOMING`/`CATEGORY_CHANGED` for categories, "" for value errors."""
    subject: str = ""
    """The template's name, or the business's own number (digits) for number and account
    notices; "" when Meta named neither."""
    language: str = ""
    """The template's language code; "" for anything but templates."""
    previous: str = ""
    """What it was before: quality score, category or messaging limit."""
    current: str = ""
    """What it is now: quality score, category, messaging limit, ban state."""
    reason: str = ""
    """Meta's reason code (`INCORRECT_CATEGORY`, `LOW_QUALITY`, a restriction or violation
    type) or, for a value error, Meta's error title."""
    detail: str = ""
    """Meta's explanation in its own words (a rejection's reason, an error's details)."""
    advice: str = ""
    """What Meta recommends (a rejection's recommendation)."""
    code: int = 0
    """The Graph error code of a value error; 0 otherwise."""
    until: int = 0
    """Unix seconds a restriction ends or an announced category change happens; 0 if none."""
    at: int = 0
    """Meta's time of the notice (Unix seconds); 0 when Meta gave none."""

    kind = EventKind.ADMIN_NOTICE

    @property
    def serious(self) -> bool:
        """Whether it needs an admin now (a desktop notification): the number restricted,
        flagged or banned, a template rejected, paused or disabled."""
        return is_serious(self.topic, self.event, self.current)


def is_serious(topic: NoticeTopic, event: str, current: str) -> bool:
    """See `AdminNotice.serious`."""
    if topic is NoticeTopic.TEMPLATE_STATUS:
        return event in _SERIOUS_TEMPLATE_EVENTS
    if topic is NoticeTopic.NUMBER_QUALITY:
        return event in _SERIOUS_NUMBER_EVENTS
    if topic is NoticeTopic.ACCOUNT:
        # A ban lifted (`REINSTATE`) is good news, told without a banner.
        return event in _SERIOUS_ACCOUNT_EVENTS and current != "REINSTATE"
    return False


@dataclass(frozen=True, slots=True)
class ListedNotice:
    """A notice as an admin's list shows it."""

    notice: AdminNotice
    seq: int
    """Its stream sequence: the list's order and what "read up to" counts by."""
    unread: bool
