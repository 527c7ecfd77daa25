"""Labels' rules: names, colours, order and the next colour offered."""

from __future__ import annotations

from app.domain.labels import (
    MAX_LABEL_CHARS,
    PALETTE,
    Label,
    LabelId,
    by_name,
    clean_label_name,
    label_refusal,
    next_colour,
)

VIP = Label(LabelId(b"v" * 16), "VIP", PALETTE[0])


def test_a_name_is_trimmed_and_its_spaces_made_one() -> None:
    assert clean_label_name("  Late   delivery ") == "Late delivery"


def test_refusals_name_what_is_wrong() -> None:
    assert label_refusal("   ", 0x112233) == "label-empty"
    assert label_refusal("x" * (MAX_LABEL_CHARS + 1), 0x112233) == "label-too-long"
    assert label_refusal("Refund", 0x1000000) == "label-colour"
    assert label_refusal(" vip ", 0x112233, (VIP,)) == "label-taken"
    assert label_refusal("Refund", 0x112233, (VIP,)) is None


def test_lists_show_labels_by_name_whatever_their_case() -> None:
    b = Label(LabelId(b"b" * 16), "billing", 1)
    a = Label(LabelId(b"a" * 16), "Amazon", 2)
    assert by_name([VIP, b, a]) == [a, b, VIP]


def test_a_new_label_gets_the_colour_fewest_use() -> None:
    assert next_colour([]) == PALETTE[0]
    assert next_colour([VIP]) == PALETTE[1]
    everyone = [Label(LabelId(bytes([i]) * 16), str(i), c) for i, c in enumerate(PALETTE)]
    assert next_colour([*everyone, VIP]) == PALETTE[1]
