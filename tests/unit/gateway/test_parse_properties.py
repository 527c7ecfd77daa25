"""Property tests: `parse_webhook` never raises, and garbage never hides a readable item."""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.events import CustomerMessage, DeliveryStatusChanged
from app.domain.ids import NO_CONVERSATION
from app.gateway.parse import parse_webhook
from app.sync import codec

from .payloads import BSUID, CANARY_BODY, CANARY_NAME, CANARY_PHONE, PHONE, assert_no_canary

# Meta's words, so that random documents reach deep into the parser.
_WORDS = [
    "whatsapp_business_account", "entry", "changes", "field", "value", "messages", "statuses",
    "contacts", "errors", "from", "from_user_id", "timestamp", "type", "text", "body", "status",
    "code", "title", "profile", "name", "wa_id", "user_id", "sent", "delivered", "read",
    "played", "failed", "image", "1767225600", "-1", BSUID, PHONE, "\ud800", "",
]  # fmt: skip
_KEYS = st.sampled_from([*_WORDS, "id", "object"]) | st.text(max_size=4)
_GARBAGE_KEYS = st.sampled_from(_WORDS) | st.text(max_size=4).filter(lambda k: k != "id")
"""Keys for garbage that can never be a readable item: every item needs an `id`."""

_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
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


def check(document: object) -> list[CustomerMessage | DeliveryStatusChanged]:
    before = pickle.dumps(document)
    parsed = parse_webhook(document)
    assert pickle.dumps(document) == before
    assert_no_canary(parsed.problems)
    for event in parsed.events:
        data = codec.encode(event, NO_CONVERSATION, 0)
        assert codec.decode(data).event == event
    return parsed.events


@settings(max_examples=300)
@given(JSON)
def test_arbitrary_json_never_raises(document: object) -> None:
    check(document)


@settings(max_examples=200)
@given(st.dictionaries(_KEYS, JSON, max_size=4))
def test_arbitrary_envelope_contents_never_raise(rest: dict[str, Any]) -> None:
    check({**rest, "object": "whatsapp_business_account"})


@settings(max_examples=200)
@given(
    st.lists(
        st.fixed_dictionaries(
            {"field": st.sampled_from(["messages", "user_preferences"]) | JSON, "value": JSON}
        ),
        max_size=4,
    )
)
def test_arbitrary_change_values_never_raise(changes: list[Any]) -> None:
    check({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": changes}]})


# -- valid items among garbage ---------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    kind: type
    wamid: str
    detail: object


_WAMIDS = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=24)
_TIMESTAMPS = st.integers(0, 2**40).map(str)


@st.composite
def _valid_message(draw: st.DrawFn) -> tuple[dict[str, Any], Expected]:
    wamid = "wamid." + draw(_WAMIDS)
    body = draw(st.text(max_size=40))
    item: dict[str, Any] = {
        "id": wamid,
        "timestamp": draw(_TIMESTAMPS),
        "type": "text",
        "text": {"body": body},
    }
    who = draw(st.sampled_from(["both", "phone", "bsuid"]))
    if who != "bsuid":
        item["from"] = draw(st.text("0123456789", min_size=8, max_size=15))
    if who != "phone":
        item["from_user_id"] = "DE." + draw(st.text("0123456789", min_size=8, max_size=17))
    return item, Expected(CustomerMessage, wamid, body)


@st.composite
def _valid_status(draw: st.DrawFn) -> tuple[dict[str, Any], Expected]:
    wamid = "wamid." + draw(_WAMIDS)
    word = draw(st.sampled_from(["sent", "delivered", "read", "played", "failed"]))
    item = {"id": wamid, "status": word, "timestamp": draw(_TIMESTAMPS), "recipient_id": PHONE}
    return item, Expected(DeliveryStatusChanged, wamid, word)


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
    messages, expected_messages = draw(_mixed(_one(_valid_message())))
    statuses, expected_statuses = draw(_mixed(_one(_valid_status())))
    value: dict[str, Any] = {"messaging_product": "whatsapp", "messages": messages}
    value["statuses"] = statuses
    if draw(st.booleans()):
        value["contacts"] = draw(st.lists(GARBAGE, max_size=3))
    return {"field": "messages", "value": value}, expected_messages + expected_statuses


@st.composite
def _valid_entry(draw: st.DrawFn) -> tuple[dict[str, Any], list[Expected]]:
    changes, expected = draw(_mixed(_valid_change()))
    return {"id": "880000000000001", "changes": changes}, expected


def _seen(event: CustomerMessage | DeliveryStatusChanged) -> Expected:
    if isinstance(event, CustomerMessage):
        return Expected(CustomerMessage, event.wamid, event.text)
    return Expected(DeliveryStatusChanged, event.wamid, event.status.name.lower())


@settings(max_examples=200)
@given(_mixed(_valid_entry()))
def test_valid_items_among_garbage_are_all_returned_in_order(
    batch: tuple[list[Any], list[Expected]],
) -> None:
    entries, expected = batch
    events = check({"object": "whatsapp_business_account", "entry": entries})
    assert [_seen(e) for e in events] == expected
