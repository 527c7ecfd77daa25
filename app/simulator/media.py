"""Media held by the simulated Meta: uploads, customers' files, limits and download URLs.

Pure apart from ``secrets``: callers pass ``now``, so lifetimes and URL expiry are tested by
moving an injected clock. Download URLs carry an HMAC over (id, expiry) keyed with a random
per-simulator secret, so a URL cannot be forged or extended by editing it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlencode

from app.simulator.errors import media_error

MB = 1024 * 1024
KB = 1024
DOWNLOAD_PATH = "/whatsapp_business/attachments/"
Origin = Literal["upload", "inbound"]

# cloud-api.md §10: accepted MIME types (parameters stripped) and the largest file.
LIMITS: dict[str, tuple[frozenset[str], int]] = {
    "audio": (
        frozenset({"audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg"}),
        16 * MB,
    ),
    "document": (
        frozenset(
            {
                "text/plain",
                "application/pdf",
                "application/msword",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "application/vnd.ms-excel",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "application/vnd.ms-powerpoint",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            }
        ),
        100 * MB,
    ),
    "image": (frozenset({"image/jpeg", "image/png"}), 5 * MB),
    "sticker": (frozenset({"image/webp"}), 500 * KB),
    "video": (frozenset({"video/mp4", "video/3gpp"}), 16 * MB),
}
STATIC_STICKER_MAX = 100 * KB
MAX_UPLOAD = max(limit for _, limit in LIMITS.values())


@dataclass(frozen=True)
class StoredMedia:
    """One file the simulator holds."""

    id: str
    data: bytes
    mime_type: str
    origin: Origin
    created: float
    expires: float
    filename: str | None = None

    @property
    def sha256_hex(self) -> str:
        """Hex SHA-256 of the bytes, as ``GET /{media-id}`` reports it."""
        return hashlib.sha256(self.data).hexdigest()

    @property
    def sha256_b64(self) -> str:
        """Base64 SHA-256 of the bytes, as inbound webhooks carry it (§4 examples)."""
        return base64.b64encode(hashlib.sha256(self.data).digest()).decode("ascii")

    @property
    def kind(self) -> str | None:
        """The §10 media type the MIME type belongs to."""
        return kind_of(self.mime_type)

    @property
    def is_voice(self) -> bool:
        """An Opus voice note: played, not just read (§5)."""
        return base_mime(self.mime_type) == "audio/ogg"


def base_mime(mime_type: str) -> str:
    """``audio/ogg; codecs=opus`` → ``audio/ogg``."""
    return mime_type.split(";", 1)[0].strip().lower()


def kind_of(mime_type: str) -> str | None:
    """The §10 type whose formats include ``mime_type``, or None."""
    base = base_mime(mime_type)
    if base == "audio/ogg" and "codecs" in mime_type and "opus" not in mime_type.lower():
        return None  # Meta takes ogg with Opus only
    return next((kind for kind, (mimes, _) in LIMITS.items() if base in mimes), None)


def is_animated_webp(data: bytes) -> bool:
    """Whether a WebP file has an animation chunk (animated stickers may be larger)."""
    return data[:4] == b"RIFF" and b"ANIM" in data[:4096]


def check_limits(data: bytes, mime_type: str) -> str:
    """The media type of a file that fits Meta's format and size limits.

    Raises:
        GraphError: 131053 for an unsupported format, an empty or oversized file.
    """
    kind = kind_of(mime_type)
    if kind is None:
        raise media_error(f"Unsupported file type: {base_mime(mime_type)}.")
    limit = LIMITS[kind][1]
    if kind == "sticker" and not is_animated_webp(data):
        limit = STATIC_STICKER_MAX
    if not data:
        raise media_error("The uploaded file is empty.")
    if len(data) > limit:
        raise media_error(f"{kind} files can be at most {limit} bytes; this one has {len(data)}.")
    return kind


class MediaStore:
    """Media ids, their bytes, lifetimes and signed download URLs."""

    def __init__(self, url_ttl: float) -> None:
        """Start empty; download URLs live ``url_ttl`` seconds."""
        self._media: dict[str, StoredMedia] = {}
        self._url_ttl = url_ttl
        self._key = secrets.token_bytes(32)

    def add(
        self,
        data: bytes,
        mime_type: str,
        now: float,
        *,
        lifetime: float,
        origin: Origin,
        filename: str | None = None,
    ) -> StoredMedia:
        """Hold a file and give it a fresh media id (limits are the caller's business)."""
        media_id = str(10**15 + secrets.randbelow(9 * 10**15))
        media = StoredMedia(media_id, data, mime_type, origin, now, now + lifetime, filename)
        self._media[media_id] = media
        return media

    def get(self, media_id: str, now: float) -> StoredMedia | None:
        """The media with this id, unless it never existed, was deleted or has expired."""
        media = self._media.get(media_id)
        if media is not None and now >= media.expires:
            del self._media[media_id]
            return None
        return media

    def delete(self, media_id: str, now: float) -> bool:
        """Forget a media id; False if it was not there."""
        return self.get(media_id, now) is not None and self._media.pop(media_id) is not None

    def url(self, media: StoredMedia, base_url: str, now: float) -> str:
        """A download URL for ``media``, valid for the configured time from ``now``."""
        expires = str(int(now + self._url_ttl))
        query = urlencode({"mid": media.id, "ext": expires, "hash": self._sign(media.id, expires)})
        return f"{base_url}{DOWNLOAD_PATH}?{query}"

    def download(self, query: dict[str, Any], now: float) -> StoredMedia | None:
        """The media a download URL's query names, if the URL is genuine and unexpired."""
        mid, expires, given = (str(query.get(k, "")) for k in ("mid", "ext", "hash"))
        if not hmac.compare_digest(self._sign(mid, expires), given):
            return None
        if not expires.isdigit() or now >= int(expires):
            return None
        return self.get(mid, now)

    def info(self, media: StoredMedia, base_url: str, now: float) -> dict[str, Any]:
        """The ``GET /{media-id}`` body (§10): ``file_size`` is a string, ``sha256`` hex."""
        return {
            "messaging_product": "whatsapp",
            "url": self.url(media, base_url, now),
            "mime_type": media.mime_type,
            "sha256": media.sha256_hex,
            "file_size": str(len(media.data)),
            "id": media.id,
        }

    def _sign(self, media_id: str, expires: str) -> str:
        message = f"{media_id}:{expires}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()[:32]
