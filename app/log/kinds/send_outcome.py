"""The gateway's send call for a reply returned (gateway event): the wamid, or why not."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from app.crypto.encoding import Reader, Writer
from app.crypto.header import EventType
from app.domain.events import EventKind
from app.domain.ids import ID_LEN, EventId, Wamid, short
from app.domain.model import DeliveryStatus, Direction, Message
from app.domain.rules import merge_status
from app.domain.send_codes import UNCERTAIN_CODES
from app.log.kind import MAX_ID, KindSpec
from app.log.kinds.delivery_status import merge_into
from app.log.state import BatchState, Keys
from app.log.values import AppliedRecord, Outcome

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SendOutcome:
    """The gateway's send call for a reply returned (gateway event).

    `wamid` is set when Meta accepted the message; otherwise `error_code` says why it failed.
    """

    reply_event_id: EventId
    wamid: Wamid | None
    error_code: int
    error_detail: str

    kind = EventKind.SEND_OUTCOME


def _write(w: Writer, e: SendOutcome) -> None:
    w.fixed(e.reply_event_id, ID_LEN).text(e.wamid or "").u32(e.error_code).text(e.error_detail)


def _read(r: Reader) -> SendOutcome:
    reply_event_id = EventId(r.fixed(ID_LEN))
    wamid = r.text(MAX_ID)
    return SendOutcome(
        reply_event_id=reply_event_id,
        wamid=Wamid(wamid) if wamid else None,
        error_code=r.u32(),
        error_detail=r.text(MAX_ID * 4),
    )


def _keys(keys: Keys, record: AppliedRecord, event: SendOutcome) -> None:
    keys.messages.add(event.reply_event_id)
    if event.wamid is not None:
        keys.wamids.add(event.wamid)


def _fold(state: BatchState, record: AppliedRecord, ev: SendOutcome) -> Outcome:
    message = state.messages.get(ev.reply_event_id)
    if message is None or message.direction != Direction.OUTBOUND:
        log.warning("send outcome for unknown reply %s", short(ev.reply_event_id))
        return Outcome.SKIPPED
    if ev.wamid is None:
        if ev.error_code in UNCERTAIN_CODES:
            _uncertain(state, message, ev.error_code)
        else:
            merge_into(state, message, DeliveryStatus.FAILED, ev.error_code)
        return Outcome.APPLIED
    owner = state.by_wamid.get(ev.wamid)
    taken = owner is not None and owner != message.event_id
    if taken or message.wamid not in (None, ev.wamid):
        log.warning("send outcome for %s names a wamid in use", short(ev.reply_event_id))
        return Outcome.SKIPPED
    # HTTP 200 means "accepted" only (cloud-api.md §6): QUEUED until Meta's statuses say more.
    # A wamid after an uncertain outcome settles it: the gateway matched Meta's status to it.
    settled = message.status is DeliveryStatus.UNCERTAIN
    status = (
        DeliveryStatus.QUEUED if settled else merge_status(message.status, DeliveryStatus.QUEUED)
    )
    error = 0 if settled else message.error_code
    known = state.statuses.get(ev.wamid)
    if known is not None:  # a status webhook overtook the send outcome
        status = merge_status(status, known.status)
        error = known.error_code if status == DeliveryStatus.FAILED else error
    state.put_message(replace(message, wamid=ev.wamid, status=status, error_code=error))
    return Outcome.APPLIED


def _uncertain(state: BatchState, message: Message, code: int) -> None:
    """The send's answer was lost (`NETWORK_ERROR`), or no status followed in time
    (`UNCONFIRMED`): UNCERTAIN with that code, unless Meta's statuses or an outcome with a
    wamid already said more."""
    if message.wamid is not None:
        return
    if merge_status(message.status, DeliveryStatus.UNCERTAIN) is not DeliveryStatus.UNCERTAIN:
        return
    if (message.status, message.error_code) != (DeliveryStatus.UNCERTAIN, code):
        state.put_message(replace(message, status=DeliveryStatus.UNCERTAIN, error_code=code))


SPEC = KindSpec(
    EventKind.SEND_OUTCOME, SendOutcome, _write, _read, _fold, _keys, envelope=EventType.GATEWAY
)
