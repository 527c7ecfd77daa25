"""A batch's loads use a few IN-list lengths only, so their statements stay prepared
(db.STATEMENT_CACHE), and a padded list finds exactly what the plain one would."""

from __future__ import annotations

import pytest

from app.store.batch_customers import select_in
from app.store.db import STATEMENT_CACHE
from app.store.replica import Replica
from tests.unit.store.builders import LogBuilder

pytestmark = pytest.mark.asyncio

_SEQS = "SELECT stream_seq FROM events WHERE stream_seq IN ({})"


async def _found(replica: Replica, keys: list[int]) -> tuple[list[int], set[str]]:
    """What `select_in` finds for `keys`, and the distinct statements it ran."""
    statements: set[str] = set()
    async with replica._db.read() as tx:  # tests may look behind the API
        original = tx.fetchall

        async def recorded(sql: str, params: object = ()) -> object:
            statements.add(sql)
            return await original(sql, params)  # type: ignore[arg-type]

        tx.fetchall = recorded  # type: ignore[method-assign]
        try:
            rows = await select_in(tx, _SEQS, keys)
        finally:
            del tx.fetchall
    return sorted(int(r[0]) for r in rows), statements


async def test_padded_lists_find_exactly_the_keys(replica: Replica, log: LogBuilder) -> None:
    await replica.apply_batch([log.customer(f"m{n}", wamid=f"w{n}") for n in range(700)], 0)
    for count in (1, 2, 3, 5, 13, 31, 512, 513, 700):
        keys = list(range(2, 2 + count)) + [10_000]  # one key that is not there
        found, _ = await _found(replica, keys)
        assert found == [k for k in keys if k <= 700]


async def test_batches_of_every_size_share_a_few_statements(replica: Replica) -> None:
    """Every length from 1 to 1,200 keys: ten statements (1, 2, 4 … 512 places), far fewer
    than the connection keeps prepared."""
    statements: set[str] = set()
    for count in range(1, 1201):
        _, used = await _found(replica, list(range(count)))
        statements |= used
    assert len(statements) == 10
    assert STATEMENT_CACHE > 128  # sqlcipher3's default, less than one live apply used
