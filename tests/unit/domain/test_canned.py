"""Canned replies' rules: shortcuts, the picker's filter and the variables filled in."""

from __future__ import annotations

from app.domain.canned import (
    MAX_CANNED_CHARS,
    CannedId,
    CannedReply,
    CannedScope,
    canned_refusal,
    fill_variables,
    first_name,
    matching,
)
from app.domain.ids import DeviceId

ME = DeviceId(b"A" * 16)


def _reply(shortcut: str, body: str, n: int = 1) -> CannedReply:
    return CannedReply(CannedId(bytes([n]) * 16), shortcut, body, CannedScope.SHARED, ME)


def test_refusals_name_what_is_wrong() -> None:
    assert canned_refusal("", "Hello") == "shortcut-empty"
    assert canned_refusal("hello there", "Hello") == "shortcut-invalid"
    assert canned_refusal("/hello", "Hello") == "shortcut-invalid"
    assert canned_refusal("hello", "  ") == "canned-empty"
    assert canned_refusal("hello", "x" * (MAX_CANNED_CHARS + 1)) == "canned-too-long"
    assert canned_refusal("Hello", "Hi", [_reply("hello", "Hi")]) == "shortcut-taken"
    assert canned_refusal("hello", "Hi", count=500) == "too-many-canned"
    assert canned_refusal("thanks-2", "Thank you, {first_name}!") is None


def test_the_first_name_is_the_first_word_and_never_a_number() -> None:
    assert first_name("Alice Martin") == "Alice"
    assert first_name("+49 151 2345678") == ""
    assert first_name("") == ""


def test_variables_are_filled_and_a_missing_name_leaves_no_gap() -> None:
    body = "Hello {first_name}, this is {agent_name}. {unknown} stays."
    assert fill_variables(body, "Alice Martin", "Anna") == (
        "Hello Alice, this is Anna. {unknown} stays."
    )
    assert fill_variables(body, "4915112345678", "Anna") == (
        "Hello, this is Anna. {unknown} stays."
    )


def test_the_picker_lists_shortcuts_that_start_so_before_the_rest() -> None:
    thanks = _reply("thanks", "Thank you for waiting", 1)
    hours = _reply("hours", "We are open 9 to 5", 2)
    refund = _reply("refund", "Your refund is on its way; thanks!", 3)
    assert matching([refund, hours, thanks], "") == [hours, refund, thanks]
    assert matching([refund, hours, thanks], "TH") == [thanks, refund]
    assert matching([refund, hours, thanks], "open") == [hours]
    assert matching([refund, hours, thanks], "zzz") == []
