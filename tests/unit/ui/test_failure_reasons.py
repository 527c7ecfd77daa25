"""The desk says why a send failed, from the same code table the gateway's queue uses."""

from __future__ import annotations

import pytest

from app.domain.send_codes import NETWORK_ERROR, NOT_SENT
from app.ui.wording import failure_reason


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (131047, "24 hours"),
        (131050, "stopped marketing"),
        (190, "administrator"),
        (368, "administrator"),
        (132001, "template"),
        (130472, "could not deliver"),
        (NETWORK_ERROR, "may or may not"),
        (NOT_SENT, "Send it again"),
        (987654, "error 987654"),
    ],
)
def test_each_kind_of_failure_has_words(code: int, words: str) -> None:
    text = failure_reason(code)
    assert words in text
    if code not in (NETWORK_ERROR, NOT_SENT):
        assert str(code) in text  # the code stays visible for support
