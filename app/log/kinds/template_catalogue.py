"""The templates desks may send (gateway event): the number's list from Meta, kept as one row.

The gateway reads `GET /{waba-id}/message_templates` (all pages) and publishes the catalogue
when it changed. Desks keep the newest by the gateway's time, like the number's status.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto.encoding import Reader, Writer
from app.crypto.header import EventType
from app.domain.events import EventKind
from app.domain.templates import MAX_TEMPLATES, TemplateDef
from app.log.kind import KindSpec
from app.log.state import BatchState, Keys
from app.log.template_codec import read_def, read_qualities, write_def, write_qualities
from app.log.values import AppliedRecord, Outcome


@dataclass(frozen=True, slots=True)
class TemplateCatalogue:
    """Every template of the business account the gateway read, in Meta's order."""

    templates: tuple[TemplateDef, ...]
    at: int
    """Unix seconds of the gateway's read: the newest catalogue wins."""

    kind = EventKind.TEMPLATE_CATALOGUE


def _write(w: Writer, e: TemplateCatalogue) -> None:
    w.items(e.templates, lambda t, out: write_def(out, t)).u64(e.at)
    write_qualities(w, e.templates)


def _read(r: Reader) -> TemplateCatalogue:
    templates, at = tuple(r.items(read_def, MAX_TEMPLATES)), r.u64()
    return TemplateCatalogue(read_qualities(r, templates), at)


def _keys(keys: Keys, record: AppliedRecord, event: TemplateCatalogue) -> None:
    keys.templates = True


def _fold(state: BatchState, record: AppliedRecord, ev: TemplateCatalogue) -> Outcome:
    """One catalogue is kept: the newest by the gateway's read time, ties to the later record."""
    kept = state.templates
    if kept is None or ev.at >= kept[1]:
        state.templates = (ev.templates, ev.at, record.seq)
        state.templates_changed = True
    return Outcome.APPLIED


SPEC = KindSpec(
    EventKind.TEMPLATE_CATALOGUE,
    TemplateCatalogue,
    _write,
    _read,
    _fold,
    _keys,
    envelope=EventType.GATEWAY,
)
