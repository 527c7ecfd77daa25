"""An admin asks the gateway to create a template at Meta (sealed to the gateway only).

The header, footer, link buttons and call button came later: they follow the first fields
behind a version byte, so a request written by an older desk (it ends after the quick replies)
still reads, with none of them.

The gateway answers with an `AdminNotice` of topic `TEMPLATE_CREATION` (`app.gateway.
template_create`); Meta's review comes later as a template status notice.
"""

from __future__ import annotations

from dataclasses import replace

from app.crypto.encoding import Reader, Writer
from app.crypto.errors import DecodeError
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
from app.domain.template_parts import (
    MAX_FOOTER_CHARS,
    MAX_HEADER_CHARS,
    MAX_PHONE_CHARS,
    MAX_URL_BUTTONS,
    MAX_URL_CHARS,
    PhoneButton,
    UrlButton,
)
from app.log.kind import KindSpec

MAX_WORD = 64
"""Bytes of a language code or category."""
MAX_VARIABLES = 100
PARTS_VERSION = 1
"""The version byte before the optional parts; a reader refuses a newer one it cannot read."""


def _write(w: Writer, e: TemplateDraft) -> None:
    w.text(e.name).text(e.language).text(e.category).text(e.body)
    w.items(e.examples, lambda x, out: out.text(x))
    w.items(e.quick_replies, lambda x, out: out.text(x))
    w.u8(PARTS_VERSION).text(e.header).text(e.header_example).text(e.footer)
    w.items(e.links, _write_link)
    w.u8(e.call is not None)
    if e.call is not None:
        w.text(e.call.text).text(e.call.phone)


def _write_link(link: UrlButton, w: Writer) -> None:
    w.text(link.text).text(link.url).text(link.example)


def _read(r: Reader) -> TemplateDraft:
    first = _read_first(r)
    if not r.remaining:
        return first  # written before the optional parts existed
    if r.u8() != PARTS_VERSION:
        raise DecodeError("template request parts: unknown version")
    header, header_example = r.text(MAX_HEADER_CHARS * 4), r.text(MAX_EXAMPLE_CHARS * 4)
    footer = r.text(MAX_FOOTER_CHARS * 4)
    links = tuple(r.items(_read_link, MAX_URL_BUTTONS))
    call = PhoneButton(r.text(MAX_BUTTON_CHARS * 4), r.text(MAX_PHONE_CHARS)) if r.u8() else None
    return replace(
        first, header=header, header_example=header_example, footer=footer, links=links, call=call
    )


def _read_link(r: Reader) -> UrlButton:
    return UrlButton(
        r.text(MAX_BUTTON_CHARS * 4), r.text(MAX_URL_CHARS * 4), r.text(MAX_EXAMPLE_CHARS * 4)
    )


def _read_first(r: Reader) -> TemplateDraft:
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
