"""A sent template as message content: on the wire, in the replica, and in the thread."""

from __future__ import annotations

import pytest

from app.domain.content import ContentKind, Template, searchable_text
from app.domain.ids import EventId
from app.domain.templates import ParamFormat, Part, RenderedTemplate, TemplateValue
from app.log.events import OutboundRequest, Reply
from app.store.content_rows import content_from_json, content_to_json
from app.store.replica import Replica
from app.sync import codec
from tests.unit.log.helpers import apply, thread
from tests.unit.store.builders import ANNA, LogBuilder, conversation_of

CID = conversation_of("CC.alice")
SENT = Template(
    "order_update",
    "en_US",
    ParamFormat.NAMED,
    (
        TemplateValue(Part.BODY, "first_name", "Lena"),
        TemplateValue(Part.BUTTON, "1", "A-1042", 1),
    ),
    RenderedTemplate("", "Hi Lena, your parcel is on its way.", "Acme", ("Stop", "Track")),
)


def test_a_template_reply_and_its_send_request_survive_the_wire() -> None:
    reply = Reply(CID, SENT)
    assert codec.decode(codec.encode(reply, CID, 7)).event == reply
    request = OutboundRequest(EventId(b"r" * 16), "CC.alice", "4915112345678", SENT)  # type: ignore[arg-type]
    assert codec.decode(codec.encode(request, CID, 7)).event == request


def test_the_replica_keeps_a_template_as_sent() -> None:
    assert content_from_json(content_to_json(SENT)) == SENT
    assert SENT.kind is ContentKind.TEMPLATE
    assert searchable_text(SENT) == "Hi Lena, your parcel is on its way.\nAcme"


@pytest.mark.asyncio
async def test_a_template_reply_reads_in_the_thread_as_the_customer_saw_it(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, log.customer("where is it?", at=1_000))
    await apply(replica, log.member(Reply(CID, SENT), "CC.alice", ANNA))
    shown = (await thread(replica))[-1]
    assert shown.content == SENT
    assert shown.text == "Hi Lena, your parcel is on its way.\nAcme"
