"""Over the real hub, simulator and gateway: a back-office system sends delivery confirmations
through the notification API, retrying every request (issue 10 item 5, Done-when).

Every customer receives exactly one; customers who stopped marketing get none and the system
is told why; every desk shows each confirmation in its customer's thread as sent by the system;
a customer's answer lands in the same conversation, in the queue; a revoked token is refused.

The confirmation invites a review with a discount, which makes it a marketing template in
Meta's categories: only marketing templates are held back for opted-out customers (utility ones
still reach them, cloud-api.md §8). The number is one Meta upgraded to 1,000 messages a second
(throughput HIGH), as a business sending this many would have; the gateway paces to what Meta
reports (at the standard 80 a second, 1,000 confirmations take 12 s of pacing alone).
"""

from __future__ import annotations

import asyncio
import functools
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio

from app.demo.stack import DemoStack
from app.domain.model import DeliveryStatus, Direction, QueueView
from app.services.session import OpenDesk
from app.simulator.state import Customer
from app.simulator.templates import TemplateSpec
from tests.helpers.wait import until_async

pytestmark = pytest.mark.slow

N = int(os.environ.get("SWITCHBOARD_NOTIFY_N", "1000"))
OPTED_OUT_EVERY = 10
"""Every tenth customer stopped marketing messages before the confirmations go out."""
SYSTEM = "Shop ERP"
DELIVERED = TemplateSpec(
    "delivery_review",
    "en_US",
    "marketing",
    body_params=2,
    body_text="Your order {{1}} was delivered. Review it and save {{2}} on your next order!",
)


def number(i: int) -> str:
    return f"49151{i:08d}"


def body(i: int, key: str = "") -> dict[str, Any]:
    return {
        "to": "+" + number(i),
        "template": {
            "name": "delivery_review",
            "language": "en_US",
            "parameters": [f"A-{i}", "10%"],
        },
        "idempotency_key": key or f"delivered-A-{i}",
    }


@pytest_asyncio.fixture
async def stack(tmp_path: Path) -> AsyncIterator[DemoStack]:
    """Hub, simulator, gateway, Anna's and Ben's desks; the number's throughput is HIGH."""
    team = DemoStack(tmp_path, ["Anna", "Ben"], throughput_level="HIGH")
    try:
        await team.start()
        yield team
    finally:
        await team.stop()


@pytest.mark.asyncio
async def test_a_system_sends_each_customer_one_confirmation(
    stack: DemoStack, tmp_path: Path
) -> None:
    sim = stack.simulator
    gateway = stack.gateway
    assert sim is not None
    assert gateway is not None
    assert gateway.sending_rate == 1000.0  # read from Meta's answer for the number
    sim.add_template(DELIVERED)
    gateway.templates.on_webhook([], templates_changed=True)  # as Meta's webhook would say
    # Customers 1 … N-1 one by one, 0 and N in a bulk job.
    customers = [sim.add_customer(f"Customer {i}", wa_id=number(i)) for i in range(N + 1)]
    stopped = set(range(0, N, OPTED_OUT_EVERY))
    for i in stopped:
        sim.customer_stops_promotions(customers[i].user_id)
    new = await stack.team_desks["Anna"].admin.create_api_token(SYSTEM)
    base = stack.callback_url.rsplit("/webhook", 1)[0] + "/v1/notifications"
    headers = {"Authorization": f"Bearer {new.secret}"}

    async with aiohttp.ClientSession(headers=headers) as http:
        await _until_accepted(http, base)
        answers = await _send_everything_twice(http, base)
        for i, (first, again) in enumerate(answers, start=1):
            assert first == again  # a retry gets the first answer
            if i in stopped:
                assert first[0] == 422
                assert first[1]["error"]["code"] == "opted_out"
            else:
                assert first[0] == 200, first
        await _bulk_repeats_nothing(http, base)

        for i, customer in enumerate(customers):
            got = [m for m in sim.received(customer.user_id) if m.type == "template"]
            assert len(got) == (0 if i in stopped else 1), i

        for desk in stack.desks.values():
            await until_async(functools.partial(_shows_all, desk, N + 1 - len(stopped)), within=60)
            await _in_the_right_thread(desk, 1)
        await _an_answer_lands_in_the_same_conversation(stack, customers[1])
        await _the_command_line_client_sends_too(stack, new.secret, tmp_path)

        await stack.team_desks["Anna"].admin.revoke_api_token(new.system)
        await until_async(lambda: _refused(http, base), within=15)


async def _until_accepted(http: aiohttp.ClientSession, base: str) -> None:
    """The grant travels through the log; the templates are read again: wait for both."""

    async def taken() -> bool:
        async with http.post(base, json=body(1)) as response:
            return response.status == 200

    await until_async(taken, within=20)


async def _send_everything_twice(
    http: aiohttp.ClientSession, base: str
) -> list[tuple[tuple[int, Any], tuple[int, Any]]]:
    """Each request twice at once, as a system whose first call timed out (16 customers at a
    time, like a worker pool)."""
    slots = asyncio.Semaphore(16)

    async def post(i: int) -> tuple[int, Any]:
        async with http.post(base, json=body(i)) as response:
            return response.status, await response.json()

    async def both(i: int) -> tuple[tuple[int, Any], tuple[int, Any]]:
        async with slots:
            first, again = await asyncio.gather(post(i), post(i))
            return first, again

    return list(await asyncio.gather(*(both(i) for i in range(1, N))))


async def _bulk_repeats_nothing(http: aiohttp.ClientSession, base: str) -> None:
    """Customers 0 (opted out) and N through a bulk job, posted twice."""
    request = {
        "template": {"name": "delivery_review", "language": "en_US"},
        "recipients": [{"to": number(i), "parameters": [f"A-{i}", "10%"]} for i in (0, N)],
        "idempotency_key": f"bulk-0-{N}",
    }
    jobs = []
    for _ in range(2):
        async with http.post(f"{base}/bulk", json=request) as response:
            assert response.status == 202
            jobs.append((await response.json())["id"])
    assert jobs[0] == jobs[1]
    progress: dict[str, Any] = {}

    async def finished() -> bool:
        nonlocal progress
        async with http.get(f"{base}/bulk/{jobs[0]}") as response:
            progress = await response.json()
        return bool(progress["state"] == "finished")

    await until_async(finished, within=20)
    assert progress["skipped"][0]["code"] == "opted_out"
    assert progress["sent"] == 1


async def _shows_all(desk: OpenDesk, expected: int) -> bool:
    rows = await desk.replica.conversation_page(QueueView.ALL_OPEN, 0, 10_000, me=desk.session.me)
    return len(rows) >= expected and await _system_messages(desk) == expected


async def _system_messages(desk: OpenDesk) -> int:
    total = 0
    for row in await desk.replica.conversation_page(
        QueueView.ALL_OPEN, 0, 10_000, me=desk.session.me
    ):
        messages = await desk.replica.messages_page(row.conversation_id, None, 10)
        total += sum(1 for m in messages if m.sent_by_system == SYSTEM)
    return total


async def _in_the_right_thread(desk: OpenDesk, i: int) -> None:
    """Customer i's conversation holds their confirmation, ticked by Meta's statuses."""
    conversation = await desk.replica.conversation_by_wa_id(number(i))
    assert conversation is not None
    text = f"Your order A-{i} was delivered. Review it and save 10% on your next order!"

    async def ticked() -> bool:
        assert conversation is not None
        messages = await desk.replica.messages_page(conversation, None, 10)
        mine = [m for m in messages if m.sent_by_system == SYSTEM and m.text == text]
        return len(mine) == 1 and mine[0].status in (DeliveryStatus.DELIVERED, DeliveryStatus.READ)

    await until_async(ticked, within=15)


async def _an_answer_lands_in_the_same_conversation(stack: DemoStack, customer: Customer) -> None:
    sim = stack.simulator
    assert sim is not None
    await sim.customer_sends_text(customer.user_id, "Thanks, all fine!")
    assert customer.wa_id is not None
    for desk in stack.desks.values():

        async def answered(d: OpenDesk = desk) -> bool:
            conversation = await d.replica.conversation_by_wa_id(customer.wa_id or "")
            if conversation is None:
                return False
            messages = await d.replica.messages_page(conversation, None, 10)
            return [m.direction for m in messages][-1:] == [Direction.INBOUND] and any(
                m.sent_by_system == SYSTEM for m in messages
            )

        await until_async(answered, within=15)
        waiting = await desk.replica.conversation_page(
            QueueView.UNASSIGNED, 0, 10_000, me=desk.session.me
        )
        assert any(row.waiting_since is not None for row in waiting)


async def _the_command_line_client_sends_too(stack: DemoStack, token: str, folder: Path) -> None:
    """`switchboard notify`: one customer, then a CSV file of two with its progress."""
    sim = stack.simulator
    assert sim is not None
    late = [sim.add_customer(f"Late {i}", wa_id=number(N + 1 + i)) for i in range(3)]
    (folder / "token").write_text(token + "\n")
    rows = "".join(f"+{number(N + 2 + i)},A-{N + 2 + i},5%\n" for i in range(2))
    (folder / "rows.csv").write_text("to,order,discount\n" + rows)
    common = [
        "notify",
        "--gateway",
        stack.callback_url.rsplit("/webhook", 1)[0],
        "--token-file",
        str(folder / "token"),
        "--template",
        "delivery_review",
        "--language",
        "en_US",
    ]
    one = await _switchboard(
        *common, "--to", "+" + number(N + 1), "--param", "A-1", "--param", "5%"
    )
    assert one[0] == 0, one
    assert one[1].startswith("sent: wamid.")
    bulk = await _switchboard(*common, "--bulk", str(folder / "rows.csv"))
    assert bulk[0] == 0, bulk
    assert "2 sent, 0 failed, 0 skipped" in bulk[1]
    assert "[##############################] 2/2" in bulk[2]  # the progress, on stderr
    for customer in late:
        assert len([m for m in sim.received(customer.user_id) if m.type == "template"]) == 1


async def _switchboard(*argv: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "app",
        *argv,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def _refused(http: aiohttp.ClientSession, base: str) -> bool:
    async with http.post(base, json=body(2, key="after-revoke")) as response:
        return response.status == 401
