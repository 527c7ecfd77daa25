"""An admin's request for the phone's data, asked at the simulator over real HTTP (cloud-api.md
§15.1): the phone book first, then the history, once per request; the answer is a HistorySync."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
import pytest_asyncio

from app.domain.history import NO_NUMBER, UNREACHABLE, HistoryStage
from app.domain.ids import DeviceId, EventId
from app.gateway.graph import GraphConfig
from app.gateway.phone_sync import PhoneSync, read_answer
from app.gateway.sealing import OpenedSyncRequest
from app.gateway.state import GatewayState
from app.log.events import HistorySync, PhoneSyncRequest
from app.simulator import Simulator

NOW = 1_767_300_000


@pytest_asyncio.fixture
async def simulator() -> AsyncIterator[Simulator]:
    sim = Simulator()
    await sim.start()
    try:
        yield sim
    finally:
        await sim.stop()


@pytest_asyncio.fixture
async def state(tmp_path: Path) -> AsyncIterator[GatewayState]:
    opened = GatewayState(tmp_path)
    await opened.open(b"T" * 16, b"G" * 16)
    try:
        yield opened
    finally:
        await opened.close()


class Harness:
    def __init__(
        self, sim: Simulator | None, state: GatewayState, http: aiohttp.ClientSession
    ) -> None:
        self.answers: list[HistorySync] = []
        graph = None
        if sim is not None:
            config = GraphConfig(sim.base_url, sim.config.phone_number_id, sim.config.access_token)
            graph = (http, config)
        self.sync = PhoneSync(
            lambda: graph, state.meta, state.save_meta, self._publish, lambda: NOW
        )

    async def _publish(self, answer: HistorySync) -> None:
        self.answers.append(answer)


def opened(n: int = 1) -> OpenedSyncRequest:
    return OpenedSyncRequest(PhoneSyncRequest(), DeviceId(b"A" * 16), EventId(bytes([n]) * 16))


@pytest_asyncio.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session:
        yield session


@pytest.mark.asyncio
async def test_meta_accepts_and_a_replayed_request_is_not_asked_again(
    simulator: Simulator, state: GatewayState, http: aiohttp.ClientSession
) -> None:
    harness = Harness(simulator, state, http)
    await harness.sync.on_request(opened())
    await harness.sync.on_request(opened())  # the outbound subject read again after a restart
    assert harness.answers == [HistorySync(HistoryStage.REQUESTED, "", 0, NOW)]


@pytest.mark.asyncio
async def test_a_second_request_is_told_it_was_already_done(
    simulator: Simulator, state: GatewayState, http: aiohttp.ClientSession
) -> None:
    harness = Harness(simulator, state, http)
    await harness.sync.on_request(opened(1))
    await harness.sync.on_request(opened(2))
    assert [a.stage for a in harness.answers] == [
        HistoryStage.REQUESTED,
        HistoryStage.ALREADY_DONE,
    ]
    assert harness.answers[1].code == 100


@pytest.mark.asyncio
async def test_without_a_number_the_request_is_refused(
    state: GatewayState, http: aiohttp.ClientSession
) -> None:
    harness = Harness(None, state, http)
    await harness.sync.on_request(opened())
    assert harness.answers == [HistorySync(HistoryStage.REFUSED, NO_NUMBER, 0, NOW)]


def test_metas_answers_read() -> None:
    too_late = {"error": {"message": "the sync window of 24 hours closed", "code": 100}}
    assert read_answer(too_late, 5) == HistorySync(
        HistoryStage.REFUSED, "the sync window of 24 hours closed", 100, 5
    )
    assert read_answer(None, 5).reason == UNREACHABLE
    assert read_answer({"odd": 1}, 5).stage is HistoryStage.REFUSED
