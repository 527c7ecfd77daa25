"""Issue 9: the simulator retries a failed webhook on Meta's schedule (7 days), compressed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from itertools import islice

import pytest
import pytest_asyncio
from aiohttp import web

from app.simulator import Simulator
from app.simulator.retry_schedule import COMPRESSED, META, WEEK_S, RetrySchedule

from .conftest import VERIFY_TOKEN, Callback, fast_config, until


def test_meta_pauses_double_from_half_a_minute_to_an_hour() -> None:
    first = list(islice(META.delays(), 9))
    assert first == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_meta_retries_for_seven_days_and_no_longer() -> None:
    pauses = list(META.delays())
    assert sum(pauses) <= WEEK_S
    assert sum(pauses) + 3600 > WEEK_S  # one more hour would pass the 7 days
    assert META.attempts() == len(pauses) + 1 == 174


def test_compression_divides_every_pause_and_keeps_their_number() -> None:
    assert COMPRESSED.attempts() == META.attempts()
    assert list(COMPRESSED.delays()) == pytest.approx([p / 10_000 for p in META.delays()])
    assert 60 < sum(COMPRESSED.delays()) < 61  # the 7 days in about a minute


@pytest.mark.parametrize(
    "nonsense",
    [{"first_s": 0}, {"compression": 0}, {"growth": 0.5}, {"longest_s": 1}, {"lasting_s": -1}],
)
def test_a_schedule_that_would_misbehave_is_refused(nonsense: dict[str, float]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message varies per case
        RetrySchedule(**nonsense)


class _TimedCallback(Callback):
    """Notes when each POST arrives, on the loop's clock."""

    def __init__(self) -> None:
        super().__init__()
        self.arrivals: list[float] = []

    def app(self) -> web.Application:
        app = super().app()
        app.middlewares.append(self._note)
        return app

    @web.middleware
    async def _note(self, request: web.Request, handler: web.RequestHandler) -> web.StreamResponse:
        if request.method == "POST":
            self.arrivals.append(asyncio.get_running_loop().time())
        return await handler(request)


SCHEDULE = RetrySchedule(compression=3_000)
"""Pauses of 10, 20, 40, 80 and 160 ms first."""


@pytest_asyncio.fixture
async def timed() -> AsyncIterator[_TimedCallback]:
    receiver = _TimedCallback()
    runner = web.AppRunner(receiver.app(), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    receiver.url = f"http://127.0.0.1:{runner.addresses[0][1]}/webhook"
    try:
        yield receiver
    finally:
        await runner.cleanup()


@pytest.mark.asyncio
async def test_a_failing_callback_is_retried_on_the_compressed_schedule(
    timed: _TimedCallback,
) -> None:
    timed.fail_with = [503] * 5
    simulator = Simulator(fast_config(webhook_retries=SCHEDULE))
    await simulator.start()
    try:
        await simulator.set_callback(timed.url, VERIFY_TOKEN)
        customer = simulator.add_customer("Lena K")
        await simulator.customer_sends_text(customer.user_id, "hello")
        await until(lambda: len(timed.deliveries) == 1, within=5)
        expected = list(islice(SCHEDULE.delays(), 5))
        assert simulator.stats.webhook_retry_pauses == pytest.approx(tuple(expected))
        gaps = [b - a for a, b in zip(timed.arrivals, timed.arrivals[1:], strict=False)]
        assert len(gaps) == 5
        for gap, pause in zip(gaps, expected, strict=True):
            assert gap >= pause * 0.95  # never sooner than the schedule says
        assert gaps[-1] > 4 * gaps[0]  # and the pauses grow, as Meta's do
    finally:
        await simulator.stop()
