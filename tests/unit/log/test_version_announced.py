"""Newer versions announced to the team (kind 37): the record survives the wire, only admins
may announce, and a desk keeps the latest announcement in log order over real SQLCipher."""

from __future__ import annotations

import pytest

from app.domain.errors import EnvelopeRejected
from app.domain.model import Role
from app.domain.releases import Release
from app.log.events import VersionAnnounced
from app.log.registry import check_role
from app.store.records import AppliedRecord
from app.store.replica import Replica
from app.sync import codec
from tests.unit.log.helpers import apply
from tests.unit.store.builders import ANNA, LogBuilder, conversation_of

FIRST = b"a" * 16
SECOND = b"b" * 16


def _announced(log: LogBuilder, announced: VersionAnnounced) -> AppliedRecord:
    subject = conversation_of("sb.team.release")
    return log.record(announced, author=ANNA, conversation_id=subject, subject="sb.team.r")


def test_it_survives_the_wire() -> None:
    release = Release("0.2.0", "https://example.com/switchboard", "Labels and canned replies")
    announced = VersionAnnounced(FIRST, release, 1_767_225_600)
    wire = codec.encode(announced, conversation_of("x"), 7)
    assert codec.decode(wire).event == announced


def test_only_an_admin_may_announce() -> None:
    announced = VersionAnnounced(FIRST, Release("0.2.0"), 1)
    check_role(announced, Role.ADMIN)
    with pytest.raises(EnvelopeRejected, match="kind-for-role"):
        check_role(announced, Role.MEMBER)


@pytest.mark.asyncio
async def test_nothing_is_announced_on_a_new_replica(replica: Replica) -> None:
    assert await replica.latest_release() is None


@pytest.mark.asyncio
async def test_the_latest_announcement_replaces_the_earlier(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, _announced(log, VersionAnnounced(FIRST, Release("0.2.0"), 100)))
    later = Release("0.3.0", "https://example.com/0.3", "Faster search")
    await apply(replica, _announced(log, VersionAnnounced(SECOND, later, 200)))
    # A second copy of the first announcement (a redelivery) does not bring it back.
    await apply(replica, _announced(log, VersionAnnounced(FIRST, Release("0.2.0"), 100)))
    assert await replica.latest_release() == (later, False)


@pytest.mark.asyncio
async def test_a_closed_announcement_stays_closed_until_a_new_one(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, _announced(log, VersionAnnounced(FIRST, Release("0.2.0"), 100)))
    await replica.dismiss_release("0.2.0")
    assert await replica.latest_release() == (Release("0.2.0"), True)
    await apply(replica, _announced(log, VersionAnnounced(SECOND, Release("0.2.1"), 200)))
    assert await replica.latest_release() == (Release("0.2.1"), False)
