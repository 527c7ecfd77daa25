"""Sending one back-office notification, once (docs/notifications.md).

`NotificationSender.send` checks the template against the catalogue and the recipient against
the marketing opt-outs, claims the (token, idempotency key) in the notification store before
Meta is called, hands the send to the gateway's one `SendQueue` (so notifications and agents'
replies share the number's throughput and each customer's pair rate limit), and answers with
what Meta said. Once Meta accepted it, a `NotificationSent` goes to the team, so every desk
shows it in the customer's thread as sent by that system.

The same key from the same system returns the first answer and sends nothing again: while the
first request runs, a second one waits for it; afterwards the store answers (also after a
restart). A key claimed by a run that stopped before Meta answered is answered `unknown`, never
sent again: the message may have gone out.

Statuses from Meta settle what the answer could not say yet: a later `failed` with 131050
(the customer stopped marketing) marks the recipient opted out and is what a retry or the bulk
progress reports from then on.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from app.aio import cancel_and_wait
from app.domain.content import Template
from app.domain.ids import CustomerId, Wamid, short
from app.domain.model import DeliveryStatus
from app.domain.outreach import number_customer_id
from app.domain.send_codes import NETWORK_ERROR, NOT_SENT
from app.domain.templates import TemplateDef
from app.gateway.api_tokens import System
from app.gateway.graph import GraphClient, SendResult
from app.gateway.notify_request import ApiError, Notification, template_content
from app.gateway.notify_store import NotifyStore
from app.gateway.outcomes import SendOutcomeKind
from app.gateway.sender import SendJob, SendQueue, SendQueueClosed
from app.log.events import DeliveryStatusChanged, NotificationSent

log = logging.getLogger(__name__)

OPTED_OUT_CODE = 131050
"""Meta's code for a marketing template to a customer who stopped marketing messages."""
_MARKETING = "marketing"
Category = Literal["service", "marketing", "utility", "authentication"]
_CATEGORIES: dict[str, Category] = {
    "marketing": "marketing",
    "utility": "utility",
    "authentication": "authentication",
}


@dataclass(frozen=True, slots=True)
class Answer:
    """What the API answers: an HTTP status and a JSON body (kept as such per key)."""

    status: int
    body: dict[str, Any]

    def stored(self) -> dict[str, Any]:
        return {"http": self.status, "body": self.body}

    @classmethod
    def from_stored(cls, stored: dict[str, Any]) -> Answer:
        return cls(int(stored["http"]), dict(stored["body"]))

    @classmethod
    def refused(cls, error: ApiError) -> Answer:
        return cls(error.status, error.body())


OPTED_OUT = ApiError(
    422, "opted_out", "The customer has stopped marketing messages from this business."
)
STOPPING = ApiError(503, "busy", "The gateway is stopping; try again later.")
UNKNOWN = Answer(
    202,
    {
        "status": "unknown",
        "message": "The gateway stopped before Meta answered; it may have been sent, and it is "
        "not sent again.",
    },
)


class NotificationSender:
    """Sends notifications for back-office systems through the gateway's send queue."""

    def __init__(
        self,
        store: NotifyStore,
        queue: SendQueue,
        graph: Callable[[], GraphClient | None],
        catalogue: Callable[[], Sequence[TemplateDef] | None],
        publish: Callable[[NotificationSent], Awaitable[None]],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self._queue = queue
        self._graph = graph
        self._catalogue = catalogue
        self._publish = publish
        self._clock = clock
        self._running: dict[tuple[bytes, str], asyncio.Task[Answer]] = {}
        """Requests in flight by (token id, key): a retry meanwhile waits for the first."""
        self._tasks: set[asyncio.Task[None]] = set()

    def prepare(self, notification: Notification) -> tuple[Template, str]:
        """The template message and its category. Raises ApiError (503 before the number's
        templates are known, 422 for a template that cannot be sent)."""
        catalogue = self._catalogue()
        if catalogue is None or self._graph() is None:
            raise ApiError(
                503, "not_ready", "The gateway is not connected to WhatsApp yet; try again later."
            )
        return template_content(catalogue, notification.template, notification.parameters)

    async def send(
        self, system: System, notification: Notification, *, keep_refusals: bool = False
    ) -> Answer:
        """Send once per (system, key) and answer as the API does.

        `keep_refusals` also keeps a refusal (opted out, a missing parameter) under the key, as
        a bulk job's items do, so its progress can report it.

        Raises:
            ApiError: The request cannot be sent (and, unless kept, nothing was claimed).
        """
        key = (system.token_id, notification.idempotency_key)
        running = self._running.get(key)
        if running is None:
            # A task of its own: a caller that goes away (a client hanging up) neither cancels
            # the send nor leaves a retry waiting on a cancelled future.
            running = asyncio.get_running_loop().create_task(
                self._send(system, notification, keep_refusals), name="notification"
            )
            self._running[key] = running
            running.add_done_callback(lambda _: self._running.pop(key, None))
        return await asyncio.shield(running)

    async def _send(self, system: System, n: Notification, keep: bool) -> Answer:
        recipient = self._store.recipient_tag(n.to)
        earlier = await self._store.claimed(system.token_id, n.idempotency_key)
        if earlier is not None:
            return self._again(earlier.digest, earlier.answer, n)
        try:
            content, category = self.prepare(n)
            if category == _MARKETING and await self._store.opted_out(recipient):
                raise OPTED_OUT
        except ApiError as refused:
            if not keep or refused.status == 503:
                raise
            await self._store.claim(system.token_id, n.idempotency_key, n.digest(), recipient)
            answer = Answer.refused(refused)
            await self._store.answer(system.token_id, n.idempotency_key, answer.stored())
            return answer
        claimed = await self._store.claim(system.token_id, n.idempotency_key, n.digest(), recipient)
        if claimed is not None:
            return self._again(claimed.digest, claimed.answer, n)
        return await self._through_queue(system, n, content, category)

    def _again(self, digest: bytes, stored: dict[str, Any] | None, n: Notification) -> Answer:
        if digest != n.digest():
            raise ApiError(
                409,
                "idempotency_key_reused",
                "This idempotency key was used for a different notification.",
            )
        return UNKNOWN if stored is None else Answer.from_stored(stored)

    async def _through_queue(
        self, system: System, n: Notification, content: Template, category: str
    ) -> Answer:
        done: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
        job_id = hashlib.sha256(system.token_id + n.idempotency_key.encode()).digest()[:16]
        customer = number_customer_id(n.to)

        async def attempt() -> SendResult:
            graph = self._graph()
            if graph is None:
                return SendResult(None, NETWORK_ERROR, "not connected")
            return await graph.send_template(customer, n.to, content, "n:" + job_id.hex())

        async def outcome(job: SendJob, kind: SendOutcomeKind, result: SendResult) -> None:
            try:
                answer = await self._settle(system, n, content, kind, result, customer)
            except BaseException as exc:
                if not done.done():
                    done.set_exception(exc)
                raise
            if not done.done():
                done.set_result(answer)

        async def at_the_head() -> bool:
            # Claimed already; having a `prepare` makes a stopping queue report the job as
            # NOT_SENT instead of dropping it silently, so its claim can be released.
            return True

        job = SendJob(
            job_id=job_id,
            recipient=n.to,
            attempt=attempt,
            category=_CATEGORIES.get(category, "utility"),
            prepare=at_the_head,
            on_outcome=outcome,
        )
        try:
            queued = self._queue.submit(job)
        except SendQueueClosed:  # the gateway stopped while this one was being claimed
            queued = False
        if not queued:
            await self._store.release(system.token_id, n.idempotency_key)
            raise STOPPING
        return await asyncio.shield(done)

    async def _settle(
        self,
        system: System,
        n: Notification,
        content: Template,
        kind: SendOutcomeKind,
        result: SendResult,
        customer: CustomerId,
    ) -> Answer:
        """Tell the team (accepted), keep the answer under the key, and return it."""
        if result.wamid is None and result.error_code == NOT_SENT:
            # The gateway is stopping and nothing went out: the same key may send again.
            await self._store.release(system.token_id, n.idempotency_key)
            return Answer.refused(STOPPING)
        if result.wamid is not None:
            sent = NotificationSent(
                Wamid(result.wamid),
                customer,
                n.to,
                system.name,
                system.token_id,
                int(self._clock()),
                content,
            )
            await self._publish(sent)
            answer = Answer(200, {"status": "accepted", "id": result.wamid})
        elif result.error_code == NETWORK_ERROR:
            answer = UNKNOWN
        elif kind is SendOutcomeKind.OPTED_OUT:
            await self._store.set_opted_out(
                self._store.recipient_tag(n.to), True, int(self._clock())
            )
            answer = Answer.refused(OPTED_OUT)
        else:
            answer = Answer(
                502,
                {
                    "error": {
                        "code": "send_failed",
                        "message": f"WhatsApp refused the message ({kind.reason}).",
                        "reason": kind.reason,
                        "meta_code": result.error_code,
                    }
                },
            )
        await self._store.answer(system.token_id, n.idempotency_key, answer.stored(), result.wamid)
        log.info("notification from system %s: %s", short(system.token_id), kind.reason)
        return answer

    # -- what Meta says later --------------------------------------------------------------

    def on_webhook(
        self, events: Sequence[object], opt_outs: Sequence[tuple[str, bool, int]]
    ) -> None:
        """A webhook's events and its `user_preferences` by number (wa_id, stopped, at):
        learn opt-outs and settle notifications that failed after Meta accepted them. Never
        waits: the answer to Meta must not."""
        failed = [
            e
            for e in events
            if isinstance(e, DeliveryStatusChanged) and e.status is DeliveryStatus.FAILED
        ]
        if not failed and not opt_outs:
            return
        task = asyncio.get_running_loop().create_task(self._learn(failed, opt_outs))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _learn(
        self, failed: list[DeliveryStatusChanged], opt_outs: Sequence[tuple[str, bool, int]]
    ) -> None:
        for wa_id, stopped, at in opt_outs:
            await self._store.set_opted_out(self._store.recipient_tag(wa_id), stopped, at)
        for status in failed:
            found = await self._store.by_wamid(status.wamid)
            if found is None:
                continue  # a desk's reply, not a notification
            token_id, key, recipient = found
            if status.error_code == OPTED_OUT_CODE:
                await self._store.set_opted_out(recipient, True, status.at)
                answer = Answer.refused(OPTED_OUT)
            else:
                answer = Answer(
                    502,
                    {
                        "error": {
                            "code": "send_failed",
                            "message": "WhatsApp could not deliver the message.",
                            "reason": "failed",
                            "meta_code": status.error_code,
                        }
                    },
                )
            await self._store.answer(token_id, key, answer.stored())

    async def stop(self) -> None:
        await cancel_and_wait(*self._tasks, *self._running.values())
