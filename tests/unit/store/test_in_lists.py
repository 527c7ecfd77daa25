"""A batch's loads use a few IN-list lengths only, so their statements stay prepared
(db.STATEMENT_CACHE), and a padded list finds exactly what the plain one would."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.store import batch
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


async def test_known_ids_and_seqs_each_take_only_their_own_keys(
    replica: Replica, log: LogBuilder
) -> None:
    """One statement looks up both (`batch._SQL_KNOWN`), in chunks padded with NULLs: a row
    found by its sequence must not make its event id known, nor the other way round."""
    stored = [log.customer(f"m{n}", wamid=f"w{n}") for n in range(150)]
    await replica.apply_batch(stored, cursor=stored[-1].seq)
    new = [log.customer(f"n{n}", wamid=f"v{n}") for n in range(150)]
    seq_taken = replace(new[0], seq=stored[3].seq)  # a stored sequence, a new event id
    id_taken = replace(stored[5], seq=new[-1].seq + 1)  # a stored event id, a new sequence
    records = stored[10:] + new[1:] + [seq_taken, id_taken]  # 291: two look-ups (256 each)
    async with replica._db.read() as tx:  # tests may look behind the API
        state = await batch.load(tx, records)
    assert state.known_events == {r.event_id for r in stored[10:]} | {stored[5].event_id}
    assert state.known_seqs == {r.seq for r in stored[10:]} | {stored[3].seq}
