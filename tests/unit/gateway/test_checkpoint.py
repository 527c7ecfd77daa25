"""The outbound checkpoint: the newest stream seq up to which every request is settled."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.gateway.checkpoint import OutboundCheckpoint
from app.gateway.state import GatewayState

TEAM, DEVICE = b"t" * 16, b"d" * 16


async def opened(directory: Path) -> GatewayState:
    state = GatewayState(directory)
    await state.open(TEAM, DEVICE)
    return state


@pytest.mark.asyncio
async def test_the_checkpoint_stays_below_the_oldest_unsettled_request(tmp_path: Path) -> None:
    state = await opened(tmp_path)
    checkpoint = OutboundCheckpoint(state)
    assert await checkpoint.load() == 0
    checkpoint.begin(5)
    checkpoint.read(6)  # refused: nothing more to do
    checkpoint.begin(9)
    assert checkpoint.value == 4
    await checkpoint.end(9)  # settled out of order: 5 still holds it back
    assert checkpoint.value == 4
    await checkpoint.end(5)
    assert checkpoint.value == 9
    checkpoint.read(12)
    assert checkpoint.value == 12
    await checkpoint.save()
    await state.close()

    state = await opened(tmp_path)
    assert await OutboundCheckpoint(state).load() == 12
    await state.close()


@pytest.mark.asyncio
async def test_a_request_never_settled_is_read_again_after_a_restart(tmp_path: Path) -> None:
    state = await opened(tmp_path)
    checkpoint = OutboundCheckpoint(state)
    await checkpoint.load()
    checkpoint.begin(3)  # queued, never sent: the stop hands it back
    checkpoint.begin(4)
    await checkpoint.end(4)
    await checkpoint.save()
    await state.close()

    state = await opened(tmp_path)
    assert await OutboundCheckpoint(state).load() == 2
    await state.close()
