"""Bulk notifications: one template to many recipients, answered at once with a job id.

Each recipient is one notification under the key `bulk:<job id>:<index>`, sent through
`NotificationSender` like a single one: the send queue paces the whole number within its
throughput and each customer within the pair rate limit, opted-out customers are skipped and
kept as such, and a recipient already answered is not sent again. The job's progress is read
back from those keys, so it survives a restart; the same bulk request again (same key) returns
the same job, and continues it if the gateway stopped before it finished.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from typing import Any

from app.aio import cancel_and_wait
from app.gateway.api_tokens import System
from app.gateway.notify_request import ApiError, BulkNotification, Notification
from app.gateway.notify_send import NotificationSender
from app.gateway.notify_store import BulkRecord, Claim, NotifyStore

log = logging.getLogger(__name__)

IN_FLIGHT = 64
"""Recipients handed to the send queue at once: it paces them; more would only wait there."""


def item_key(job_id: str, index: int) -> str:
    return f"bulk:{job_id}:{index}"


class BulkJobs:
    """Runs bulk jobs and reports their progress."""

    def __init__(
        self,
        store: NotifyStore,
        sender: NotificationSender,
        rng: Callable[[int], bytes] = os.urandom,
    ) -> None:
        self._store = store
        self._sender = sender
        self._rng = rng
        self._running: dict[str, asyncio.Task[None]] = {}

    async def start(self, system: System, bulk: BulkNotification) -> tuple[int, dict[str, Any]]:
        """Start (or find) the job for this request; answers 202 with its id.

        Raises:
            ApiError: 409 for a key used for another request, 422 for a template that cannot
                be sent, 503 while the gateway is not connected.
        """
        first = bulk.recipients[0]
        self._sender.prepare(
            Notification(first.to, bulk.template, first.parameters, bulk.idempotency_key)
        )
        fresh = BulkRecord(self._rng(12).hex(), bulk.digest(), len(bulk.recipients))
        record = await self._store.add_bulk(system.token_id, bulk.idempotency_key, fresh)
        if record.digest != bulk.digest():
            raise ApiError(
                409,
                "idempotency_key_reused",
                "This idempotency key was used for a different bulk request.",
            )
        if record.job_id not in self._running:
            task = asyncio.create_task(self._run(system, record.job_id, bulk), name="bulk-job")
            self._running[record.job_id] = task
            task.add_done_callback(lambda _: self._running.pop(record.job_id, None))
        return 202, {"id": record.job_id, "total": record.total}

    async def progress(self, system: System, job_id: str) -> dict[str, Any]:
        """Counts and reasons of one job of this system. Raises ApiError(404)."""
        found = await self._store.bulk_by_id(job_id)
        if found is None or found[0] != system.token_id:
            raise ApiError(404, "not_found", "This system has no bulk job with that id.")
        items = await self._store.answers_with_prefix(system.token_id, f"bulk:{job_id}:")
        return _progress(job_id, found[1].total, items, job_id in self._running)

    async def stop(self) -> None:
        await cancel_and_wait(*self._running.values())

    async def _run(self, system: System, job_id: str, bulk: BulkNotification) -> None:
        slots = asyncio.Semaphore(IN_FLIGHT)

        async def one(index: int) -> None:
            recipient = bulk.recipients[index]
            key = item_key(job_id, index)
            notification = Notification(recipient.to, bulk.template, recipient.parameters, key)
            try:
                await self._sender.send(system, notification, keep_refusals=True)
            except ApiError as exc:
                # Only "not ready" or "stopping" get here; the same request again continues.
                log.warning("bulk job %s item %d not sent: %s", job_id, index, exc.code)
            finally:
                slots.release()

        tasks: list[asyncio.Task[None]] = []
        try:
            for index in range(len(bulk.recipients)):
                await slots.acquire()
                tasks.append(asyncio.create_task(one(index)))
            await asyncio.gather(*tasks)
        finally:
            await cancel_and_wait(*tasks)  # after a stop: the items still with the queue
        log.info("bulk job %s: %d recipients handled", job_id, len(bulk.recipients))


def _progress(job_id: str, total: int, items: dict[str, Claim], running: bool) -> dict[str, Any]:
    sent = unknown = 0
    failed: list[dict[str, Any]] = []
    skipped: list[dict[str, Any]] = []
    for key, claim in items.items():
        index = int(key.rsplit(":", 1)[1])
        answer = claim.answer
        if answer is None and running:
            continue  # with the send queue now
        if answer is None or answer["http"] == 202:
            unknown += 1  # the gateway stopped before Meta answered: never sent again
            continue
        if answer["http"] == 200:
            sent += 1
            continue
        error = answer["body"]["error"]
        entry = {"index": index, "code": error["code"], "message": error["message"]}
        (skipped if error["code"] == "opted_out" else failed).append(entry)
    done = sent + unknown + len(failed) + len(skipped)
    return {
        "id": job_id,
        "state": "finished" if done >= total else ("running" if running else "stopped"),
        "total": total,
        "sent": sent,
        "unknown": unknown,
        "failed": sorted(failed, key=lambda e: e["index"]),
        "skipped": sorted(skipped, key=lambda e: e["index"]),
        "pending": total - done,
    }
