"""Stored rows around the conversations: customers and their ids, reactions, marketing
preferences, and the business number's status. Column lists live here, as in `rows`."""

from __future__ import annotations

from app.domain.ids import ConversationId, CustomerId, Wamid
from app.log.events import NumberStatus, Preference
from app.log.values import StoredCustomer as StoredCustomer
from app.log.values import StoredPreference as StoredPreference
from app.log.values import StoredReaction as StoredReaction
from app.store.db import Row

CUSTOMER_COLUMNS = "customer_id, conversation_id, wa_id, profile_name, current_id"


def customer_params(c: StoredCustomer) -> tuple[object, ...]:
    """Values in `CUSTOMER_COLUMNS` order."""
    current = "" if c.current_id is None else c.current_id
    return (c.customer_id, c.conversation_id, c.wa_id, c.profile_name, current)


def customer_from_row(row: Row) -> StoredCustomer:
    """A row selected with `CUSTOMER_COLUMNS`, read by position: a live batch loads one a
    conversation, and a look-up by name searches the row's names (`rows.conversation_from_row`)."""
    current = str(row[4])
    return StoredCustomer(
        customer_id=CustomerId(str(row[0])),
        conversation_id=ConversationId(bytes(row[1])),
        wa_id=str(row[2]),
        profile_name=str(row[3]),
        current_id=CustomerId(current) if current else None,
    )


NUMBER_STATUS_COLUMNS = (
    "display_phone_number, verified_name, name_status, quality_rating, "
    "is_official_business_account, throughput_level, messaging_limit, at"
)


def number_status_params(s: NumberStatus) -> tuple[object, ...]:
    """Values in `NUMBER_STATUS_COLUMNS` order."""
    return (
        s.display_phone_number,
        s.verified_name,
        s.name_status,
        s.quality_rating,
        int(s.is_official_business_account),
        s.throughput_level,
        s.messaging_limit,
        s.at,
    )


def number_status_from_row(row: Row) -> NumberStatus:
    """A row selected with `NUMBER_STATUS_COLUMNS`."""
    return NumberStatus(
        display_phone_number=str(row["display_phone_number"]),
        verified_name=str(row["verified_name"]),
        name_status=str(row["name_status"]),
        quality_rating=str(row["quality_rating"]),
        is_official_business_account=bool(row["is_official_business_account"]),
        throughput_level=str(row["throughput_level"]),
        messaging_limit=str(row["messaging_limit"]),
        at=int(row["at"]),
    )


REACTION_COLUMNS = "target_wamid, conversation_id, emoji, at, stream_seq"


def reaction_params(r: StoredReaction) -> tuple[object, ...]:
    """Values in `REACTION_COLUMNS` order."""
    return (r.target, r.conversation_id, r.emoji, r.at, r.seq)


def reaction_from_row(row: Row) -> StoredReaction:
    """A row selected with `REACTION_COLUMNS`."""
    return StoredReaction(
        target=Wamid(str(row["target_wamid"])),
        conversation_id=ConversationId(bytes(row["conversation_id"])),
        emoji=str(row["emoji"]),
        at=int(row["at"]),
        seq=int(row["stream_seq"]),
    )


PREFERENCE_COLUMNS = "customer_id, preference, at, stream_seq"


def preference_params(p: StoredPreference) -> tuple[object, ...]:
    """Values in `PREFERENCE_COLUMNS` order."""
    return (p.customer_id, int(p.preference), p.at, p.seq)


def preference_from_row(row: Row) -> StoredPreference:
    """A row selected with `PREFERENCE_COLUMNS`."""
    return StoredPreference(
        customer_id=CustomerId(str(row["customer_id"])),
        preference=Preference(row["preference"]),
        at=int(row["at"]),
        seq=int(row["stream_seq"]),
    )
