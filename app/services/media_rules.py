"""What WhatsApp lets an agent send as a file: kinds, formats, sizes and captions.

cloud-api.md §6 and §10, checked on the desk before anything is sealed or stored, so a file
Meta would refuse never reaches the hub and the agent learns why at once. No I/O: the UI calls
`check_size` with a file's size before reading it, and `check_file` runs on the bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.content import ContentKind, Media
from app.domain.errors import UserFault

KB = 1_000
MB = 1_000_000
"""Decimal units, at or below Meta's figures (which may be binary): a file accepted here is
never refused for its size."""


@dataclass(frozen=True, slots=True)
class KindRule:
    """The formats and size one kind of file may have."""

    formats: frozenset[str] | None
    """Accepted MIME types without parameters; None accepts any (documents)."""
    max_size: int


RULES: dict[ContentKind, KindRule] = {
    ContentKind.IMAGE: KindRule(frozenset({"image/jpeg", "image/png"}), 5 * MB),
    ContentKind.VIDEO: KindRule(frozenset({"video/mp4", "video/3gpp"}), 16 * MB),
    ContentKind.AUDIO: KindRule(
        frozenset({"audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg"}), 16 * MB
    ),
    # Meta names common office formats and sends any other type "as a generic file".
    ContentKind.DOCUMENT: KindRule(None, 100 * MB),
    ContentKind.STICKER: KindRule(frozenset({"image/webp"}), 500 * KB),
}
STATIC_STICKER_MAX = 100 * KB
"""Only animated stickers may use the full 500 KB."""
MAX_CAPTION = 1024
MAX_FILENAME = 240
"""Characters kept of a file name (the log's reader caps it in bytes; filesystems at 255)."""
_NO_CAPTION = frozenset({ContentKind.AUDIO, ContentKind.STICKER})
_OGG_SNIFF = 512
"""An Ogg file names its codec in the first page, well within this many bytes."""


class FileRefused(UserFault):
    """The file (or its caption) cannot be sent as WhatsApp's rules stand; nothing was sent."""

    code = "file-refused"

    def __init__(self, kind: ContentKind, detail: str = "") -> None:
        super().__init__(detail or self.code)
        self.kind = kind
        """What the file would have been sent as."""


class FileEmpty(FileRefused):
    code = "file-empty"


class FileTypeNotAllowed(FileRefused):
    """Not a format WhatsApp takes for this kind (a GIF as a photo, Ogg Vorbis as audio …)."""

    code = "file-type-not-allowed"


class FileTooLarge(FileRefused):
    code = "file-too-large"

    def __init__(self, kind: ContentKind, limit: int) -> None:
        super().__init__(kind, f"at most {limit} bytes")
        self.limit = limit
        """The largest size allowed for this kind, in bytes."""


class CaptionNotAllowed(FileRefused):
    """Audio and stickers go without a caption (cloud-api.md §6)."""

    code = "caption-not-allowed"


class CaptionTooLong(FileRefused):
    code = "caption-too-long"

    def __init__(self, kind: ContentKind) -> None:
        super().__init__(kind, f"at most {MAX_CAPTION} characters")
        self.limit = MAX_CAPTION


def base_mime(mime_type: str) -> str:
    """`audio/ogg; codecs=opus` → `audio/ogg`, lower case."""
    return mime_type.split(";", 1)[0].strip().lower()


def media_kind(mime_type: str) -> ContentKind:
    """What a file is sent as, from its MIME type: webp images are stickers, and anything not
    an image, video or audio is a document."""
    base = base_mime(mime_type)
    if base == "image/webp":
        return ContentKind.STICKER
    top = base.split("/", 1)[0]
    kinds = {"image": ContentKind.IMAGE, "video": ContentKind.VIDEO, "audio": ContentKind.AUDIO}
    return kinds.get(top, ContentKind.DOCUMENT)


def allows_caption(kind: ContentKind) -> bool:
    return kind not in _NO_CAPTION


def check_size(mime_type: str, size: int) -> ContentKind:
    """Check a file's type and size before reading it; returns its kind.

    Raises:
        FileEmpty, FileTypeNotAllowed, FileTooLarge: The file cannot be sent.
    """
    kind = media_kind(mime_type)
    rule = RULES[kind]
    if rule.formats is not None and base_mime(mime_type) not in rule.formats:
        raise FileTypeNotAllowed(kind)
    if size <= 0:
        raise FileEmpty(kind)
    if size > rule.max_size:
        raise FileTooLarge(kind, rule.max_size)
    return kind


def check_caption(kind: ContentKind, caption: str) -> str:
    """The caption as it will be sent (trimmed).

    Raises:
        CaptionNotAllowed: A caption on audio or a sticker.
        CaptionTooLong: Over 1,024 characters.
    """
    caption = caption.strip()
    if caption and not allows_caption(kind):
        raise CaptionNotAllowed(kind)
    if len(caption) > MAX_CAPTION:
        raise CaptionTooLong(kind)
    return caption


def check_file(filename: str, mime_type: str, data: bytes, caption: str = "") -> Media:
    """Check a whole file and its caption; returns the content to send (not yet stored).

    Raises:
        FileRefused: One of its subclasses says what is wrong.
    """
    kind = check_size(mime_type, len(data))
    animated = kind is ContentKind.STICKER and _animated_webp(data)
    if kind is ContentKind.STICKER and not animated and len(data) > STATIC_STICKER_MAX:
        raise FileTooLarge(kind, STATIC_STICKER_MAX)
    if base_mime(mime_type) == "audio/ogg" and b"OpusHead" not in data[:_OGG_SNIFF]:
        raise FileTypeNotAllowed(kind, "ogg without opus")  # Meta takes Ogg with Opus only
    return Media(
        media_kind=kind,
        mime_type=mime_type.strip(),
        caption=check_caption(kind, caption),
        filename=clean_filename(filename),
        animated=animated,
    )


def clean_filename(filename: str) -> str:
    """The last part of a path, without control characters, shortened keeping its extension."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if len(name) <= MAX_FILENAME:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 16:
        return name[:MAX_FILENAME]
    return stem[: MAX_FILENAME - len(extension) - 1] + "." + extension


def _animated_webp(data: bytes) -> bool:
    """A WebP with an animation chunk (VP8X header, then ANIM) near its start."""
    return data[:4] == b"RIFF" and data[8:12] == b"WEBP" and b"ANIM" in data[:4096]
