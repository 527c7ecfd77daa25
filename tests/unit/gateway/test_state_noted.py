"""Meta values noted without a disk flush of their own: read back at once, written with the
state's next transaction, alone once the state is idle, or at close (real state files)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from app.gateway import state as state_module
from app.gateway.state import FILE_NAME, GatewayState, OwnHead
from tests.helpers.wait import until

pytestmark = pytest.mark.asyncio

TEAM, DEVICE = b"t" * 16, b"d" * 16
LONG_S = 600.0
"""An idle delay no test reaches: what is on disk was written by the call under test."""


@pytest_asyncio.fixture
async def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[GatewayState]:
    monkeypatch.setattr(state_module, "META_SAVE_DELAY_S", LONG_S)
    kept = GatewayState(tmp_path)
    await kept.open(TEAM, DEVICE)
    try:
        yield kept
    finally:
        await kept.close()


def on_disk(directory: Path, key: str) -> bytes | None:
    with contextlib.closing(sqlite3.connect(directory / FILE_NAME)) as db:
        row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else bytes(row[0])


async def commits_of(state: GatewayState) -> list[str]:
    """The transactions the state commits from now on (one COMMIT each), as they happen."""
    statements: list[str] = []
    await state._run(state._conn().set_trace_callback, statements.append)
    return statements


def count_commits(statements: list[str]) -> int:
    return sum(1 for statement in statements if statement.strip().upper() == "COMMIT")


async def test_noted_values_are_read_at_once_and_ride_with_the_next_reservation(
    state: GatewayState,
) -> None:
    statements = await commits_of(state)
    state.note_meta_many({"seen": b"1", "last": b"1780000000"})
    assert await state.meta("seen") == b"1"
    assert await state.meta_many(["seen", "last", "other"]) == {
        "seen": b"1",
        "last": b"1780000000",
        "other": None,
    }
    assert on_disk(state.directory, "seen") is None
    assert count_commits(statements) == 0  # noting flushes nothing

    await state.reserve_run([(1, b"sealed envelope")])
    assert count_commits(statements) == 1  # the reservation's own transaction, no other
    assert on_disk(state.directory, "seen") == b"1"
    assert on_disk(state.directory, "last") == b"1780000000"
    assert state.pending == (1, b"sealed envelope")


async def test_noted_values_ride_with_an_acknowledged_head_and_with_saved_values(
    state: GatewayState,
) -> None:
    statements = await commits_of(state)
    state.note_meta_many({"a": b"1"})
    await state.advance(OwnHead(1, b"h" * 32, 5))
    assert count_commits(statements) == 1
    assert on_disk(state.directory, "a") == b"1"

    state.note_meta_many({"b": b"2", "c": b"old"})
    await state.save_meta_many({"c": b"new"})  # saved after the note: the saved one wins
    assert count_commits(statements) == 2
    assert (on_disk(state.directory, "b"), on_disk(state.directory, "c")) == (b"2", b"new")
    assert await state.meta("c") == b"new"


async def test_noted_values_are_written_alone_by_one_timer_when_the_state_is_idle(
    state: GatewayState, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(state_module, "META_SAVE_DELAY_S", 0.05)
    statements = await commits_of(state)
    for n in range(3):
        state.note_meta_many({f"k{n}": b"1"})
    savers = [task for task in asyncio.all_tasks() if task.get_name() == "gateway-meta"]
    assert len(savers) == 1  # one timer for the idle spell, not one per note
    await until(lambda: on_disk(state.directory, "k2") == b"1")
    await until(lambda: savers[0].done())
    assert [on_disk(state.directory, f"k{n}") for n in range(3)] == [b"1"] * 3
    assert count_commits(statements) == 1


async def test_noted_values_are_written_at_close(tmp_path: Path, state: GatewayState) -> None:
    state.note_meta_many({"seen": b"1"})
    await state.close()
    assert on_disk(tmp_path, "seen") == b"1"
    reopened = GatewayState(tmp_path)
    await reopened.open(TEAM, DEVICE)
    try:
        assert await reopened.meta("seen") == b"1"
    finally:
        await reopened.close()


async def test_a_failed_idle_write_keeps_the_values_for_the_next_write(
    state: GatewayState, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(state_module, "META_SAVE_DELAY_S", 0.02)

    def broken(values: list[tuple[str, bytes]]) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(state, "_set_meta_sync", broken)
    with caplog.at_level(logging.WARNING, logger="app.gateway.state"):
        state.note_meta_many({"seen-secret-key": b"secret value"})
        await until(lambda: len(caplog.records) >= 2)  # tried again after the pause
    assert {record.getMessage() for record in caplog.records} == {
        "noted state values not saved yet: OperationalError"
    }
    assert await state.meta("seen-secret-key") == b"secret value"
    assert on_disk(state.directory, "seen-secret-key") is None

    await state.reserve_run([(1, b"sealed envelope")])  # the next transaction carries them
    assert on_disk(state.directory, "seen-secret-key") == b"secret value"
    await until(lambda: not [t for t in asyncio.all_tasks() if t.get_name() == "gateway-meta"])


async def test_a_value_noted_while_the_file_is_read_is_not_replaced_by_the_read(
    state: GatewayState,
) -> None:
    await state.save_meta("k", b"old")
    reopened = GatewayState(state.directory)  # a cold cache: `meta` goes to the file
    await state.close()
    await reopened.open(TEAM, DEVICE)
    try:
        read = asyncio.create_task(reopened.meta("k"))
        await asyncio.sleep(0)  # one turn: the read is on the state's thread
        reopened.note_meta_many({"k": b"new"})
        assert await read == b"new"
        await reopened.reserve_run([(1, b"sealed envelope")])  # written: no longer noted
        assert await reopened.meta("k") == b"new"  # and the cache did not keep the old one
    finally:
        await reopened.close()
    assert on_disk(state.directory, "k") == b"new"


async def test_a_value_noted_again_while_a_write_carries_it_is_written_later(
    state: GatewayState,
) -> None:
    state.note_meta_many({"k": b"first"})
    reserving = asyncio.create_task(state.reserve_run([(1, b"sealed envelope")]))
    await asyncio.sleep(0)  # one turn: the reservation carries "first" to the state's thread
    state.note_meta_many({"k": b"second"})
    await reserving
    assert on_disk(state.directory, "k") == b"first"
    assert await state.meta("k") == b"second"
    await state.reserve_run([(2, b"next envelope")])
    assert on_disk(state.directory, "k") == b"second"


async def test_a_noted_value_the_cache_dropped_is_still_read(
    state: GatewayState, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(state_module, "META_CACHED", 2)
    state.note_meta_many({"noted": b"1"})
    await state.meta_many(["x", "y", "z"])  # read from the file: they push it out of the cache
    assert await state.meta("noted") == b"1"
    assert await state.meta_many(["noted", "x"]) == {"noted": b"1", "x": None}
