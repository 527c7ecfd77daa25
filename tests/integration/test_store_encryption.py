"""The replica on disk: nothing readable without the key, in the database or beside it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.domain.ids import EventId
from app.store.replica import Replica
from tests.unit.store.builders import ANNA, KEY, LogBuilder, conversation_of

CANARIES = (b"CANARY-text-7f3a9c", b"CanaryProfileName", b"wamid.CANARY0001", b"CC.canaryuser")


def _files(db_path: Path) -> list[Path]:
    siblings = (db_path.with_name(db_path.name + s) for s in ("", "-wal", "-shm"))
    return [p for p in siblings if p.exists()]


def _assert_no_plaintext(db_path: Path) -> None:
    for path in _files(db_path):
        data = path.read_bytes()
        for canary in CANARIES:
            assert canary not in data, f"{canary!r} readable in {path.name}"
            assert canary.decode().encode("utf-16-le") not in data, path.name


@pytest.mark.asyncio
async def test_no_plaintext_on_disk(tmp_path: Path) -> None:
    db_path = tmp_path / "replica.db"
    log = LogBuilder()
    replica = await Replica.open(db_path, KEY)
    try:
        text = CANARIES[0].decode()
        records = [
            log.customer(
                text,
                customer=CANARIES[3].decode(),
                name=CANARIES[1].decode(),
                wamid=CANARIES[2].decode(),
            )
        ]
        await replica.apply_batch(records, cursor=1)
        conversation = conversation_of(CANARIES[3].decode())
        reply = EventId(b"R" * 16)
        await replica.enqueue_reply(conversation, reply, f"re: {text}", ANNA, now=2_000)
        await replica.set_meta("note", CANARIES[0])
        assert db_path.with_name("replica.db-wal").exists()  # checked while the WAL is live
        _assert_no_plaintext(db_path)
        assert (await replica.messages_page(conversation, None, 5))[0].text == text
    finally:
        await replica.close()
    _assert_no_plaintext(db_path)
    assert db_path.read_bytes()[:16] != b"SQLite format 3\x00"


@pytest.mark.asyncio
async def test_stdlib_sqlite_cannot_read_it(tmp_path: Path) -> None:
    db_path = tmp_path / "replica.db"
    await (await Replica.open(db_path, KEY)).close()
    plain = sqlite3.connect(db_path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
            plain.execute("SELECT count(*) FROM sqlite_master").fetchall()
    finally:
        plain.close()
