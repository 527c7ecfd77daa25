"""The standalone runner and its command-line options."""

from __future__ import annotations

import argparse
import asyncio

import pytest

from app.simulator import CallbackVerificationError, CustomerScript, Simulator
from app.simulator.server import add_arguments, config_from_args, script_from_args, serve

from .conftest import VERIFY_TOKEN, Callback, fast_config, until


@pytest.mark.asyncio
async def test_serve_registers_runs_the_script_and_stops(callback: Callback) -> None:
    stop = asyncio.Event()
    urls: list[str] = []
    script = CustomerScript(2, 2, rate_per_second=500.0)
    task = asyncio.create_task(
        serve(fast_config(), callback.url, VERIFY_TOKEN, script, stop, on_ready=urls.append)
    )
    await until(lambda: len(callback.messages()) == 4)
    assert urls[0].startswith("http://127.0.0.1:")
    stop.set()
    await asyncio.wait_for(task, 2.0)


@pytest.mark.asyncio
async def test_serve_gives_up_on_a_callback_that_never_verifies(callback: Callback) -> None:
    stop = asyncio.Event()
    with pytest.raises(CallbackVerificationError):
        await serve(fast_config(), callback.url, "wrong", None, stop)
    assert callback.attempts == 0


@pytest.mark.asyncio
async def test_serve_without_callback_stops_when_told() -> None:
    stop = asyncio.Event()
    urls: list[str] = []
    task = asyncio.create_task(serve(fast_config(), None, "", None, stop, on_ready=urls.append))
    await until(lambda: bool(urls))
    stop.set()
    await asyncio.wait_for(task, 2.0)


def test_arguments_build_config_and_script() -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    ns = parser.parse_args(
        [
            "--port", "8089", "--app-secret", "s3cret", "--official-business-account",
            "--name-status", "PENDING_REVIEW", "--batch-webhooks",
            "--customers", "5", "--messages-per-customer", "2", "--rate", "3.5", "--seed", "9",
            "--behaviour", "window=fail", "--behaviour", "duplicate_webhooks=0.5",
            "--webhook-compression", "1",
        ]
    )  # fmt: skip
    config = config_from_args(ns)
    assert config.port == 8089
    assert config.app_secret == "s3cret"
    assert config.is_official_business_account
    assert config.name_status == "PENDING_REVIEW"
    assert config.batch_webhooks
    assert (config.behaviour.window, config.behaviour.duplicate_webhooks) == ("fail", 0.5)
    assert config.seed == 9
    assert config.webhook_retries.compression == 1  # Meta's own pace: 7 days
    assert config_from_args(parser.parse_args([])).webhook_retries.compression == 10_000
    assert script_from_args(ns) == CustomerScript(5, 2, 3.5, seed=9)
    assert script_from_args(parser.parse_args([])) is None


@pytest.mark.asyncio
async def test_a_taken_port_fails_start_cleanly() -> None:
    first = Simulator(fast_config())
    url = await first.start()
    try:
        second = Simulator(fast_config(port=int(url.rsplit(":", 1)[1])))
        with pytest.raises(OSError, match="address already in use"):
            await second.start()
        await second.stop()  # harmless on a simulator that never started
    finally:
        await first.stop()
