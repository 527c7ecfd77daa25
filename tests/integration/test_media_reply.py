"""An agent's photo travels sealed: Anna attaches it, the hub holds ciphertext only, Ben's
replica shows the same message and opens the same bytes, and the request for the gateway is
in the log. (What the customer receives is the gateway's part, checked with it.)"""

from __future__ import annotations

import os

import pytest

from app.demo.report import files_under, scan_for_canaries
from app.demo.stack import DemoStack
from app.domain.content import ContentKind, Media
from app.domain.ids import ConversationId, EventId
from app.domain.model import Direction, QueueView
from app.services.session import OpenDesk
from app.store.records import OutboxState
from app.sync.outbox import request_event_id
from tests.helpers.stack import customer_claimed_by
from tests.helpers.wait import until, until_async
from tests.unit.store.builders import raw

pytestmark = pytest.mark.slow


async def _claimed_conversation(stack: DemoStack) -> ConversationId:
    _, conversation = await customer_claimed_by(stack, "Anna", "Can you send me the receipt?")
    return conversation


async def _outbox_state(desk: OpenDesk, event_id: EventId) -> list[tuple[object, ...]]:
    return await raw(desk.replica, "SELECT state FROM outbox WHERE event_id = ?", (event_id,))


@pytest.mark.asyncio
async def test_a_photo_reply_reaches_every_desk_sealed(stack: DemoStack) -> None:
    assert stack.hub is not None
    conversation = await _claimed_conversation(stack)
    anna_desk, ben = stack.desks["Anna"], stack.desks["Ben"].session
    canary = os.urandom(16).hex()
    photo = b"\x89PNG\r\n\x1a\n" + canary.encode() + os.urandom(300_000)

    pending = await anna_desk.session.reply_media(
        conversation, "receipt.png", "image/png", photo, caption="Your receipt"
    )
    sent = pending.content
    assert isinstance(sent, Media)
    assert sent.stored is not None

    async def on_bens_desk() -> bool:
        message = await ben.messages_page(conversation, None, 10)
        return any(m.event_id == pending.event_id for m in message)

    await until_async(on_bens_desk, within=15)
    [theirs] = [
        m for m in await ben.messages_page(conversation, None, 10) if m.event_id == pending.event_id
    ]
    assert (theirs.direction, theirs.author, theirs.kind, theirs.text) == (
        Direction.OUTBOUND,
        anna_desk.session.me,
        ContentKind.IMAGE,
        "Your receipt",
    )
    assert theirs.content == sent  # caption, file name, object name, key, digest and size
    [row] = await ben.queue_page(QueueView.ALL_OPEN, 0, 5)
    assert row.last_kind is ContentKind.IMAGE
    media, data = await ben.open_media(pending.event_id)
    assert (media, data) == (sent, photo)

    # The runner published the type-3 request too: the job is SENT and the log holds it.
    request_id = request_event_id(
        anna_desk.engine.reader.keyring.require_subject_key(), pending.event_id
    )

    async def requested() -> bool:
        done = await _outbox_state(anna_desk, pending.event_id) == [(int(OutboxState.SENT),)]
        return done and await anna_desk.replica.has_event(request_id)

    await until_async(requested, within=15)

    # Anna opens her own file from her cache; nothing anywhere holds it in clear.
    assert (await anna_desk.session.open_media(pending.event_id))[1] == photo
    places = [
        stack.hub.store_dir,
        *(stack.data_dir / "desks" / n / "attachments" for n in ("anna", "ben")),
    ]
    assert scan_for_canaries([f for p in places for f in files_under(p)], [canary]) == []
    assert files_under(stack.data_dir / "desks" / "anna" / "attachments")  # cached when sent


@pytest.mark.asyncio
async def test_the_customer_receives_the_agents_file_byte_for_byte(stack: DemoStack) -> None:
    """The whole path: desk seals and stores, gateway fetches, opens, uploads and sends."""
    sim = stack.simulator
    assert sim is not None
    lena, conversation = await customer_claimed_by(stack, "Anna", "Can you send the invoice?")
    anna = stack.desks["Anna"].session
    pdf = b"%PDF-1.7\n" + os.urandom(50_000)
    await anna.reply_media(conversation, "invoice-42.pdf", "application/pdf", pdf, "Here it is")

    def delivered() -> bool:
        received = sim.received(lena.user_id)
        return len(received) == 1 and sim.received_file(received[0]) == pdf

    await until(delivered, timeout=15)
    [message] = sim.received(lena.user_id)
    assert message.type == "document"
    assert message.content["filename"] == "invoice-42.pdf"
    assert message.content["caption"] == "Here it is"
