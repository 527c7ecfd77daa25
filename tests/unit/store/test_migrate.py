"""Numbered, immutable migrations, applied once each, in their own transactions."""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

import pytest
from sqlcipher3 import dbapi2 as sqlcipher

from app.domain.content import ContentKind
from app.domain.ids import ConversationId
from app.store.db import Database
from app.store.migrate import Migration, _check_sequence, load_migrations, migrate
from app.store.records import QueueView
from app.store.replica import Replica
from tests.unit.store.builders import KEY, raw

SHIPPED = load_migrations()
LATEST = SHIPPED[-1]
NEXT = LATEST.number + 1

RELEASED = {
    "0001_initial.sql": "bdbf4295da83bd38f529fdf530cb9cbb3f397ae170696895a1c5fc388057dd3e",
    "0002_subject_index.sql": "11f97bc7a730eba2b3b34befe5438c48bdaf0e35d76cc8b00b0e5f3bea71502f",
    "0003_message_content.sql": "5803c3d63d4a4d8857358249a2993f5e1dc466d972a17e4aca4faeda948c5c8b",
}
"""Released migrations never change: a new schema is a new file. Add each file when released."""


def test_released_migrations_are_unchanged() -> None:
    folder = resources.files("app.store").joinpath("migrations")
    for name, digest in RELEASED.items():
        data = folder.joinpath(name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, f"{name} was edited after release"


def test_load_migrations_reads_numbers_and_versions() -> None:
    migrations = load_migrations()
    assert [(m.number, m.name, m.major, m.minor) for m in migrations][:1] == [(1, "initial", 1, 0)]


def test_sequence_must_be_contiguous_and_rising() -> None:
    one = Migration(1, "a", 1, 0, "")
    with pytest.raises(RuntimeError, match="2 is missing"):
        _check_sequence([one, Migration(3, "c", 1, 1, "")])
    with pytest.raises(RuntimeError, match="does not raise"):
        _check_sequence([one, Migration(2, "b", 1, 0, "")])


@pytest.mark.asyncio
async def test_migrate_twice_changes_nothing(replica: Replica) -> None:
    before = await raw(replica, "SELECT * FROM schema_version")
    version = await migrate(replica._db)
    assert (version.major, version.minor) == (LATEST.major, LATEST.minor)
    shipped = [(m.number, m.name, m.major, m.minor) for m in SHIPPED]
    assert await raw(replica, "SELECT * FROM schema_version") == before == shipped


@pytest.mark.asyncio
async def test_reopen_applies_nothing_again(db_path: Path) -> None:
    for _ in range(3):
        replica = await Replica.open(db_path, KEY)
        try:
            rows = await raw(replica, "SELECT migration FROM schema_version")
        finally:
            await replica.close()
        assert rows == [(m.number,) for m in SHIPPED]


@pytest.mark.asyncio
async def test_minor_migration_is_applied_in_order(db_path: Path) -> None:
    minor = LATEST.minor + 1
    extra = Migration(
        NEXT, "future", 1, minor, f"-- schema: 1.{minor}\nCREATE TABLE future (name TEXT);\n"
    )
    db = await Database.connect(db_path, KEY)
    try:
        version = await migrate(db, (*SHIPPED, extra))
        assert (version.major, version.minor) == (1, minor)
    finally:
        await db.close()
    replica = await Replica.open(db_path, KEY)  # this build does not know it: still opens
    try:
        assert await raw(replica, "SELECT name FROM sqlite_master WHERE name = 'future'")
        assert (replica.schema.major, replica.schema.minor) == (1, minor)
    finally:
        await replica.close()


@pytest.mark.asyncio
async def test_failed_migration_leaves_no_trace(db_path: Path) -> None:
    minor = LATEST.minor + 1
    broken = Migration(
        NEXT,
        "broken",
        1,
        minor,
        f"-- schema: 1.{minor}\nCREATE TABLE half (x);\nSELECT * FROM nowhere;\n",
    )
    db = await Database.connect(db_path, KEY)
    try:
        with pytest.raises(sqlcipher.OperationalError, match="no such table"):
            await migrate(db, (*SHIPPED, broken))
        async with db.read() as tx:
            assert not tx.in_transaction
            assert await tx.fetchval("SELECT count(*) FROM sqlite_master WHERE name = 'half'") == 0
            assert await tx.fetchval("SELECT max(migration) FROM schema_version") == LATEST.number
    finally:
        await db.close()


@pytest.mark.asyncio
async def test_content_migration_keeps_older_messages_readable(db_path: Path) -> None:
    """A 1.1 replica with messages opens as 1.2: its rows read as plain text, no reactions."""
    db = await Database.connect(db_path, KEY)
    try:
        await migrate(db, SHIPPED[:2])
        async with db.write() as tx:
            await tx.execute("INSERT INTO customers VALUES ('CC.a', x'01', '4915', 'Alice')")
            await tx.execute(
                "INSERT INTO conversations (conversation_id, customer_id, last_text, last_at) "
                "VALUES (x'01', 'CC.a', 'hi', 5)"
            )
            await tx.execute(
                "INSERT INTO messages (event_id, conversation_id, position, direction, text, at, "
                "wamid, status) VALUES (x'e1', x'01', 1, 1, 'hi', 5, 'wamid.1', 3)"
            )
    finally:
        await db.close()
    replica = await Replica.open(db_path, KEY)
    try:
        assert (replica.schema.major, replica.schema.minor) >= (1, 2)
        [message] = await replica.messages_page(ConversationId(b"\x01"), None, 10)
        assert (message.text, message.content, message.reaction, message.quoted) == (
            "hi",
            None,
            "",
            None,
        )
        [row] = await replica.conversation_page(QueueView.ALL_OPEN, 0, 10)
        assert row.last_kind is ContentKind.TEXT
        detail = await replica.conversation(ConversationId(b"\x01"))
        assert detail is not None
        assert (detail.customer_id, detail.marketing_opt_out) == ("CC.a", False)
        assert await replica.number_status() is None
    finally:
        await replica.close()
