"""The gateway's local state: durable across reopening, pinned to one team and gateway."""

from __future__ import annotations

import contextlib
import sqlite3
import stat
from pathlib import Path

import pytest

from app.gateway.state import FILE_NAME, GatewayState, OwnHead, SendState, StateMismatch

TEAM, DEVICE = b"t" * 16, b"d" * 16


async def opened(directory: Path, team: bytes = TEAM, device: bytes = DEVICE) -> GatewayState:
    state = GatewayState(directory)
    await state.open(team, device)
    return state


@pytest.mark.asyncio
async def test_a_claim_is_recorded_once_and_survives_reopening(tmp_path: Path) -> None:
    state = await opened(tmp_path / "gw")
    assert await state.claim(b"r" * 16, b"q" * 16, 7) is None  # recorded now: send once
    again = await state.claim(b"r" * 16, b"x" * 16, 9)
    assert again is not None
    assert (again.request_id, again.stream_seq, again.state) == (b"q" * 16, 7, SendState.CLAIMED)
    await state.close()

    state = await opened(tmp_path / "gw")
    entry = await state.claim(b"r" * 16, b"q" * 16, 7)
    assert entry is not None
    assert entry.state is SendState.CLAIMED  # claimed, never reported: "unknown", not resent
    await state.mark_reported(b"r" * 16)
    assert await state.entry(b"r" * 16) == entry.__class__(b"q" * 16, 7, SendState.REPORTED)
    assert await state.entry(b"s" * 16) is None
    await state.close()
    await state.close()  # idempotent


@pytest.mark.asyncio
async def test_the_author_head_and_a_reserved_envelope_survive_reopening(tmp_path: Path) -> None:
    state = await opened(tmp_path)
    assert (state.head, state.pending) == (None, None)
    await state.advance(OwnHead(1, b"h" * 32, 5))
    await state.reserve(2, b"sealed envelope")
    await state.close()

    state = await opened(tmp_path)
    assert state.head == OwnHead(1, b"h" * 32, 5)
    assert state.pending == (2, b"sealed envelope")
    await state.advance(OwnHead(2, b"i" * 32, 8))  # acknowledged: no longer pending
    await state.close()

    state = await opened(tmp_path)
    assert (state.head, state.pending) == (OwnHead(2, b"i" * 32, 8), None)
    await state.close()
    assert stat.S_IMODE((tmp_path / FILE_NAME).stat().st_mode) == 0o600


@pytest.mark.asyncio
async def test_another_teams_or_gateways_state_is_refused(tmp_path: Path) -> None:
    await (await opened(tmp_path)).close()
    with pytest.raises(StateMismatch, match="team"):
        await opened(tmp_path, team=b"u" * 16)
    with pytest.raises(StateMismatch, match="device"):
        await opened(tmp_path, device=b"e" * 16)
    await (await opened(tmp_path)).close()


@pytest.mark.asyncio
async def test_calls_before_open_fail_loudly(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="not open"):
        await GatewayState(tmp_path).claim(b"r", b"q", 1)


@pytest.mark.asyncio
async def test_a_reserved_run_is_pending_until_the_hub_acknowledges_each(tmp_path: Path) -> None:
    state = await opened(tmp_path)
    await state.advance(OwnHead(1, b"h" * 32, 5))
    await state.reserve_run([(2, b"second"), (3, b"third"), (4, b"fourth")])
    await state.advance(OwnHead(2, b"i" * 32, 8))  # the first of the run is stored
    await state.close()

    state = await opened(tmp_path)
    assert state.pending_run == [(3, b"third"), (4, b"fourth")]
    assert state.pending == (3, b"third")
    await state.advance(OwnHead(4, b"j" * 32, 11))
    assert state.pending_run == []
    await state.close()


@pytest.mark.asyncio
async def test_an_envelope_reserved_by_an_older_gateway_is_still_pending(tmp_path: Path) -> None:
    """Before runs, one envelope was reserved in the `pending` table: it is kept."""
    state = await opened(tmp_path)
    await state.close()
    with contextlib.closing(sqlite3.connect(tmp_path / FILE_NAME)) as db, db:
        db.execute("INSERT INTO pending VALUES (1, 7, ?)", (b"old envelope",))
    state = await opened(tmp_path)
    assert state.pending_run == [(7, b"old envelope")]
    await state.close()


@pytest.mark.asyncio
async def test_a_reservation_writes_the_noted_head_and_replaces_what_was_never_acknowledged(
    tmp_path: Path,
) -> None:
    """One statement drops both what the noted head acknowledges and what the new run
    replaces; what lies between (reserved, in flight) stays pending."""
    state = await opened(tmp_path)
    await state.reserve_run([(n, f"first {n}".encode()) for n in range(1, 7)])
    state.note_head(OwnHead(2, b"h" * 32, 9))  # 1 and 2 stored; 3 in flight; 4-6 failed
    await state.reserve_run([(4, b"again 4"), (5, b"again 5")])
    assert state.pending_run == [(3, b"first 3"), (4, b"again 4"), (5, b"again 5")]
    await state.close()

    state = await opened(tmp_path)  # what the file holds, not what the object remembers
    assert state.head == OwnHead(2, b"h" * 32, 9)
    assert state.pending_run == [(3, b"first 3"), (4, b"again 4"), (5, b"again 5")]
    await state.reserve_run([(6, b"alone")])  # no head noted since: nothing else dropped
    await state.close()

    state = await opened(tmp_path)
    assert state.pending_run == [(3, b"first 3"), (4, b"again 4"), (5, b"again 5"), (6, b"alone")]
    await state.close()
