"""The gateway's author-chain head reaches its disk once the webhooks pause: the next run's
reservation usually carries it, and an idle gateway writes it alone (`HEAD_SAVE_DELAY_S`)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.demo.stack import DemoStack
from app.gateway.state import FILE_NAME
from tests.helpers.wait import until, until_async

pytestmark = pytest.mark.slow


def _on_disk(state_file: Path) -> tuple[int | None, int]:
    """(the head's author_seq, envelopes still reserved) as the state file holds them."""
    db = sqlite3.connect(state_file)
    try:
        head = db.execute("SELECT author_seq FROM author_head").fetchone()
        (reserved,) = db.execute("SELECT count(*) FROM pending_run").fetchone()
    finally:
        db.close()
    return (head[0] if head else None, int(reserved))


@pytest.mark.asyncio
async def test_an_idle_gateway_writes_its_head_without_a_next_run(stack: DemoStack) -> None:
    sim = stack.simulator
    assert sim is not None
    assert stack.team is not None
    lena = sim.add_customer("Lena", wa_id="4915112345678")
    state_file = stack.data_dir / "gateway" / stack.team.team_id.hex() / FILE_NAME

    await sim.customer_sends_text(lena.user_id, "Hello")

    async def on_every_desk() -> bool:
        counts = [(await d.replica.stats()).inbound_messages for d in stack.desks.values()]
        return counts == [1] * len(counts)

    await until_async(on_every_desk, within=10)
    published = _on_disk(state_file)[0] or 0
    # Nothing else comes: the head noted by the last run is written on its own, and what was
    # reserved up to it is no longer pending.
    await until(lambda: _on_disk(state_file)[1] == 0, timeout=10)
    head, _ = _on_disk(state_file)
    assert head is not None
    assert head >= published
