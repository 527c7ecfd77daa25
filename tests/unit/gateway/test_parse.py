"""`parse_webhook`: Meta's envelope → typed events, whatever arrives (cloud-api.md §3–§5, §13)."""

from __future__ import annotations

import json
import pickle
from typing import Any

import pytest

from app.domain.content import Text
from app.domain.ids import NO_CONVERSATION, CustomerId, Wamid
from app.domain.model import DeliveryStatus
from app.domain.pricing import Pricing, PricingType
from app.gateway.parse import ParsedWebhook, WebhookEvent, parse_webhook
from app.log.content_codec import MAX_TEXT
from app.log.events import CustomerMessage, DeliveryStatusChanged
from app.sync import codec

from .payloads import (
    BSUID,
    BSUID_2,
    CANARY_BODY,
    CANARY_NAME,
    PHONE,
    PHONE_2,
    REENGAGEMENT_ERROR,
    assert_no_canary,
    batch,
    change,
    contact,
    envelope,
    status,
    text_message,
)

# cloud-api.md §4 "Full envelope (2026 shape)", verbatim.
FULL_2026 = """
{"object":"whatsapp_business_account","entry":[{"id":"880000000000001","changes":[{"field":"messages","value":{
 "messaging_product":"whatsapp","metadata":{"display_phone_number":"4930555000","phone_number_id":"770000000000001"},
 "contacts":[{"profile":{"name":"Lena K"},"wa_id":"4915112345678","user_id":"DE.20481632641282565"}],
 "messages":[{"from":"4915112345678","from_user_id":"DE.20481632641282565","id":"wamid.SIM0001","timestamp":"1767225600",
   "type":"text","text":{"body":"Is my order shipped?"}}]}}]}]}
"""  # noqa: E501


def parse(document: object) -> ParsedWebhook:
    """Parse, then check what every parse must satisfy."""
    before = pickle.dumps(document)
    parsed = parse_webhook(document)
    assert pickle.dumps(document) == before, "the parser must not modify its input"
    assert all(isinstance(p, str) and p for p in parsed.problems)
    assert_no_canary(parsed.problems)
    for event in parsed.events:
        assert_sealable(event)
    return parsed


def assert_sealable(event: WebhookEvent) -> None:
    """The event survives the log's codec both ways, as the desks will decode it."""
    data = codec.encode(event, NO_CONVERSATION, 1_767_225_600)
    assert codec.decode(data).event == event


def messages(parsed: ParsedWebhook) -> list[CustomerMessage]:
    return [e for e in parsed.events if isinstance(e, CustomerMessage)]


def statuses(parsed: ParsedWebhook) -> list[DeliveryStatusChanged]:
    return [e for e in parsed.events if isinstance(e, DeliveryStatusChanged)]


def wamids(parsed: ParsedWebhook) -> list[str]:
    """The wamid of each message and status, in batch order."""
    return [
        e.wamid for e in parsed.events if isinstance(e, CustomerMessage | DeliveryStatusChanged)
    ]


# -- inbound text ----------------------------------------------------------------------------


def test_2026_text_message_keys_on_the_bsuid() -> None:
    parsed = parse(json.loads(FULL_2026))
    assert parsed.problems == []
    assert parsed.events == [
        CustomerMessage(
            wamid=Wamid("wamid.SIM0001"),
            customer_id=CustomerId(BSUID),
            customer_wa_id=PHONE,
            profile_name="Lena K",
            sent_at=1767225600,
            content=Text("Is my order shipped?"),
        )
    ]


def test_username_customer_without_phone_is_known_by_bsuid_only() -> None:
    document = envelope(
        change(
            contacts=[contact(name="Mo", wa_id=None, user_id=BSUID)],
            messages=[text_message("wamid.U1", "hi", sender=None, user_id=BSUID)],
        )
    )
    [message] = parse(document).events
    assert isinstance(message, CustomerMessage)
    assert message.customer_id == BSUID
    assert message.customer_wa_id == ""
    assert message.profile_name == "Mo"


def test_username_customer_named_only_in_contacts() -> None:
    # `from_user_id` is pywa-only; Meta documents the BSUID in contacts[].user_id (§3.1).
    document = envelope(
        change(
            contacts=[contact(name="Mo", wa_id=None, user_id=BSUID)],
            messages=[text_message("wamid.U2", "hi", sender=None, user_id=None)],
        )
    )
    parsed = parse(document)
    assert parsed.problems == []
    [message] = messages(parsed)
    assert (message.customer_id, message.customer_wa_id, message.profile_name) == (BSUID, "", "Mo")


def test_message_naming_nobody_among_several_contacts_is_skipped() -> None:
    document = envelope(
        change(
            contacts=[contact(user_id=BSUID), contact(wa_id=PHONE_2, user_id=BSUID_2)],
            messages=[text_message("wamid.U3", CANARY_BODY, sender=None, user_id=None)],
        )
    )
    parsed = parse(document)
    assert parsed.events == []
    assert parsed.problems == ["entry[0].changes[0].messages[0] skipped: no customer id"]


def test_from_carrying_a_bsuid_is_not_taken_for_a_phone() -> None:
    document = envelope(
        change(
            contacts=[contact(wa_id=None, user_id=BSUID)],
            messages=[text_message("wamid.U4", "hi", sender=BSUID, user_id=None)],
        )
    )
    [message] = messages(parse(document))
    assert (message.customer_id, message.customer_wa_id) == (BSUID, "")


def test_phone_known_from_contacts_when_message_has_only_the_bsuid() -> None:
    document = envelope(
        change(
            contacts=[contact(wa_id=PHONE, user_id=BSUID)],
            messages=[text_message("wamid.U5", "hi", sender=None, user_id=BSUID)],
        )
    )
    [message] = messages(parse(document))
    assert (message.customer_id, message.customer_wa_id) == (BSUID, PHONE)


def test_pre_2026_payload_falls_back_to_the_phone() -> None:
    document = envelope(
        change(
            contacts=[contact(name="Old Timer", wa_id=PHONE, user_id=None)],
            messages=[text_message("wamid.OLD1", "hello", sender=PHONE, user_id=None)],
        )
    )
    [message] = messages(parse(document))
    assert (message.customer_id, message.customer_wa_id) == (PHONE, PHONE)
    assert message.profile_name == "Old Timer"


def test_pre_2026_message_takes_the_bsuid_from_contacts() -> None:
    document = envelope(
        change(
            contacts=[contact(name="Lena K", wa_id=PHONE, user_id=BSUID)],
            messages=[text_message("wamid.OLD2", "hello", sender=PHONE, user_id=None)],
        )
    )
    [message] = messages(parse(document))
    assert (message.customer_id, message.customer_wa_id, message.profile_name) == (
        BSUID,
        PHONE,
        "Lena K",
    )


def test_pre_2026_payload_without_contacts_uses_the_phone() -> None:
    document = envelope(change(messages=[text_message("wamid.OLD3", sender=PHONE, user_id=None)]))
    [message] = messages(parse(document))
    assert (message.customer_id, message.customer_wa_id, message.profile_name) == (
        PHONE,
        PHONE,
        "",
    )


def test_quoted_reply_is_still_a_text_message() -> None:
    item = text_message("wamid.SIM0011", "that one please")
    item["context"] = {"from": "4930555000", "id": "wamid.OUT0004"}
    [message] = messages(parse(envelope(change(contacts=[contact()], messages=[item]))))
    assert message.text == "that one please"


def test_non_ascii_and_lone_surrogates_in_text_are_kept_sealable() -> None:
    items = [
        text_message("wamid.N1", "Grüße 👍 你好"),
        text_message("wamid.N2", "broken \ud800 pair"),
    ]
    document = envelope(change(contacts=[contact(name="Zoë \udfff")], messages=items))
    first, second = messages(parse(document))
    assert first.text == "Grüße 👍 你好"
    assert "\ud800" not in second.text
    assert second.text.startswith("broken ")
    assert "\udfff" not in first.profile_name


def test_overlong_profile_name_is_cut_to_fit_the_log() -> None:
    document = envelope(
        change(contacts=[contact(name="é" * 5000)], messages=[text_message("wamid.L1")])
    )
    [message] = messages(parse(document))
    assert 0 < len(message.profile_name.encode()) <= codec.MAX_ID * 4


def test_text_over_the_log_cap_is_skipped_and_the_batch_goes_on() -> None:
    items = [text_message("wamid.T1", "x" * (MAX_TEXT + 1)), text_message("wamid.T2")]
    parsed = parse(envelope(change(contacts=[contact()], messages=items)))
    assert [m.wamid for m in messages(parsed)] == ["wamid.T2"]
    assert parsed.problems == ["entry[0].changes[0].messages[0] skipped: text: body too long"]


def test_overlong_ids_are_not_used() -> None:
    items = [
        text_message("wamid." + "A" * 300),
        text_message("wamid.OK", user_id="DE." + "1" * 300, sender=PHONE),
    ]
    parsed = parse(envelope(change(messages=items)))
    [message] = messages(parsed)
    assert (message.wamid, message.customer_id) == ("wamid.OK", PHONE)
    assert parsed.problems == ["entry[0].changes[0].messages[0] skipped: missing or invalid id"]


# -- statuses --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("sent", DeliveryStatus.SENT),
        ("delivered", DeliveryStatus.DELIVERED),
        ("read", DeliveryStatus.READ),
        ("played", DeliveryStatus.PLAYED),
    ],
)
def test_status_words(word: str, expected: DeliveryStatus) -> None:
    document = envelope(change(contacts=[contact()], statuses=[status("wamid.OUT0001", word)]))
    parsed = parse(document)
    assert parsed.problems == []
    assert parsed.events == [
        DeliveryStatusChanged(
            wamid=Wamid("wamid.OUT0001"),
            status=expected,
            at=1767225900,
            error_code=0,
            error_title="",
            pricing=Pricing("service", PricingType.FREE_CUSTOMER_SERVICE, billable=False),
        )
    ]


def test_failed_status_carries_the_first_error_code_and_title() -> None:
    item = status("wamid.OUT0005", "failed", errors=[REENGAGEMENT_ERROR, {"code": 1}])
    [event] = parse(envelope(change(statuses=[item]))).events
    assert isinstance(event, DeliveryStatusChanged)
    assert (event.status, event.error_code, event.error_title) == (
        DeliveryStatus.FAILED,
        131047,
        "Re-engagement message",
    )


@pytest.mark.parametrize(
    "errors",
    [None, [], [None], ["131047"], [{"code": "131047"}], [{"code": True}], [{"code": -5}],
     [{"code": 1 << 40}], [{"code": 1.5, "title": ["x"]}]],
)  # fmt: skip
def test_failed_status_with_odd_errors_has_code_0(errors: list[Any] | None) -> None:
    [event] = parse(envelope(change(statuses=[status("wamid.F", "failed", errors=errors)]))).events
    assert isinstance(event, DeliveryStatusChanged)
    assert (event.status, event.error_code, event.error_title) == (DeliveryStatus.FAILED, 0, "")


def test_error_codes_on_non_failed_statuses_are_ignored() -> None:
    item = status("wamid.D", "delivered", errors=[REENGAGEMENT_ERROR])
    [event] = parse(envelope(change(statuses=[item]))).events
    assert isinstance(event, DeliveryStatusChanged)
    assert (event.error_code, event.error_title) == (0, "")


def test_statuses_name_the_callback_data_meta_echoed() -> None:
    """What settles a send whose answer was lost (`unknown_outcomes`)."""
    odd = [status("wamid.B", "sent"), status("wamid.C", "sent"), status("wamid.D", "sent")]
    odd[0]["biz_opaque_callback_data"] = 7
    odd[1]["biz_opaque_callback_data"] = "x" * 513
    del odd[2]["biz_opaque_callback_data"]
    items = [status("wamid.A", "delivered"), *odd]
    parsed = parse(envelope(change(statuses=items)))
    assert len(parsed.events) == 4
    assert parsed.callbacks == [(Wamid("wamid.A"), "cb-1")]


def test_unknown_status_word_is_reported_and_skipped() -> None:
    items = [
        status("wamid.A", "deleted"),
        status("wamid.B", CANARY_NAME),
        status("wamid.C", "read"),
    ]
    parsed = parse(envelope(change(statuses=items)))
    assert wamids(parsed) == ["wamid.C"]
    assert parsed.problems == [
        "entry[0].changes[0].statuses[0] skipped: status unrecognised not handled",
        "entry[0].changes[0].statuses[1] skipped: status unrecognised not handled",
    ]


# -- batches ---------------------------------------------------------------------------------


def test_every_entry_change_message_and_status_in_one_post_in_order() -> None:
    document = batch(
        [
            change(
                contacts=[contact(), contact(name="Ben", wa_id=PHONE_2, user_id=BSUID_2)],
                messages=[
                    text_message("wamid.M1", "one"),
                    text_message("wamid.M2", "two", sender=PHONE_2, user_id=BSUID_2),
                ],
            ),
            change(statuses=[status("wamid.O1", "sent"), status("wamid.O1", "delivered")]),
        ],
        [
            change(
                contacts=[contact()],
                messages=[text_message("wamid.M3", "three")],
                statuses=[status("wamid.O2", "read")],
            ),
            change(messages=[text_message("wamid.M4", "four", sender=PHONE_2, user_id=None)]),
        ],
        [change(statuses=[status("wamid.O3", "failed", errors=[REENGAGEMENT_ERROR])])],
    )
    parsed = parse(document)
    assert parsed.problems == []
    assert [(type(e).__name__, w) for e, w in zip(parsed.events, wamids(parsed), strict=True)] == [
        ("CustomerMessage", "wamid.M1"),
        ("CustomerMessage", "wamid.M2"),
        ("DeliveryStatusChanged", "wamid.O1"),
        ("DeliveryStatusChanged", "wamid.O1"),
        ("CustomerMessage", "wamid.M3"),
        ("DeliveryStatusChanged", "wamid.O2"),
        ("CustomerMessage", "wamid.M4"),
        ("DeliveryStatusChanged", "wamid.O3"),
    ]
    m1, m2, _, m4 = messages(parsed)
    assert (m1.customer_id, m1.text) == (BSUID, "one")
    assert (m2.customer_id, m2.profile_name, m2.text) == (BSUID_2, "Ben", "two")
    # contacts belong to their own change value: M4's change has none.
    assert (m4.customer_id, m4.profile_name) == (PHONE_2, "")
    assert [s.status for s in statuses(parsed)] == [
        DeliveryStatus.SENT,
        DeliveryStatus.DELIVERED,
        DeliveryStatus.READ,
        DeliveryStatus.FAILED,
    ]


def test_the_last_entry_is_not_lost() -> None:
    document = envelope(change(messages=[text_message("wamid.E")]), entries=3)
    parsed = parse(document)
    assert len(parsed.events) == 3


def test_many_messages_in_one_change() -> None:
    items = [text_message(f"wamid.X{i}", f"m{i}") for i in range(50)]
    parsed = parse(envelope(change(contacts=[contact()], messages=items)))
    assert [m.text for m in messages(parsed)] == [f"m{i}" for i in range(50)]


def test_messages_and_statuses_beside_each_other_in_one_value() -> None:
    document = envelope(
        change(
            contacts=[contact()],
            messages=[text_message("wamid.I1")],
            statuses=[status("wamid.S1", "read"), status("wamid.S2", "played")],
        )
    )
    assert wamids(parse(document)) == ["wamid.I1", "wamid.S1", "wamid.S2"]


_R, _U = PricingType.REGULAR, PricingType.UNKNOWN


@pytest.mark.parametrize(
    "pricing",
    [
        "free",
        {"type": "regular"},  # no category: nothing the desk could show
        {"category": "Marketing!", "type": "regular"},
        {"category": "x" * 41, "type": "regular"},
        {"category": ["marketing"], "type": "regular"},
    ],
)
def test_a_pricing_the_desk_could_not_show_is_left_out(pricing: object) -> None:
    item = {**status("wamid.OUT0001", "delivered"), "pricing": pricing}
    [event] = parse(envelope(change(contacts=[contact()], statuses=[item]))).events
    assert isinstance(event, DeliveryStatusChanged)
    assert event.status is DeliveryStatus.DELIVERED  # the tick still counts
    assert event.pricing is None


@pytest.mark.parametrize(
    ("pricing", "expected"),
    [
        ({"category": "group_marketing", "type": "regular"}, Pricing("group_marketing", _R, True)),
        ({"category": "utility", "type": ["x"], "billable": "yes"}, Pricing("utility", _U, False)),
        (
            {"category": "service", "type": "new_word", "billable": True},
            Pricing("service", _U, True),
        ),
    ],
)
def test_new_or_odd_pricing_words_are_kept_without_guessing(
    pricing: object, expected: Pricing
) -> None:
    item = {**status("wamid.OUT0001", "sent"), "pricing": pricing}
    [event] = parse(envelope(change(contacts=[contact()], statuses=[item]))).events
    assert isinstance(event, DeliveryStatusChanged)
    assert event.pricing == expected
