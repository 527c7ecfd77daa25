"""What `parse_webhook` cannot use: other fields, unknown types, Meta's errors and garbage at
every level, beside good items and in canary-laden batches."""

from __future__ import annotations

from typing import Any

import pytest

from app.domain.admin_notice import AdminNotice
from app.gateway.parse import ParsedWebhook

from .payloads import (
    BSUID,
    CANARY_BODY,
    CANARY_NAME,
    CANARY_PHONE,
    IMAGE_MESSAGE,
    PHONE,
    REENGAGEMENT_ERROR,
    UNSUPPORTED_MESSAGE,
    batch,
    change,
    contact,
    envelope,
    status,
    text_message,
)
from .test_parse import messages, parse, wamids

# -- other fields, unknown types, value errors -----------------------------------------------


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("security", "security"),
        ("calls", "calls"),
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
        {**text_message("wamid.K4"), "type": "request_welcome"},
        text_message("wamid.K5", "last"),
    ]
    parsed = parse(envelope(change(contacts=[contact()], messages=items)))
    assert [m.wamid for m in messages(parsed)] == ["wamid.K1", "wamid.SIM0002", "wamid.SIM0012",
                                                   "wamid.K5"]  # fmt: skip
    where = "entry[0].changes[0].messages"
    assert parsed.problems == [
        f"{where}[2] skipped: type unrecognised not handled",
        f"{where}[4] skipped: type unrecognised not handled",
        f"{where}[5] skipped: type unrecognised not handled",
    ]


def test_value_errors_become_admin_notices_by_code() -> None:
    errors = [
        {"code": 131000, "title": "Something went wrong", "message": CANARY_BODY},
        {"code": CANARY_PHONE},
        "oops",
    ]
    parsed = parse(envelope(change(errors=errors)))
    assert [(e.code, e.reason) for e in parsed.events if isinstance(e, AdminNotice)] == [
        (131000, "Something went wrong"),
        (0, ""),
    ]
    assert parsed.problems == ["entry[0].changes[0].errors[2] skipped: not an object"]


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
    assert wamids(parsed) == ["wamid.A", "wamid.B"]
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
    assert wamids(parsed) == ["wamid.NEXT"]
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
    assert wamids(parsed) == ["wamid.NEXT"]
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
    assert len(parsed.problems) == len(bad_items) + 2  # the error is an admin notice
