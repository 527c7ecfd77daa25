"""Sending back-office notifications once: idempotency keys, restarts, opt-outs, pacing.

A real send queue and a real notification store; Graph is a recording stand-in that answers
like Meta (a wamid, or an error code).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import pytest_asyncio

from app.domain.content import Template
from app.domain.ids import Wamid
from app.domain.model import DeliveryStatus
from app.domain.templates import ParamFormat, TemplateDef
from app.gateway.api_tokens import System
from app.gateway.graph import SendResult
from app.gateway.notify_bulk import BulkJobs
from app.gateway.notify_request import ApiError, Notification, TemplateChoice, parse_bulk
from app.gateway.notify_send import NotificationSender
from app.gateway.notify_store import NotifyStore
from app.gateway.outcomes import SendLimits
from app.gateway.sender import SendQueue
from app.log.events import DeliveryStatusChanged, NotificationSent
from tests.helpers.wait import until, until_async

ERP = System(b"E" * 16, "Shop ERP")
ORDER = TemplateDef(
    "order_update",
    "en_US",
    "UTILITY",
    "APPROVED",
    ParamFormat.POSITIONAL,
    "",
    "",
    "Hi {{1}}, your order {{2}} is on its way.",
    "",
)
PROMO = TemplateDef(
    "autumn_sale",
    "en_US",
    "MARKETING",
    "APPROVED",
    ParamFormat.POSITIONAL,
    "",
    "",
    "Autumn sale: {{1}} off!",
    "",
)


@dataclass
class FakeGraph:
    """Meta's send endpoint: a wamid per send, or the error code set for a number."""

    refuse: dict[str, int] = field(default_factory=dict)
    sent: list[tuple[str, float]] = field(default_factory=list)
    gate: asyncio.Event | None = None

    async def send_template(
        self, customer_id: str, wa_id: str, template: Template, callback: str
    ) -> SendResult:
        if self.gate is not None:
            await self.gate.wait()
        code = self.refuse.get(wa_id)
        if code is not None:
            return SendResult(None, code, "refused")
        self.sent.append((wa_id, time.monotonic()))
        return SendResult(f"wamid.N{len(self.sent)}")

    def per_recipient(self) -> Counter[str]:
        return Counter(wa_id for wa_id, _ in self.sent)


@dataclass
class Rig:
    store: NotifyStore
    queue: SendQueue
    graph: FakeGraph
    published: list[NotificationSent]
    sender: NotificationSender
    bulk: BulkJobs


@contextlib.asynccontextmanager
async def rig_in(
    folder: Path, graph: FakeGraph, limits: SendLimits | None = None
) -> AsyncIterator[Rig]:
    store = NotifyStore(folder)
    await store.open()

    async def unexpected(*_: object) -> None:
        raise AssertionError("a notification was reported as a desk's reply")

    queue = SendQueue(unexpected, limits=limits or SendLimits(messages_per_second=1000.0))
    queue.start()
    published: list[NotificationSent] = []

    async def publish(event: NotificationSent) -> None:
        published.append(event)

    sender = NotificationSender(
        store,
        queue,
        lambda: graph,  # type: ignore[arg-type,return-value]
        lambda: (ORDER, PROMO),
        publish,
    )
    bulk = BulkJobs(store, sender)
    try:
        yield Rig(store, queue, graph, published, sender, bulk)
    finally:
        await bulk.stop()
        await sender.stop()
        await queue.stop(grace=1.0)
        await store.close()


@pytest_asyncio.fixture
async def rig(tmp_path: Path) -> AsyncIterator[Rig]:
    async with rig_in(tmp_path, FakeGraph()) as made:
        yield made


def order(to: str = "4915100000001", key: str = "k1", number: str = "A-1") -> Notification:
    return Notification(to, TemplateChoice("order_update", "en_US"), ("Lena", number), key)


def promo(to: str = "4915100000001", key: str = "p1") -> Notification:
    return Notification(to, TemplateChoice("autumn_sale", "en_US"), ("20%",), key)


@pytest.mark.asyncio
async def test_a_notification_is_sent_and_told_to_the_team(rig: Rig) -> None:
    answer = await rig.sender.send(ERP, order())
    assert (answer.status, answer.body) == (200, {"status": "accepted", "id": "wamid.N1"})
    [event] = rig.published
    assert (event.system, event.customer_wa_id, event.wamid) == (
        "Shop ERP",
        "4915100000001",
        "wamid.N1",
    )
    assert event.content.rendered.body == "Hi Lena, your order A-1 is on its way."


@pytest.mark.asyncio
async def test_retries_of_one_key_send_once_even_while_the_first_runs(rig: Rig) -> None:
    rig.graph.gate = asyncio.Event()
    first = asyncio.create_task(rig.sender.send(ERP, order()))
    again = asyncio.create_task(rig.sender.send(ERP, order()))
    await until(lambda: rig.queue.in_flight == 1)
    rig.graph.gate.set()
    answers = await asyncio.gather(first, again, rig.sender.send(ERP, order()))
    assert len({(a.status, str(a.body)) for a in answers}) == 1
    assert rig.graph.per_recipient() == {"4915100000001": 1}
    assert len(rig.published) == 1


@pytest.mark.asyncio
async def test_a_restarted_gateway_answers_a_retry_from_its_store(tmp_path: Path) -> None:
    graph = FakeGraph()
    async with rig_in(tmp_path, graph) as first:
        before = await first.sender.send(ERP, order())
    async with rig_in(tmp_path, graph) as second:
        after = await second.sender.send(ERP, order())
        assert second.published == []
    assert after == before
    assert len(graph.sent) == 1


@pytest.mark.asyncio
async def test_a_key_claimed_before_a_crash_is_never_sent_again(rig: Rig) -> None:
    n = order()
    await rig.store.claim(ERP.token_id, n.idempotency_key, n.digest(), b"r")  # then a crash
    answer = await rig.sender.send(ERP, n)
    assert (answer.status, answer.body["status"]) == (202, "unknown")
    assert rig.graph.sent == []


@pytest.mark.asyncio
async def test_a_key_reused_for_another_notification_is_refused(rig: Rig) -> None:
    await rig.sender.send(ERP, order())
    with pytest.raises(ApiError) as caught:
        await rig.sender.send(ERP, order(number="B-2"))
    assert (caught.value.status, caught.value.code) == (409, "idempotency_key_reused")
    other = System(b"O" * 16, "Warehouse")  # keys are per system
    assert (await rig.sender.send(other, order(number="B-2"))).status == 200


@pytest.mark.asyncio
async def test_meta_saying_opted_out_marks_the_customer_for_marketing_only(rig: Rig) -> None:
    rig.graph.refuse["4915100000001"] = 131050
    answer = await rig.sender.send(ERP, promo())
    assert (answer.status, answer.body["error"]["code"]) == (422, "opted_out")
    rig.graph.refuse.clear()
    with pytest.raises(ApiError) as caught:  # known now: not even tried
        await rig.sender.send(ERP, promo(key="p2"))
    assert caught.value.code == "opted_out"
    assert rig.graph.sent == []
    assert (await rig.sender.send(ERP, order())).status == 200  # utility still goes out


@pytest.mark.asyncio
async def test_a_stop_webhook_and_a_late_failure_are_learnt(rig: Rig) -> None:
    rig.sender.on_webhook([], [("4915100000002", True, 10)])
    await until(lambda: not rig.sender._tasks)
    with pytest.raises(ApiError):
        await rig.sender.send(ERP, promo(to="4915100000002"))
    accepted = await rig.sender.send(ERP, promo(to="4915100000003", key="p3"))
    failed = DeliveryStatusChanged(
        Wamid(accepted.body["id"]), DeliveryStatus.FAILED, 20, 131050, "opted out"
    )
    rig.sender.on_webhook([failed], [])
    await until(lambda: not rig.sender._tasks)
    retried = await rig.sender.send(ERP, promo(to="4915100000003", key="p3"))
    assert (retried.status, retried.body["error"]["code"]) == (422, "opted_out")


@pytest.mark.asyncio
async def test_a_bulk_job_skips_opted_out_customers_and_reports_why(rig: Rig) -> None:
    rig.graph.refuse["4915100000002"] = 131050
    bulk = parse_bulk(
        {
            "template": {"name": "autumn_sale", "language": "en_US"},
            "recipients": [
                {"to": f"+49151000000{i:02d}", "parameters": ["20%"]} for i in range(1, 6)
            ],
            "idempotency_key": "autumn",
        }
    )
    status, body = await rig.bulk.start(ERP, bulk)
    assert (status, body["total"]) == (202, 5)
    assert (await rig.bulk.start(ERP, bulk))[1]["id"] == body["id"]  # the same job again

    async def finished() -> bool:
        return (await rig.bulk.progress(ERP, body["id"]))["state"] == "finished"

    await until_async(finished)
    progress = await rig.bulk.progress(ERP, body["id"])
    assert progress["sent"] == 4
    assert progress["skipped"] == [
        {
            "index": 1,
            "code": "opted_out",
            "message": "The customer has stopped marketing messages from this business.",
        }
    ]
    assert rig.graph.per_recipient() == {f"49151000000{i:02d}": 1 for i in (1, 3, 4, 5)}
    with pytest.raises(ApiError) as caught:
        await rig.bulk.progress(System(b"O" * 16, "Other"), body["id"])
    assert caught.value.status == 404


@pytest.mark.asyncio
async def test_a_bulk_job_keeps_within_the_numbers_throughput(tmp_path: Path) -> None:
    """40 messages a second: 120 recipients take at least two seconds after the first burst."""
    graph = FakeGraph()
    async with rig_in(tmp_path, graph, SendLimits(messages_per_second=40.0)) as rig:
        bulk = parse_bulk(
            {
                "template": {"name": "order_update", "language": "en_US"},
                "recipients": [
                    {"to": f"+4915100{i:05d}", "parameters": ["Ada", str(i)]} for i in range(120)
                ],
                "idempotency_key": "paced",
            }
        )
        _, body = await rig.bulk.start(ERP, bulk)
        await until(lambda: len(graph.sent) == 120, timeout=20)
    times = sorted(at for _, at in graph.sent)
    # Never more than a bucket (40) plus one second's refill (40) in any one second.
    assert max(sum(1 for t in times if start <= t < start + 1.0) for start in times) <= 81
    assert times[-1] - times[0] >= (120 - 40) / 40 * 0.9


@pytest.mark.asyncio
async def test_a_caller_hanging_up_neither_stops_the_send_nor_fails_its_retry(rig: Rig) -> None:
    rig.graph.gate = asyncio.Event()
    first = asyncio.create_task(rig.sender.send(ERP, order()))
    await until(lambda: rig.queue.in_flight == 1)
    first.cancel()  # the system's HTTP client gave up
    with contextlib.suppress(asyncio.CancelledError):
        await first
    rig.graph.gate.set()
    answer = await rig.sender.send(ERP, order())
    assert answer.status == 200
    assert len(rig.graph.sent) == 1


@pytest.mark.asyncio
async def test_what_a_stopping_queue_never_tried_is_sent_after_the_restart(
    tmp_path: Path,
) -> None:
    graph = FakeGraph()
    # One message a minute: the others are still waiting for the number's pace when the queue
    # stops, however slow a loaded machine is between the first send and the stop (at one a
    # second, a stall of a second let the second go out first).
    async with rig_in(tmp_path, graph, SendLimits(messages_per_second=1 / 60)) as first:
        calls = [
            asyncio.create_task(first.sender.send(ERP, order(to=f"49151000000{i}", key=f"k{i}")))
            for i in range(3)
        ]
        await until(lambda: len(graph.sent) == 1)  # the others wait for the number's pace
        await first.queue.stop(grace=1.0)
        # One still being claimed when the queue stopped hears the same 503, raised
        # (ApiError) rather than answered: on a loaded machine either can happen.
        answers = await asyncio.gather(*calls, return_exceptions=True)
    assert sorted(_status(a) for a in answers) == [200, 503, 503]
    async with rig_in(tmp_path, graph) as second:
        again = [
            await second.sender.send(ERP, order(to=f"49151000000{i}", key=f"k{i}"))
            for i in range(3)
        ]
    assert [a.status for a in again] == [200, 200, 200]
    assert graph.per_recipient() == {f"49151000000{i}": 1 for i in range(3)}


@pytest.mark.asyncio
async def test_a_notification_claimed_as_the_queue_stops_is_answered_503_and_kept(
    tmp_path: Path,
) -> None:
    """A request still being claimed when the gateway stops its queue: 503 (try again), not
    an error, and its key free for the retry after the restart."""
    graph = FakeGraph()
    async with rig_in(tmp_path, graph) as first:
        await first.queue.stop(grace=1.0)
        with pytest.raises(ApiError) as late:  # the API answers it 503
            await first.sender.send(ERP, order(to="491510000009", key="late"))
    assert late.value.status == 503
    async with rig_in(tmp_path, graph) as second:
        again = await second.sender.send(ERP, order(to="491510000009", key="late"))
    assert again.status == 200
    assert graph.per_recipient() == {"491510000009": 1}


def _status(outcome: object) -> int:
    """The HTTP status a sender's outcome becomes: an answer's, or a refusal's."""
    if isinstance(outcome, ApiError):
        return outcome.status
    assert not isinstance(outcome, BaseException), outcome
    return int(outcome.status)  # type: ignore[attr-defined]
