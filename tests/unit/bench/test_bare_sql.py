"""The replica benches' floor opens the files the store makes, with either page HMAC."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bench.bare_sql import keyed
from app.store import db as store_db
from app.store.replica import Replica
from tests.unit.store.builders import KEY, LogBuilder


@pytest.mark.asyncio
@pytest.mark.parametrize("page_hmac", [store_db.PAGE_HMAC, store_db.LEGACY_PAGE_HMAC])
async def test_the_floor_opens_a_replica_of_either_page_hmac(
    tmp_path: Path, page_hmac: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "replica.db"
    monkeypatch.setattr(store_db, "PAGE_HMAC", page_hmac)  # as the store made it then
    replica = await Replica.open(path, KEY)
    try:
        await replica.apply_batch([LogBuilder().customer("hello")], cursor=1)
    finally:
        await replica.close()
    conn = keyed(path, KEY)
    try:
        assert conn.execute("PRAGMA cipher_hmac_algorithm").fetchone() == (page_hmac,)
        assert conn.execute("SELECT count(*) FROM messages").fetchone() == (1,)
    finally:
        conn.close()
