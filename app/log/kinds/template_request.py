"""An admin asks the gateway to create a template at Meta (sealed to the gateway only).

The gateway answers with an `AdminNotice` of topic `TEMPLATE_CREATION` (`app.gateway.
template_create`); Meta's review comes later as a template status notice.
"""

from __future__ import annotations

from app.crypto.encoding import Reader, Writer
from app.crypto.header import EventType
from app.domain.events import EventKind
from app.domain.template_draft import (
    MAX_BODY_CHARS,
    MAX_BUTTON_CHARS,
    MAX_EXAMPLE_CHARS,
    MAX_NAME_CHARS,
    MAX_QUICK_REPLIES,
    TemplateDraft,
)
from app.log.kind import KindSpec

MAX_WORD = 64
"""Bytes of a language code or category."""
MAX_VARIABLES = 100


def _write(w: Writer, e: TemplateDraft) -> None:
    w.text(e.name).text(e.language).text(e.category).text(e.body)
    w.items(e.examples, lambda x, out: out.text(x))
    w.items(e.quick_replies, lambda x, out: out.text(x))


def _read(r: Reader) -> TemplateDraft:
    return TemplateDraft(
        name=r.text(MAX_NAME_CHARS),
        language=r.text(MAX_WORD),
        category=r.text(MAX_WORD),
        body=r.text(MAX_BODY_CHARS * 4),
        examples=tuple(r.items(lambda x: x.text(MAX_EXAMPLE_CHARS * 4), MAX_VARIABLES)),
        quick_replies=tuple(r.items(lambda x: x.text(MAX_BUTTON_CHARS * 4), MAX_QUICK_REPLIES)),
    )


# Desks store it without applying it: they cannot open it, and it changes no row of theirs.
SPEC = KindSpec(
    EventKind.TEMPLATE_REQUEST,
    TemplateDraft,
    _write,
    _read,
    envelope=EventType.OUTBOUND,
)
