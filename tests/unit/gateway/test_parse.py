"""`parse_webhook`: Meta's envelope → typed events, whatever arrives (cloud-api.md §3–§5, §13)."""

from __future__ import annotations

import json
import pickle
from typing import Any

import pytest

from app.domain.content import Text
from app.domain.events import CustomerMessage, DeliveryStatusChanged
from app.domain.ids import NO_CONVERSATION, CustomerId, Wamid
from app.domain.model import DeliveryStatus
from app.gateway.parse import ParsedWebhook, parse_webhook
from app.sync import codec

from .payloads import (
    BSUID,
    BSUID_2,
    CANARY_BODY,
    CANARY_NAME,
    CANARY_PHONE,
    IMAGE_MESSAGE,
    PHONE,
    PHONE_2,
    REENGAGEMENT_ERROR,
    UNSUPPORTED_MESSAGE,
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


def assert_sealable(event: CustomerMessage | DeliveryStatusChanged) -> None:
    """The event survives the log's codec both ways, as the desks will decode it."""
    data = codec.encode(event, NO_CONVERSATION, 1_767_225_600)
    assert codec.decode(data).event == event


def messages(parsed: ParsedWebhook) -> list[CustomerMessage]:
    return [e for e in parsed.events if isinstance(e, CustomerMessage)]


def statuses(parsed: ParsedWebhook) -> list[DeliveryStatusChanged]:
    return [e for e in parsed.events if isinstance(e, DeliveryStatusChanged)]


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
    items = [text_message("wamid.T1", "x" * (codec.MAX_TEXT + 1)), text_message("wamid.T2")]
    parsed = parse(envelope(change(contacts=[contact()], messages=items)))
    assert [m.wamid for m in messages(parsed)] == ["wamid.T2"]
    assert parsed.problems == ["entry[0].changes[0].messages[0] skipped: text too long"]


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


def test_unknown_status_word_is_reported_and_skipped() -> None:
    items = [
        status("wamid.A", "deleted"),
        status("wamid.B", CANARY_NAME),
        status("wamid.C", "read"),
    ]
    parsed = parse(envelope(change(statuses=items)))
    assert [e.wamid for e in parsed.events] == ["wamid.C"]
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
    assert [(type(e).__name__, e.wamid) for e in parsed.events] == [
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
    assert [e.wamid for e in parse(document).events] == ["wamid.I1", "wamid.S1", "wamid.S2"]


# -- other fields, unknown types, value errors -----------------------------------------------


def test_user_preferences_field_is_a_problem_not_a_crash() -> None:
    preferences = {
        "field": "user_preferences",
        "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "4930555000", "phone_number_id": "77"},
            "contacts": [contact(name=CANARY_NAME, wa_id=CANARY_PHONE)],
            "user_preferences": [
                {
                    "wa_id": CANARY_PHONE,
                    "detail": "User requested to stop marketing messages",
                    "category": "marketing_messages",
                    "value": "stop",
                    "timestamp": 1767225600,
                }
            ],
        },
    }
    document = batch([preferences, change(messages=[text_message("wamid.P1")])])
    parsed = parse(document)
    assert [e.wamid for e in parsed.events] == ["wamid.P1"]
    assert parsed.problems == ["entry[0].changes[0]: field user_preferences not handled"]


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("account_update", "account_update"),
        ("smb_message_echoes", "smb_message_echoes"),
        ("group_lifecycle_update", "group_lifecycle_update"),
        (CANARY_BODY, "unrecognised"),
        (None, "unrecognised"),
        ({"body": CANARY_BODY}, "unrecognised"),
    ],
)
def test_other_fields_are_named_only_from_metas_vocabulary(field: object, label: str) -> None:
    document = batch([{"field": field, "value": {"x": CANARY_BODY}}])
    assert parse(document).problems == [f"entry[0].changes[0]: field {label} not handled"]


def test_unknown_message_types_are_reported_and_the_rest_kept() -> None:
    items = [
        text_message("wamid.K1", "first"),
        IMAGE_MESSAGE,
        {**text_message("wamid.K2"), "type": CANARY_BODY},
        UNSUPPORTED_MESSAGE,
        {**text_message("wamid.K3"), "type": "hologram"},
        text_message("wamid.K4", "last"),
    ]
    parsed = parse(envelope(change(contacts=[contact()], messages=items)))
    assert [m.text for m in messages(parsed)] == ["first", "last"]
    where = "entry[0].changes[0].messages"
    assert parsed.problems == [
        f"{where}[1] skipped: type image not handled yet",
        f"{where}[2] skipped: type unrecognised not handled yet",
        f"{where}[3] skipped: type unsupported not handled yet",
        f"{where}[4] skipped: type unrecognised not handled yet",
    ]


def test_value_errors_are_reported_by_code() -> None:
    errors = [
        {"code": 131000, "title": "Something went wrong", "message": CANARY_BODY},
        {"code": CANARY_PHONE},
        "oops",
    ]
    parsed = parse(envelope(change(errors=errors)))
    assert parsed.events == []
    assert parsed.problems == [
        "entry[0].changes[0].errors[0]: Meta reported error 131000",
        "entry[0].changes[0].errors[1]: Meta reported error 0",
        "entry[0].changes[0].errors[2]: Meta reported error 0",
    ]


# -- garbage ---------------------------------------------------------------------------------

GARBAGE: list[Any] = [
    None,
    True,
    0,
    -1,
    1.5,
    float("nan"),
    float("inf"),
    "",
    CANARY_BODY,
    [],
    [None],
    {},
    {"": None},
    [[CANARY_NAME]],
    {"body": CANARY_BODY, "name": CANARY_NAME, "from": CANARY_PHONE},
    10**5000,
]


def _junk_id(value: object) -> str:
    return type(value).__name__


@pytest.mark.parametrize("document", GARBAGE, ids=_junk_id)
def test_garbage_documents(document: object) -> None:
    parsed = parse(document)
    assert parsed.events == []
    assert parsed.problems == ["not a whatsapp_business_account envelope"]


def _slots(node: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) of a JSON document, parents before children."""
    found: list[tuple[Any, Any]] = []
    keys = list(node) if isinstance(node, dict) else range(len(node))
    for key in keys:
        found.append((node, key))
        if isinstance(node[key], dict | list):
            found.extend(_slots(node[key]))
    return found


@pytest.mark.parametrize("junk", GARBAGE, ids=_junk_id)
def test_garbage_at_every_level_never_raises(junk: object) -> None:
    """Each slot of a valid batch replaced by junk in turn; junk added to a list loses nothing."""
    base = envelope(
        change(
            contacts=[contact()],
            messages=[text_message("wamid.G", "kept")],
            statuses=[status("wamid.S", "failed", errors=[REENGAGEMENT_ERROR])],
        )
    )
    expected = parse(base).events
    assert len(expected) == 2
    slots = _slots(base)
    assert len(slots) > 30
    for node, key in slots:
        original = node[key]
        node[key] = junk
        try:
            parse(base)
        finally:
            node[key] = original
        if isinstance(node, list):
            node.append(junk)
            try:
                assert parse(base).events == expected
            finally:
                node.pop()
    assert parse(base).events == expected


@pytest.mark.parametrize("junk", GARBAGE, ids=_junk_id)
def test_garbage_items_beside_good_ones(junk: object) -> None:
    document = batch(
        [
            change(contacts=[contact()], messages=[junk, text_message("wamid.A"), junk]),
            junk,
            change(statuses=[junk, status("wamid.B", "read"), junk]),
        ],
    )
    document["entry"].insert(0, junk)
    document["entry"].append(junk)
    parsed = parse(document)
    assert [e.wamid for e in parsed.events] == ["wamid.A", "wamid.B"]
    assert parsed.problems  # every junk item is reported


@pytest.mark.parametrize(
    "item",
    [
        {k: v for k, v in text_message("wamid.Z").items() if k != "id"},
        {**text_message("wamid.Z"), "id": ""},
        {**text_message("wamid.Z"), "id": 12345},
        {**text_message("wamid.Z"), "id": ["wamid.Z"]},
        {k: v for k, v in text_message("wamid.Z").items() if k != "timestamp"},
        {**text_message("wamid.Z"), "timestamp": "yesterday"},
        {**text_message("wamid.Z"), "timestamp": "-5"},
        {**text_message("wamid.Z"), "timestamp": "1_767_225_600"},
        {**text_message("wamid.Z"), "timestamp": " 1767225600"},
        {**text_message("wamid.Z"), "timestamp": "1767225600.5"},
        {**text_message("wamid.Z"), "timestamp": "1" * 5000},
        {**text_message("wamid.Z"), "timestamp": str(1 << 64)},
        {**text_message("wamid.Z"), "timestamp": 1 << 64},
        {**text_message("wamid.Z"), "timestamp": -1},
        {**text_message("wamid.Z"), "timestamp": True},
        {**text_message("wamid.Z"), "timestamp": 1767225600.0},
        {**text_message("wamid.Z"), "timestamp": "١٧٦٧٢٢٥٦٠٠"},  # Arabic-Indic digits
        {**text_message("wamid.Z"), "timestamp": {"s": 1}},
        {**text_message("wamid.Z"), "text": CANARY_BODY},
        {**text_message("wamid.Z"), "text": {"body": None}},
        {**text_message("wamid.Z"), "text": {"body": 42}},
        {**text_message("wamid.Z"), "text": {}},
        {**text_message("wamid.Z"), "text": None},
        {**text_message("wamid.Z"), "type": None},
        {**text_message("wamid.Z"), "type": ["text"]},
        {**text_message("wamid.Z"), "from": 4915112345678, "from_user_id": None},
        {**text_message("wamid.Z"), "from": None, "from_user_id": ["DE.1"]},
    ],
)
def test_bad_message_items_are_skipped_not_raised(item: dict[str, Any]) -> None:
    parsed = parse(envelope(change(messages=[item, text_message("wamid.NEXT")])))
    assert [e.wamid for e in parsed.events] == ["wamid.NEXT"]
    [problem] = parsed.problems
    assert problem.startswith("entry[0].changes[0].messages[0] skipped: ")


@pytest.mark.parametrize(
    "item",
    [
        {k: v for k, v in status("wamid.Z", "read").items() if k != "id"},
        {k: v for k, v in status("wamid.Z", "read").items() if k != "status"},
        {**status("wamid.Z", "read"), "status": ["read"]},
        {**status("wamid.Z", "read"), "status": {"read": 1}},
        {**status("wamid.Z", "read"), "timestamp": None},
        {**status("wamid.Z", "read"), "timestamp": "soon"},
        {**status("wamid.Z", "read"), "id": None},
    ],
)
def test_bad_status_items_are_skipped_not_raised(item: dict[str, Any]) -> None:
    parsed = parse(envelope(change(statuses=[item, status("wamid.NEXT", "read")])))
    assert [e.wamid for e in parsed.events] == ["wamid.NEXT"]
    [problem] = parsed.problems
    assert problem.startswith("entry[0].changes[0].statuses[0] skipped: ")


def test_integer_timestamps_are_accepted() -> None:
    item = {**text_message("wamid.I"), "timestamp": 1767225600}
    [message] = messages(parse(envelope(change(messages=[item]))))
    assert message.sent_at == 1767225600


@pytest.mark.parametrize(
    "contacts",
    [None, "x", [None], [[]], [{"profile": None}], [{"profile": {"name": 5}, "wa_id": 49}],
     [{"user_id": {"a": 1}, "wa_id": ["49"], "profile": "Lena"}], [{"wa_id": CANARY_NAME}]],
)  # fmt: skip
def test_bad_contacts_do_not_stop_the_message(contacts: object) -> None:
    document = envelope(change(messages=[text_message("wamid.C1")]))
    document["entry"][0]["changes"][0]["value"]["contacts"] = contacts
    [message] = messages(parse(document))
    assert (message.customer_id, message.customer_wa_id) == (BSUID, PHONE)


_NO_VALUE = "entry[0].changes[0]: change without a value"


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ({"object": "whatsapp_business_account"}, "entry: not a list"),
        ({"object": "whatsapp_business_account", "entry": {}}, "entry: not a list"),
        ({"object": "whatsapp_business_account", "entry": [5]}, "entry[0]: not an object"),
        ({"object": "whatsapp_business_account", "entry": [{}]}, "entry[0].changes: not a list"),
        (batch([{"field": "messages"}]), _NO_VALUE),
        (batch([{"field": "messages", "value": []}]), _NO_VALUE),
        (batch([{"field": "messages", "value": {"messages": {"0": text_message("wamid.D")}}}]),
         "entry[0].changes[0].messages: not a list"),
        ({"object": "page", "entry": []}, "not a whatsapp_business_account envelope"),
    ],
)  # fmt: skip
def test_structural_problems_are_named(document: object, problem: str) -> None:
    parsed = parse(document)
    assert parsed.events == []
    assert parsed.problems == [problem]


def test_empty_batch_has_no_problems() -> None:
    parsed = parse(batch())
    assert parsed == ParsedWebhook()


def test_no_problem_quotes_a_body_name_or_phone() -> None:
    """Canaries in every customer-written slot of a batch full of unreadable items."""
    bad_items: list[Any] = [
        {**text_message("wamid.1", CANARY_BODY, sender=CANARY_PHONE), "type": "image"},
        {
            **text_message("wamid.2", CANARY_BODY, sender=CANARY_PHONE),
            "timestamp": "+" + CANARY_PHONE,
        },
        {**text_message("wamid.3", CANARY_BODY, sender=CANARY_PHONE), "id": CANARY_BODY * 100},
        {**text_message("", CANARY_BODY, sender=CANARY_PHONE)},
        {"type": "text", "text": {"body": CANARY_BODY}, "from": CANARY_PHONE},
        {"type": CANARY_BODY, "from": CANARY_PHONE},
        CANARY_BODY,
    ]
    document = batch(
        [
            change(
                contacts=[contact(name=CANARY_NAME, wa_id=CANARY_PHONE, user_id=None)],
                messages=bad_items,
                statuses=[{**status("wamid.9", CANARY_BODY), "recipient_id": CANARY_PHONE}],
                errors=[{"code": 131000, "message": CANARY_BODY, "title": CANARY_NAME}],
            ),
            {"field": CANARY_NAME, "value": {"wa_id": CANARY_PHONE}},
        ]
    )
    parsed = parse(document)  # parse() asserts the canaries are absent
    assert len(parsed.problems) == len(bad_items) + 3
