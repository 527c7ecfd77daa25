"""Sealing a desk's cached thumbnail of a media file.

PURE. A thumbnail says as much about a photo as the photo, so it is kept on disk only sealed,
under a key derived from the file's own `file_key` (which lives only in sealed events and the
encrypted replica):

    thumb_key = HKDF-SHA256(file_key, info = "switchboard/v1 media-thumbnail")
    blob      = "SBTH" ‖ u8 version (1) ‖ nonce (12, random) ‖ ChaCha20-Poly1305(thumb_key,
                nonce, thumbnail, aad = "SBTH" ‖ u8 version)

Whoever can open the file can open its thumbnail, and nobody else; a thumbnail cannot be moved
to another file's place (other key). The nonce is random because a thumbnail may be made again.
"""

from __future__ import annotations

from app.crypto import labels
from app.crypto.errors import Malformed, Undecryptable
from app.crypto.primitives import KEY_LEN, NONCE_LEN, TAG_LEN, Rng, aead_open, aead_seal, hkdf

HEADER = b"SBTH" + bytes([1])


def seal_thumbnail(file_key: bytes, thumbnail: bytes, rng: Rng) -> bytes:
    """The sealed blob of `thumbnail` (image bytes) for the file `file_key` opens."""
    _check_key(file_key)
    nonce = rng(NONCE_LEN)
    return HEADER + nonce + aead_seal(_thumb_key(file_key), nonce, thumbnail, HEADER)


def open_thumbnail(file_key: bytes, blob: bytes) -> bytes:
    """The thumbnail sealed in `blob`.

    Raises:
        Malformed: Not a sealed thumbnail of this version.
        Undecryptable: Another file's key, or the blob was altered.
    """
    _check_key(file_key)
    if len(blob) < len(HEADER) + NONCE_LEN + TAG_LEN or not blob.startswith(HEADER):
        raise Malformed("thumbnail-header")
    nonce = blob[len(HEADER) : len(HEADER) + NONCE_LEN]
    opened = aead_open(_thumb_key(file_key), nonce, blob[len(HEADER) + NONCE_LEN :], HEADER)
    if opened is None:
        raise Undecryptable("thumbnail")
    return opened


def _thumb_key(file_key: bytes) -> bytes:
    return hkdf(file_key, labels.MEDIA_THUMBNAIL)


def _check_key(file_key: bytes) -> None:
    if len(file_key) != KEY_LEN:
        raise ValueError("a file key is 32 bytes")
