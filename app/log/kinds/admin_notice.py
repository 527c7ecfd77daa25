"""Meta told the business something about its account, number or templates (gateway event).

The gateway reads each such webhook item (`app.gateway.parse_notices`) into one
`AdminNotice` (`app.domain.admin_notice`); desks keep them in their `admin_notices` table
and show them to admins. Meta repeats a webhook it thinks we missed, and a gateway restart
may publish a body again under new event ids: a notice with Meta's time is kept once per
content (`notice_key`), one without a time once per record.
"""

from __future__ import annotations

import hashlib

from app.crypto.encoding import Reader, Writer, read_enum
from app.crypto.header import EventType
from app.domain.admin_notice import AdminNotice, NoticeTopic
from app.domain.events import EventKind
from app.log.kind import MAX_ID, KindSpec
from app.log.state import BatchState
from app.log.values import AppliedRecord, Outcome

MAX_WORD = MAX_ID
"""Bytes of Meta's words: events, names, languages, scores, reason codes."""
MAX_PROSE = 4 * MAX_ID
"""Bytes of Meta's sentences: a rejection's reason, an error's details, a recommendation."""


def _write(w: Writer, e: AdminNotice) -> None:
    w.u8(e.topic).text(e.event).text(e.subject).text(e.language).text(e.previous)
    w.text(e.current).text(e.reason).text(e.detail).text(e.advice)
    w.u32(e.code).u64(e.until).u64(e.at)


def _read(r: Reader) -> AdminNotice:
    topic = read_enum(r.u8(), NoticeTopic)
    event, subject, language, previous, current, reason = (r.text(MAX_WORD) for _ in range(6))
    return AdminNotice(
        topic,
        event,
        subject,
        language,
        previous,
        current,
        reason,
        detail=r.text(MAX_PROSE),
        advice=r.text(MAX_PROSE),
        code=r.u32(),
        until=r.u64(),
        at=r.u64(),
    )


def notice_key(notice: AdminNotice, seq: int) -> str:
    """What makes two records the same notice: its whole content when Meta dated it (a
    redelivery), else nothing but the record itself (two undated errors may be two)."""
    if notice.at == 0:
        return f"seq:{seq}"
    body = _write_all(notice)
    return hashlib.sha256(body).hexdigest()[:32]


def _write_all(notice: AdminNotice) -> bytes:
    w = Writer()
    _write(w, notice)
    return w.getvalue()


def _fold(state: BatchState, record: AppliedRecord, ev: AdminNotice) -> Outcome:
    state.admin_notices.append((ev, record.seq))
    return Outcome.APPLIED


SPEC = KindSpec(
    EventKind.ADMIN_NOTICE,
    AdminNotice,
    _write,
    _read,
    _fold,
    envelope=EventType.GATEWAY,
)
