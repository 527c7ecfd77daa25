"""Media STREAM encryption and `MediaRef` (crypto.md §3.8 step 2, §6 items 1, 2 and 7).

Malicious streams come from `_reference_seal`, an independent reading of the format documented
in `app/crypto/stream.py`. Regenerate the golden vector only for a deliberate format change:

    .venv/bin/python -m tests.unit.crypto.test_stream
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto import labels
from app.crypto import stream as stream_mod
from app.crypto.encoding import Reader, Writer
from app.crypto.errors import DecodeError, Malformed, Undecryptable
from app.crypto.primitives import aead_seal, hkdf, sha256
from app.crypto.stream import (
    CHUNK_CT_SIZE,
    CHUNK_SIZE,
    HEADER,
    MediaRef,
    StreamOpener,
    StreamSealer,
    ciphertext_size,
    new_object_name,
    open_media,
    open_stream,
    seal_stream,
    valid_object_name,
)
from app.domain.errors import EnvelopeRejected
from tests.unit.crypto import golden
from tests.unit.crypto.helpers import DetRng

SIZES = (0, 1, 100, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE)
VECTOR_SIZES = (0, 1, 100, CHUNK_SIZE, CHUNK_SIZE + 1)


def _reference_seal(file_key: bytes, chunks: Sequence[tuple[bytes, bool]]) -> bytes:
    """The format as documented, chunk by chunk, with the last-chunk flag chosen by the caller."""
    key = hkdf(file_key, labels.MEDIA_STREAM + HEADER)
    sealed = [
        aead_seal(key, i.to_bytes(11, "big") + bytes([last]), piece, b"")
        for i, (piece, last) in enumerate(chunks)
    ]
    return HEADER + b"".join(sealed)


def _split(data: bytes) -> list[tuple[bytes, bool]]:
    pieces = [data[i : i + CHUNK_SIZE] for i in range(0, len(data), CHUNK_SIZE)] or [b""]
    return [(piece, i == len(pieces) - 1) for i, piece in enumerate(pieces)]


def _chunks(ciphertext: bytes) -> list[bytes]:
    body = ciphertext[len(HEADER) :]
    return [body[i : i + CHUNK_CT_SIZE] for i in range(0, len(body), CHUNK_CT_SIZE)]


def _sealed(size: int) -> tuple[bytes, bytes, bytes]:
    plaintext = os.urandom(size)
    return plaintext, *seal_stream(plaintext, DetRng(b"stream/test"))


THREE_PT, THREE_KEY, THREE_CT = _sealed(2 * CHUNK_SIZE + 5)  # three chunks, the last short


# Round trips and layout.


@pytest.mark.parametrize("size", SIZES)
def test_round_trip(size: int) -> None:
    plaintext, file_key, ciphertext = _sealed(size)
    assert len(ciphertext) == ciphertext_size(size)
    assert ciphertext == _reference_seal(file_key, _split(plaintext))  # as documented
    assert open_stream(file_key, ciphertext) == plaintext


def test_layout_of_an_empty_file() -> None:
    file_key, ciphertext = seal_stream(b"", DetRng(b"stream/empty"))
    assert file_key == DetRng(b"stream/empty")(32)
    assert ciphertext[:6] == b"SBST\x01\x01"
    assert len(ciphertext) == ciphertext_size(0) == len(HEADER) + 16  # one empty final chunk
    assert ciphertext_size(CHUNK_SIZE + 1) == 6 + CHUNK_SIZE + 33


SIZE_NEAR_EDGES = st.one_of(
    st.sampled_from([0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 2 * CHUNK_SIZE]),
    st.integers(0, 2 * CHUNK_SIZE + 3),
)


@settings(max_examples=60, deadline=None)
@given(SIZE_NEAR_EDGES, st.lists(st.integers(0, 3 * CHUNK_SIZE), max_size=6))
def test_incremental_equals_one_shot_for_any_split(size: int, cuts: list[int]) -> None:
    plaintext = DetRng(b"stream/plaintext")(size)
    rng_label = b"stream/split"
    _, whole = seal_stream(plaintext, DetRng(rng_label))
    sealer = StreamSealer(DetRng(rng_label))
    bounds = [0, *sorted(c % (len(plaintext) + 1) for c in cuts), len(plaintext)]
    pieces = [sealer.update(plaintext[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
    assert b"".join([*pieces, sealer.finish()]) == whole
    opener = StreamOpener(sealer.file_key)
    cut = [0, *sorted(c % (len(whole) + 1) for c in cuts), len(whole)]
    out = [opener.update(whole[a:b]) for a, b in zip(cut, cut[1:], strict=False)]
    assert b"".join([*out, opener.finish()]) == plaintext


def test_opener_releases_a_chunk_only_when_more_follows() -> None:
    opener = StreamOpener(THREE_KEY)
    first = opener.update(THREE_CT[: len(HEADER) + CHUNK_CT_SIZE])
    assert first == b""  # could still be the final chunk
    assert opener.update(THREE_CT[len(HEADER) + CHUNK_CT_SIZE :]) == THREE_PT[: 2 * CHUNK_SIZE]
    assert opener.finish() == THREE_PT[2 * CHUNK_SIZE :]


# Every kind of tampering.


def _reject(ciphertext: bytes, error: type[EnvelopeRejected], reason: str) -> None:
    with pytest.raises(error) as caught:
        open_stream(THREE_KEY, ciphertext)
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    ("label", "mutate"),
    [
        ("cut at a chunk boundary", lambda c: c[: len(HEADER) + 2 * CHUNK_CT_SIZE]),
        ("cut inside a chunk", lambda c: c[:-1]),
        ("data after the final chunk", lambda c: c + b"\x00"),
        ("a tag's worth after it", lambda c: c + bytes(16)),
        ("final chunk repeated", lambda c: c + _chunks(c)[-1]),
        ("chunks swapped", lambda c: HEADER + b"".join(_chunks(c)[i] for i in (1, 0, 2))),
        ("chunk duplicated", lambda c: HEADER + b"".join(_chunks(c)[i] for i in (0, 0, 1, 2))),
        ("chunk dropped", lambda c: HEADER + b"".join(_chunks(c)[i] for i in (0, 2))),
    ],
)
def test_cut_extended_or_reordered_streams_fail_authentication(label: str, mutate: object) -> None:
    assert callable(mutate)
    _reject(mutate(THREE_CT), Undecryptable, "stream-chunk")


@pytest.mark.parametrize(
    "chunks",
    [
        [(b"a" * CHUNK_SIZE, True), (b"b", True)],  # "final" chunk followed by more
        [(b"a" * CHUNK_SIZE, False), (b"b", False)],  # no final chunk at all
        [(b"", False), (b"b", True)],  # an empty chunk first
        [(b"a" * 10, False), (b"b", True)],  # a short chunk that is not the last
    ],
)
def test_chunks_flagged_wrongly_by_a_key_holder_fail(chunks: list[tuple[bytes, bool]]) -> None:
    _reject(_reference_seal(THREE_KEY, chunks), Undecryptable, "stream-chunk")


def test_empty_final_chunk_after_others_is_malformed() -> None:
    forged = _reference_seal(THREE_KEY, [(b"a" * CHUNK_SIZE, False), (b"", True)])
    _reject(forged, Malformed, "stream-empty")


@pytest.mark.parametrize(
    ("ciphertext", "reason"),
    [
        (b"", "stream-header"),
        (HEADER[:5], "stream-header"),
        (b"SBSX" + THREE_CT[4:], "stream-header"),
        (HEADER[:4] + b"\x02\x01" + THREE_CT[6:], "stream-header"),  # unknown version
        (HEADER[:5] + b"\x02" + THREE_CT[6:], "stream-header"),  # unknown suite
        (HEADER, "stream-length"),  # no chunk at all
        (HEADER + bytes(15), "stream-length"),  # shorter than a tag
    ],
)
def test_bad_header_or_lengths_are_malformed(ciphertext: bytes, reason: str) -> None:
    _reject(ciphertext, Malformed, reason)


def test_wrong_key_and_oversize() -> None:
    wrong_key = DetRng(b"stream/other-key")(32)
    with pytest.raises(Undecryptable, match="stream-chunk"):
        open_stream(wrong_key, THREE_CT)
    # Sizes are checked before tags: the wrong key would fail on the first tag.
    with pytest.raises(Malformed, match="stream-size"):
        open_stream(wrong_key, THREE_CT, max_size=CHUNK_SIZE - 1)
    with pytest.raises(Malformed, match="stream-size"):
        open_stream(THREE_KEY, THREE_CT, max_size=len(THREE_PT) - 1)
    assert open_stream(THREE_KEY, THREE_CT, max_size=len(THREE_PT)) == THREE_PT


def test_sealer_refuses_more_than_max_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stream_mod, "MAX_SIZE", 10)
    sealer = StreamSealer(os.urandom)
    sealer.update(b"x" * 10)
    with pytest.raises(ValueError, match="MAX_SIZE"):
        sealer.update(b"x")


def test_streams_are_single_use() -> None:
    sealer = StreamSealer(os.urandom)
    sealer.finish()
    with pytest.raises(ValueError, match="finished"):
        sealer.update(b"late")
    opener = StreamOpener(THREE_KEY)
    with pytest.raises(Undecryptable):
        opener.update(THREE_CT[:6] + bytes(2 * CHUNK_CT_SIZE))
    with pytest.raises(ValueError, match="rejected"):  # no resuming past a bad chunk
        opener.update(THREE_CT[6 + CHUNK_CT_SIZE :])
    with pytest.raises(ValueError, match="file_key"):
        StreamOpener(b"short")


SEALED = st.one_of(  # small one-chunk files, and the three-chunk one
    st.binary(max_size=300).map(lambda p: seal_stream(p, DetRng(b"stream/flip"))),
    st.just((THREE_KEY, THREE_CT)),
)


@settings(max_examples=200, deadline=None)
@given(SEALED, st.data())
def test_any_single_bit_flip_is_rejected(sealed: tuple[bytes, bytes], data: st.DataObject) -> None:
    file_key, ciphertext = sealed
    bit = data.draw(st.integers(0, 8 * len(ciphertext) - 1))
    flipped = bytearray(ciphertext)
    flipped[bit // 8] ^= 1 << (bit % 8)
    with pytest.raises((Malformed, Undecryptable)):
        open_stream(file_key, bytes(flipped))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=CHUNK_SIZE + 300))
def test_arbitrary_plaintexts_round_trip(plaintext: bytes) -> None:
    file_key, ciphertext = seal_stream(plaintext, os.urandom)
    assert open_stream(file_key, ciphertext) == plaintext


# MediaRef and object names.


def _ref(**changes: Any) -> MediaRef:
    fields: dict[str, Any] = {
        "object_name": new_object_name(DetRng(b"stream/name")),
        "file_key": THREE_KEY,
        "ciphertext_sha256": sha256(THREE_CT),
        "size": len(THREE_PT),
        "mime_type": "image/jpeg",
        "filename": "Rücklicht 🚲.jpg",
    }
    return MediaRef(**(fields | changes))


def test_open_media_checks_digest_and_size() -> None:
    assert open_media(_ref(), THREE_CT) == THREE_PT
    with pytest.raises(Undecryptable, match="stream-digest"):
        open_media(_ref(ciphertext_sha256=bytes(32)), THREE_CT)
    with pytest.raises(Malformed, match="stream-size"):
        open_media(_ref(size=len(THREE_PT) - 1), THREE_CT)
    opener = StreamOpener.for_ref(_ref(size=CHUNK_SIZE))  # refused as soon as it is too long
    with pytest.raises(Malformed, match="stream-size"):
        opener.update(THREE_CT)


def test_media_ref_round_trip_and_repr_hides_the_key() -> None:
    ref = _ref()
    assert MediaRef.decode(ref.encode()) == ref
    assert THREE_KEY.hex() not in repr(ref)
    assert "file_key" not in repr(ref)
    assert ref.encode()[:16] == bytes.fromhex(ref.object_name)  # raw, so hex case is canonical


@pytest.mark.parametrize(
    "change",
    [
        {"object_name": "AB" * 16},
        {"object_name": "ab" * 15},
        {"file_key": bytes(31)},
        {"ciphertext_sha256": bytes(33)},
        {"size": -1},
        {"size": stream_mod.MAX_SIZE + 1},
        {"mime_type": "x" * 256},
        {"filename": "é" * 513},
    ],
)
def test_media_ref_refuses_bad_values(change: dict[str, object]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        _ref(**change)


def test_media_ref_decode_is_strict() -> None:
    good = _ref().encode()
    for bad in (good + b"\x00", good[:-1], good[:80], b""):
        with pytest.raises(DecodeError):
            MediaRef.decode(bad)
    too_big = bytearray(good)
    too_big[80:88] = (stream_mod.MAX_SIZE + 1).to_bytes(8, "big")
    with pytest.raises(DecodeError, match="value"):
        MediaRef.decode(bytes(too_big))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_media_ref_decode_raises_only_decode_error(data: bytes) -> None:
    try:
        ref = MediaRef.decode(data)
    except DecodeError:
        return
    assert ref.encode() == data


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60), st.text(max_size=200), st.integers(0, stream_mod.MAX_SIZE))
def test_media_ref_encode_decode_identity(mime: str, filename: str, size: int) -> None:
    ref = _ref(mime_type=mime, filename=filename, size=size)
    assert MediaRef.decode(ref.encode()) == ref
    embedded = Writer().u8(7).items([ref, ref], MediaRef.write).getvalue()  # inside a structure
    reader = Reader(embedded)
    assert reader.u8() == 7
    assert reader.items(MediaRef.read) == [ref, ref]


def test_object_names_are_random_hex() -> None:
    name = new_object_name(os.urandom)
    assert valid_object_name(name)
    assert new_object_name(os.urandom) != name
    for bad in ("", "ab" * 15, "AB" * 16, "zz" * 16, "ab" * 17, "../" + "a" * 29):
        assert not valid_object_name(bad)


def test_label_is_new_and_spelled_as_documented() -> None:
    assert labels.MEDIA_STREAM == b"switchboard/v1 media-stream"
    others = [label for label in labels.ALL if label != labels.MEDIA_STREAM]
    assert len(others) == len(labels.ALL) - 1
    assert not [
        o for o in others if o.startswith(labels.MEDIA_STREAM) or labels.MEDIA_STREAM.startswith(o)
    ]


# Golden vector.


def stream_vector() -> golden.Vector:
    """Sealed files at the chunk edges (full bytes for the small ones) and a `MediaRef`."""
    cases = []
    for n in VECTOR_SIZES:
        plaintext = DetRng(b"stream/plaintext")(n)
        file_key, ciphertext = seal_stream(plaintext, DetRng(b"stream/%d" % n))
        row: dict[str, object] = {
            "plaintext_len": n,
            "file_key": file_key.hex(),
            "payload_key": hkdf(file_key, labels.MEDIA_STREAM + HEADER).hex(),
            "ciphertext_len": len(ciphertext),
            "ciphertext_sha256": sha256(ciphertext).hex(),
        }
        if n <= 100:
            row["ciphertext"] = ciphertext.hex()
        cases.append(row)
    one = cases[1]  # the reference names the 1-byte file
    key, digest = (bytes.fromhex(str(one[k])) for k in ("file_key", "ciphertext_sha256"))
    ref = _ref(file_key=key, ciphertext_sha256=digest, size=1)
    return {
        "header": HEADER.hex(),
        "plaintext_rng": "DetRng(b'stream/plaintext')",
        "key_rng": "DetRng(b'stream/<plaintext_len>')",
        "cases": cases,
        "media_ref": {
            "object_name": ref.object_name,
            "mime_type": ref.mime_type,
            "filename": ref.filename,
            "encoded": ref.encode().hex(),
        },
    }


def test_golden_vector_matches() -> None:
    assert stream_vector() == golden.load("stream")


def test_frozen_ciphertexts_open() -> None:
    vector = golden.load("stream")
    for case in vector["cases"]:
        if "ciphertext" in case:
            opened = open_stream(bytes.fromhex(case["file_key"]), bytes.fromhex(case["ciphertext"]))
            assert opened == DetRng(b"stream/plaintext")(case["plaintext_len"])
    ref = MediaRef.decode(bytes.fromhex(vector["media_ref"]["encoded"]))
    small = vector["cases"][1]
    assert open_media(ref, bytes.fromhex(small["ciphertext"])) == DetRng(b"stream/plaintext")(1)


if __name__ == "__main__":
    text = json.dumps(stream_vector(), indent=2, ensure_ascii=False) + "\n"
    (golden.VECTOR_DIR / "stream.json").write_text(text, "utf-8")
