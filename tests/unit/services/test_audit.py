"""The audit trail over a real signed log: chain and events merged, scoped by role, checked
against the chain's keys, written as CSV."""

from __future__ import annotations

import csv
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from app.domain.audit import AuditAction, AuditFilter, Verification
from app.services.audit import _csv_text
from app.store.audit_rows import NEWEST
from tests.unit.services.audit_world import World, build
from tests.unit.store.builders import raw


@pytest_asyncio.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    built = await build(tmp_path)
    try:
        yield built
    finally:
        await built.replica.close()


def _actions(entries: list) -> list[tuple[str, AuditAction]]:  # type: ignore[type-arg]
    return [(e.action, e.in_chain) for e in entries]


@pytest.mark.asyncio
async def test_an_admin_sees_the_team_and_the_conversation_newest_first(world: World) -> None:
    trail = world.trail("Anna")
    assert trail.sees_everyone
    page = await trail.page(AuditFilter(), NEWEST, 50)
    anna, ben = world.device("Anna"), world.device("Ben")
    assert [(e.action, e.actor) for e in page] == [
        (AuditAction.RESOLVED, ben),
        (AuditAction.TRANSFERRED, anna),
        (AuditAction.SENT, anna),
        (AuditAction.CLAIMED, anna),
        (AuditAction.ADDED, anna),  # the gateway (chain) …
        (AuditAction.ADDED, anna),  # … Ben's desk joined …
        (AuditAction.INVITED, anna),  # … on Anna's invite
    ]
    added = page[5]
    assert (added.target, added.in_chain, added.customer) == (ben, True, "")
    assert page[1].customer == "Lena"
    assert [e.seq for e in page] == sorted((e.seq for e in page), reverse=True)


@pytest.mark.asyncio
async def test_a_member_sees_only_their_own_actions(world: World) -> None:
    trail = world.trail("Ben")
    assert not trail.sees_everyone
    page = await trail.page(AuditFilter(actor=world.device("Anna")), NEWEST, 50)
    assert [e.action for e in page] == [AuditAction.RESOLVED]
    assert {e.actor for e in page} == {world.device("Ben")}


@pytest.mark.asyncio
async def test_chain_entries_page_and_filter_like_the_rest(world: World) -> None:
    trail = world.trail("Anna")
    first = await trail.page(AuditFilter(), NEWEST, 4)
    rest = await trail.page(AuditFilter(), first[-1].seq, 4)
    assert [e.action for e in rest] == [AuditAction.ADDED, AuditAction.ADDED, AuditAction.INVITED]
    invited = AuditFilter(actions=frozenset({AuditAction.INVITED, AuditAction.CLAIMED}))
    assert [e.action for e in await trail.page(invited, NEWEST, 50)] == [
        AuditAction.CLAIMED,
        AuditAction.INVITED,
    ]
    one = AuditFilter(conversation_id=world.conversation)  # the chain names no conversation
    assert all(not e.in_chain for e in await trail.page(one, NEWEST, 50))


@pytest.mark.asyncio
async def test_verification_finds_a_record_changed_in_the_replica(world: World) -> None:
    trail = world.trail("Anna")
    page = await trail.page(AuditFilter(), NEWEST, 50)
    verdicts = await trail.verify(page)
    assert set(verdicts.values()) == {Verification.VERIFIED}
    transfer = page[1]
    # Someone with the replica's key swaps the transfer's envelope for the reply's and fixes
    # up its hash: the signature still verifies, but not as the record the sync stored.
    async with world.replica._db.write() as tx:  # tests may look behind the API
        await tx.execute(
            "UPDATE events SET envelope = (SELECT envelope FROM events WHERE stream_seq = ?), "
            "envelope_hash = (SELECT envelope_hash FROM events WHERE stream_seq = ?) "
            "WHERE stream_seq = ?",
            (page[2].seq, page[2].seq, transfer.seq),
        )
    # … and a flipped byte in a chain link's signature.
    link = (
        await raw(
            world.replica, "SELECT link FROM chain_links WHERE stream_seq = ?", (page[5].seq,)
        )
    )[0][0]
    flipped = bytes(link[:-1]) + bytes([link[-1] ^ 1])
    async with world.replica._db.write() as tx:
        await tx.execute(
            "UPDATE chain_links SET link = ? WHERE stream_seq = ?", (flipped, page[5].seq)
        )
    verdicts = await trail.verify(page)
    failed = {seq for seq, v in verdicts.items() if v is Verification.FAILED}
    assert failed == {transfer.seq, page[5].seq}


@pytest.mark.asyncio
async def test_the_trail_goes_to_csv_page_by_page(world: World, tmp_path: Path) -> None:
    trail = world.trail("Anna")
    told: list[int] = []
    path = tmp_path / "trail.csv"
    count = await trail.write_csv(path, AuditFilter(), told.append)
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    assert (count, told) == (7, [7])
    assert rows[0][:4] == ["position", "time_utc", "person", "action"]
    assert [r[2:5] for r in rows[1:3]] == [
        ["Ben", "resolved", "Lena"],
        ["Anna", "transferred", "Lena"],
    ]
    assert rows[2][5] == "Ben"


def test_a_name_that_starts_like_a_formula_stays_text_in_the_csv() -> None:
    text = _csv_text([(1, '=HYPERLINK("http://x")', "+1", "Lena")])
    assert next(csv.reader([text])) == ["1", '\'=HYPERLINK("http://x")', "'+1", "Lena"]


@pytest.mark.asyncio
async def test_the_team_lists_settings_and_backups_reach_the_trail(tmp_path: Path) -> None:
    """Labels defined, put on and taken off, canned replies, back-office systems, a version
    notice, new business hours and a backup: each is one entry under its author, filterable,
    and verifies."""
    world = await build(tmp_path, team_acts=True)
    try:
        trail = world.trail("Anna")
        page = await trail.page(AuditFilter(), NEWEST, 50)
        anna, ben = world.device("Anna"), world.device("Ben")
        assert [(e.action, e.actor) for e in page[:11]] == [
            (AuditAction.BACKED_UP, anna),
            (AuditAction.HOURS_CHANGED, anna),
            (AuditAction.VERSION_ANNOUNCED, anna),
            (AuditAction.BACK_OFFICE_REVOKED, anna),
            (AuditAction.BACK_OFFICE_ADDED, anna),
            (AuditAction.CANNED_DELETED, anna),
            (AuditAction.CANNED_SAVED, anna),
            (AuditAction.LABEL_DELETED, anna),
            (AuditAction.LABEL_REMOVED, ben),
            (AuditAction.LABEL_ADDED, ben),
            (AuditAction.LABEL_DEFINED, anna),
        ]
        assert page[8].conversation_id == world.conversation
        assert page[8].customer == "Lena"
        assert (page[0].conversation_id, page[0].detail) == (None, 1)
        only = await trail.page(AuditFilter(actions=frozenset({AuditAction.LABEL_ADDED})))
        assert [e.actor for e in only] == [ben]
        verdicts = await trail.verify(page[:11])
        assert set(verdicts.values()) == {Verification.VERIFIED}
        bens = await world.trail("Ben").page(AuditFilter(), NEWEST, 50)
        assert [e.action for e in bens][:2] == [AuditAction.LABEL_REMOVED, AuditAction.LABEL_ADDED]
    finally:
        await world.replica.close()
