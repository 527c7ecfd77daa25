"""Codes, durations and names into words."""

from __future__ import annotations

import pytest

from app.domain.content import ContentKind
from app.domain.errors import (
    AlreadyClaimed,
    HubUnreachable,
    StaleView,
    StoreUnavailable,
    SwitchboardError,
    WindowClosed,
)
from app.domain.model import DeliveryStatus
from app.domain.send_codes import NETWORK_ERROR, UNCONFIRMED
from app.services.media import MediaUnavailable
from app.services.media_rules import (
    CaptionNotAllowed,
    FileEmpty,
    FileTooLarge,
    FileTypeNotAllowed,
)
from app.services.sending_media import FileHubUnreachable, FileNotStored
from app.ui import wording


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "now"), (59, "now"), (60, "1 min"), (3599, "59 min"), (3600, "1 h"), (86_400 * 3, "3 d")],
)
def test_duration(qapp: object, seconds: int, text: str) -> None:
    assert wording.duration(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "Reply window closed"),
        (-5, "Reply window closed"),
        (30, "1 min left to reply"),
        (45 * 60, "45 min left to reply"),
        (23 * 3600 + 5 * 60, "23 h 5 min left to reply"),
    ],
)
def test_window_left(qapp: object, seconds: int, text: str) -> None:
    assert wording.window_left(seconds) == text


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("Maria López", "ML"),
        ("Chen", "C"),
        ("anna-lena schmidt", "AS"),
        ("", "?"),
        ("+49 151", "#"),
    ],
)
def test_initials(name: str, initials: str) -> None:
    assert wording.initials(name) == initials


def test_every_error_has_words(qapp: object) -> None:
    errors: list[SwitchboardError] = [
        AlreadyClaimed(),
        StaleView(),
        WindowClosed(),
        HubUnreachable(),
    ]
    texts = [wording.describe_error(e) for e in errors]
    assert all(texts)
    assert len(set(texts)) == len(texts)
    assert "unknown-code" in wording.describe_error(
        type("Odd", (SwitchboardError,), {"code": "unknown-code"})()
    )


def test_failure_reasons_name_the_code(qapp: object) -> None:
    assert "24 hours" in wording.failure_reason(131047)
    assert "131047" in wording.failure_reason(131047)
    assert "999" in wording.failure_reason(999)


def test_every_status_has_words(qapp: object) -> None:
    assert all(wording.status_text(s) for s in DeliveryStatus)
    assert wording.status_text(DeliveryStatus.CONFLICT) == "Not sent — conversation changed"
    assert wording.status_text(DeliveryStatus.UNCERTAIN) == "Sent? Checking with WhatsApp…"


def test_an_uncertain_reply_is_never_worded_as_failed(qapp: object) -> None:
    checking = wording.uncertain_note(NETWORK_ERROR)
    unconfirmed = wording.uncertain_note(UNCONFIRMED)
    assert checking == "Sent? Checking with WhatsApp…"
    assert unconfirmed.startswith("Not confirmed by WhatsApp")
    assert "before sending again" in unconfirmed
    for text in (
        checking,
        unconfirmed,
        *map(wording.uncertain_reason, (NETWORK_ERROR, UNCONFIRMED)),
    ):
        assert "Not delivered" not in text


def test_phone_shows_digits_with_plus() -> None:
    assert wording.phone("4915112345678") == "+4915112345678"
    assert wording.phone("") == ""


@pytest.mark.parametrize(
    ("error", "text"),
    [
        (
            FileTooLarge(ContentKind.IMAGE, 5_000_000),
            "This file is too large to send. Photos can be at most 5 MB.",
        ),
        (
            FileTooLarge(ContentKind.DOCUMENT, 100_000_000),
            "This file is too large to send. Documents can be at most 100 MB.",
        ),
        (
            FileTooLarge(ContentKind.STICKER, 100_000),
            "This file is too large to send. Stickers can be at most 100 kB.",
        ),
        (
            FileTypeNotAllowed(ContentKind.AUDIO),
            "This file cannot be sent. "
            "WhatsApp takes audio as AAC, AMR, MP3, M4A or Ogg Opus only.",
        ),
        (
            FileTypeNotAllowed(ContentKind.VIDEO),
            "This file cannot be sent. WhatsApp takes videos as MP4 or 3GP only.",
        ),
        (FileEmpty(ContentKind.DOCUMENT), "This file is empty: there is nothing to send."),
        (
            CaptionNotAllowed(ContentKind.STICKER),
            "Audio and stickers are sent without a caption.",
        ),
        (
            FileHubUnreachable("x"),
            "The hub cannot be reached, so the file was not sent. Try again when online.",
        ),
        (
            FileNotStored("x"),
            "The hub refused the file (its storage may be full). Nothing was sent.",
        ),
        (MediaUnavailable("x"), "This file is not available."),
    ],
)
def test_file_errors_in_words(qapp: object, error: SwitchboardError, text: str) -> None:
    assert wording.describe_error(error) == text
    assert error.code in {
        "file-too-large",
        "file-type-not-allowed",
        "file-empty",
        "caption-not-allowed",
        "file-hub-unreachable",
        "file-not-stored",
        "media-unavailable",
    }


def test_a_hub_unreachable_at_start_promises_no_reply_going_out(qapp: object) -> None:
    """At start nothing opened, so "replies go out once it answers" would not be true."""
    said = wording.describe_start_error(HubUnreachable("no hub answered"))
    assert said.startswith("The hub cannot be reached, so this desk could not open.")
    assert "replies go out" not in said
    full = StoreUnavailable("disk full")
    assert wording.describe_start_error(full) == wording.describe_error(full)
