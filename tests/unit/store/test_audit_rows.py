"""The audit trail's pages over the events table: what counts as an action, filters, paging,
and records applied before the audit columns existed."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.audit import AuditAction, AuditFilter
from app.domain.export import ExportFormat, ExportScope
from app.domain.handling import ConversationState, HandoverAction
from app.domain.ids import NO_CONVERSATION
from app.log.events import Exported, Handover, Note, StateChange
from app.store.audit_rows import NEWEST
from app.store.migrate import load_migrations
from app.store.records import AppliedRecord
from app.store.replica import Replica
from tests.unit.log.helpers import apply
from tests.unit.store.builders import ANNA, BORIS, KEY, LogBuilder, conversation_of

ALICE = conversation_of("CC.alice")
BOB = conversation_of("CC.bob")


async def _team_day(replica: Replica, log: LogBuilder) -> None:
    """Alice and Bob write; Anna claims Alice, answers, hands her to Boris, who resolves her;
    Boris claims Bob; Anna exports everything. A note and a refused hand-over are no actions."""
    await apply(
        replica,
        log.customer("hello", customer="CC.alice"),
        log.customer("hi", customer="CC.bob", name="Bob", wa_id="4915100000000"),
        log.claim("CC.alice", ANNA),  # seq 3
        log.reply("CC.alice", "on it", ANNA, author_time=2_000),  # 4
        log.member(Note(ALICE, "vip"), "CC.alice", ANNA),  # 5: a note is no action
        log.member(
            Handover(ALICE, HandoverAction.TRANSFER, BORIS, "yours"),
            "CC.alice",
            ANNA,
            author_time=3_000,
        ),  # 6
        log.member(
            Handover(ALICE, HandoverAction.RELEASE), "CC.alice", ANNA, author_time=3_100
        ),  # 7: Anna no longer holds it, the rules refuse it
        log.member(
            StateChange(ALICE, ConversationState.RESOLVED), "CC.alice", BORIS, author_time=4_000
        ),  # 8
        log.claim("CC.bob", BORIS),  # 9
        log.member(
            Exported(ExportScope.HISTORY, ExportFormat.JSON, NO_CONVERSATION, 2, 3),
            "CC.alice",
            ANNA,
            author_time=5_000,
        ),  # 10
    )


@pytest.mark.asyncio
async def test_the_trail_lists_actions_newest_first_and_nothing_else(
    replica: Replica, log: LogBuilder
) -> None:
    await _team_day(replica, log)
    page = await replica.audit_page(AuditFilter(), NEWEST, 50)
    assert [(e.seq, e.action, e.actor) for e in page] == [
        (10, AuditAction.EXPORTED, ANNA),
        (9, AuditAction.CLAIMED, BORIS),
        (8, AuditAction.RESOLVED, BORIS),
        (6, AuditAction.TRANSFERRED, ANNA),
        (4, AuditAction.SENT, ANNA),
        (3, AuditAction.CLAIMED, ANNA),
    ]
    transfer = page[3]
    assert (transfer.conversation_id, transfer.target, transfer.customer, transfer.at) == (
        ALICE,
        BORIS,
        "Alice",
        3_000,
    )
    export = page[0]
    assert (export.conversation_id, export.detail) == (None, 2)  # the whole history: 2


@pytest.mark.asyncio
async def test_filters_by_person_action_conversation_and_time(
    replica: Replica, log: LogBuilder
) -> None:
    await _team_day(replica, log)

    async def seqs(wanted: AuditFilter) -> list[int]:
        return [e.seq for e in await replica.audit_page(wanted, NEWEST, 50)]

    assert await seqs(AuditFilter(actor=BORIS)) == [9, 8]
    assert await seqs(AuditFilter(actions=frozenset({AuditAction.CLAIMED}))) == [9, 3]
    assert await seqs(AuditFilter(conversation_id=BOB)) == [9]
    assert await seqs(AuditFilter(since=2_000, until=4_000)) == [6, 4]
    both = AuditFilter(actor=ANNA, actions=frozenset({AuditAction.SENT, AuditAction.EXPORTED}))
    assert await seqs(both) == [10, 4]


@pytest.mark.asyncio
async def test_pages_follow_on_by_log_position(replica: Replica, log: LogBuilder) -> None:
    await _team_day(replica, log)
    first = await replica.audit_page(AuditFilter(), NEWEST, 4)
    rest = await replica.audit_page(AuditFilter(), first[-1].seq, 4)
    assert [e.seq for e in first] == [10, 9, 8, 6]
    assert [e.seq for e in rest] == [4, 3]
    assert await replica.audit_page(AuditFilter(), rest[-1].seq, 4) == []


@pytest.mark.asyncio
async def test_records_applied_before_the_audit_columns_are_found_from_their_lines(
    db_path: Path,
) -> None:
    """A replica from before schema 1.15 lists its replies, hand-overs and state changes (their
    thread lines say what they were); claims wrote no line and start with the upgrade."""
    old = LogBuilder()
    records = [
        old.customer("hello"),
        old.claim("CC.alice", ANNA),
        old.reply("CC.alice", "on it", ANNA),
        old.member(Handover(ALICE, HandoverAction.TRANSFER, BORIS), "CC.alice", ANNA),
    ]
    await _apply_as_before(db_path, records)
    replica = await Replica.open(db_path, KEY)  # runs the audit migration
    try:
        page = await replica.audit_page(AuditFilter(), NEWEST, 10)
    finally:
        await replica.close()
    assert [(e.seq, e.action, e.target, e.conversation_id) for e in page] == [
        (4, AuditAction.TRANSFERRED, BORIS, ALICE),
        (3, AuditAction.SENT, None, ALICE),
    ]


async def _apply_as_before(db_path: Path, records: list[AppliedRecord]) -> None:
    """Apply through today's fold, then take back the audit migration: the events rows of an
    older build carried no audit columns, and the next open migrates them."""
    replica = await Replica.open(db_path, KEY)
    try:
        await apply(replica, *records)
        async with replica._db.write() as tx:  # tests may look behind the API
            await tx.execute(
                "UPDATE events SET audit_action = NULL, audit_conversation = NULL, "
                "audit_target = NULL"
            )
            [audit] = [m for m in load_migrations() if m.name == "audit_trail"]
            await tx.execute("DELETE FROM schema_version WHERE migration = ?", (audit.number,))
            for index in ("events_audit", "events_audit_by_author", "events_audit_by_action"):
                await tx.execute(f"DROP INDEX {index}")
            await tx.execute("DROP INDEX events_audit_by_conversation")
            for column in ("audit_action", "audit_conversation", "audit_target", "audit_detail"):
                await tx.execute(f"ALTER TABLE events DROP COLUMN {column}")
    finally:
        await replica.close()
