"""Replies the desks asked for: open each request, send it once through the queue, report."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import os
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from app.crypto.stream import ciphertext_size, open_stream
from app.domain.content import Media, Template
from app.domain.errors import EnvelopeRejected
from app.domain.ids import EventId, Wamid, short
from app.domain.send_codes import NETWORK_ERROR, NOT_SENT
from app.gateway.checkpoint import OutboundCheckpoint
from app.gateway.graph import GraphClient, MediaMessage, SendResult
from app.gateway.inbound import InboundPublisher, until_hub, until_reachable
from app.gateway.outcomes import SendOutcomeKind
from app.gateway.own_chain import Attack, report
from app.gateway.sealing import GatewayLog, OpenedRequest
from app.gateway.sender import SendJob, SendQueue
from app.gateway.state import GatewayState, SendState
from app.gateway.unknown_outcomes import UNCONFIRMED_AFTER_S, OutcomeWatch
from app.log.events import SendOutcome
from app.sync.transport import LogRecord, MediaStore, Transport, TransportError

log = logging.getLogger(__name__)
T = TypeVar("T")

SECOND_RECORD_PATIENCE_S = 5.0
"""How long a send waits for the hub's copy of the send log before the local one decides alone."""
REPORTED = b"reported"
"""The send log's value once a claimed send's outcome is in the team log."""
SENT_LOG_TTL_S = 30 * 24 * 3600
"""How long the hub's copy of the send log keeps an entry (each entry's own time-to-live;
the head hints in the same bucket have none)."""
REQUEST_MAX_AGE_S = 7 * 24 * 3600
"""A request signed longer ago than this is not sent. What makes `SENT_LOG_TTL_S` safe: by
the time an entry is gone, the request it guarded is too old to be sent again (a replay by
the hub, or a start whose state folder was lost). Meta's 24-hour window closes long before."""
REQUEST_AHEAD_S = 24 * 3600
"""A request dated further ahead of the gateway's clock is not sent either (a requester's clock
that far ahead would stretch its requests' lifetime past the send log's)."""
assert REQUEST_MAX_AGE_S + REQUEST_AHEAD_S < SENT_LOG_TTL_S


class OutboundRequests:
    """Turns type-3 requests from the log into send jobs and their outcomes into events.

    The local `state` is the send log that decides (crypto.md §3.9 step 3): a reply recorded
    there is never sent again, whatever the hub says or forgets. The hub's KV bucket is kept
    as a second record (it also stops a resend when the local state was lost).
    """

    def __init__(
        self,
        team_log: GatewayLog,
        transport: Transport,
        publisher: InboundPublisher,
        stats: dict[str, int],
        state: GatewayState,
        media: MediaStore | None = None,
        checkpoint: OutboundCheckpoint | None = None,
        clock: Callable[[], float] = time.time,
        unconfirmed_after: float = UNCONFIRMED_AFTER_S,
    ) -> None:
        self._log = team_log
        self._clock = clock
        self._media = media
        self._state = state
        self.checkpoint = checkpoint or OutboundCheckpoint(state)
        """How far every request read is settled: where the next start reads `.out` from."""
        self._job_seqs: dict[bytes, int] = {}
        """Reply id → stream seq of each request queued and not yet settled."""
        self._claimed_here: set[bytes] = set()
        self._requests_seen: dict[bytes, int] = {}
        """Request event id → stream seq of each request read in this run."""
        self._author_seqs: dict[bytes, int] = {}
        """Newest `author_seq` of a request per author in this run: `.out` is read in order."""
        self._transport = transport
        self._publisher = publisher
        self._stats = stats
        self._bucket = f"SB_{team_log.chain.team_id.hex()}_sent"
        self.queue = SendQueue(self._report, on_admin_alert=self._admin_alert)
        self.watch = OutcomeWatch(
            state, self._publish_until_hub, clock, unconfirmed_after=unconfirmed_after, stats=stats
        )
        """Replies whose outcome was lost, until Meta's statuses settle them."""
        self._request_ids: dict[bytes, bytes] = {}
        """Reply id → request id of each job queued and not yet reported."""
        self._graph: GraphClient | None = None
        self.admin_alerts: list[int] = []

    def start(self, graph: GraphClient) -> None:
        self._graph = graph
        self.queue.start()

    async def resume(self) -> None:
        """Watch the replies an earlier run left with their outcome unknown (before `.out`
        is read again)."""
        await self.watch.load()

    async def stop(self) -> None:
        try:
            unsent = await self.queue.stop(grace=5.0)
        finally:  # also when the caller's patience ends first
            await self.watch.stop()
        if unsent:
            # Never claimed, so the next start's replay of `.out` sends them.
            log.info(
                "%d replies not sent before stopping; they go out on the next start", len(unsent)
            )

    def on_request(self, record: LogRecord) -> None:
        """A type-3 record from the log (also replayed ones: the claim makes them no-ops)."""
        try:
            opened = self._log.open_request(record.data)
        except EnvelopeRejected as exc:
            self._stats["refused"] += 1
            log.warning("outbound request refused: %s", exc)
            self.checkpoint.read(record.seq)
            return
        self.on_opened(opened, record.seq)

    def on_opened(self, opened: OpenedRequest, seq: int) -> None:
        """A reply request already verified and opened (`GatewayLog.open_outbound`), found at
        stream sequence `seq`. Sends wait until `start`: before the number's settings arrive
        they are queued, not lost."""
        if not self._in_date(opened, seq):
            self.checkpoint.read(seq)
            return
        if self._replayed_in_this_run(opened, seq):
            report(self._stats, Attack.REQUEST_REPLAYED, "the outbound subject", seq)
            self.checkpoint.read(seq)
            return
        if self.queue.submit(self._job(opened, seq)):
            self.checkpoint.begin(seq)
            self._job_seqs[opened.request.reply_event_id] = seq
            self._request_ids[opened.request.reply_event_id] = opened.event_id
        else:
            self.checkpoint.read(seq)

    def _in_date(self, opened: OpenedRequest, seq: int) -> bool:
        """Whether the request was signed within REQUEST_MAX_AGE_S (and not too far ahead);
        an older one is counted and logged, never sent (see SENT_LOG_TTL_S)."""
        age = self._clock() - opened.issued_at
        if -REQUEST_AHEAD_S <= age <= REQUEST_MAX_AGE_S:
            return True
        self._stats["requests_out_of_date"] = self._stats.get("requests_out_of_date", 0) + 1
        log.warning(
            "outbound request at stream seq %d not sent: signed %.0f hours %s the gateway's clock",
            seq,
            abs(age) / 3600,
            "before" if age > 0 else "ahead of",
        )
        return False

    def _replayed_in_this_run(self, opened: OpenedRequest, seq: int) -> bool:
        """A request read before under another stream seq, or one behind its author's newest
        request: an old request published again (recognised inside the signed envelope)."""
        earlier = self._requests_seen.get(opened.event_id)
        if earlier is not None:
            return earlier != seq
        if opened.author_seq <= self._author_seqs.get(opened.author, 0):
            return True
        self._requests_seen[opened.event_id] = seq
        self._author_seqs[opened.author] = opened.author_seq
        return False

    def _job(self, opened: OpenedRequest, seq: int) -> SendJob:
        request = opened.request
        reply_id = request.reply_event_id
        # One token per job: a claim that timed out but landed is still recognised as ours.
        token = os.urandom(16)

        async def claim() -> bool:
            # Recorded before the send: a crash in between leaves "unknown", never a resend.
            earlier = await self._state.claim(reply_id, opened.event_id, seq)
            if earlier is not None:
                if earlier.stream_seq != seq or earlier.request_id != opened.event_id:
                    report(self._stats, Attack.REQUEST_REPLAYED, "the outbound subject", seq)
                if earlier.state is SendState.CLAIMED and reply_id not in self._claimed_here:
                    await self._settle_earlier_claim(reply_id)
                await self._settled(reply_id)
                return False
            if not await self._hub_claim(reply_id.hex(), token):
                await self._settle_earlier_claim(reply_id)  # the hub's record of an earlier run
                await self._settled(reply_id)
                return False
            self._claimed_here.add(reply_id)
            self.watch.claimed(reply_id, opened.event_id)
            return True

        uploaded: list[str] = []  # the file is uploaded once per job, not once per attempt

        async def attempt() -> SendResult:
            assert self._graph is not None
            callback = opened.event_id.hex()
            content = request.content
            if isinstance(content, Template):
                return await self._graph.send_template(
                    request.customer_id, request.customer_wa_id, content, callback
                )
            if not isinstance(content, Media):
                return await self._graph.send_text(
                    request.customer_id, request.customer_wa_id, request.text, callback
                )
            if not uploaded:
                result = await self._upload(content)
                if result.wamid is None:
                    return result
                uploaded.append(result.wamid)
            media = MediaMessage(
                content.media_kind.name.lower(), uploaded[0], content.caption, content.filename
            )
            return await self._graph.send_media(
                request.customer_id, request.customer_wa_id, media, callback
            )

        return SendJob(
            job_id=reply_id, recipient=request.customer_id, attempt=attempt, prepare=claim
        )

    async def _hub_claim(self, key: str, token: bytes) -> bool:
        """The hub's second record: False if it holds a claim of an earlier run. When its
        bucket fails in any way but being unreachable, the local record alone decides."""
        return await _second_record(
            lambda: self._transport.claim_once(self._bucket, key, token, ttl=SENT_LOG_TTL_S),
            default=True,
        )

    async def _settle_earlier_claim(self, reply_id: EventId) -> None:
        """A claim from an earlier run: if its outcome never reached the log (the gateway died
        between claiming and reporting), report it now as unknown: the message may or may not
        have gone out, and the desk must not wait for it forever (crypto.md §3.9 step 3).

        v1 runs one gateway at a time; with several replicas a live one could still be sending
        this, and the state would need an owner and a lease.
        """
        key = reply_id.hex()
        entry = await self._state.entry(reply_id)
        if entry is None or entry.state is not SendState.CLAIMED:
            return  # reported, or unknown and watched since an earlier run
        hub = await _second_record(lambda: self._transport.kv_get(self._bucket, key), None)
        if hub == REPORTED:
            await self._state.mark_reported(reply_id)
            return
        log.warning("reply %s was claimed but never reported", short(reply_id))
        await self.watch.report_lost(reply_id, entry.request_id)
        await self._hub_reported(reply_id)

    async def _reported(self, reply_id: bytes) -> None:
        await self._state.mark_reported(reply_id)
        await self._hub_reported(reply_id)

    async def _hub_reported(self, reply_id: bytes) -> None:
        """The hub's second record: an outcome (maybe "unknown") is in the team log."""
        await _second_record(
            lambda: self._transport.kv_put(
                self._bucket, reply_id.hex(), REPORTED, ttl=SENT_LOG_TTL_S
            ),
            None,
        )

    async def _upload(self, content: Media) -> SendResult:
        """Open the team's sealed copy of the file and upload it to Meta.

        Failing here means nothing was sent, so it is reported as NOT_SENT, never as the
        "unknown" of a send that may have gone out.
        """
        assert self._graph is not None
        data = await self._open_file(content)
        if data is None:
            return SendResult(None, NOT_SENT, "file not available")
        result = await self._graph.upload(data, content.mime_type, content.filename)
        if result.wamid is None and result.error_code == NETWORK_ERROR:
            return SendResult(None, NOT_SENT, "upload failed")
        return result

    async def _open_file(self, content: Media) -> bytes | None:
        stored = content.stored
        if stored is None or self._media is None:
            return None
        try:
            ciphertext = await self._media.get(stored.object_name, ciphertext_size(stored.size))
        except (TransportError, ValueError) as exc:
            log.warning("reply file not fetched: %s", type(exc).__name__)
            return None
        digest = await asyncio.to_thread(lambda: hashlib.sha256(ciphertext).digest())
        if not hmac.compare_digest(digest, stored.ciphertext_sha256):
            log.warning("reply file refused: its hash does not match the request")
            return None
        try:
            return await asyncio.to_thread(open_stream, stored.file_key, ciphertext)
        except EnvelopeRejected:
            log.warning("reply file refused: it does not open with the request's key")
            return None

    async def _report(self, job: SendJob, kind: SendOutcomeKind, result: SendResult) -> None:
        self._stats["sent" if result.wamid else "send_failed"] += 1
        log.info("reply %s: %s", short(job.job_id), kind.reason)
        request_id = self._request_ids.pop(job.job_id, b"")
        if result.wamid is None and result.error_code == NETWORK_ERROR and request_id:
            # No usable answer: it may be out. Meta's statuses settle it (`unknown_outcomes`).
            await self.watch.report_lost(job.job_id, request_id)
            await self._hub_reported(job.job_id)
            await self._settled(job.job_id)
            return
        outcome = SendOutcome(
            reply_event_id=EventId(job.job_id),
            wamid=Wamid(result.wamid) if result.wamid else None,
            error_code=result.error_code,
            error_detail=result.error_detail,
        )
        await self._publish_until_hub(outcome)
        await self._reported(job.job_id)
        self.watch.reported(request_id)
        await self._settled(job.job_id)

    async def _publish_until_hub(self, outcome: SendOutcome) -> None:
        await until_hub(lambda: self._publisher.publish(outcome))

    async def _settled(self, reply_id: bytes) -> None:
        self._request_ids.pop(reply_id, None)
        seq = self._job_seqs.pop(reply_id, None)
        if seq is not None:
            await self.checkpoint.end(seq)

    def _admin_alert(self, code: int) -> None:
        log.error("the Cloud API needs an administrator: error %d", code)
        self.admin_alerts.append(code)


async def _second_record(call: Callable[[], Awaitable[T]], default: T) -> T:
    """Call the hub's sent-log: retried while the hub is unreachable, for SECOND_RECORD_PATIENCE_S
    at most, `default` when it refuses or stays away (a deleted or full bucket must not stop
    sending, and a missing bucket looks unreachable to a hub cluster's client: the local log
    decides either way)."""
    try:
        async with asyncio.timeout(SECOND_RECORD_PATIENCE_S):
            return await until_reachable(call)
    except (TransportError, TimeoutError) as exc:
        log.warning("the hub's send log failed (%s); the local one decides", type(exc).__name__)
        return default
