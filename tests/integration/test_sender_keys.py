"""Gateway sender keys on a real hub and real replicas (security.md 2.12): a desk keeps the keys
it opened in its replica, so after a restart it still reads events sealed under a key it took
before; the gateway seals one key and then only AEADs."""

from __future__ import annotations

import time

import pytest

from app.crypto.envelope import parse_envelope
from app.crypto.header import EventType
from app.desk.team import TeamDesk, TeamDeskFactory
from app.domain.ids import ConversationId
from app.domain.model import Direction, QueueView
from app.hub import Hub
from tests.helpers.raw_log import whole_log
from tests.helpers.team_desks import add_gateway
from tests.helpers.wait import until_async

pytestmark = [pytest.mark.asyncio, pytest.mark.slow, pytest.mark.timeout(120)]


async def inbound_texts(desk: TeamDesk, customer: str) -> list[str]:
    for row in await desk.desk.session.queue_page(QueueView.ALL_OPEN, 0, 50):
        if row.customer_name == customer:
            return await _texts(desk, row.conversation_id)
    return []


async def _texts(desk: TeamDesk, conversation: ConversationId) -> list[str]:
    messages = await desk.desk.session.messages_page(conversation, None, 50)
    return sorted(m.text for m in messages if m.direction is Direction.INBOUND)


async def test_a_restarted_desk_opens_events_under_a_key_it_took_before(
    hub: Hub, factory: TeamDeskFactory
) -> None:
    assert hub.setup_code is not None
    anna = await factory.found("Nordlicht", "Anna", setup_code=hub.setup_code)
    gateway = await add_gateway(anna, hub)
    try:
        chain = anna.writer.chain
        await gateway.customer_writes(chain, "Lena", "first")
        await until_async(lambda: _has(anna, ["first"]), within=20)
        profile, dmk = anna.profile, await factory._master_key(anna.profile)  # noqa: SLF001
        await anna.close()
        factory.desks.remove(anna)

        assert not gateway.log.needs_sender_key(int(time.time()))  # the same key goes on
        await gateway.customer_writes(chain, "Lena", "second")
        again = await factory.reopen(profile, dmk)
        await until_async(lambda: _has(again, ["first", "second"]), within=20)
        assert again.desk.engine.unreadable == 0

        records = await whole_log(again.transport)
        types = [
            parse_envelope(r.data).header.event_type for r in records if r.subject.endswith(".in")
        ]
        assert types == [EventType.SENDER_KEY, EventType.KEYED_GATEWAY, EventType.KEYED_GATEWAY]
    finally:
        await gateway.transport.close()


async def _has(desk: TeamDesk, texts: list[str]) -> bool:
    return await inbound_texts(desk, "Lena") == sorted(texts)
