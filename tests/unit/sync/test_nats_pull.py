"""The follower reads a message's sequences from its JetStream reply subject, both forms."""

from __future__ import annotations

import pytest

from app.sync.nats_pull import consumer_sequences


def test_the_classic_ack_subject_gives_stream_and_delivery_sequence_and_pending() -> None:
    reply = "$JS.ACK.SB_ab.sbf_01.1.4107.17.1767225600000000000.93"
    assert consumer_sequences(reply) == (4107, 17, 93)


def test_the_ack_subject_with_domain_and_account_hash() -> None:
    reply = "$JS.ACK.hub.ACCHASH.SB_ab.sbf_01.1.4107.17.1767225600000000000.93.xyz"
    assert consumer_sequences(reply) == (4107, 17, 93)


@pytest.mark.parametrize(
    "reply",
    [
        "",
        "_INBOX.abc",
        "$JS.ACK.SB_ab.sbf_01.1.4107.17",  # too short
        "$JS.NAK.SB_ab.sbf_01.1.4107.17.0.93",
        "$JS.ACK.SB_ab.sbf_01.1.seq.17.0.93",
    ],
)
def test_anything_else_is_not_read_as_sequences(reply: str) -> None:
    with pytest.raises(ValueError, match=r".*"):
        consumer_sequences(reply)
