"""WhatsApp's rules for files an agent sends (cloud-api.md §6, §10): kinds, formats, sizes,
captions, checked before anything is sealed."""

from __future__ import annotations

import pytest

from app.domain.content import ContentKind, Media
from app.services import media_rules
from app.services.media_rules import (
    KB,
    MB,
    CaptionNotAllowed,
    CaptionTooLong,
    FileEmpty,
    FileTooLarge,
    FileTypeNotAllowed,
    check_file,
    check_size,
    media_kind,
)

OGG_OPUS = b"OggS\x00\x02" + b"\x00" * 22 + b"OpusHead\x01\x02"
OGG_VORBIS = b"OggS\x00\x02" + b"\x00" * 22 + b"\x01vorbis\x00\x00"
ANIMATED_WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x02" + b"\x00" * 9 + b"ANIM"
STATIC_WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 "


@pytest.mark.parametrize(
    ("mime", "kind"),
    [
        ("image/jpeg", ContentKind.IMAGE),
        ("image/png", ContentKind.IMAGE),
        ("image/gif", ContentKind.IMAGE),
        ("image/webp", ContentKind.STICKER),
        ("IMAGE/WEBP", ContentKind.STICKER),
        ("video/mp4", ContentKind.VIDEO),
        ("video/quicktime", ContentKind.VIDEO),
        ("audio/ogg; codecs=opus", ContentKind.AUDIO),
        ("application/pdf", ContentKind.DOCUMENT),
        ("text/plain", ContentKind.DOCUMENT),
        ("application/octet-stream", ContentKind.DOCUMENT),
    ],
)
def test_kind_follows_the_mime_type(mime: str, kind: ContentKind) -> None:
    assert media_kind(mime) is kind


LIMITS = [
    ("image/jpeg", ContentKind.IMAGE, 5 * MB),
    ("image/png", ContentKind.IMAGE, 5 * MB),
    ("video/mp4", ContentKind.VIDEO, 16 * MB),
    ("video/3gpp", ContentKind.VIDEO, 16 * MB),
    ("audio/aac", ContentKind.AUDIO, 16 * MB),
    ("audio/amr", ContentKind.AUDIO, 16 * MB),
    ("audio/mpeg", ContentKind.AUDIO, 16 * MB),
    ("audio/mp4", ContentKind.AUDIO, 16 * MB),
    ("audio/ogg", ContentKind.AUDIO, 16 * MB),
    ("application/pdf", ContentKind.DOCUMENT, 100 * MB),
    ("application/zip", ContentKind.DOCUMENT, 100 * MB),
    ("image/webp", ContentKind.STICKER, 500 * KB),
]


@pytest.mark.parametrize(("mime", "kind", "limit"), LIMITS)
def test_size_limits_per_kind(mime: str, kind: ContentKind, limit: int) -> None:
    assert check_size(mime, limit) is kind
    with pytest.raises(FileTooLarge) as refused:
        check_size(mime, limit + 1)
    assert (refused.value.kind, refused.value.limit, refused.value.code) == (
        kind,
        limit,
        "file-too-large",
    )


def test_limits_never_exceed_metas() -> None:
    """Meta's figures may be binary megabytes; ours are decimal, so never larger."""
    for _, _, limit in LIMITS:
        assert limit in {5_000_000, 16_000_000, 100_000_000, 500_000}


@pytest.mark.parametrize(
    ("mime", "kind"),
    [
        ("image/gif", ContentKind.IMAGE),
        ("image/heic", ContentKind.IMAGE),
        ("video/quicktime", ContentKind.VIDEO),
        ("audio/wav", ContentKind.AUDIO),
        ("audio/flac", ContentKind.AUDIO),
    ],
)
def test_formats_outside_metas_table_are_refused(mime: str, kind: ContentKind) -> None:
    with pytest.raises(FileTypeNotAllowed) as refused:
        check_size(mime, 10)
    assert (refused.value.kind, refused.value.code) == (kind, "file-type-not-allowed")


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(FileEmpty):
        check_size("application/pdf", 0)
    with pytest.raises(FileEmpty):
        check_file("empty.pdf", "application/pdf", b"")


def test_ogg_must_be_opus() -> None:
    assert check_file("note.ogg", "audio/ogg", OGG_OPUS).media_kind is ContentKind.AUDIO
    with pytest.raises(FileTypeNotAllowed):
        check_file("song.ogg", "audio/ogg", OGG_VORBIS)


def test_static_stickers_have_the_smaller_limit() -> None:
    static = STATIC_WEBP + b"\x00" * (100 * KB - len(STATIC_WEBP))
    assert check_file("s.webp", "image/webp", static).animated is False
    with pytest.raises(FileTooLarge) as refused:
        check_file("s.webp", "image/webp", static + b"\x00")
    assert refused.value.limit == 100 * KB
    animated = ANIMATED_WEBP + b"\x00" * (400 * KB)
    sticker = check_file("a.webp", "image/webp", animated)
    assert (sticker.media_kind, sticker.animated) == (ContentKind.STICKER, True)


@pytest.mark.parametrize("kind_mime", ["image/png", "video/mp4", "application/pdf"])
def test_captions_up_to_1024_characters(kind_mime: str) -> None:
    media = check_file("f", kind_mime, b"x", caption="  " + "c" * 1024 + "\n")
    assert media.caption == "c" * 1024  # trimmed
    with pytest.raises(CaptionTooLong) as refused:
        check_file("f", kind_mime, b"x", caption="c" * 1025)
    assert refused.value.limit == 1024


@pytest.mark.parametrize(
    ("mime", "data"),
    [("audio/mpeg", b"ID3"), ("image/webp", STATIC_WEBP)],
    ids=["audio", "sticker"],
)
def test_audio_and_stickers_take_no_caption(mime: str, data: bytes) -> None:
    with pytest.raises(CaptionNotAllowed) as refused:
        check_file("f", mime, data, caption="listen")
    assert refused.value.code == "caption-not-allowed"
    assert check_file("f", mime, data, caption="  ").caption == ""
    assert not media_rules.allows_caption(media_kind(mime))


def test_the_checked_content() -> None:
    media = check_file("C:\\Users\\anna\\Invoice 4471.pdf", "application/pdf", b"%PDF", "As asked")
    assert media == Media(
        ContentKind.DOCUMENT, "application/pdf", caption="As asked", filename="Invoice 4471.pdf"
    )
    assert media.stored is None  # stored later, once sealed


def test_file_names_are_cleaned_and_shortened() -> None:
    assert media_rules.clean_filename("/tmp/a/b/photo.png") == "photo.png"
    assert media_rules.clean_filename("bad\x00name\n.txt") == "badname.txt"
    long = media_rules.clean_filename("x" * 500 + ".pdf")
    assert len(long) == media_rules.MAX_FILENAME
    assert long.endswith(".pdf")
