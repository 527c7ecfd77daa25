"""Property tests: `parse_webhook` never raises, garbage never hides a readable item, and every
event it returns survives the log's codec unchanged."""

from __future__ import annotations

import copy
import pickle
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.content import MEDIA_KINDS, Location, searchable_text
from app.domain.ids import NO_CONVERSATION
from app.domain.model import DeliveryStatus
from app.gateway.parse import ParsedWebhook, WebhookEvent, parse_webhook
from app.log.events import (
    CustomerIdChanged,
    CustomerMessage,
    DeliveryStatusChanged,
    PreferenceChanged,
)
from app.sync import codec

from .payloads import (
    BSUID,
    CANARY_BODY,
    CANARY_NAME,
    CANARY_PHONE,
    PHONE,
    assert_no_canary,
    bodies,
    row_message,
)
from .test_parse_content import EXPECTED

# Meta's words, so that random documents reach deep into the parser. "marketing_messages" and
# the phone-number fields are left out on purpose: garbage must never form a valid item.
_WORDS = [
    "whatsapp_business_account", "entry", "changes", "field", "value", "messages", "statuses",
    "contacts", "errors", "from", "from_user_id", "timestamp", "type", "text", "body", "status",
    "code", "title", "profile", "name", "wa_id", "user_id", "sent", "delivered", "read",
    "played", "failed", "image", "video", "audio", "document", "sticker", "location", "latitude",
    "longitude", "interactive", "button_reply", "list_reply", "nfm_reply", "button", "reaction",
    "emoji", "message_id", "order", "product_items", "quantity", "item_price", "system",
    "user_changed_number", "user_changed_user_id", "previous_user_id", "unsupported", "context",
    "referral", "forwarded", "user_preferences", "category", "stop", "phones", "caption",
    "1767225600", "-1", BSUID, PHONE, "\ud800", "",
]  # fmt: skip
_KEYS = st.sampled_from([*_WORDS, "id", "object"]) | st.text(max_size=4)
_GARBAGE_KEYS = st.sampled_from(_WORDS) | st.text(max_size=4).filter(lambda k: k != "id")
"""Keys for garbage that can never be a readable item: every message and status needs an `id`."""

_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.decimals()
    | st.text(max_size=12)
    | st.sampled_from([*_WORDS, CANARY_BODY, CANARY_NAME, CANARY_PHONE, "wamid.X1"])
)


def _json(keys: st.SearchStrategy[str], max_leaves: int) -> st.SearchStrategy[Any]:
    return st.recursive(
        _LEAVES,
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5)
        ),
        max_leaves=max_leaves,
    )


JSON = _json(_KEYS, 24)
GARBAGE = _json(_GARBAGE_KEYS, 8)


def check(document: object) -> ParsedWebhook:
    """Parse; the input is untouched, problems are canary-free, events survive the codec."""
    before = pickle.dumps(document)
    parsed = parse_webhook(document)
    assert pickle.dumps(document) == before
    assert_no_canary(parsed.problems)
    for event in parsed.events:
        data = codec.encode(event, NO_CONVERSATION, 0)
        assert codec.decode(data).event == event
    return parsed


@settings(max_examples=300)
@given(JSON)
def test_arbitrary_json_never_raises(document: object) -> None:
    check(document)


@settings(max_examples=200)
@given(st.dictionaries(_KEYS, JSON, max_size=4))
def test_arbitrary_envelope_contents_never_raise(rest: dict[str, Any]) -> None:
    check({**rest, "object": "whatsapp_business_account"})


_FIELDS = st.sampled_from(["messages", "user_preferences", "phone_number_name_update"]) | JSON


@settings(max_examples=200)
@given(st.lists(st.fixed_dictionaries({"field": _FIELDS, "value": JSON}), max_size=4))
def test_arbitrary_change_values_never_raise(changes: list[Any]) -> None:
    check({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": changes}]})


# -- every type with one field replaced by anything ------------------------------------------


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, (*prefix, index)))
    return found


@st.composite
def _fuzzed_message(draw: st.DrawFn) -> dict[str, Any]:
    item = row_message(draw(st.sampled_from(sorted(bodies()))))
    path = draw(st.sampled_from(_paths(item)[1:]))
    node = item
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = draw(JSON | st.text(min_size=1000, max_size=70_000) | st.decimals())
    return item


@settings(max_examples=300)
@given(_fuzzed_message())
def test_any_field_of_any_type_replaced_by_anything(item: dict[str, Any]) -> None:
    good = row_message("text", "wamid.LAST")
    change = {"field": "messages", "value": {"messages": [item, good]}}
    parsed = check({"object": "whatsapp_business_account", "entry": [{"changes": [change]}]})
    last = parsed.events[-1]
    assert isinstance(last, CustomerMessage)
    assert last.wamid == "wamid.LAST"


@settings(max_examples=200)
@given(
    st.decimals(min_value=-90, max_value=90, places=8)
    | st.decimals(min_value=-90, max_value=90, places=0)
)
def test_coordinates_keep_their_value_in_every_json_form(latitude: Decimal) -> None:
    for form in (latitude, float(latitude), format(latitude, "f")):
        item = row_message("location_pin")
        item["location"]["latitude"] = form
        [event] = check(
            {"object": "whatsapp_business_account",
             "entry": [{"changes": [{"field": "messages", "value": {"messages": [item]}}]}]}
        ).events  # fmt: skip
        assert isinstance(event, CustomerMessage)
        assert isinstance(event.content, Location)
        text = event.content.latitude
        assert "e" not in text.lower()
        exact = form if not isinstance(form, float) else Decimal(repr(form))
        assert Decimal(text) == Decimal(exact)


# -- valid items among garbage ---------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    kind: str
    key: tuple[str, int]
    """Who or what the event is about, and a number: enough to tell events apart."""
    detail: object


_WAMIDS = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=24)
_TIMESTAMPS = st.integers(0, 2**40)
_BSUIDS = st.text("0123456789", min_size=8, max_size=17).map(lambda d: "DE." + d)
_PHONES = st.text("0123456789", min_size=8, max_size=15)


@st.composite
def _valid_message(draw: st.DrawFn) -> tuple[dict[str, Any], Expected]:
    row = draw(st.sampled_from(sorted(bodies())))
    wamid = "wamid." + draw(_WAMIDS)
    who = draw(st.sampled_from(["both", "phone", "bsuid"]))
    item = row_message(
        row,
        wamid,
        sender=draw(_PHONES) if who != "bsuid" else None,
        user_id=draw(_BSUIDS) if who != "phone" else None,
        timestamp=str(draw(_TIMESTAMPS)),
    )
    words = searchable_text(EXPECTED[row])
    if row == "text":
        words = item["text"]["body"] = draw(st.text(max_size=40))
    detail = (EXPECTED[row].kind, words)
    return item, Expected("CustomerMessage", (wamid, 0), detail)


@st.composite
def _valid_id_change(draw: st.DrawFn) -> tuple[dict[str, Any], Expected]:
    old, new = draw(st.lists(_BSUIDS, min_size=2, max_size=2, unique=True))
    at = draw(_TIMESTAMPS)
    body = {"type": "user_changed_user_id", "user_id": new, "previous_user_id": old}
    item = {"id": "wamid." + draw(_WAMIDS), "timestamp": str(at), "type": "system", "system": body}
    return item, Expected("CustomerIdChanged", (f"{old}>{new}", at), None)


@st.composite
def _valid_status(draw: st.DrawFn) -> tuple[dict[str, Any], Expected]:
    wamid = "wamid." + draw(_WAMIDS)
    word = draw(st.sampled_from(["sent", "delivered", "read", "played", "failed"]))
    item = {"id": wamid, "status": word, "timestamp": str(draw(_TIMESTAMPS))}
    item["recipient_id"] = PHONE
    key = (wamid, int(DeliveryStatus[word.upper()]))
    return item, Expected("DeliveryStatusChanged", key, None)


@st.composite
def _valid_preference(draw: st.DrawFn) -> tuple[dict[str, Any], Expected]:
    user_id, at = draw(_BSUIDS), draw(_TIMESTAMPS)
    word = draw(st.sampled_from(["stop", "resume", "signup"]))
    item = {"user_id": user_id, "category": "marketing_messages", "value": word, "timestamp": at}
    index = ["stop", "resume", "signup"].index(word) + 1
    return item, Expected("PreferenceChanged", (f"{user_id}:{index}", at), None)


def _mixed(
    valid: st.SearchStrategy[tuple[Any, list[Expected]]],
) -> st.SearchStrategy[tuple[list[Any], list[Expected]]]:
    """A list of valid parts and garbage items in random order, with what the valid ones hold."""
    garbage: st.SearchStrategy[tuple[Any, list[Expected]]] = GARBAGE.map(lambda g: (g, []))
    part = valid | garbage

    def join(parts: list[tuple[Any, list[Expected]]]) -> tuple[list[Any], list[Expected]]:
        return [p for p, _ in parts], [e for _, found in parts for e in found]

    return st.lists(part, max_size=5).map(join)


def _one(
    item: st.SearchStrategy[tuple[Any, Expected]],
) -> st.SearchStrategy[tuple[Any, list[Expected]]]:
    return item.map(lambda v: (v[0], [v[1]]))


@st.composite
def _valid_change(draw: st.DrawFn) -> tuple[dict[str, Any], list[Expected]]:
    if draw(st.booleans()):
        items, expected = draw(_mixed(_one(_valid_preference())))
        value: dict[str, Any] = {"user_preferences": items}
        name = "user_preferences"
    else:
        messages, expected = draw(_mixed(_one(_valid_message() | _valid_id_change())))
        statuses, expected_statuses = draw(_mixed(_one(_valid_status())))
        value = {"messaging_product": "whatsapp", "messages": messages, "statuses": statuses}
        expected = expected + expected_statuses
        name = "messages"
    if draw(st.booleans()):
        value["contacts"] = draw(st.lists(GARBAGE, max_size=3))
    return {"field": name, "value": value}, expected


@st.composite
def _valid_entry(draw: st.DrawFn) -> tuple[dict[str, Any], list[Expected]]:
    changes, expected = draw(_mixed(_valid_change()))
    return {"id": "880000000000001", "changes": changes}, expected


def _seen(event: WebhookEvent) -> Expected:
    match event:
        case CustomerMessage():
            return Expected("CustomerMessage", (event.wamid, 0), (event.content.kind, event.text))
        case DeliveryStatusChanged():
            return Expected("DeliveryStatusChanged", (event.wamid, int(event.status)), None)
        case CustomerIdChanged():
            key = (f"{event.previous_id}>{event.new_id}", event.at)
            return Expected("CustomerIdChanged", key, None)
        case PreferenceChanged():
            key = (f"{event.customer_id}:{int(event.preference)}", event.at)
            return Expected("PreferenceChanged", key, None)


@settings(max_examples=200)
@given(_mixed(_valid_entry()))
def test_valid_items_among_garbage_are_all_returned_in_order(
    batch: tuple[list[Any], list[Expected]],
) -> None:
    entries, expected = batch
    document = {"object": "whatsapp_business_account", "entry": copy.deepcopy(entries)}
    parsed = check(document)
    assert [_seen(e) for e in parsed.events] == expected
    messages = [e for e in parsed.events if isinstance(e, CustomerMessage)]
    with_media = [m.wamid for m in messages if m.content.kind in MEDIA_KINDS]
    assert [ref.wamid for ref in parsed.media] == with_media
