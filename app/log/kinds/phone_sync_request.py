"""An admin asks the gateway to fetch the phone's contacts and chat history (sealed to the
gateway only; coexistence, cloud-api.md §15.1).

The gateway calls `POST /{phone-id}/smb_app_data` for the phone book, then for the history,
once per request, and answers with a `HistorySync`; Meta allows each sync once, within 24
hours of onboarding.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto.encoding import Reader, Writer
from app.crypto.header import EventType
from app.domain.events import EventKind
from app.log.kind import KindSpec, read_flag


@dataclass(frozen=True, slots=True)
class PhoneSyncRequest:
    """Which of the phone's data to ask Meta for (type-3 event, from an admin)."""

    contacts: bool = True
    """The phone book (`smb_app_state_sync`): names for customers, then every change."""
    history: bool = True
    """The last 180 days of 1:1 chats (`history`)."""

    kind = EventKind.PHONE_SYNC_REQUEST


def _write(w: Writer, e: PhoneSyncRequest) -> None:
    w.u8(e.contacts).u8(e.history)


def _read(r: Reader) -> PhoneSyncRequest:
    return PhoneSyncRequest(contacts=read_flag(r), history=read_flag(r))


# Desks store it without applying it: they cannot open it; the gateway's answer is what counts.
SPEC = KindSpec(
    EventKind.PHONE_SYNC_REQUEST, PhoneSyncRequest, _write, _read, envelope=EventType.OUTBOUND
)
