"""The gateway's watch over sends whose answer was lost (issue 9, fault 2): Meta's statuses,
matched by the callback data the gateway set on the send, settle them; silence past the
waiting time is reported as "unconfirmed"; the send log keeps all of it across a crash."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from app.domain.ids import Wamid
from app.domain.send_codes import NETWORK_ERROR, UNCONFIRMED
from app.gateway.state import FILE_NAME, GatewayState, SendState
from app.gateway.unknown_outcomes import OutcomeWatch
from app.log.events import SendOutcome
from tests.helpers.wait import until_async

TEAM, DEVICE = b"t" * 16, b"d" * 16
REPLY, REQUEST = b"r" * 16, b"q" * 16
WAIT_S = 600.0


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


class Watched:
    """A watch over a real send log, with the outcomes it published."""

    def __init__(self, directory: Path, clock: Clock) -> None:
        self.state = GatewayState(directory)
        self.published: list[SendOutcome] = []
        self.stats: dict[str, int] = {}
        self.watch = OutcomeWatch(
            self.state, self._publish, clock, unconfirmed_after=WAIT_S, stats=self.stats
        )

    async def _publish(self, outcome: SendOutcome) -> None:
        self.published.append(outcome)

    async def open(self) -> Watched:
        await self.state.open(TEAM, DEVICE)
        await self.watch.load()
        return self

    async def close(self) -> None:
        await self.watch.stop()
        await self.state.close()

    def codes(self) -> list[tuple[str | None, int]]:
        return [(o.wamid, o.error_code) for o in self.published]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest_asyncio.fixture
async def gateway(tmp_path: Path, clock: Clock) -> AsyncIterator[Watched]:
    opened = await Watched(tmp_path, clock).open()
    yield opened
    await opened.close()


async def _claimed(gateway: Watched) -> None:
    assert await gateway.state.claim(REPLY, REQUEST, 7) is None
    gateway.watch.claimed(REPLY, REQUEST)


@pytest.mark.asyncio
async def test_a_lost_answer_is_reported_unknown_then_settled_by_a_status(
    gateway: Watched,
) -> None:
    await _claimed(gateway)
    await gateway.watch.report_lost(REPLY, REQUEST)
    assert gateway.codes() == [(None, NETWORK_ERROR)]
    entry = await gateway.state.entry(REPLY)
    assert entry is not None
    assert entry.state is SendState.UNKNOWN

    gateway.watch.on_statuses([(Wamid("wamid.OTHER"), "ab" * 16)])  # not ours: ignored
    gateway.watch.on_statuses([(Wamid("wamid.LOST"), REQUEST.hex())])

    async def settled() -> bool:
        return len(gateway.published) == 2

    await until_async(settled, within=5)
    assert gateway.codes() == [(None, NETWORK_ERROR), ("wamid.LOST", 0)]
    entry = await gateway.state.entry(REPLY)
    assert entry is not None
    assert entry.state is SendState.REPORTED
    assert gateway.watch.watched == 0
    assert gateway.stats == {"outcomes_unknown": 1, "outcomes_settled": 1}


@pytest.mark.asyncio
async def test_a_status_seen_before_a_crash_reports_the_reply_as_accepted_after_it(
    tmp_path: Path, clock: Clock
) -> None:
    before = await Watched(tmp_path, clock).open()
    await _claimed(before)
    before.watch.on_statuses([(Wamid("wamid.SEEN"), REQUEST.hex())])  # overtook the answer

    async def learned() -> bool:
        entry = await before.state.entry(REPLY)
        return entry is not None and entry.wamid == "wamid.SEEN"

    await until_async(learned, within=5)
    assert before.published == []  # still sending: its own answer decides
    await before.close()  # the gateway dies before the answer

    after = await Watched(tmp_path, clock).open()
    assert after.watch.watched == 1  # claimed by the run that died
    await after.watch.report_lost(REPLY, REQUEST)
    assert after.codes() == [("wamid.SEEN", 0)]  # never "unknown": Meta named it
    await after.close()


@pytest.mark.asyncio
async def test_an_unknown_nobody_confirms_is_told_once_and_a_late_status_still_settles_it(
    tmp_path: Path, clock: Clock
) -> None:
    gateway = await Watched(tmp_path, clock).open()
    await _claimed(gateway)
    await gateway.watch.report_lost(REPLY, REQUEST)
    clock.now += WAIT_S - 1
    assert await gateway.watch.tell_unconfirmed() == 0
    await gateway.close()

    clock.now += 1  # the waiting time counts from the report, across a restart
    gateway = await Watched(tmp_path, clock).open()
    assert await gateway.watch.tell_unconfirmed() == 1
    assert await gateway.watch.tell_unconfirmed() == 0
    assert gateway.codes() == [(None, UNCONFIRMED)]
    await gateway.close()

    gateway = await Watched(tmp_path, clock).open()
    assert await gateway.watch.tell_unconfirmed() == 0  # told once, also after a restart
    gateway.watch.on_statuses([(Wamid("wamid.LATE"), REQUEST.hex())])

    async def settled() -> bool:
        return gateway.codes() == [("wamid.LATE", 0)]

    await until_async(settled, within=5)
    await gateway.close()


@pytest.mark.asyncio
async def test_statuses_of_replies_already_reported_are_not_watched(gateway: Watched) -> None:
    await _claimed(gateway)
    await gateway.state.mark_reported(REPLY)
    gateway.watch.reported(REQUEST)
    gateway.watch.on_statuses([(Wamid("wamid.OK"), REQUEST.hex())])
    assert gateway.watch.watched == 0
    assert gateway.published == []


@pytest.mark.asyncio
async def test_a_send_log_written_before_gains_the_new_columns(tmp_path: Path) -> None:
    state = GatewayState(tmp_path)
    await state.open(TEAM, DEVICE)
    assert await state.claim(REPLY, REQUEST, 7) is None
    await state.close()
    with sqlite3.connect(tmp_path / FILE_NAME) as db:  # the send log as it was before
        db.execute("ALTER TABLE sent DROP COLUMN wamid")
        db.execute("ALTER TABLE sent DROP COLUMN since")
    db.close()

    await state.open(TEAM, DEVICE)
    entry = await state.entry(REPLY)
    assert entry is not None
    assert (entry.state, entry.wamid, entry.since) == (SendState.CLAIMED, None, None)
    await state.learn_wamid(REPLY, "wamid.X")
    await state.mark_unknown(REPLY, 5.0)
    entry = await state.entry(REPLY)
    assert entry is not None
    assert (entry.state, entry.wamid, entry.since) == (SendState.UNKNOWN, "wamid.X", 5.0)
    await state.close()
