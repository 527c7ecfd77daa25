"""The gateway reads `history` webhooks (cloud-api.md §15.3) into chunk records and the
owner's decline, skipping a bad message alone without quoting it."""

from __future__ import annotations

import copy
from typing import Any

from app.domain.content import Media, Text
from app.domain.history import DECLINED_CODE, HistoryStage
from app.domain.model import DeliveryStatus
from app.gateway.parse import parse_webhook
from app.gateway.parse_history import MEDIA_PLACEHOLDER, RECORD_BYTES
from app.log.events import HistoryChunk, HistorySync
from app.log.kinds.history_chunk import MAX_MESSAGES
from app.sync import codec
from app.sync.codec import NO_CONVERSATION
from tests.conformance import load_webhook

CANARY = "CANARY-4711"


def _value(document: dict[str, Any]) -> dict[str, Any]:
    value: dict[str, Any] = document["entry"][0]["changes"][0]["value"]
    return value


def test_a_chunk_keeps_each_messages_side_time_status_and_wamid() -> None:
    parsed = parse_webhook(load_webhook("history_chunk"))
    assert parsed.problems == []
    [chunk] = parsed.events
    assert isinstance(chunk, HistoryChunk)
    assert (chunk.phase, chunk.chunk_order, chunk.progress) == (1, 3, 40)
    asked, answered = chunk.messages
    assert (asked.wamid, asked.wa_id, asked.from_business, asked.sent_at) == (
        "wamid.HIST0001",
        "4915112345678",
        False,
        1_762_000_000,
    )
    assert (asked.status, asked.content) == (
        DeliveryStatus.READ,
        Text("Do you ship to Potsdam?"),
    )
    assert (answered.wa_id, answered.from_business, answered.status) == (
        "4915112345678",
        True,
        DeliveryStatus.DELIVERED,
    )
    assert answered.content == MEDIA_PLACEHOLDER


def test_numbers_as_strings_are_read_too() -> None:
    document = load_webhook("history_chunk")
    _value(document)["history"][0]["metadata"] = {
        "phase": "1",
        "chunk_order": "3",
        "progress": "40",
    }
    [chunk] = parse_webhook(document).events
    assert isinstance(chunk, HistoryChunk)
    assert (chunk.phase, chunk.chunk_order, chunk.progress) == (1, 3, 40)


def test_a_decline_is_told_with_metas_code() -> None:
    [event] = parse_webhook(load_webhook("history_declined")).events
    assert event == HistorySync(HistoryStage.DECLINED, "History sharing is off", DECLINED_CODE, 0)


def test_a_bad_message_is_skipped_alone_and_not_quoted() -> None:
    document = load_webhook("history_chunk")
    messages = _value(document)["history"][0]["threads"][0]["messages"]
    messages.append({"from": CANARY, "id": "wamid.BAD", "timestamp": CANARY, "type": "text"})
    messages.append({"from": "4915112345678", "id": "wamid.X", "type": CANARY})
    parsed = parse_webhook(document)
    [chunk] = parsed.events
    assert isinstance(chunk, HistoryChunk)
    assert len(chunk.messages) == 2
    assert len(parsed.problems) == 2
    assert all(CANARY not in problem for problem in parsed.problems)


def test_a_phase_beyond_2_drops_the_chunk() -> None:
    document = load_webhook("history_chunk")
    _value(document)["history"][0]["metadata"]["phase"] = 3
    parsed = parse_webhook(document)
    assert parsed.events == []
    assert parsed.problems == ["entry[0].changes[0].history[0] skipped: invalid phase"]


def test_a_big_chunk_is_cut_into_records_the_log_takes() -> None:
    document = load_webhook("history_chunk")
    thread = _value(document)["history"][0]["threads"][0]
    first = thread["messages"][0]
    thread["messages"] = []
    for n in range(3_000):
        message = copy.deepcopy(first)
        message["id"] = f"wamid.BIG{n:05d}"
        message["text"]["body"] = "x" * 200
        thread["messages"].append(message)
    parsed = parse_webhook(document)
    assert len(parsed.events) > 1
    chunks = [e for e in parsed.events if isinstance(e, HistoryChunk)]
    assert [m.wamid for c in chunks for m in c.messages] == [
        f"wamid.BIG{n:05d}" for n in range(3_000)
    ]
    for chunk in chunks:
        encoded = codec.encode(chunk, NO_CONVERSATION, 0)
        assert len(encoded) <= RECORD_BYTES
        assert codec.decode(encoded).event == chunk


def test_a_chunk_of_many_short_messages_is_cut_by_count_too() -> None:
    document = load_webhook("history_chunk")
    thread = _value(document)["history"][0]["threads"][0]
    first = thread["messages"][0]
    thread["messages"] = []
    for n in range(MAX_MESSAGES + 10):
        message = copy.deepcopy(first)
        message["id"] = f"w{n}"
        message["text"]["body"] = "k"
        thread["messages"].append(message)
    chunks = parse_webhook(document).events
    assert len(chunks) == 2
    for chunk in chunks:
        assert isinstance(chunk, HistoryChunk)
        assert codec.decode(codec.encode(chunk, NO_CONVERSATION, 0)).event == chunk


def test_a_follow_up_brings_a_placeholders_file_to_fetch() -> None:
    parsed = parse_webhook(load_webhook("history_media"))
    assert parsed.problems == []
    [chunk] = parsed.events
    assert isinstance(chunk, HistoryChunk)
    [photo] = chunk.messages
    assert (photo.wamid, photo.wa_id, photo.from_business) == (
        "wamid.HIST0002",
        "4915112345678",
        True,
    )
    assert isinstance(photo.content, Media)
    assert photo.content.stored is None
    [ref] = parsed.media
    assert (ref.wamid, ref.media_id) == ("wamid.HIST0002", "1555000000000009")


def test_a_follow_up_that_is_no_file_is_skipped() -> None:
    document = load_webhook("history_media")
    _value(document)["messages"][0]["type"] = "text"
    parsed = parse_webhook(document)
    assert parsed.events == []
    assert parsed.problems == [
        "entry[0].changes[0].messages[0] skipped: history follow-up type text not handled"
    ]
