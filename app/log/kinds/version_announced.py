"""An admin tells the team that a newer version of Switchboard is out (member event, admin
only: the reader refuses it from anyone else, `KindSpec.admin_only`).

Team-wide, so it names no conversation: it travels on the subject of its own random id, which
the hub cannot tell from a conversation's. Each desk keeps the announcements
(`version_announcements`) and shows the latest one if it names a version newer than the one it
runs (`app.domain.releases`); nothing is downloaded or installed.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto.encoding import Reader, Writer
from app.domain.events import EventKind
from app.domain.ids import ID_LEN
from app.domain.releases import MAX_NOTE_CHARS, MAX_URL_CHARS, MAX_VERSION_CHARS, Release
from app.log.kind import KindSpec
from app.log.state import BatchState, Keys
from app.log.values import AppliedRecord, Outcome


@dataclass(frozen=True, slots=True)
class VersionAnnounced:
    """Version `release.version` is out (announcement `announce_id`, made at `at`)."""

    announce_id: bytes
    release: Release
    at: int
    """Unix seconds on the admin's desk."""

    kind = EventKind.VERSION_ANNOUNCED


def _write(w: Writer, e: VersionAnnounced) -> None:
    w.fixed(e.announce_id, ID_LEN).text(e.release.version).text(e.release.url)
    w.text(e.release.note).u64(e.at)


def _read(r: Reader) -> VersionAnnounced:
    announce_id = r.fixed(ID_LEN)
    version = r.text(MAX_VERSION_CHARS * 4)
    url = r.text(MAX_URL_CHARS * 4)
    note = r.text(MAX_NOTE_CHARS * 4)
    return VersionAnnounced(announce_id, Release(version, url, note), r.u64())


def _keys(keys: Keys, record: AppliedRecord, event: VersionAnnounced) -> None:
    """Nothing to load: the rows are only inserted (`app.store.release_rows`)."""


def _fold(state: BatchState, record: AppliedRecord, ev: VersionAnnounced) -> Outcome:
    state.releases.append((ev, record.seq))
    return Outcome.APPLIED


def _admin_only(event: VersionAnnounced) -> bool:
    return True


SPEC = KindSpec(
    EventKind.VERSION_ANNOUNCED,
    VersionAnnounced,
    _write,
    _read,
    _fold,
    _keys,
    guard_neutral=True,
    admin_only=_admin_only,
)
