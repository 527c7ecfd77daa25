"""The NATS JetStream adapter behind :class:`app.sync.transport.Transport`.

Connection, reconnects with back-off, the team stream, subjects, bytes. Payloads are opaque and
never logged. nats-py's objects (loosely typed in places) never leave this module. On a hub with
authentication (team-setup.md §4) a device logs in with its ``hub_key`` seed and pins the hub's
certificate; the hub service then owns the streams, which devices only look up.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import random
import re
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Any

import nats.errors
import nats.js.errors
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.js import api
from nats.js.kv import KeyValue

from app.aio import cancel_and_wait, stop_if_cancelled
from app.sync.hub_address import hub_servers
from app.sync.hub_health import hub_stores
from app.sync.hub_login import (
    ViolationsTold,
    connect_unless_refused,
    login_options,
    plain_reason,
    refusal,
)
from app.sync.nats_acks import AckInbox, AckRun
from app.sync.nats_publish import queue_publishes
from app.sync.nats_pull import Arrival, PullInbox
from app.sync.presence import OnMessage
from app.sync.transport import (
    ConnectionState,
    LogRecord,
    OnBatch,
    OnState,
    PublishAck,
    StaleWrite,
    TransportError,
    TransportUnavailable,
    stream_name,
    team_subjects,
)

__all__ = ["NatsTransport"]

_log = logging.getLogger(__name__)

_ERR_STALE = 10071  # wrong last sequence (expected-last-subject-sequence)
_ERR_TTL_DISABLED = 10166  # per-message TTL is disabled (a stream made without it)
_ERR_NO_ROOM = frozenset({10023, 10047})
"""Insufficient resources, storage resources exceeded: the hub's store is at its limit."""
_ACTUAL_LAST = re.compile(r"wrong last sequence: (\d+)")
_UNAVAILABLE: tuple[type[Exception], ...] = (
    TimeoutError,  # nats.errors.TimeoutError and friends derive from it
    nats.errors.NoRespondersError,
    nats.errors.OutboundBufferLimitError,
    nats.errors.StaleConnectionError,  # includes UnexpectedEOF when the hub goes away
    nats.js.errors.ServiceUnavailableError,  # JetStream not ready yet, e.g. right after a restart
    nats.js.errors.NoStreamResponseError,  # a cluster electing the stream's new leader
)
_PUBLISH_ACK_S = 5.0
"""How long `publish` and `publish_many` wait for acknowledgements: nats-py's own request
timeout."""
_REQUEST_EXPIRES = 0.75
"""A pull request's life on the hub, as a share of the fetch timeout."""
_CONSUMER_IDLE = 60.0  # seconds; the hub deletes a follower's consumer if we could not
_ANSWERING = (ConnectionState.CONNECTED, ConnectionState.CANNOT_STORE)
_PROBE_LIMIT = 24 * 3600
"""Seconds a probe's PING waits for its PONG. Never reached in practice: nats-py answers a
late PONG into the future a timed-out flush cancelled, which raises and kills its read loop,
so the watchdog waits beside the probe instead of letting it time out."""


@contextlib.contextmanager
def _hub_errors(what: str) -> Iterator[None]:
    """Translate nats-py's exceptions into the Transport's typed errors."""
    try:
        yield
    except _UNAVAILABLE as err:
        raise TransportUnavailable(f"{what}: hub unavailable ({type(err).__name__})") from err
    except nats.errors.Error as err:
        raise TransportError(f"{what}: {type(err).__name__}: {err}") from err


def _ack_or_error(future: asyncio.Future[PublishAck], what: str) -> PublishAck | TransportError:
    """One of `publish_many`'s results, translated as `_hub_errors` would."""
    if future.cancelled():
        return TransportUnavailable(f"{what}: hub unavailable (no acknowledgement)")
    error = future.exception()
    if error is None:
        return future.result()
    try:
        with _hub_errors(what):
            raise error
    except TransportError as translated:
        return translated
    except Exception as other:  # noqa: BLE001 - not nats-py's: still this message's error
        return TransportError(f"{what}: {type(other).__name__}")


def _backoff(attempt: int, base: float = 0.1, cap: float = 5.0) -> float:
    """Exponential delay with jitter, so many desks don't hit a restarted hub at once."""
    return min(cap, base * 2.0 ** max(0, attempt - 1)) * random.uniform(0.5, 1.0)


def _pick_server(servers: list[Any], _info: dict[str, Any]) -> tuple[Any, float]:
    """nats-py reconnect hook: the least-tried server, after a back-off that grows per try."""
    server = min(servers, key=lambda s: int(s.reconnects))
    return server, _backoff(int(server.reconnects))


class NatsTransport:
    """One connection to the hub, scoped to one team's stream ``SB_<team>``."""

    def __init__(
        self,
        team_id_hex: str,
        on_state: OnState | None,
        fetch_timeout: float,
        create_streams: bool = True,
    ) -> None:
        """Prepare an unconnected transport; use :meth:`connect` instead."""
        self._nc = Client()
        self._js = self._nc.jetstream()
        self._on_state = on_state or (lambda _state: None)
        self._team = team_id_hex
        self._stream = stream_name(team_id_hex)
        self._prefix = f"sb.{team_id_hex}."
        self._fetch_timeout = fetch_timeout
        self._followers: set[_PullFollower] = set()
        self._buckets: dict[str, KeyValue] = {}
        self._acks = AckInbox(self._nc)
        """Where `publish_many`'s acknowledgements arrive."""
        self._no_ttl: set[str] = set()
        """Buckets whose stream refuses per-message TTLs (made before they were allowed)."""
        self._closed = False
        self._state: ConnectionState | None = None
        """The state last reported to `on_state`."""
        self._create_streams = create_streams
        self._refused: asyncio.Future[TransportError] | None = None
        self._refusal: TransportError | None = None
        self._violations = ViolationsTold()
        self._watchdog: asyncio.Task[None] | None = None
        self._probe: asyncio.Task[None] | None = None
        self._silent = False
        self._login_ends = False

    @classmethod
    async def connect(
        cls,
        url: str | Sequence[str],
        *,
        team_id_hex: str,
        name: str,
        on_state: OnState | None = None,
        connect_timeout: float = 10.0,
        fetch_timeout: float = 2.0,
        nkey_seed: bytes | str | None = None,
        tls_fingerprint: bytes | None = None,
        create_streams: bool | None = None,
        probe_interval: float = 5.0,
        probe_patience: float = 5.0,
        login_ends: bool = False,
    ) -> NatsTransport:
        """Connect to the hub and return the transport; later, reconnect forever with back-off.

        Args:
            url: The hub's URL, or several URLs of a cluster.
            team_id_hex: The team id in lowercase hex.
            name: Connection name shown by the hub (the device or service, never a person).
            on_state: Told about every connection state change; runs on the loop, must not block.
            connect_timeout: Seconds to keep trying the first connection.
            fetch_timeout: Seconds per pull; following resumes about this soon after a restart.
            nkey_seed: The login on a hub with authentication: the raw 32-byte ``hub_key``
                seed or its ``SU…`` nkey text. None connects anonymously.
            tls_fingerprint: SHA-256 of the hub's certificate: TLS, accepting that one only.
            create_streams: Create the team stream and KV buckets if missing. None: only when
                anonymous, since an authenticated hub's service creates them for its team.
            probe_interval: Seconds between checks that the hub still answers (a PING).
            probe_patience: Seconds a check waits before the hub counts as not responding: a
                frozen hub keeps its socket open, so only silence tells. Together with the
                interval this bounds how long a frozen hub still shows as connected.
            login_ends: The hub ends this login on purpose (an invite's, once the invite is
                used or cancelled), so a refusal later is expected: logged at debug, not
                warned of (a device's own login refused means it was removed).

        Raises:
            HubAccessDenied: The hub refused the login (authorization violation).
            HubIdentityMismatch: The hub's certificate is not the pinned one.
            TransportUnavailable: No hub answered within ``connect_timeout``.
        """
        create = nkey_seed is None if create_streams is None else create_streams
        self = cls(team_id_hex, on_state, fetch_timeout, create)
        self._login_ends = login_ends
        options = self._options(url, name) | login_options(nkey_seed, tls_fingerprint)
        await self._report(ConnectionState.CONNECTING)
        self._refused = asyncio.get_running_loop().create_future()
        try:
            await connect_unless_refused(self._nc, options, self._refused, connect_timeout)
        except (TimeoutError, OSError, nats.errors.Error) as err:
            await self._nc.close()
            raise TransportUnavailable(f"cannot connect to the hub: {plain_reason(err)}") from err
        except TransportError:
            await self._nc.close()
            raise
        finally:
            self._refused = None
        await self._report(ConnectionState.CONNECTED)
        self._watchdog = asyncio.create_task(
            self._watch(probe_interval, probe_patience), name="hub watchdog"
        )
        return self

    async def ensure_stream(self, *, replicas: int = 1, duplicate_window: float = 120.0) -> None:
        """Create the team stream, or accept an identical one; the full log is kept forever.

        Args:
            replicas: 1 for a single hub, 3 for a cluster.
            duplicate_window: Seconds within which a repeated ``msg_id`` is a duplicate.

        Raises:
            TransportError: The stream exists with a different configuration.
            TransportUnavailable: The hub did not answer.
        """
        config = api.StreamConfig(
            name=self._stream,
            subjects=team_subjects(self._team),
            retention=api.RetentionPolicy.LIMITS,
            storage=api.StorageType.FILE,
            max_age=0,  # no expiry: desks replay from their cursor, new desks from 1
            num_replicas=replicas,
            duplicate_window=duplicate_window,
        )
        with _hub_errors(f"create stream {self._stream}"):  # 10058 if the config differs
            if not self._create_streams:  # the hub service made it; devices may not
                try:
                    await self._js.stream_info(self._stream)
                except nats.js.errors.NotFoundError as err:
                    raise TransportError(f"the hub has no stream {self._stream}") from err
                return
            await self._js.add_stream(config)

    async def publish(
        self,
        subject: str,
        data: bytes,
        *,
        msg_id: str,
        expected_last_subject_seq: int | None = None,
    ) -> PublishAck:
        """See :meth:`app.sync.transport.Transport.publish`.

        Through the acknowledgement inbox `publish_many` uses, not nats-py's `js.publish`: that
        one makes a new inbox request per publish (a future, random reply token, `wait_for`,
        the PubAck parsed through dataclass reflection), and the gateway's guarded publish at
        the head of every run paid it. The headers and the errors are `js.publish`'s.
        """
        headers = {"Nats-Msg-Id": msg_id, "Nats-Expected-Stream": self._stream_of(subject)}
        if expected_last_subject_seq is not None:
            headers["Nats-Expected-Last-Subject-Sequence"] = str(expected_last_subject_seq)
        with _hub_errors(f"publish to {subject}"):
            try:
                ack = await self._publish_one(subject, data, headers)
            except nats.js.errors.APIError as err:
                if err.err_code == _ERR_STALE and expected_last_subject_seq is not None:
                    found = _ACTUAL_LAST.search(err.description or "")
                    last = int(found.group(1)) if found else None
                    raise StaleWrite(subject, expected_last_subject_seq, last) from err
                if err.err_code in _ERR_NO_ROOM:
                    await self._cannot_store()
                raise
            except TimeoutError:
                if self._state is not ConnectionState.CANNOT_STORE:  # as the hub said
                    await self._went_silent()  # the watchdog says when it answers again
                raise
        if self._state is ConnectionState.CANNOT_STORE:
            await self._report(ConnectionState.CONNECTED)  # it stores again
        return ack

    async def _publish_one(self, subject: str, data: bytes, headers: dict[str, str]) -> PublishAck:
        """Publish and wait for the acknowledgement (nats-py's refusal or TimeoutError)."""
        reply, future = await self._acks.reply_for()
        try:
            await self._nc.publish(subject, data, reply=reply, headers=headers)
            async with asyncio.timeout(_PUBLISH_ACK_S):
                return await future
        finally:
            # Timed out, cancelled, or the publish itself raised (a full reconnect buffer in a
            # long outage, a closed connection): a late answer is dropped, and no reply stays
            # registered for a message that may never have left.
            if future.cancelled() or not future.done():
                self._acks.forget([future])

    async def publish_many(
        self, subject: str, messages: Sequence[tuple[bytes, str]]
    ) -> list[PublishAck | TransportError]:
        """See :meth:`app.sync.transport.Transport.publish_many`."""
        stream = self._stream_of(subject)
        what = f"publish to {subject}"
        pending: list[asyncio.Future[PublishAck]] = []
        try:
            with _hub_errors(what):
                await self._acks.ready()
                run = AckRun(len(messages))
                commands: list[tuple[bytes, str, str]] = []
                for data, msg_id in messages:
                    reply, future = self._acks.next_reply(run)
                    pending.append(future)
                    commands.append((data, msg_id, reply))
                await queue_publishes(self._nc, subject, stream, commands)
            if not pending:
                return []
            async with asyncio.timeout(_PUBLISH_ACK_S):
                await run.done
        except TimeoutError:
            self._acks.forget(pending)
            if self._state is not ConnectionState.CANNOT_STORE:
                await self._went_silent()
        except BaseException:
            self._acks.forget(pending)  # a publish raised, or the caller gave up: see above
            raise
        return [_ack_or_error(future, what) for future in pending]

    def follow(
        self,
        start_seq: int,
        on_batch: OnBatch,
        *,
        subjects: Sequence[str] | None = None,
        batch_size: int = 256,
    ) -> _PullFollower:
        """See :meth:`app.sync.transport.Transport.follow`; batches hold <= ``batch_size``."""
        filters = list(subjects) if subjects else [f"{self._prefix}>"]
        streams = {self._stream_of(subject) for subject in filters}
        if len(streams) != 1:
            raise ValueError("join subjects are kept apart: follow them on their own")
        return _PullFollower(self, streams.pop(), max(1, start_seq), on_batch, filters, batch_size)

    async def last_seq(self) -> int:
        """See :meth:`app.sync.transport.Transport.last_seq`."""
        with _hub_errors(f"stream info {self._stream}"):
            info = await self._js.stream_info(self._stream)
        return int(info.state.last_seq)

    async def count_on_subject(self, subject: str) -> int:
        """See :meth:`app.sync.transport.Transport.count_on_subject` (stream info, filtered)."""
        stream = self._stream_of(subject)
        with _hub_errors(f"stream info {stream}"):
            info = await self._js.stream_info(stream, subjects_filter=subject)
        return int((info.state.subjects or {}).get(subject, 0))

    async def last_on_subject(self, subject: str) -> LogRecord | None:
        """See :meth:`app.sync.transport.Transport.last_on_subject`."""
        stream = self._stream_of(subject)
        return await self._get(f"last message on {subject}", stream, subject=subject)

    async def fetch(self, seq: int) -> LogRecord | None:
        """See :meth:`app.sync.transport.Transport.fetch`."""
        return await self._get(f"message {seq}", self._stream, seq=seq) if seq > 0 else None

    async def claim_once(
        self, bucket: str, key: str, token: bytes = b"", *, ttl: float | None = None
    ) -> bool:
        """See :meth:`app.sync.transport.Transport.claim_once` (a KV ``create`` on the hub;
        `ttl` as the message's own time-to-live, which the bucket's stream allows)."""
        with _hub_errors(f"claim in {bucket}"):
            kv = await self._bucket(bucket)
            try:
                await self._with_ttl(bucket, ttl, lambda ttl: kv.create(key, token, msg_ttl=ttl))
            except nats.js.errors.KeyWrongLastSequenceError:
                return bool(token) and (await kv.get(key)).value == token
        return True

    async def kv_get(self, bucket: str, key: str) -> bytes | None:
        """The value of `key` in a KV bucket, or None if it is not there."""
        with _hub_errors(f"read from {bucket}"):
            kv = await self._bucket(bucket)
            try:
                return bytes((await kv.get(key)).value or b"")
            except nats.js.errors.KeyNotFoundError:
                return None

    async def kv_put(
        self, bucket: str, key: str, value: bytes, *, ttl: float | None = None
    ) -> None:
        """Set `key` in a KV bucket (with its own time-to-live if `ttl` is given)."""
        with _hub_errors(f"write to {bucket}"):
            kv = await self._bucket(bucket)

            async def put(ttl: float | None) -> object:
                if ttl is None:
                    return await kv.put(key, value)
                # nats-py's put takes no TTL: this is its put with the TTL header.
                return await self._js.publish(f"$KV.{bucket}.{key}", value, msg_ttl=ttl)

            await self._with_ttl(bucket, ttl, put)

    async def _with_ttl(
        self, bucket: str, ttl: float | None, write: Callable[[float | None], Awaitable[object]]
    ) -> None:
        """`write(ttl)`, or `write(None)` where the bucket takes no per-message TTL (made by
        an older hub): its entries are then kept until deleted, as before."""
        if bucket in self._no_ttl:
            ttl = None
        try:
            await write(ttl)
        except nats.js.errors.APIError as err:
            if ttl is None or getattr(err, "err_code", None) != _ERR_TTL_DISABLED:
                raise
            self._no_ttl.add(bucket)
            _log.warning("%s takes no time-to-live per entry: its entries are kept", bucket)
            await write(None)

    async def broadcast(self, subject: str, data: bytes) -> None:
        """See :meth:`app.sync.presence.Ephemeral.broadcast`: a core publish, never stored."""
        with _hub_errors(f"broadcast to {subject}"):
            await self._nc.publish(subject, data)

    async def listen(self, subject: str, on_message: OnMessage) -> Callable[[], Awaitable[None]]:
        """See :meth:`app.sync.presence.Ephemeral.listen`; survives reconnects (nats-py
        subscribes again)."""

        async def deliver(msg: Msg) -> None:
            on_message(bytes(msg.data))

        with _hub_errors(f"subscribe to {subject}"):
            subscription = await self._nc.subscribe(subject, cb=deliver)
            # "From now on" means once the hub has the subscription. WORKAROUND(nats-py 2.16):
            # `flush` writes its PING straight to the socket, ahead of the SUB still waiting in
            # the pending buffer, so its PONG may come before the hub saw the SUB; the second
            # PING leaves after the first round trip, when the flusher has written the SUB.
            await self._nc.flush()
            await self._nc.flush()

        async def stop() -> None:
            with contextlib.suppress(nats.errors.Error):
                await subscription.unsubscribe()

        # The hub answers a refused subscription before the flush's PONG, and nats-py hands
        # the answer to `_on_error` on its way: a hub whose permissions predate the subject.
        if subject in self._violations.unlistenable:
            await stop()
            raise TransportError(f"subscribe to {subject}: the hub does not allow it")

        return stop

    async def close(self) -> None:
        """Stop every follower, then drain and close the connection. Idempotent."""
        if self._closed:
            return
        self._closed = True
        await cancel_and_wait(self._watchdog, self._probe)
        for follower in list(self._followers):
            await follower.stop()
        try:
            # While reconnecting, or over a connection the hub just cut (its socket then resets).
            with contextlib.suppress(nats.errors.Error, TimeoutError, ConnectionError):
                await self._nc.drain()
            await self._nc.close()  # a no-op after a successful drain
        except asyncio.CancelledError:
            # Over TLS, a connection the hub cut (a used or burnt invite's) ends with its close
            # waiter cancelled inside nats-py, in the drain or the close; only a cancel of our
            # own task is passed on.
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                raise
            _log.info("hub connection was already lost when closing (close cancelled)")
            self._close_socket()
        except (OSError, AttributeError, RuntimeError) as err:
            # WORKAROUND(nats-py 2.16 Client._close): it flushes what was buffered while
            # reconnecting into the connection the hub just cut (a removed device's, a used
            # invite's) and raises before closing that socket; over TLS asyncio's SSL transport
            # raises AttributeError ('_write_appdata') instead of an OSError, and uvloop 0.23
            # (the gateway's loop) RuntimeError ("the handler is closed") where asyncio's
            # transport drops the write. Close the socket here instead of leaking it.
            _log.info("hub connection was already lost when closing (%s)", type(err).__name__)
            self._close_socket()
        # nats-py says "closed" only if it was connected: closed while the hub was away, the
        # desk would go on showing "reconnecting".
        await self._report(ConnectionState.CLOSED)

    def _close_socket(self) -> None:
        transport = getattr(self._nc, "_transport", None)
        if transport is not None:
            transport.close()

    async def _get(self, what: str, stream: str, **where: Any) -> LogRecord | None:
        with _hub_errors(what):
            try:
                raw = await self._js.get_msg(stream, **where)
            except nats.js.errors.NotFoundError:
                return None
        return LogRecord(seq=raw.seq or 0, subject=raw.subject or "", data=raw.data or b"")

    async def _bucket(self, name: str) -> KeyValue:
        if name not in self._buckets:
            if not self._create_streams:  # the hub service made it
                self._buckets[name] = await self._js.key_value(name)
                return self._buckets[name]
            # Creating an identical bucket again is a no-op, so racing gateway replicas both win.
            config = api.KeyValueConfig(bucket=name, history=1, storage=api.StorageType.FILE)
            self._buckets[name] = await self._js.create_key_value(config)
        return self._buckets[name]

    def _options(self, url: str | Sequence[str], name: str) -> dict[str, Any]:
        """Options for ``Client.connect``; its callbacks must be coroutine functions."""
        return {
            "servers": hub_servers(url),  # a cluster's nodes: nats-py fails over among them
            "name": name,
            "max_reconnect_attempts": -1,  # also keeps the first connect trying until our timeout
            "reconnect_to_server_handler": _pick_server,
            "disconnected_cb": functools.partial(self._report, ConnectionState.DISCONNECTED),
            "reconnected_cb": functools.partial(self._report, ConnectionState.CONNECTED),
            "closed_cb": functools.partial(self._report, ConnectionState.CLOSED),
            "error_cb": self._on_error,
        }

    @property
    def refusal(self) -> TransportError | None:
        """Why the hub refuses this login since the last disconnect, if it does.

        ``HubAccessDenied`` after this device was removed from the team (the hub cut the
        connection and refuses every reconnect), ``HubIdentityMismatch`` if another server
        answers at the hub's address. None while connected.
        """
        return self._refusal

    async def _report(self, state: ConnectionState) -> None:
        if state == ConnectionState.CLOSED and self._state == state:
            return  # said by close() already
        self._state = state
        if state == ConnectionState.CONNECTED:
            self._refusal = None
            self._drop_probe()
        if state != ConnectionState.NOT_RESPONDING:
            self._silent = False
        _log.info("hub connection %s", state.value)
        try:
            self._on_state(state)
        except Exception:  # a UI bug must not break nats-py's reconnect loop
            _log.exception("connection state callback failed")

    async def _watch(self, interval: float, patience: float) -> None:
        """Tell a hub that stopped answering from one that answers (a frozen process keeps
        its socket open, so nats-py still says connected until its own pings run out), and
        one that answers but cannot store (it says so when asked, `hub_health`)."""
        while True:
            await asyncio.sleep(interval)
            stop_if_cancelled()  # nats-py's request may have dropped a cancel
            if not self._nc.is_connected:
                continue  # the connection callbacks report this
            probe = self._probe
            if probe is None or probe.done():
                probe = self._probe = asyncio.create_task(
                    self._nc.flush(timeout=_PROBE_LIMIT), name="hub probe"
                )
            done, _pending = await asyncio.wait({probe}, timeout=patience)
            if not done:
                await self._went_silent()
            elif not probe.cancelled() and probe.exception() is None:
                await self._answers_again(await hub_stores(self._nc, patience))
            # A probe that failed met a broken connection: the disconnect callback says so.

    def _drop_probe(self) -> None:
        """After a reconnect nats-py forgets the PINGs it sent before: their probe never ends."""
        if self._probe is not None and not self._probe.done():
            self._probe.cancel()
        self._probe = None

    async def _went_silent(self) -> None:
        if self._nc.is_connected and not self._silent and not self._closed:
            self._silent = True
            await self._report(ConnectionState.NOT_RESPONDING)

    async def _cannot_store(self) -> None:
        """The hub refused a write for want of room; the watchdog and the next write that
        works say when it stores again."""
        if self._state is ConnectionState.CONNECTED:
            await self._report(ConnectionState.CANNOT_STORE)

    async def _answers_again(self, stores: bool | None) -> None:
        """The hub answered a probe; `stores` is what it said of its store (None: nothing)."""
        if not self._nc.is_connected or self._closed:
            return  # the connection callbacks report this
        was = self._state
        if stores is None:
            stores = was is not ConnectionState.CANNOT_STORE
        now = ConnectionState.CONNECTED if stores else ConnectionState.CANNOT_STORE
        if self._silent or (was in _ANSWERING and was is not now):
            await self._report(now)

    async def _on_error(self, err: Exception) -> None:
        denied = refusal(err)
        # A refused first connection is raised to its caller as a typed error, who knows what
        # it means: a new device waiting for the hub's reload retries (once_admitted), a
        # removed one tells the person. A warning per attempt would only alarm the log.
        waiting, answered = self._refused, False
        if denied is not None and waiting is not None and not waiting.done():
            waiting.set_result(denied)
            answered = True
        first_refusal = denied is not None and self._refusal is None
        if denied is not None:
            self._refusal = denied
            self._drop_refused_socket()
        # Refused connections repeat on every reconnect attempt; the state change says enough,
        # and a refusal is worth one warning, not one per attempt.
        repeated = (denied is not None and not first_refusal) or self._violations.told_before(err)
        expected = answered or (denied is not None and self._login_ends)
        quiet = isinstance(err, (OSError, *_UNAVAILABLE)) or repeated or expected
        _log.log(
            logging.DEBUG if quiet else logging.WARNING, "hub: %s: %s", type(err).__name__, err
        )

    def _drop_refused_socket(self) -> None:
        """WORKAROUND(nats-py 2.16): the socket of a refused (re)connect attempt is never
        closed: `_attempt_reconnect` replaces it with the next attempt's, and a first connect
        cancelled on the refusal stops inside `_close` before reaching it. A removed device
        would leak one socket per retry, so close it here, where nats-py reports the refusal.
        """
        if self._nc.is_connected:
            return
        transport = getattr(self._nc, "_transport", None)
        if transport is not None:
            transport.close()

    def _stream_of(self, subject: str) -> str:
        """The stream storing ``subject``: join handshakes have their own, kept 24 hours."""
        if not subject.startswith(self._prefix):
            raise ValueError(f"subject {subject!r} is not in team stream {self._stream}")
        if subject.startswith(f"{self._prefix}join."):
            return f"{self._stream}_join"
        return self._stream


class _PullFollower:
    """Pulls the stream through an ephemeral, ack-less consumer and hands out ordered batches.

    The consumer's delivery sequence grows by one per message: a jump means a message was lost
    in transit, a reconnect may mean the hub restarted and lost the consumer. Either way a new
    consumer starts at the first sequence not yet handed out: nothing is skipped or repeated.
    """

    def __init__(
        self,
        owner: NatsTransport,
        stream: str,
        start: int,
        on_batch: OnBatch,
        filters: list[str],
        size: int,
    ) -> None:
        self._owner = owner
        self._stream = stream
        self._next = start
        self._on_batch = on_batch
        self._filters = filters
        self._size = size
        self._stopping = False
        self._in_callback = False
        self._task = asyncio.create_task(self._run(), name=f"follow {stream}")
        self._task.add_done_callback(self._ended)
        owner._followers.add(self)

    @property
    def next_seq(self) -> int:
        """The first sequence not yet handed to the callback."""
        return self._next

    async def stop(self) -> None:
        """Stop following; a batch being handled finishes first. Idempotent, never raises."""
        self._stopping = True
        if self._in_callback:
            await asyncio.wait({self._task})
        else:
            await cancel_and_wait(self._task)
        self._owner._followers.discard(self)

    async def wait(self) -> None:
        """Wait until the follower ends; re-raise the callback's error if that ended it."""
        await asyncio.wait({self._task})
        if not self._task.cancelled() and (err := self._task.exception()) is not None:
            raise err

    def _ended(self, task: asyncio.Task[None]) -> None:
        # Logged here, once, as nobody may be awaiting wait(); this also marks it retrieved.
        if not task.cancelled() and (err := task.exception()) is not None:
            _log.error("follower of %s ended: %r", self._stream, err, exc_info=err)

    async def _run(self) -> None:
        failures = 0
        while not self._stopping:
            async with self._consumer() as sub:
                healthy = sub is not None and await self._pump(sub)
            failures = 0 if healthy else failures + 1
            if failures and not self._stopping:
                await asyncio.sleep(_backoff(failures))

    @contextlib.asynccontextmanager
    async def _consumer(self) -> AsyncIterator[PullInbox | None]:
        """A pull subscription to a new consumer from :attr:`next_seq`, or None; then cleanup."""
        js, stream, name = self._owner._js, self._stream, f"sbf_{secrets.token_hex(8)}"
        # One filter goes into the API subject, where the hub's permissions can check it.
        single = len(self._filters) == 1
        config = api.ConsumerConfig(
            name=name,
            deliver_policy=api.DeliverPolicy.BY_START_SEQUENCE,
            opt_start_seq=self._next,
            ack_policy=api.AckPolicy.NONE,
            filter_subject=self._filters[0] if single else None,
            filter_subjects=None if single else self._filters,
            inactive_threshold=_CONSUMER_IDLE,
            num_replicas=1,
            mem_storage=True,
        )
        # A request expires before the pump stops waiting: one still open then was lost.
        expires = self._owner._fetch_timeout * _REQUEST_EXPIRES
        inbox = PullInbox(self._owner._nc, stream, name, self._size, expires)
        sub: PullInbox | None = inbox
        try:
            await js.add_consumer(stream, config=config)
            await inbox.start()
        except nats.errors.Error as err:
            _log.info("follower of %s cannot subscribe: %s", stream, type(err).__name__)
            sub = None
        try:
            yield sub
        finally:
            if sub is not None:
                with contextlib.suppress(nats.errors.Error, TimeoutError):
                    await sub.stop()
                    if self._owner._nc.is_connected:  # else the hub drops it after _CONSUMER_IDLE
                        async with asyncio.timeout(1):
                            await js.delete_consumer(stream, name)

    async def _pump(self, sub: PullInbox) -> bool:
        """Deliver batches until the consumer must be replaced; False if it never worked: it
        delivered nothing new and never waited quietly (a hub refusing every request, say
        409 "Exceeded MaxRequestBatch", must cost a growing pause, not a tight loop)."""
        nc, stream = self._owner._nc, self._stream
        reconnects = nc.stats["reconnects"]
        expected = 1  # the consumer's next delivery sequence
        healthy = False
        while not self._stopping:
            try:
                async with asyncio.timeout(self._owner._fetch_timeout):
                    arrivals = await sub.take()
            except TimeoutError:
                if nc.stats["reconnects"] != reconnects:
                    return True  # the hub may have restarted and lost our consumer
                sub.forget_requests()
                healthy = True
                continue
            except nats.errors.Error as err:
                _log.info("follower of %s resubscribes: %s", stream, type(err).__name__)
                return healthy
            records, expected, in_order = self._in_order(arrivals, expected)
            if records:
                await self._deliver(records)
                healthy = True
            if not in_order or sub.gone or sub.broken is not None:
                why = sub.broken or ("request refused" if sub.gone else "missed a delivery")
                _log.info("follower of %s resubscribes: %s", stream, why)
                return healthy
        return True

    async def _deliver(self, records: list[LogRecord]) -> None:
        # stop() lets a running batch finish rather than abort the caller's DB transaction.
        self._in_callback = True
        try:
            await self._on_batch(records)
        finally:
            self._in_callback = False
        self._next = records[-1].seq + 1

    def _in_order(
        self, arrivals: list[Arrival], expected: int
    ) -> tuple[list[LogRecord], int, bool]:
        """Keep messages up to the first gap in delivery sequence; drop already-seen ones."""
        records: list[LogRecord] = []
        last = self._next - 1
        for arrival in arrivals:
            if arrival.delivered != expected:
                return records, expected, False
            expected += 1
            if arrival.seq > last:
                last = arrival.seq
                records.append(LogRecord(seq=last, subject=arrival.subject, data=arrival.data))
        return records, expected, True
