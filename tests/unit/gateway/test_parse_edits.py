"""Edits and deletions the gateway cannot use are reported by position and Meta's words only,
never with what the customer wrote; the rest of the batch still counts."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from app.gateway.parse import parse_webhook
from app.log.events import CustomerEdit, CustomerMessage
from tests.conformance import load_webhook

SECRET = "my-secret-words-7731"


def with_edit(change: dict[str, Any]) -> dict[str, Any]:
    """The corpus's edit, its `edit` object replaced, after a plain text in the same value."""
    document = copy.deepcopy(load_webhook("edit"))
    value = document["entry"][0]["changes"][0]["value"]
    item = value["messages"][0]
    item["edit"] = change
    text = load_webhook("text")["entry"][0]["changes"][0]["value"]["messages"][0]
    value["messages"] = [text, item]
    return document


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"message": {"type": "text", "text": {"body": SECRET}}}, "invalid original_message_id"),
        ({"original_message_id": "wamid.X"}, "edit without message"),
        (
            {"original_message_id": "wamid.X", "message": {"type": "location", "x": SECRET}},
            "edit of location not handled",
        ),
        (
            {"original_message_id": "wamid.X", "message": {"type": SECRET}},
            "edit of unrecognised not handled",
        ),
        (
            {"original_message_id": "wamid.X", "message": {"type": "text", "text": {}}},
            "edit of text: missing body",
        ),
    ],
)
def test_an_unusable_edit_is_reported_without_its_words(
    change: dict[str, Any], problem: str
) -> None:
    parsed = parse_webhook(with_edit(change), "770000000000001")
    [event] = parsed.events
    assert isinstance(event, CustomerMessage)  # the text beside it still counts
    [found] = parsed.problems
    assert found.endswith(problem), found
    assert SECRET not in found


def test_an_edit_reads_whole() -> None:
    change = {"original_message_id": "wamid.X", "message": {"type": "text", "text": {"body": "ok"}}}
    _, edit = parse_webhook(with_edit(change)).events
    assert isinstance(edit, CustomerEdit)
