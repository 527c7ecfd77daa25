"""System id changes, §5's statuses, `user_preferences`, other fields and mixed batches."""

from __future__ import annotations

import json
from typing import Any

import pytest

from app.domain.content import Location
from app.domain.ids import CustomerId, Wamid
from app.domain.model import DeliveryStatus
from app.domain.pricing import Pricing, PricingType
from app.gateway.parse import ParsedWebhook, WebhookEvent, decode_json
from app.log.events import (
    AdminNotice,
    CustomerIdChanged,
    CustomerMessage,
    DeliveryStatusChanged,
    Preference,
    PreferenceChanged,
)

from .payloads import (
    BSUID,
    BSUID_2,
    CANARY_BODY,
    CANARY_NAME,
    CANARY_PHONE,
    PHONE,
    PHONE_2,
    REENGAGEMENT_ERROR,
    batch,
    change,
    contact,
    envelope,
    number_change_2026,
    other_change,
    preference,
    preferences_change,
    row_message,
    status,
    system,
    text_message,
    user_id_change,
)
from .test_parse import parse

WHERE = "entry[0].changes[0]"


def kinds(parsed: ParsedWebhook) -> list[tuple[str, str]]:
    """(event type, whom or what it is about) per event: enough to check batch order."""
    return [(type(e).__name__, key(e)) for e in parsed.events]


def key(event: WebhookEvent) -> str:
    match event:
        case CustomerMessage() | DeliveryStatusChanged():
            return event.wamid
        case CustomerIdChanged():
            return f"{event.previous_id}>{event.new_id}"
        case PreferenceChanged():
            return event.customer_id
        case AdminNotice():
            return event.event


# -- system: id changes (§3.1) ---------------------------------------------------------------


def test_2026_number_change_moves_from_the_old_bsuid_to_the_new() -> None:
    item = system("wamid.SYS1", number_change_2026(), sender=PHONE, timestamp="1767226000")
    [event] = parse(envelope(change(contacts=[contact()], messages=[item]))).events
    assert event == CustomerIdChanged(
        CustomerId(BSUID), CustomerId(BSUID_2), CANARY_PHONE, 1767226000
    )


def test_user_id_change_without_a_phone() -> None:
    item = system("wamid.SYS2", user_id_change(), sender=None)
    [event] = parse(envelope(change(messages=[item]))).events
    assert event == CustomerIdChanged(CustomerId(BSUID), CustomerId(BSUID_2), "", 1767225600)


def test_user_id_change_keeps_the_phone_when_given() -> None:
    body = {**user_id_change(), "wa_id": PHONE, "parent_user_id": "DE.ENT.1"}
    [event] = parse(envelope(change(messages=[system("wamid.SYS3", body)]))).events
    assert isinstance(event, CustomerIdChanged)
    assert (event.new_id, event.new_wa_id) == (BSUID_2, PHONE)


def test_pre_2026_number_change_moves_between_phones() -> None:
    # pywa's fixture: the old phone in `from`, the new one in `system.wa_id`.
    body = {"body": "User A changed from …", "wa_id": PHONE_2, "type": "user_changed_number"}
    [event] = parse(envelope(change(messages=[system("wamid.SYS4", body)]))).events
    assert event == CustomerIdChanged(CustomerId(PHONE), CustomerId(PHONE_2), PHONE_2, 1767225600)


def test_oldest_webhook_versions_name_the_new_phone_new_wa_id() -> None:
    body = {"body": "…", "new_wa_id": PHONE_2, "type": "user_changed_number"}
    [event] = parse(envelope(change(messages=[system("wamid.SYS5", body)]))).events
    assert isinstance(event, CustomerIdChanged)
    assert (event.previous_id, event.new_id) == (PHONE, PHONE_2)


def test_previous_id_falls_back_to_from_user_id() -> None:
    body = {"type": "user_changed_user_id", "user_id": BSUID_2}
    item = system("wamid.SYS6", body, user_id=BSUID)
    [event] = parse(envelope(change(messages=[item]))).events
    assert isinstance(event, CustomerIdChanged)
    assert (event.previous_id, event.new_id) == (BSUID, BSUID_2)


@pytest.mark.parametrize(
    ("body", "reason", "sender"),
    [
        ({"type": "customer_identity_changed", "body": CANARY_BODY},
         "system customer_identity_changed not handled", PHONE),
        ({"type": CANARY_NAME}, "system unrecognised not handled", PHONE),
        ({"type": ["user_changed_number"]}, "system unrecognised not handled", PHONE),
        ({"type": "user_changed_user_id", "previous_user_id": BSUID}, "missing user ids", PHONE),
        ({"type": "user_changed_user_id", "user_id": BSUID_2}, "missing user ids", None),
        ({"type": "user_changed_user_id", "user_id": BSUID, "previous_user_id": BSUID},
         "user id unchanged", PHONE),
        ({"type": "user_changed_number", "wa_id": CANARY_NAME}, "invalid wa_id", PHONE),
        ({"type": "user_changed_number", "user_id": 5, "wa_id": PHONE_2}, "invalid user_id", PHONE),
        ({"type": "user_changed_number", "wa_id": PHONE_2, "previous_user_id": "D" * 300},
         "invalid previous_user_id", PHONE),
    ],
)  # fmt: skip
def test_unreadable_system_messages_are_skipped(
    body: dict[str, Any], reason: str, sender: str | None
) -> None:
    items = [system("wamid.S", body, sender=sender), text_message("wamid.NEXT")]
    parsed = parse(envelope(change(messages=items)))
    assert [e.wamid for e in parsed.events if isinstance(e, CustomerMessage)] == ["wamid.NEXT"]
    assert parsed.problems == [f"{WHERE}.messages[0] skipped: {reason}"]


@pytest.mark.parametrize("body", [None, "user_changed_number", []])
def test_system_without_an_object_is_skipped(body: object) -> None:
    item = {"id": "wamid.S", "timestamp": "1", "type": "system", "system": body, "from": PHONE}
    parsed = parse(envelope(change(messages=[item])))
    assert parsed.problems == [f"{WHERE}.messages[0] skipped: system without body"]


def test_system_without_a_wamid_is_skipped() -> None:
    item = system("wamid.S", user_id_change())
    del item["id"]
    assert parse(envelope(change(messages=[item]))).problems == [
        f"{WHERE}.messages[0] skipped: missing or invalid id"
    ]


def test_id_change_keeps_its_place_between_messages() -> None:
    items = [
        text_message("wamid.BEFORE", user_id=BSUID),
        system("wamid.SYS", user_id_change()),
        text_message("wamid.AFTER", user_id=BSUID_2),
    ]
    parsed = parse(envelope(change(messages=items)))
    assert [type(e).__name__ for e in parsed.events] == [
        "CustomerMessage",
        "CustomerIdChanged",
        "CustomerMessage",
    ]


# -- statuses: every row of §5's table -------------------------------------------------------


def _full_status(word: str, **extra: Any) -> dict[str, Any]:
    item = status("wamid.OUT0001", word)
    item["conversation"] = {
        "id": "c1",
        "expiration_timestamp": "1767312000",
        "origin": {"type": "service"},
    }
    item.update(extra)
    return item


@pytest.mark.parametrize(
    ("word", "expected"),
    [(w, DeliveryStatus[w.upper()]) for w in ("sent", "delivered", "read", "played", "failed")],
)
@pytest.mark.parametrize("with_contacts", [True, False], ids=["2026", "pre-2026"])
def test_every_status_word_with_and_without_contacts(
    word: str, expected: DeliveryStatus, with_contacts: bool
) -> None:
    contacts = [contact()] if with_contacts else None
    parsed = parse(envelope(change(contacts=contacts, statuses=[_full_status(word)])))
    assert parsed.problems == []
    # A failed message is not charged; the others carry the item's free service pricing.
    priced = Pricing("service", PricingType.FREE_CUSTOMER_SERVICE, billable=False)
    pricing = None if expected is DeliveryStatus.FAILED else priced
    assert parsed.events == [
        DeliveryStatusChanged(Wamid("wamid.OUT0001"), expected, 1767225900, 0, "", pricing)
    ]


def test_status_to_a_username_customer_names_a_bsuid() -> None:
    item = _full_status("read", recipient_id=BSUID)
    [event] = parse(envelope(change(contacts=[contact(wa_id=None)], statuses=[item]))).events
    assert isinstance(event, DeliveryStatusChanged)
    assert event.status is DeliveryStatus.READ


def test_group_status_is_read_like_any_other() -> None:
    item = _full_status("delivered", recipient_type="group", recipient_participant_id=PHONE_2)
    [event] = parse(envelope(change(statuses=[item]))).events
    assert isinstance(event, DeliveryStatusChanged)
    assert event.status is DeliveryStatus.DELIVERED


def test_failed_status_in_the_2026_shape() -> None:
    item = _full_status("failed", errors=[REENGAGEMENT_ERROR])
    [event] = parse(envelope(change(contacts=[contact()], statuses=[item]))).events
    assert isinstance(event, DeliveryStatusChanged)
    assert (event.error_code, event.error_title) == (131047, "Re-engagement message")


# -- user_preferences ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [("stop", Preference.STOP), ("resume", Preference.RESUME), ("signup", Preference.SIGNUP)],
)
def test_marketing_preferences(word: str, expected: Preference) -> None:
    document = batch([preferences_change(preference(word, user_id=BSUID))])
    parsed = parse(document)
    assert parsed.problems == []
    assert parsed.events == [PreferenceChanged(CustomerId(BSUID), expected, 1767225600)]


def test_preference_keyed_on_the_bsuid_from_contacts() -> None:
    document = batch([preferences_change(preference(), contacts=[contact()])])
    [event] = parse(document).events
    assert isinstance(event, PreferenceChanged)
    assert event.customer_id == BSUID


def test_pre_2026_preference_keyed_on_the_phone() -> None:
    # pywa's fixture: contacts carry only wa_id.
    contacts = [{"wa_id": PHONE}]
    document = batch([preferences_change(preference("resume"), contacts=contacts)])
    [event] = parse(document).events
    assert event == PreferenceChanged(CustomerId(PHONE), Preference.RESUME, 1767225600)


def test_preference_timestamp_may_be_a_string() -> None:
    document = batch([preferences_change(preference(timestamp="1767225601"))])
    [event] = parse(document).events
    assert isinstance(event, PreferenceChanged)
    assert event.at == 1767225601


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        (preference(category="unknown"), "category unrecognised not handled"),
        (preference(category=CANARY_BODY), "category unrecognised not handled"),
        (preference("bla"), "value unrecognised not handled"),
        (preference(CANARY_NAME), "value unrecognised not handled"),
        (preference(wa_id=None), "no customer id"),
        (preference(timestamp=None), "bad timestamp"),
        (preference(user_id=CANARY_PHONE * 30), "invalid user_id"),
        ("stop", "not an object"),
    ],
)
def test_unreadable_preferences_are_skipped(item: object, reason: str) -> None:
    document = batch([preferences_change(item, preference(user_id=BSUID_2))])
    parsed = parse(document)
    assert parsed.events == [PreferenceChanged(CustomerId(BSUID_2), Preference.STOP, 1767225600)]
    assert parsed.problems == [f"{WHERE}.user_preferences[0] skipped: {reason}"]


def test_preferences_that_are_not_a_list_are_named() -> None:
    document = batch([{"field": "user_preferences", "value": {"user_preferences": {"a": 1}}}])
    assert parse(document).problems == [f"{WHERE}.user_preferences: not a list"]


# -- other fields ----------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["phone_number_name_update", "phone_number_quality_update"])
def test_number_updates_ask_for_a_fresh_poll(field: str) -> None:
    value = {"display_phone_number": "4930555000", "event": "DOWNGRADE", "decision": CANARY_NAME}
    parsed = parse(batch([other_change(field, value), change(messages=[text_message("wamid.A")])]))
    assert parsed.number_changed
    assert parsed.problems == []
    notice, message = parsed.events  # and the admins are told
    assert isinstance(notice, AdminNotice)
    assert isinstance(message, CustomerMessage)


def test_no_number_update_no_poll() -> None:
    parsed = parse(envelope(change(messages=[text_message("wamid.A")])))
    assert not parsed.number_changed


@pytest.mark.parametrize(
    "field",
    ["message_template_status_update", "template_category_update",
     "message_template_quality_update", "message_template_components_update"],
)  # fmt: skip
def test_template_updates_ask_for_a_fresh_read_of_the_list(field: str) -> None:
    parsed = parse(batch([other_change(field, {"x": CANARY_BODY})]))
    assert parsed.templates_changed
    assert not parsed.number_changed
    # Without the keys Meta always sends there is no notice, and the problem names the key.
    assert parsed.events == []
    assert all(p.startswith(f"{WHERE} skipped: missing ") for p in parsed.problems)


@pytest.mark.parametrize(
    "field",
    ["business_capability_update", "security", "calls", "flows"],
)  # fmt: skip
def test_other_fields_are_reported(field: str) -> None:
    parsed = parse(batch([other_change(field, {"x": CANARY_BODY})]))
    assert parsed.problems == [f"{WHERE}: field {field} not handled"]
    assert not parsed.number_changed


# -- mixed batches ---------------------------------------------------------------------------


def test_every_kind_of_item_across_entries_and_changes_in_order() -> None:
    document = batch(
        [
            change(
                contacts=[contact()],
                messages=[row_message("image", "wamid.M1"), system("wamid.S1", user_id_change())],
                statuses=[status("wamid.O1", "sent")],
            ),
            preferences_change(preference(user_id=BSUID)),
            other_change("phone_number_quality_update"),
        ],
        [other_change("account_update")],
        [
            change(statuses=[status("wamid.O1", "played")]),
            change(
                contacts=[contact(wa_id=PHONE_2, user_id=BSUID_2)],
                messages=[row_message("location", "wamid.M2", sender=PHONE_2, user_id=None)],
            ),
            change(errors=[{"code": 131000}]),
        ],
    )
    parsed = parse(document)
    assert kinds(parsed) == [
        ("CustomerMessage", "wamid.M1"),
        ("CustomerIdChanged", f"{BSUID}>{BSUID_2}"),
        ("DeliveryStatusChanged", "wamid.O1"),
        ("PreferenceChanged", BSUID),
        ("AdminNotice", "FLAGGED"),
        ("AdminNotice", "FLAGGED"),
        ("DeliveryStatusChanged", "wamid.O1"),
        ("CustomerMessage", "wamid.M2"),
        ("AdminNotice", ""),
    ]
    assert parsed.number_changed
    assert [m.wamid for m in parsed.media] == ["wamid.M1"]
    assert parsed.problems == []
    last = parsed.events[-2]
    assert isinstance(last, CustomerMessage)
    assert (last.customer_id, last.customer_wa_id) == (BSUID_2, PHONE_2)


def test_media_of_a_later_entry_is_not_lost() -> None:
    document = batch(
        *[[change(messages=[row_message("sticker", f"wamid.E{i}")])] for i in range(3)]
    )
    assert [m.wamid for m in parse(document).media] == ["wamid.E0", "wamid.E1", "wamid.E2"]


# -- raw numbers ----------------------------------------------------------------------------


def test_decode_json_keeps_the_digits_meta_wrote() -> None:
    item = row_message("location_pin")
    item["location"] = {"latitude": "@LAT@", "longitude": "@LON@"}
    raw = json.dumps(envelope(change(messages=[item])))
    raw = raw.replace('"@LAT@"', "52.5200").replace('"@LON@"', "13.40500")
    [event] = parse(decode_json(raw.encode())).events
    assert isinstance(event, CustomerMessage)
    assert event.content == Location("52.5200", "13.40500")
    [plain] = parse(json.loads(raw)).events
    assert isinstance(plain, CustomerMessage)
    assert plain.content == Location("52.52", "13.405")


def test_decode_json_refuses_what_json_loads_refuses() -> None:
    for raw in (b"", b"{", b"\xff", b"[1,]"):
        with pytest.raises(ValueError):  # noqa: PT011 - json's own error types
            decode_json(raw)
