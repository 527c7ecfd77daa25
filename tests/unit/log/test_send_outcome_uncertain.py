"""A send whose answer was lost is UNCERTAIN on the desk, never FAILED, until Meta's statuses
settle it (issue 9, fault 2): unknown → sent/delivered/read/failed, unknown → unconfirmed →
delivered, and statuses that came first are never undone by a late "unknown"."""

from __future__ import annotations

import pytest

from app.domain.model import DeliveryStatus, Message
from app.domain.rules import merge_status, unsent
from app.domain.send_codes import NETWORK_ERROR, UNCONFIRMED
from app.store.records import AppliedRecord
from app.store.replica import Replica
from tests.unit.log.helpers import apply, thread
from tests.unit.store.builders import ANNA, LogBuilder

_S = DeliveryStatus


async def _reply(replica: Replica, log: LogBuilder, *after: AppliedRecord) -> Message:
    """Anna's reply, then `after`; returns the reply as folded."""
    records = [log.customer("hi"), log.reply("CC.alice", "hello", ANNA)]
    await apply(replica, *records, *after)
    return (await thread(replica))[-1]


async def _now(replica: Replica) -> tuple[DeliveryStatus, int, str | None]:
    message = (await thread(replica))[-1]
    return message.status, message.error_code, message.wamid


@pytest.mark.asyncio
async def test_a_lost_answer_is_uncertain_not_failed_and_offers_no_resend(
    replica: Replica, log: LogBuilder
) -> None:
    message = await _reply(replica, log)
    await apply(replica, log.outcome(message.event_id, None, error_code=NETWORK_ERROR))
    assert await _now(replica) == (_S.UNCERTAIN, NETWORK_ERROR, None)
    assert not unsent((await thread(replica))[-1])  # no "send again" while it may be out


@pytest.mark.parametrize(
    "final",
    [_S.SENT, _S.DELIVERED, _S.READ],
)
@pytest.mark.asyncio
async def test_a_status_named_by_its_callback_settles_an_uncertain_reply(
    replica: Replica, log: LogBuilder, final: DeliveryStatus
) -> None:
    message = await _reply(replica, log)
    await apply(replica, log.outcome(message.event_id, None, error_code=NETWORK_ERROR))
    # The gateway matched Meta's status to the reply by its callback data: the wamid, then
    # the status itself (published as every status is).
    await apply(replica, log.outcome(message.event_id, "wamid.LOST"))
    assert await _now(replica) == (_S.QUEUED, 0, "wamid.LOST")
    await apply(replica, log.status("wamid.LOST", final))
    assert await _now(replica) == (final, 0, "wamid.LOST")


@pytest.mark.asyncio
async def test_a_status_that_came_first_settles_it_when_the_wamid_is_reported(
    replica: Replica, log: LogBuilder
) -> None:
    message = await _reply(
        replica, log, log.status("wamid.LOST", _S.DELIVERED), log.status("wamid.LOST", _S.READ)
    )
    await apply(replica, log.outcome(message.event_id, None, error_code=NETWORK_ERROR))
    assert (await _now(replica))[0] is _S.UNCERTAIN  # the status names no reply yet
    await apply(replica, log.outcome(message.event_id, "wamid.LOST"))
    assert await _now(replica) == (_S.READ, 0, "wamid.LOST")


@pytest.mark.asyncio
async def test_a_failed_status_settles_an_uncertain_reply_as_failed_with_metas_code(
    replica: Replica, log: LogBuilder
) -> None:
    message = await _reply(replica, log)
    await apply(
        replica,
        log.outcome(message.event_id, None, error_code=NETWORK_ERROR),
        log.outcome(message.event_id, "wamid.LOST"),
        log.status("wamid.LOST", _S.FAILED, error_code=131026),
    )
    assert await _now(replica) == (_S.FAILED, 131026, "wamid.LOST")


@pytest.mark.asyncio
async def test_an_unknown_nobody_confirms_becomes_unconfirmed_and_a_late_status_still_counts(
    replica: Replica, log: LogBuilder
) -> None:
    message = await _reply(replica, log)
    await apply(
        replica,
        log.outcome(message.event_id, None, error_code=NETWORK_ERROR),
        log.outcome(message.event_id, None, error_code=UNCONFIRMED),
    )
    assert await _now(replica) == (_S.UNCERTAIN, UNCONFIRMED, None)
    await apply(
        replica,
        log.outcome(message.event_id, "wamid.LATE"),
        log.status("wamid.LATE", _S.DELIVERED),
    )
    assert await _now(replica) == (_S.DELIVERED, 0, "wamid.LATE")


@pytest.mark.asyncio
async def test_a_late_unknown_never_undoes_what_meta_said(
    replica: Replica, log: LogBuilder
) -> None:
    message = await _reply(replica, log)
    await apply(
        replica,
        log.outcome(message.event_id, "wamid.OK"),
        log.status("wamid.OK", _S.DELIVERED),
        log.outcome(message.event_id, None, error_code=UNCONFIRMED),
    )
    assert await _now(replica) == (_S.DELIVERED, 0, "wamid.OK")


def test_uncertain_ranks_between_queued_and_sent() -> None:
    assert merge_status(_S.QUEUED, _S.UNCERTAIN) is _S.UNCERTAIN
    assert merge_status(_S.UNCERTAIN, _S.QUEUED) is _S.UNCERTAIN
    assert merge_status(_S.UNCERTAIN, _S.SENT) is _S.SENT
    assert merge_status(_S.UNCERTAIN, _S.FAILED) is _S.FAILED
    assert merge_status(_S.READ, _S.UNCERTAIN) is _S.READ
