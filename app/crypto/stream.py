"""Media encryption: the age-style STREAM (crypto.md §3.8 step 2, §3.13, §3.14).

PURE. A media file is sealed under its own random 32-byte `file_key`, which travels only inside
sealed event plaintexts (in a `MediaRef`); the hub and the attachment cache hold the ciphertext.
The construction is the payload of the C2SP age format, with a Switchboard header and key:

    ciphertext  = header ‖ chunk_0 ‖ … ‖ chunk_{n-1}                        (n ≥ 1)
    header      = "SBST" ‖ u8 version (1) ‖ u8 suite (1)                    (6 bytes)
    payload_key = HKDF-SHA256(file_key, info = "switchboard/v1 media-stream" ‖ header)
    chunk_i     = ChaCha20-Poly1305(payload_key, nonce_i, plaintext_i, aad = "")
    nonce_i     = u88 big-endian i ‖ (0x01 if i = n-1 else 0x00)          (12 bytes)

Plaintext chunks are 64 KiB except the last (1..64 KiB; empty only for an empty file). The key
binds the header; the last-chunk flag makes truncation at a chunk boundary fail, the counter makes
reordering and duplication fail, and nothing may follow the final chunk. No per-file salt: each
`file_key` is single-use (crypto.md §5). Lengths are fixed by the format and checked before tags.
Failures raise `Malformed` (header, lengths, empty chunk, size) or `Undecryptable` (a tag, or the
digest named by a `MediaRef`).
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Self

from app.crypto import labels
from app.crypto.encoding import Reader, Writer
from app.crypto.errors import DecodeError, Malformed, Undecryptable
from app.crypto.primitives import (
    HASH_LEN,
    KEY_LEN,
    SUITE_ID,
    TAG_LEN,
    VERSION,
    Rng,
    aead_open,
    aead_seal,
    ct_equal,
    hkdf,
)
from app.domain.errors import EnvelopeRejected

MAGIC = b"SBST"
HEADER = MAGIC + bytes([VERSION, SUITE_ID])
"""The only header this version writes or accepts."""
CHUNK_SIZE = 64 * 1024
"""Plaintext bytes per chunk (age's value)."""
CHUNK_CT_SIZE = CHUNK_SIZE + TAG_LEN
"""Ciphertext bytes of every chunk but the last."""
COUNTER_LEN = 11
MAX_SIZE = 128 * 1024 * 1024
"""Largest plaintext accepted: above WhatsApp's 100 MB document limit; far below 2^88 chunks."""
OBJECT_NAME_LEN = 16
"""Random bytes in an object name (hex in the store)."""
MAX_MIME, MAX_FILENAME = 255, 1024
"""Caps, in UTF-8 bytes, on the display fields of a `MediaRef`."""

_OBJECT_NAME = re.compile(rf"^[0-9a-f]{{{2 * OBJECT_NAME_LEN}}}$")


def ciphertext_size(plaintext_size: int) -> int:
    """The exact ciphertext length of a plaintext of `plaintext_size` bytes."""
    if plaintext_size < 0:
        raise ValueError("negative size")
    chunks = max(1, -(-plaintext_size // CHUNK_SIZE))
    return len(HEADER) + plaintext_size + chunks * TAG_LEN


def new_object_name(rng: Rng) -> str:
    """A fresh random object name: 32 lowercase hex digits, never derived from customer data."""
    return rng(OBJECT_NAME_LEN).hex()


def valid_object_name(name: str) -> bool:
    """True if `name` has the form `new_object_name` gives (checked before it reaches the hub)."""
    return _OBJECT_NAME.fullmatch(name) is not None  # `$` would let a trailing newline in


def _payload_key(file_key: bytes) -> bytes:
    return hkdf(file_key, labels.MEDIA_STREAM + HEADER)


def _nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(COUNTER_LEN, "big") + (b"\x01" if last else b"\x00")


class _Chunker:
    """Cuts a byte stream into `size`-byte pieces, releasing one only once a byte after it came.

    Until then a piece may be the final one, which carries the last-chunk flag. Input is sliced,
    never copied whole, so pushing 100 MB at once costs no more than pushing it in pieces.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._held = bytearray()

    def push(self, data: bytes | memoryview) -> list[bytes]:
        """Adds `data`; returns the pieces now known not to be the last."""
        out: list[bytes] = []
        view = memoryview(data)
        if self._held:
            fill = min(self._size - len(self._held), len(view))
            self._held += view[:fill]
            view = view[fill:]
            if not view:
                return out
            out.append(bytes(self._held))  # full, and more follows
            self._held.clear()
        while len(view) > self._size:
            out.append(bytes(view[: self._size]))
            view = view[self._size :]
        self._held += view
        return out

    def rest(self) -> bytes:
        """The held-back final piece (empty if nothing was pushed)."""
        return bytes(self._held)


class StreamSealer:
    """Seals a plaintext piece by piece, drawing its `file_key` from `rng`.

    Feed plaintext to `update` in pieces of any size and upload what it returns; `finish` returns
    the final chunk. Only one chunk of plaintext is buffered at a time.

    Args:
        rng: The injected random source (32 bytes are drawn for the file key).
    """

    def __init__(self, rng: Rng) -> None:
        self.file_key = rng(KEY_LEN)
        """The new file's key: it goes into the `MediaRef`, never next to the ciphertext."""
        self._key = _payload_key(self.file_key)
        self._chunks = _Chunker(CHUNK_SIZE)
        self._counter = self._size = 0  # chunks sealed, plaintext bytes fed
        self._unsent = HEADER  # goes out with the first ciphertext
        self._finished = False

    def update(self, data: bytes) -> bytes:
        """Adds plaintext; returns the ciphertext that is ready (possibly empty).

        Raises:
            ValueError: After `finish`, or the plaintext grew beyond `MAX_SIZE`.
        """
        self._check(len(data))
        return self._out([self._seal(piece, last=False) for piece in self._chunks.push(data)])

    def finish(self) -> bytes:
        """Seals the final chunk and returns the rest of the ciphertext.

        Raises:
            ValueError: Called twice.
        """
        self._check(0)
        self._finished = True
        return self._out([self._seal(self._chunks.rest(), last=True)])

    def _check(self, more: int) -> None:
        if self._finished:
            raise ValueError("stream already finished")
        if self._size + more > MAX_SIZE:
            raise ValueError("plaintext larger than MAX_SIZE")
        self._size += more

    def _seal(self, piece: bytes, *, last: bool) -> bytes:
        sealed = aead_seal(self._key, _nonce(self._counter, last), piece, b"")
        self._counter += 1
        return sealed

    def _out(self, sealed: list[bytes]) -> bytes:
        out = b"".join([self._unsent, *sealed])
        self._unsent = b""
        return out


class StreamOpener:
    """Opens a STREAM ciphertext piece by piece.

    Feed ciphertext to `update` in pieces of any size; it returns plaintext of the chunks that
    have been authenticated. Only `finish` proves the file complete: on any error, discard what
    was returned. After an error the opener refuses further use.

    Args:
        file_key: The 32-byte key from the `MediaRef`.
        max_size: Largest plaintext accepted; checked before decrypting.
    """

    def __init__(self, file_key: bytes, *, max_size: int = MAX_SIZE) -> None:
        if len(file_key) != KEY_LEN:
            raise ValueError(f"file_key must be {KEY_LEN} bytes")
        self._key = _payload_key(file_key)  # this version has one header, so one key
        self._head = bytearray()
        self._chunks = _Chunker(CHUNK_CT_SIZE)
        self._max_size = min(max_size, MAX_SIZE)
        self._counter = self._size = self._received = 0  # chunks, plaintext out, ciphertext in
        self._expect: MediaRef | None = None
        self._hash = hashlib.sha256()  # incremental, so not primitives.sha256; for `for_ref`
        self._done = False

    @classmethod
    def for_ref(cls, ref: MediaRef) -> Self:
        """An opener that also demands the exact ciphertext `ref` names (digest and size)."""
        opener = cls(ref.file_key, max_size=ref.size)
        opener._expect = ref
        return opener

    def update(self, data: bytes) -> bytes:
        """Adds ciphertext; returns the plaintext of every chunk authenticated so far.

        Raises:
            Malformed: Bad header, or more data than the size allows.
            Undecryptable: A chunk does not authenticate.
            ValueError: After `finish` or an error.
        """
        with self._guard():
            self._count(data)
            body = self._take_header(data)
            return b"".join(self._open(piece, last=False) for piece in self._chunks.push(body))

    def finish(self) -> bytes:
        """Opens the final chunk and checks the whole; returns its plaintext.

        Raises:
            Malformed: Truncated header or chunk, an empty last chunk after others, wrong size.
            Undecryptable: The last chunk does not open as final (truncation, extension), or the
                digest differs from the `MediaRef`.
            ValueError: Called twice, or after an error.
        """
        with self._guard():
            if len(self._head) < len(HEADER):
                raise Malformed("stream-header")
            plaintext = self._open(self._chunks.rest(), last=True)
            self._check_ref()
            self._done = True
            return plaintext

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        # A stream that failed once stays failed: no caller may resume past a bad chunk.
        if self._done:
            raise ValueError("stream already finished or rejected")
        try:
            yield
        except EnvelopeRejected:
            self._done = True
            raise

    def _count(self, data: bytes) -> None:
        self._received += len(data)
        if self._expect is not None:
            if self._received > ciphertext_size(self._expect.size):
                raise Malformed("stream-size")
            self._hash.update(data)

    def _take_header(self, data: bytes) -> memoryview:
        """Checks header bytes as they arrive; returns the data after the header."""
        view = memoryview(data)  # slices of a view share the caller's buffer: no copy
        need = len(HEADER) - len(self._head)
        if need:
            self._head += view[:need]
            if self._head != HEADER[: len(self._head)]:
                raise Malformed("stream-header")  # unknown magic, version or suite
        return view[need:]

    def _open(self, piece: bytes, *, last: bool) -> bytes:
        body = len(piece) - TAG_LEN
        if body < 0:
            raise Malformed("stream-length")  # no final chunk, or a cut-off one
        if body == 0 and self._counter > 0:
            raise Malformed("stream-empty")  # age: only an empty file has an empty chunk
        if self._size + body > self._max_size:
            raise Malformed("stream-size")
        plaintext = aead_open(self._key, _nonce(self._counter, last), piece, b"")
        if plaintext is None:
            raise Undecryptable("stream-chunk")
        self._counter += 1
        self._size += body
        return plaintext

    def _check_ref(self) -> None:
        ref = self._expect
        if ref is None:
            return
        if self._size != ref.size:
            raise Malformed("stream-size")
        if not ct_equal(self._hash.digest(), ref.ciphertext_sha256):
            raise Undecryptable("stream-digest")


def seal_stream(plaintext: bytes, rng: Rng) -> tuple[bytes, bytes]:
    """Seals a whole file at once.

    Args:
        plaintext: The file's bytes (at most `MAX_SIZE`).
        rng: The injected random source.

    Returns:
        `(file_key, ciphertext)`.
    """
    sealer = StreamSealer(rng)
    ciphertext = sealer.update(plaintext) + sealer.finish()
    return sealer.file_key, ciphertext


def open_stream(file_key: bytes, ciphertext: bytes, *, max_size: int = MAX_SIZE) -> bytes:
    """Opens a whole STREAM ciphertext.

    Raises:
        Malformed: Bad header or lengths, or the plaintext would exceed `max_size`.
        Undecryptable: Wrong key, or any chunk altered, moved, dropped or added.
    """
    opener = StreamOpener(file_key, max_size=max_size)
    return opener.update(ciphertext) + opener.finish()


def open_media(ref: MediaRef, ciphertext: bytes) -> bytes:
    """Opens the ciphertext `ref` names, checking its size and SHA-256 as well.

    Raises:
        Malformed: Wrong size, header or lengths.
        Undecryptable: The digest differs, or a chunk does not authenticate.
    """
    if len(ciphertext) != ciphertext_size(ref.size):
        raise Malformed("stream-size")  # before hashing or decrypting anything
    opener = StreamOpener.for_ref(ref)
    return opener.update(ciphertext) + opener.finish()


@dataclass(frozen=True, slots=True)
class MediaRef:
    """Everything a desk needs to fetch and open one media file; carried in event plaintexts.

    Encoding (canonical codec): `object_name(16, raw) ‖ file_key(32) ‖ ciphertext_sha256(32) ‖
    u64 size ‖ text mime_type ‖ text filename`. Invalid values raise `ValueError` when built and
    `DecodeError` when parsed.
    """

    object_name: str
    """Random hex name in the team's object store."""
    file_key: bytes = field(repr=False)
    """Opens the STREAM ciphertext; only ever inside sealed events."""
    ciphertext_sha256: bytes
    """SHA-256 of the whole stored ciphertext (crypto.md §3.8: `H(ciphertext)`)."""
    size: int
    """Plaintext bytes."""
    mime_type: str
    filename: str
    """As the sender named it; may be empty. Display only, never a path."""

    def __post_init__(self) -> None:
        if not valid_object_name(self.object_name):
            raise ValueError("object_name must be 32 lowercase hex digits")
        if len(self.file_key) != KEY_LEN or len(self.ciphertext_sha256) != HASH_LEN:
            raise ValueError("file_key and ciphertext_sha256 must be 32 bytes")
        if not 0 <= self.size <= MAX_SIZE:
            raise ValueError("size out of range")
        if len(self.mime_type.encode()) > MAX_MIME or len(self.filename.encode()) > MAX_FILENAME:
            raise ValueError("mime_type or filename too long")

    def write(self, w: Writer) -> Writer:
        """Appends the canonical encoding to `w` (fits `Writer.items`); returns `w`."""
        w.fixed(bytes.fromhex(self.object_name), OBJECT_NAME_LEN).fixed(self.file_key, KEY_LEN)
        w.fixed(self.ciphertext_sha256, HASH_LEN).u64(self.size)
        return w.text(self.mime_type).text(self.filename)

    @classmethod
    def read(cls, r: Reader) -> Self:
        """Reads one reference written by `write`.

        Raises:
            DecodeError: Short input, over-long text, invalid UTF-8, or a value out of range.
        """
        name, key, digest = r.fixed(OBJECT_NAME_LEN), r.fixed(KEY_LEN), r.fixed(HASH_LEN)
        size, mime, filename = r.u64(), r.text(MAX_MIME), r.text(MAX_FILENAME)
        try:
            return cls(name.hex(), key, digest, size, mime, filename)
        except ValueError:
            raise DecodeError("value") from None

    def encode(self) -> bytes:
        """The canonical bytes of this reference."""
        return self.write(Writer()).getvalue()

    @classmethod
    def decode(cls, data: bytes) -> Self:
        """Strictly parses `encode`'s output.

        Raises:
            DecodeError: On anything non-canonical, including trailing bytes.
        """
        r = Reader(data)
        ref = cls.read(r)
        r.finish()
        return ref
