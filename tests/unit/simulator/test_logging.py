"""Log hygiene: ids, types and counts only; never bodies, names or phone numbers."""

from __future__ import annotations

import logging

import aiohttp
import pytest
from aiohttp import web

from app.simulator import CustomerScript, Location, Media, Simulator, SimulatorConfig, graph

from .conftest import AUTH, Callback, send_text, until


@pytest.mark.asyncio
async def test_no_bodies_names_or_numbers_in_logs(
    sim: Simulator,
    callback: Callback,
    http: aiohttp.ClientSession,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="app.simulator")
    callback.fail_with = [500]
    customer = sim.add_customer("Zelda Secretname", wa_id="4915199988877")
    await sim.customer_sends_text(customer.user_id, "my iban is DE00 1234")
    await send_text(http, sim, "4915199988877", "secret reply text")
    await send_text(http, sim, "4915100000000", "to a stranger")  # rejected: 131026
    result = await sim.run_script(CustomerScript(2, 1, 1000.0))
    await until(lambda: sim.stats.webhook_items_delivered == 4 + result.messages_sent)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "webhook POST attempt 1 failed: HTTP 500" in logged  # we did capture the logs
    for secret in ["Zelda", "Secretname", "4915199988877", "DE00", "secret reply", "stranger"]:
        assert secret not in logged
    for token in sim.canary_tokens:
        assert token not in logged
    for c in result.customers:
        assert c.profile_name not in logged
        assert c.wa_id is None or c.wa_id not in logged


@pytest.mark.asyncio
async def test_a_simulator_bug_answers_graph_code_1(
    http: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    def broken_send(body: object) -> dict[str, object]:
        raise RuntimeError("boom")

    app = web.Application(middlewares=[graph.graph_middleware])
    config = SimulatorConfig(access_token="test-access-token")
    graph.setup(app, graph.GraphBackend(config, broken_send))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/v26.0/{config.phone_number_id}/messages"
    try:
        async with http.post(url, json={}, headers=AUTH) as response:
            assert response.status == 500
            assert (await response.json())["error"]["code"] == 1
    finally:
        await runner.cleanup()
    assert "simulator bug" in caplog.text


@pytest.mark.asyncio
async def test_rich_messages_and_actions_log_no_content(
    sim: Simulator, callback: Callback, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="app.simulator")
    customer = sim.add_customer("Zelda Secretname", wa_id="4915199988877")
    await sim.customer_sends(customer.user_id, Media("image", caption="secret caption"))
    await sim.customer_sends(customer.user_id, Location(1.0, 2.0, "Secret Place", "Hidden St"))
    sim.customer_stops_promotions(customer.user_id)
    moved = sim.customer_changes_number(customer.user_id, "4915100011122")
    await until(lambda: sim.stats.webhook_items_delivered == 4)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert moved.user_id in logged  # ids are fine, and show the logs were captured
    for secret in [
        "Zelda",
        "secret caption",
        "Secret Place",
        "Hidden",
        "4915199988877",
        "4915100011122",
    ]:
        assert secret not in logged
