"""An admin sets the menu the gateway sends as a new conversation's first reply (sealed to
the gateway, issue 12 item 5).

Like `BusinessHoursSet`: the gateway alone sends automatic answers, and it cannot open team
events, so the menu travels type-3, to it only, and it takes it from an active admin only. The
newest record by `at` wins. Desks cannot open it: the admin's desk keeps its own copy.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto.encoding import Reader, Writer
from app.crypto.errors import DecodeError
from app.crypto.header import EventType
from app.domain.events import EventKind
from app.domain.ids import ID_LEN
from app.domain.labels import LabelId
from app.domain.menu import (
    MAX_BODY,
    MAX_BUTTON,
    MAX_DESCRIPTION,
    MAX_FOOTER,
    MAX_HEADER,
    MAX_OPTIONS,
    MAX_TITLE,
    Menu,
    MenuOption,
)
from app.log.kind import KindSpec, read_flag

_UTF8 = 4
"""Bytes a character may take: the limits count characters, the reader caps bytes."""


@dataclass(frozen=True, slots=True)
class MenuSet:
    """The team's menu as an admin saved it at `at` (Unix seconds on their desk)."""

    menu: Menu
    at: int

    kind = EventKind.MENU


def _write_option(option: MenuOption, w: Writer) -> None:
    w.text(option.title).text(option.description).fixed(option.label_id, ID_LEN)


def _read_option(r: Reader) -> MenuOption:
    title = r.text(MAX_TITLE * _UTF8)
    description = r.text(MAX_DESCRIPTION * _UTF8)
    return MenuOption(title, LabelId(r.fixed(ID_LEN)), description)


def _write(w: Writer, e: MenuSet) -> None:
    m = e.menu
    w.u8(int(m.enabled)).text(m.header).text(m.body).text(m.footer).text(m.button)
    w.items(m.options, _write_option).u64(e.at)


def _read(r: Reader) -> MenuSet:
    enabled = read_flag(r)
    header = r.text(MAX_HEADER * _UTF8)
    body = r.text(MAX_BODY * _UTF8)
    footer = r.text(MAX_FOOTER * _UTF8)
    button = r.text(MAX_BUTTON * _UTF8)
    options = tuple(r.items(_read_option, MAX_OPTIONS))
    if len({o.label_id for o in options}) != len(options):
        raise DecodeError("value")  # one row per label, as the desk checks before sending
    return MenuSet(Menu(enabled, body, button, options, header, footer), r.u64())


# Desks store it without applying it: they cannot open it.
SPEC = KindSpec(EventKind.MENU, MenuSet, _write, _read, envelope=EventType.OUTBOUND)
