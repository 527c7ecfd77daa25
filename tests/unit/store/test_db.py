"""Opening the replica: keys, foreign files, pragmas, file modes, and environment failures."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlcipher3 import dbapi2 as sqlcipher

from app.domain.errors import ForeignDatabase, StoreClosed, StoreUnavailable, WrongKey
from app.domain.ids import ConversationId
from app.store import db as store_db
from app.store.db import LEGACY_PAGE_HMAC, key_hex
from app.store.migrate import load_migrations
from app.store.replica import Replica
from tests.unit.store.builders import KEY, OTHER_KEY, LogBuilder, raw


@pytest.mark.asyncio
async def test_create_then_reopen_keeps_data(db_path: Path, log: LogBuilder) -> None:
    first = await Replica.open(db_path, KEY)
    try:
        await first.apply_batch([log.customer("hello")], cursor=1)
        await first.set_meta("team.name", b"Bakery")
    finally:
        await first.close()
    again = await Replica.open(db_path, KEY)
    try:
        assert await again.cursor() == 1
        assert await again.get_meta("team.name") == b"Bakery"
        assert await again.applied_inbound_count() == 1
        latest = load_migrations()[-1]
        assert (again.schema.major, again.schema.minor) == (latest.major, latest.minor)
    finally:
        await again.close()


@pytest.mark.asyncio
async def test_session_pragmas(replica: Replica) -> None:
    assert await raw(replica, "PRAGMA journal_mode") == [("wal",)]
    assert await raw(replica, "PRAGMA foreign_keys") == [(1,)]
    assert await raw(replica, "PRAGMA synchronous") == [(2,)]  # FULL
    assert await raw(replica, "PRAGMA temp_store") == [(2,)]  # MEMORY
    # cipher_compatibility = 4 reads back as nothing; its settings show instead.
    assert await raw(replica, "PRAGMA cipher_hmac_algorithm") == [("HMAC_SHA256",)]  # PAGE_HMAC
    assert await raw(replica, "PRAGMA cipher_page_size") == [("4096",)]
    assert await raw(replica, "PRAGMA cipher_plaintext_header_size") == [("0",)]


def _bare(path: Path, key: bytes, page_hmac: str | None) -> sqlcipher.Connection:
    """A bare connection keyed as the store does, with `page_hmac` or SQLCipher 4's default."""
    conn = sqlcipher.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key_hex(key)}'\"")
    conn.execute("PRAGMA cipher_compatibility = 4")
    if page_hmac is not None:
        conn.execute(f"PRAGMA cipher_hmac_algorithm = {page_hmac}")
    return conn


@pytest.mark.asyncio
async def test_a_new_replica_does_not_open_with_sqlciphers_default_hmac(
    db_path: Path, log: LogBuilder
) -> None:
    replica = await Replica.open(db_path, KEY)
    try:
        await replica.apply_batch([log.customer("hello")], cursor=1)
    finally:
        await replica.close()
    default = _bare(db_path, KEY, None)  # HMAC-SHA512: the first page does not authenticate
    try:
        with pytest.raises(sqlcipher.DatabaseError, match="not a database"):
            default.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        default.close()


@pytest.mark.asyncio
async def test_a_replica_made_with_the_legacy_hmac_opens_and_keeps_it(
    db_path: Path,
    log: LogBuilder,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    with monkeypatch.context() as before:  # a replica created before PAGE_HMAC
        before.setattr(store_db, "PAGE_HMAC", LEGACY_PAGE_HMAC)
        first = await Replica.open(db_path, KEY)
        try:
            await first.apply_batch([log.customer("hello")], cursor=1)
        finally:
            await first.close()
    capfd.readouterr()
    again = await Replica.open(db_path, KEY)
    try:
        # The failed first try logged nothing (SQLCipher prints to stderr); the log is on again.
        assert "hmac check failed" not in capfd.readouterr().err
        assert await raw(again, "PRAGMA cipher_log_level") == [("WARN",)]
        assert await raw(again, "PRAGMA cipher_hmac_algorithm") == [(LEGACY_PAGE_HMAC,)]
        assert await again.cursor() == 1
        await again.apply_batch([log.customer("again")], cursor=2)
        assert await again.applied_inbound_count() == 2
    finally:
        await again.close()
    legacy = _bare(db_path, KEY, LEGACY_PAGE_HMAC)  # still the old HMAC, every page
    try:
        assert legacy.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    finally:
        legacy.close()
    with pytest.raises(WrongKey):  # neither HMAC opens it with another key
        await Replica.open(db_path, OTHER_KEY)


@pytest.mark.asyncio
async def test_wrong_key_is_wrong_key(db_path: Path) -> None:
    await (await Replica.open(db_path, KEY)).close()
    # SQLCipher logs "hmac check failed for pgno=1" on stderr here; that is expected.
    with pytest.raises(WrongKey, match="does not open with this device's key") as caught:
        await Replica.open(db_path, OTHER_KEY)
    assert isinstance(caught.value.__cause__, sqlcipher.DatabaseError)
    assert not isinstance(caught.value.__cause__, sqlite3.Error)  # why we catch sqlcipher's


@pytest.mark.asyncio
async def test_plain_sqlite_file_is_foreign(db_path: Path) -> None:
    plain = sqlite3.connect(db_path)
    try:
        plain.execute("CREATE TABLE notes (text TEXT)")
        plain.commit()
    finally:
        plain.close()
    with pytest.raises(ForeignDatabase, match="unencrypted SQLite database"):
        await Replica.open(db_path, KEY)


@pytest.mark.asyncio
async def test_random_bytes_file_is_refused(db_path: Path) -> None:
    await asyncio.to_thread(db_path.write_bytes, os.urandom(8192))
    with pytest.raises(WrongKey, match="damaged or not a Switchboard replica"):
        await Replica.open(db_path, KEY)


@pytest.mark.asyncio
async def test_keyed_file_with_other_tables_is_foreign(db_path: Path) -> None:
    conn = sqlcipher.connect(str(db_path))
    try:
        conn.execute(f"PRAGMA key = \"x'{KEY.hex()}'\"")
        conn.execute("CREATE TABLE inventory (item TEXT)")
        conn.commit()
    finally:
        conn.close()
    with pytest.raises(ForeignDatabase, match="not a Switchboard replica"):
        await Replica.open(db_path, KEY)


@pytest.mark.asyncio
async def test_wrong_marker_is_foreign(db_path: Path) -> None:
    replica = await Replica.open(db_path, KEY)
    try:
        await raw(replica, "UPDATE meta SET value = X'00' WHERE key = 'replica.app'")
    finally:
        await replica.close()
    with pytest.raises(ForeignDatabase):
        await Replica.open(db_path, KEY)


@pytest.mark.asyncio
async def test_newer_major_schema_is_refused(db_path: Path) -> None:
    replica = await Replica.open(db_path, KEY)
    try:
        await raw(replica, "INSERT INTO schema_version VALUES (999, 'future', 2, 0)")
    finally:
        await replica.close()
    with pytest.raises(ForeignDatabase, match=r"newer Switchboard \(schema 2\.x\)"):
        await Replica.open(db_path, KEY)


@pytest.mark.asyncio
async def test_newer_minor_schema_still_opens(db_path: Path) -> None:
    replica = await Replica.open(db_path, KEY)
    try:
        await raw(replica, "INSERT INTO schema_version VALUES (999, 'additive', 1, 99)")
    finally:
        await replica.close()
    again = await Replica.open(db_path, KEY)
    try:
        assert (again.schema.major, again.schema.minor) == (1, 99)
    finally:
        await again.close()


@pytest.mark.parametrize("bad", [b"", bytes(31), bytes(33), "00" * 32])
def test_key_must_be_32_bytes(bad: object) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        key_hex(bad)  # type: ignore[arg-type]


def test_key_hex_is_lowercase_hex() -> None:
    assert key_hex(bytes([0xAB]) * 32) == "ab" * 32


@pytest.mark.asyncio
async def test_bad_key_is_refused_before_touching_the_file(db_path: Path) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        await Replica.open(db_path, b"short")
    assert not await asyncio.to_thread(db_path.exists)


@pytest.mark.asyncio
async def test_missing_directory_is_store_unavailable(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable):
        await Replica.open(tmp_path / "missing" / "replica.db", KEY)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
@pytest.mark.asyncio
async def test_files_are_private(db_path: Path, replica: Replica, log: LogBuilder) -> None:
    await replica.apply_batch([log.customer("hello")], cursor=1)
    for suffix in ("", "-wal", "-shm"):
        path = db_path.with_name(db_path.name + suffix)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


@pytest.mark.asyncio
async def test_disk_full_writes_nothing(replica: Replica, log: LogBuilder) -> None:
    await replica.apply_batch([log.customer("before")], cursor=1)
    pages = (await raw(replica, "PRAGMA page_count"))[0][0]
    await raw(replica, f"PRAGMA max_page_count = {pages}")  # this connection's disk is now full
    big = [log.customer("x" * 20_000, wamid=f"wamid.big{i}") for i in range(20)]
    with pytest.raises(StoreUnavailable, match="full; nothing was written"):
        await replica.apply_batch(big, cursor=big[-1].seq)
    assert await replica.cursor() == 1
    assert await replica.applied_inbound_count() == 1
    assert (await replica.stats()).events_stored == 1
    await raw(replica, "PRAGMA max_page_count = 1073741823")  # space again: the batch applies
    await replica.apply_batch(big, cursor=big[-1].seq)
    assert await replica.applied_inbound_count() == 21


@pytest.mark.asyncio
async def test_closed_replica_refuses_work(db_path: Path) -> None:
    replica = await Replica.open(db_path, KEY)
    await replica.close()
    # Our error, not the driver's: a window's last refresh during shutdown ends quietly.
    with pytest.raises(StoreClosed, match="closed"):
        await replica.cursor()
    with pytest.raises(StoreClosed):
        await replica.mark_read(ConversationId(bytes(16)))


@pytest.mark.asyncio
async def test_bytes_none_and_bool_bind_as_before_through_registered_adapters(
    replica: Replica,
) -> None:
    """The adapters that spare sqlcipher3 its protocol lookups (app.store.db) are in place and
    bind exactly what binding without them did: a BLOB for bytes (empty too), NULL for None,
    the integers 1 and 0 for True and False."""
    for kind in (bytes, type(None), bool):
        assert (kind, sqlcipher.PrepareProtocol) in sqlcipher.adapters
    await raw(replica, "CREATE TEMP TABLE bound (value)")
    for value in (b"\x00\xffid", b"", None, True, False):
        await raw(replica, "INSERT INTO bound (value) VALUES (?)", (value,))
    rows = await raw(replica, "SELECT typeof(value), value FROM bound ORDER BY rowid")
    assert [tuple(r) for r in rows] == [
        ("blob", b"\x00\xffid"),
        ("blob", b""),
        ("null", None),
        ("integer", 1),
        ("integer", 0),
    ]
