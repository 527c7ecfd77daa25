"""The replica's integrity check (issue 9, fault 5): a byte flipped deep in the file is found
at open, before anything reads its page, and the desk says the store is damaged."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.domain.errors import ReplicaFailedCheck, ReplicaUnreadable, StoreUnavailable, WrongKey
from app.domain.model import LocalStoreState
from app.services.session import check_replica
from app.store.damage_mark import damage_mark
from app.store.replica import Replica

KEY = bytes(range(32))


async def _replica_of_many_pages(path: Path) -> None:
    async with await Replica.open(path, KEY) as replica:
        for n in range(200):
            await replica.set_meta(f"filler-{n}", os.urandom(3000))


@pytest.mark.asyncio
async def test_a_sound_replica_passes(tmp_path: Path) -> None:
    path = tmp_path / "replica.db"
    await _replica_of_many_pages(path)
    async with await Replica.open(path, KEY) as replica:
        assert await replica.integrity_problems() == []
        said: list[LocalStoreState] = []
        await check_replica(replica, said.append)
        assert said == []


@pytest.mark.asyncio
async def test_a_byte_flipped_deep_in_the_file_is_found_at_open(tmp_path: Path) -> None:
    path = tmp_path / "replica.db"
    await _replica_of_many_pages(path)
    data = bytearray(path.read_bytes())
    # Three quarters in: a filler value's page, far from the schema, the identity and the
    # top of the meta tree (the middle moved as migrations added tables).
    data[len(data) * 3 // 4] ^= 0x01
    path.write_bytes(bytes(data))

    async with await Replica.open(path, KEY, existing=True) as replica:
        assert await replica.get_meta("filler-0") is not None  # opening still works
        assert await replica.integrity_problems() != []
        said: list[LocalStoreState] = []
        await check_replica(replica, said.append)
        assert said == [LocalStoreState.DAMAGED]


@pytest.mark.asyncio
async def test_a_damaged_page_met_while_running_pauses_like_a_failing_disk(
    tmp_path: Path,
) -> None:
    """The key was proven at open: "not a database" from a page read later is damage, which
    pauses the sync (StoreUnavailable), not a wrong key, which would end it for good."""
    path = tmp_path / "replica.db"
    await _replica_of_many_pages(path)
    data = bytearray(path.read_bytes())
    data[len(data) * 3 // 4] ^= 0x01  # a filler page, as above
    path.write_bytes(bytes(data))

    refused: list[StoreUnavailable] = []
    async with await Replica.open(path, KEY, existing=True) as replica:
        for n in range(200):  # as the sync does: a refused write is tried again later
            try:
                await replica.set_meta(f"filler-{n}", b"rewritten")
            except StoreUnavailable as refusal:
                refused.append(refusal)
    assert refused  # and no WrongKey: once a page failed, SQLCipher says "not a database"
    assert all("damaged" in str(r) and not isinstance(r, WrongKey) for r in refused)


@pytest.mark.asyncio
async def test_a_failed_check_is_noted_so_the_next_start_asks_first(tmp_path: Path) -> None:
    path = tmp_path / "replica.db"
    await _replica_of_many_pages(path)
    data = bytearray(path.read_bytes())
    data[len(data) * 3 // 4] ^= 0x01
    path.write_bytes(bytes(data))
    async with await Replica.open(path, KEY, existing=True) as replica:
        await replica.integrity_problems()

    with pytest.raises(ReplicaFailedCheck):
        await Replica.open(path, KEY, existing=True)
    async with await Replica.open(path, KEY, existing=True, accept_damage=True) as replica:
        assert await replica.get_meta("filler-0") is not None  # the user chose to open it


@pytest.mark.asyncio
async def test_a_sound_replica_leaves_no_note(tmp_path: Path) -> None:
    path = tmp_path / "replica.db"
    await _replica_of_many_pages(path)
    async with await Replica.open(path, KEY, existing=True) as replica:
        assert await replica.integrity_problems() == []
    async with await Replica.open(path, KEY, existing=True):
        pass
    assert not damage_mark(path).exists()


@pytest.mark.asyncio
@pytest.mark.parametrize("damage", ["truncated", "third page flipped"])
async def test_damage_met_while_an_enrolled_replica_opens_is_the_users_question(
    tmp_path: Path, damage: str
) -> None:
    """Not "the disk may be full", a dead end: the start-up question (keep it aside and sync
    a fresh copy) that a failed check also leads to. The file is left as it was."""
    path = tmp_path / "replica.db"
    await _replica_of_many_pages(path)
    data = bytearray(path.read_bytes())
    if damage == "truncated":
        del data[len(data) // 4 :]
    else:
        page = 4096
        for i in range(2 * page + 100, 2 * page + 110):
            data[i] ^= 0xFF
    path.write_bytes(bytes(data))

    with pytest.raises(ReplicaUnreadable):
        await Replica.open(path, KEY, existing=True)
    assert path.read_bytes() == bytes(data)
