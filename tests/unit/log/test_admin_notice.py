"""Admin notice: Meta's word on the account, number or templates, kept once and listed newest
first, with what this desk's admin has read (issue 10 item 7)."""

from __future__ import annotations

import pytest

from app.crypto.errors import DecodeError
from app.domain.admin_notice import AdminNotice, NoticeTopic
from app.domain.ids import NO_CONVERSATION
from app.store.replica import Replica
from app.sync import codec
from tests.unit.log.helpers import apply
from tests.unit.store.builders import LogBuilder

REJECTED = AdminNotice(
    NoticeTopic.TEMPLATE_STATUS,
    "REJECTED",
    "spring_offer",
    "de",
    reason="INCORRECT_CATEGORY",
    detail="Discount wording in a utility template.",
    advice="Resubmit as MARKETING.",
    at=1_767_303_000,
)
FLAGGED = AdminNotice(
    NoticeTopic.NUMBER_QUALITY, "FLAGGED", "4930555000", current="TIER_10K", at=1_767_303_100
)
UNDATED_ERROR = AdminNotice(
    NoticeTopic.VALUE_ERROR, "", reason="Something went wrong", detail="Unsupported", code=131000
)


def test_a_notice_survives_the_wire_and_an_unknown_topic_does_not() -> None:
    for notice in (REJECTED, FLAGGED, UNDATED_ERROR):
        assert codec.decode(codec.encode(notice, NO_CONVERSATION, 3)).event == notice
    encoded = bytearray(codec.encode(REJECTED, NO_CONVERSATION, 3))
    body = codec.encode(REJECTED, NO_CONVERSATION, 3)
    at = body.index(bytes([int(NoticeTopic.TEMPLATE_STATUS)]) + len(b"REJECTED").to_bytes(4, "big"))
    encoded[at] = 99
    with pytest.raises(DecodeError):
        codec.decode(bytes(encoded))


def test_only_what_needs_an_admin_now_is_serious() -> None:
    assert REJECTED.serious
    assert FLAGGED.serious
    assert not UNDATED_ERROR.serious
    approved = AdminNotice(NoticeTopic.TEMPLATE_STATUS, "APPROVED", "spring_offer", "de")
    lifted = AdminNotice(NoticeTopic.ACCOUNT, "DISABLED_UPDATE", current="REINSTATE")
    banned = AdminNotice(NoticeTopic.ACCOUNT, "DISABLED_UPDATE", current="DISABLE")
    restricted = AdminNotice(NoticeTopic.ACCOUNT, "ACCOUNT_RESTRICTION")
    assert not approved.serious
    assert not lifted.serious
    assert banned.serious
    assert restricted.serious


@pytest.mark.asyncio
async def test_notices_are_listed_newest_first_and_a_redelivery_counts_once(
    replica: Replica, log: LogBuilder
) -> None:
    first = log.record(REJECTED)
    again = log.record(REJECTED)  # Meta delivered it twice; the gateway published both
    await apply(replica, first, again, log.record(FLAGGED))
    await replica.apply_batch([log.record(UNDATED_ERROR), log.record(UNDATED_ERROR)], log.seq)
    listed = await replica.admin_notices(10)
    assert [n.notice for n in listed] == [UNDATED_ERROR, UNDATED_ERROR, FLAGGED, REJECTED]
    assert listed[-1].seq == first.seq
    assert all(n.unread for n in listed)
    assert await replica.unread_admin_notices() == 4


@pytest.mark.asyncio
async def test_read_notices_stay_read_and_new_ones_count(replica: Replica, log: LogBuilder) -> None:
    await apply(replica, log.record(REJECTED), log.record(FLAGGED))
    await replica.mark_admin_notices_read(log.seq)
    await replica.mark_admin_notices_read(1)  # an older mark never takes reading back
    assert await replica.unread_admin_notices() == 0
    await apply(replica, log.record(UNDATED_ERROR))
    listed = await replica.admin_notices(2)
    assert [n.unread for n in listed] == [True, False]
    assert await replica.unread_admin_notices() == 1
