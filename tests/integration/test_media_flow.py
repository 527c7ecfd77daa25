"""A customer's photo reaches both desks: fetched by the gateway, stored sealed in the hub,
opened on each desk byte for byte, and never present in clear in the hub's store."""

from __future__ import annotations

import os

import pytest

from app.demo.report import files_under, scan_for_canaries
from app.demo.stack import DemoStack
from app.domain.content import ContentKind, Media
from app.domain.model import QueueView
from app.simulator.inbound import Media as CustomerMedia
from tests.helpers.wait import until_async

pytestmark = pytest.mark.slow


@pytest.mark.asyncio
async def test_a_photo_travels_sealed_and_opens_on_every_desk(stack: DemoStack) -> None:
    sim = stack.simulator
    assert sim is not None
    assert stack.hub is not None
    canary = os.urandom(16).hex()
    photo = b"\x89PNG\r\n\x1a\n" + canary.encode() + os.urandom(200_000)
    lena = sim.add_customer("Lena", wa_id="4915112345678")
    await sim.customer_sends(
        lena.user_id, CustomerMedia("image", data=photo, mime_type="image/png", caption="receipt")
    )

    async def stored_on(name: str) -> bool:
        desk = stack.desks[name].session
        rows = await desk.queue_page(QueueView.UNASSIGNED, 0, 5)
        if not rows:
            return False
        [message] = await desk.messages_page(rows[0].conversation_id, None, 5)
        content = message.content
        return isinstance(content, Media) and content.stored is not None

    for name in ("Anna", "Ben"):
        await until_async(lambda n=name: stored_on(n), within=15)
        desk = stack.desks[name].session
        conversation = (await desk.queue_page(QueueView.UNASSIGNED, 0, 1))[0].conversation_id
        [message] = await desk.messages_page(conversation, None, 5)
        media, data = await desk.open_media(message.event_id)
        assert media.kind is ContentKind.IMAGE
        assert media.caption == "receipt"
        assert data == photo
        # Opening again reads the desk's own cached ciphertext.
        assert (await desk.open_media(message.event_id))[1] == photo
        cache = stack.data_dir / "desks" / name.lower() / "attachments"
        assert scan_for_canaries(files_under(cache), [canary]) == []
    assert scan_for_canaries(files_under(stack.hub.store_dir), [canary]) == []
