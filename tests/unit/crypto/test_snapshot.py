"""The snapshot offer (type 5) and the pack's framing (security.md 2.12 part 4)."""

from __future__ import annotations

import pytest

from app.crypto.envelope import parse_envelope
from app.crypto.errors import BadSignature, Malformed, Undecryptable
from app.crypto.snapshot import (
    PackedRecord,
    PackParser,
    PackWriter,
    SnapshotOffer,
    is_offer,
    open_offer,
    seal_offer,
)
from app.crypto.stream import open_stream, seal_stream
from tests.unit.crypto.helpers import GATEWAY, MEMBER, ROOT, Team, build_team, fields, keys

_team = build_team()
OFFER = SnapshotOffer("ab" * 16, b"h" * 32, 1234, 99, b"k" * 32)


def team() -> Team:
    return _team


NEWCOMER = keys("newcomer")


def offer_from(signer_name: str = "root") -> bytes:
    signer = {"root": ROOT, "member": MEMBER, "gateway": GATEWAY}[signer_name]
    f = fields(team(), "offer")
    return seal_offer(offer=OFFER, fields=f, recipient_kem=NEWCOMER.public().kem, signer=signer)


def test_an_offer_opens_for_its_newcomer_only_from_an_admin_or_member() -> None:
    for signer in ("root", "member"):
        data = offer_from(signer)
        assert is_offer(data)
        assert open_offer(data, chain=team().state, me=NEWCOMER) == OFFER
    with pytest.raises(BadSignature, match="offer-author"):
        open_offer(offer_from("gateway"), chain=team().state, me=NEWCOMER)
    with pytest.raises(Undecryptable):
        open_offer(offer_from(), chain=team().state, me=keys("someone-else"))
    assert "k" * 32 not in repr(OFFER)  # the key stays out of logs


def test_an_offer_never_passes_for_a_log_record() -> None:
    data = offer_from()
    with pytest.raises(Malformed, match="type"):
        parse_envelope(data)  # the log's reader refuses type 5


def test_an_altered_offer_is_refused() -> None:
    data = bytearray(offer_from())
    data[-70] ^= 1  # in the body
    with pytest.raises((BadSignature, Malformed)):
        open_offer(bytes(data), chain=team().state, me=NEWCOMER)
    with pytest.raises(ValueError, match="author_seq"):
        seal_offer(
            offer=OFFER,
            fields=fields(team(), "offer", seq=2, prev=b"p" * 32),
            recipient_kem=NEWCOMER.public().kem,
            signer=ROOT,
        )


def records(*seqs: int) -> list[PackedRecord]:
    return [PackedRecord(s, "sb.x.in", bytes([s % 256]) * (s * 7)) for s in seqs]


def pack(items: list[PackedRecord]) -> bytes:
    writer = PackWriter()
    return writer.head() + writer.records(items) + writer.tail()


def test_a_pack_reads_back_piece_by_piece_through_stream() -> None:
    items = records(1, 2, 5, 9, 300)
    key, ciphertext = seal_stream(pack(items), lambda n: b"\x07" * n)
    plain = open_stream(key, ciphertext)
    for step in (1, 7, 1000):
        parser = PackParser(up_to=300)
        out: list[PackedRecord] = []
        for at in range(0, len(plain), step):
            out += parser.feed(plain[at : at + step])
        parser.finish()
        assert out == items


def test_a_records_length_is_what_it_takes_in_the_pack() -> None:
    items = records(3, 40)
    body = pack(items)
    overhead = len(PackWriter().head()) + PackWriter.TAIL_LEN
    assert len(body) - overhead == sum(PackWriter.record_len(r) for r in items)


def test_a_pack_out_of_order_cut_or_past_its_offer_is_malformed() -> None:
    with pytest.raises(ValueError, match="rise"):
        PackWriter().records(records(2, 1))
    good = pack(records(1, 2, 3))
    with pytest.raises(Malformed, match="pack-tail"):
        PackParser(up_to=4).feed(good)  # the offer names another s
    with pytest.raises(Malformed, match="pack-order"):
        PackParser(up_to=2).feed(good)
    cut = PackParser(up_to=3)
    cut.feed(good[:-5])
    with pytest.raises(Malformed, match="pack-tail"):
        cut.finish()
    with pytest.raises(Malformed, match="pack-head"):
        PackParser(up_to=3).feed(b"XXXX" + good[4:])
