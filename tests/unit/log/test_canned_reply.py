"""Canned replies in the log (kind 34): shared ones are admins', personal ones their owner
device's; folded into a real replica."""

from __future__ import annotations

import pytest

from app.domain.canned import CannedId, CannedScope
from app.domain.errors import EnvelopeRejected
from app.domain.ids import DeviceId
from app.domain.model import Role
from app.log.events import CannedReplyDefined
from app.log.registry import check_role
from app.log.values import Outcome
from app.store.records import AppliedRecord
from app.store.replica import Replica
from app.sync import codec
from tests.unit.log.helpers import apply, outcome_of
from tests.unit.store.builders import ANNA, BORIS, LogBuilder

HELLO = CannedId(b"h" * 16)
MINE = CannedId(b"m" * 16)
SHARED, PERSONAL = CannedScope.SHARED, CannedScope.PERSONAL


def _canned(log: LogBuilder, event: CannedReplyDefined, author: DeviceId) -> AppliedRecord:
    return log.record(event, author=author, conversation_id=event.canned_id, subject="sb.team.k")


def test_it_survives_the_wire() -> None:
    event = CannedReplyDefined(HELLO, SHARED, "hello", "Hello {first_name}!", False)
    assert codec.decode(codec.encode(event, HELLO, 7)).event == event


def test_a_shared_reply_is_an_admins_and_a_personal_one_anyones() -> None:
    with pytest.raises(EnvelopeRejected, match="kind-for-role"):
        check_role(CannedReplyDefined(HELLO, SHARED, "hello", "Hi"), Role.MEMBER)
    check_role(CannedReplyDefined(HELLO, SHARED, "hello", "Hi"), Role.ADMIN)
    check_role(CannedReplyDefined(MINE, PERSONAL, "sig", "Anna"), Role.MEMBER)


@pytest.mark.asyncio
async def test_shared_replies_list_for_all_and_personal_ones_for_their_owner(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(
        replica,
        _canned(log, CannedReplyDefined(HELLO, SHARED, "hello", "Hello!"), ANNA),
        _canned(log, CannedReplyDefined(MINE, PERSONAL, "sig", "Boris"), BORIS),
    )
    assert [r.shortcut for r in await replica.canned_replies([ANNA])] == ["hello"]
    boris = {r.shortcut: r for r in await replica.canned_replies([BORIS])}
    assert set(boris) == {"hello", "sig"}
    assert (boris["sig"].scope, boris["sig"].owner) == (PERSONAL, BORIS)


@pytest.mark.asyncio
async def test_a_personal_reply_changes_only_by_its_owner_and_keeps_its_scope(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, _canned(log, CannedReplyDefined(MINE, PERSONAL, "sig", "Boris"), BORIS))
    hijack = _canned(log, CannedReplyDefined(MINE, PERSONAL, "sig", "Anna was here"), ANNA)
    shared = _canned(log, CannedReplyDefined(MINE, SHARED, "sig", "For all"), ANNA)
    await apply(replica, hijack, shared)
    assert await outcome_of(replica, hijack) == Outcome.SKIPPED
    assert await outcome_of(replica, shared) == Outcome.SKIPPED
    own = _canned(log, CannedReplyDefined(MINE, PERSONAL, "sig", "Boris, Acme"), BORIS)
    changes = await replica.apply_batch([own], own.seq)
    assert changes.canned_changed
    [reply] = await replica.canned_replies([BORIS])
    assert reply.body == "Boris, Acme"


@pytest.mark.asyncio
async def test_a_deleted_reply_stays_deleted(replica: Replica, log: LogBuilder) -> None:
    await apply(
        replica,
        _canned(log, CannedReplyDefined(HELLO, SHARED, "hello", "Hello!"), ANNA),
        _canned(log, CannedReplyDefined(HELLO, SHARED, "hello", "Hello!", True), BORIS),
        _canned(log, CannedReplyDefined(HELLO, SHARED, "hello", "Back?"), ANNA),
    )
    assert await replica.canned_replies([ANNA, BORIS]) == []
