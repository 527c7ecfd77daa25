"""The hub's own service (team-setup.md §4): founding, ``sbhub.info``, and users from the chain.

It logs in to its own nats-server as the unrestricted service user (seed in ``service.nk``,
mode 0600). Before a team exists it holds a one-time setup code whose user may only request
``sbhub.found`` with link 1; the service validates it, creates the team's streams and buckets,
stores link 1, binds the hub in ``team.json`` and lets the root device in. Afterwards it
follows ``sb.<team>.chain``, validates each link with ``ChainState`` and, on every change,
rewrites ``auth.conf`` atomically and has nats-server reload it (a removed device is cut off at
once). An invalid link freezes the users as they were and is logged without its bytes.

Why here and with nats-py directly: ``app.sync`` sits above ``app.hub`` in the layers, so the
hub cannot use ``NatsTransport``; and it needs what devices must not have (creating streams,
serving requests, an unrestricted login). ``layout`` spells the names both sides use.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import ssl
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import nats.errors
import nats.js.errors
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from nats.aio.client import Client
from nats.js import api

from app.aio import cancel_and_wait
from app.crypto.chain import ChainState, CreateTeam, parse_link
from app.crypto.fingerprint import team_fingerprint
from app.domain.errors import EnvelopeRejected
from app.domain.ids import TeamId
from app.hub.config import HubConfig, HubError
from app.hub.files import read_team, write_atomic, write_team
from app.hub.layout import (
    BOUND_SUBJECT,
    FOUND_SUBJECT,
    HEALTH_QUESTION,
    HUB_CANNOT_STORE,
    INFO_SUBJECT,
    SETUP_DONE_SUBJECT,
    TeamLayout,
)
from app.hub.nkey import decode_user_seed, user_seed
from app.hub.peers import stored_link_one, tell_peers
from app.hub.setup_code import new_setup_code, parse_setup_code, setup_public
from app.hub.storage_health import limit_bytes, store_full
from app.hub.streams import ensure_team_streams, last_chain_seq, store_link_one
from app.hub.users import HubUser, render_users, service_user, setup_user, users_from_chain

__all__ = ["HubService"]

_log = logging.getLogger(__name__)

_RECHECK = 30.0
"""Seconds between re-checks of the users, so expired invites lose their login."""
_FOLLOW_FETCH = 1.0
"""Seconds per pull of the chain; a restarted server is noticed about this soon."""
_FOLLOW_RETRY = 0.2
"""Seconds before a chain consumer is replaced."""
_FOLLOW_IDLE = 60.0
"""Seconds after which the server drops a chain consumer we could not delete."""
_QUEUE = "sbhub"
"""Queue group of the services' requests: one node's service answers each."""
_RECONNECT_WAIT = 0.5
"""Seconds between the service's attempts to log in to its restarting server again."""
_JETSTREAM_PATIENCE = 10.0
"""Seconds founding waits for a cluster's JetStream to elect its leader."""
_NOT_READY = (nats.js.errors.APIError, nats.errors.NoRespondersError, TimeoutError)
_STREAM_CONFIG_DIFFERS = 10058
_UNKNOWN = 1 << 62
"""A chain length no stream reaches: "not replayed yet" until the real one is known."""
_ADOPT_RETRY = 1.0
"""Seconds between looks for a team founded on another node of the cluster."""
_PEERS_WITHIN = 5.0
"""Seconds a founding node waits for the other nodes of its cluster to bind to the team."""

Reload = Callable[[], Awaitable[None]]


def _load_or_make_seed(config: HubConfig) -> bytes:
    """The service's raw Ed25519 seed, made on first start (mode 0600)."""
    path = config.service_seed_path
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raw = os.urandom(32)
        config.data_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(path, user_seed(raw).encode() + b"\n", mode=0o600)
        return raw
    try:
        return decode_user_seed(text)
    except ValueError as err:
        raise HubError(f"{path} is damaged") from err


class HubService:
    """Founding, team info and the users file of one hub; runs beside its nats-server."""

    def __init__(
        self,
        config: HubConfig,
        reload: Reload,
        *,
        clock: Callable[[], float] = time.time,
        rng: Callable[[int], bytes] = os.urandom,
        store_failing: Callable[[], bool] = lambda: False,
    ) -> None:
        """Prepare the service; :meth:`prepare` runs before the server starts.

        Args:
            config: The hub's configuration (``auth`` must be on).
            reload: Has nats-server re-read its configuration, and waits until it has.
            clock: Unix seconds, for invite expiry.
            rng: Random bytes, for the setup code.
            store_failing: Whether the server's store refuses writes now (the supervisor
                knows from its log); desks ask, to tell people the hub cannot save.
        """
        self._config = config
        self._reload = reload
        self._clock = clock
        self._rng = rng
        self._store_failing = store_failing
        self._seed: bytes | None = None
        self._setup_code: str | None = None
        self._team: tuple[bytes, bytes] | None = None
        self._state: ChainState | None = None
        self._applied_seq = 0  # last stream sequence of the chain applied to _state
        self._users_at = 0  # chain head (seqno) the users file and the server reflect
        self._replay_to = 0  # stream sequence of the last link stored when we started
        self._frozen = False
        self._nc: Client | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._subs: list[Any] = []
        self._stopping = False
        self._setup_closed = False
        self._loaded: bytes | None = None  # users text the running server has loaded
        self._binding = asyncio.Lock()  # a cluster node binds once, from a peer or the store

    @property
    def setup_closed(self) -> bool:
        """True once the hub is bound and the server no longer lists the setup login.

        After founding, ``ok`` is sent while the setup user is still listed (so the reply gets
        through); a reload removes it right after, and may reset connections being opened.
        """
        return self._setup_closed

    @property
    def setup_code(self) -> str | None:
        """The one-time setup code while the hub is unbound (show it once, never log it)."""
        return self._setup_code

    @property
    def team_hex(self) -> str | None:
        """The team this hub serves, once founded."""
        return self._team[0].hex() if self._team else None

    @property
    def chain_state(self) -> ChainState | None:
        """The validated chain as far as the service has applied it."""
        return self._state

    @property
    def users_at(self) -> int:
        """The chain head (link seqno) that the server's current users were computed from."""
        return self._users_at

    @property
    def frozen(self) -> bool:
        """True once an invalid link stopped every further users update."""
        return self._frozen

    @property
    def seed(self) -> bytes:
        """The service's raw nkey seed."""
        if self._seed is None:
            self._seed = _load_or_make_seed(self._config)
        return self._seed

    def prepare(self) -> None:
        """Before nats-server starts: the service key, the team binding and ``auth.conf``.

        Unbound, a new setup code is made (once per service object) and its user listed.
        Bound, the users of the last run stay until the chain has been replayed.

        Raises:
            HubError: ``team.json`` is damaged.
        """
        try:
            self._team = read_team(self._config.team_path)
        except ValueError as err:
            raise HubError(str(err)) from err
        service = service_user(_public(self.seed))
        if self._team is None:
            if self._setup_code is None:
                self._setup_code = new_setup_code(self._rng)
            self._write_users(self._users())
        elif not self._lists(service):
            self._write_users([service])  # the chain's replay adds the team's devices
        self._setup_closed = self._team is not None
        self._loaded = self._config.auth_path.read_bytes()  # what the server starts with
        if self._team is not None and self._state is None:
            self._state = ChainState.genesis(TeamId(self._team[0]), self._team[1])

    async def start(self, url: str, tls: ssl.SSLContext | None) -> None:
        """Log in to the running server, answer requests and, if bound, follow the chain.

        Raises:
            HubError: The service could not log in to its own server.
        """
        self._stopping = False
        nc = Client()
        try:
            await nc.connect(
                servers=[url],
                name="switchboard hub service",
                nkeys_seed_str=user_seed(self.seed),
                tls=tls,
                max_reconnect_attempts=-1,
                reconnect_time_wait=1,
                drain_timeout=2,
                error_cb=_on_error,
                no_echo=True,  # its own sbhub.bound request is for the other nodes' services
                reconnect_to_server_handler=_own_server(url),
            )
        except (OSError, TimeoutError, nats.errors.Error) as err:
            raise HubError(f"the hub service cannot log in: {type(err).__name__}") from err
        self._nc = nc
        # In a cluster every node's service listens; the queue group hands a request to one,
        # the founder's own node first (nats-server prefers local queue members).
        self._subs.append(await nc.subscribe(INFO_SUBJECT, _QUEUE, cb=self._on_info))
        self._subs.append(await nc.subscribe(FOUND_SUBJECT, _QUEUE, cb=self._on_found))
        if self._config.cluster is not None:
            self._subs.append(await nc.subscribe(BOUND_SUBJECT, cb=self._on_bound))
            self._subs.append(await nc.subscribe(SETUP_DONE_SUBJECT, cb=self._on_setup_done))
            if self._team is None:
                self._tasks.append(asyncio.create_task(self._adopt_stored(), name="hub adopt"))
        if self._team is not None and self._config.cluster is None:
            await self._serve_team()
        elif self._team is not None:
            # The first node of a cluster back up waits for the others: JetStream keeps the
            # team's stream only with a majority. Its last users stay in force meanwhile
            # (nothing counts as replayed until the chain's length is known).
            self._replay_to = _UNKNOWN
            self._tasks.append(asyncio.create_task(self._serve_team_patiently(), name="hub team"))
        self._tasks.append(asyncio.create_task(self._recheck(), name="hub users recheck"))

    async def _serve_team(self) -> None:
        """On start, bound: the team's streams (again, idempotently), then follow the chain."""
        assert self._nc is not None
        assert self._team is not None
        js, layout = self._nc.jetstream(), TeamLayout(self._team[0].hex())
        await ensure_team_streams(js, layout, self._config.replicas)
        # Replaying from link 1 passes through older user sets (a device added, then
        # removed); the last run's file stays in force until the replay is complete.
        self._replay_to = await last_chain_seq(js, layout)
        await self._follow()

    async def _serve_team_patiently(self) -> None:
        while not self._stopping:
            try:
                await self._serve_team()
                return
            except (nats.errors.Error, TimeoutError) as err:
                _log.info("the cluster keeps no team stream yet (%s)", type(err).__name__)
            await asyncio.sleep(_ADOPT_RETRY)

    async def stop(self) -> None:
        """Stop following and answering; close the connection. Idempotent."""
        self._stopping = True
        await cancel_and_wait(*self._tasks)
        self._tasks.clear()
        nc, self._nc = self._nc, None
        self._subs.clear()
        if nc is not None:
            with contextlib.suppress(nats.errors.Error, TimeoutError):
                await nc.drain()
            # A cluster node's service may be mid-reconnect (its server was killed): nats-py
            # flushes into the lost socket and raises instead of closing.
            with contextlib.suppress(OSError):
                await nc.close()

    async def _on_info(self, msg: Any) -> None:
        if bytes(msg.data) == HEALTH_QUESTION:
            await msg.respond(b"ok" if await self._stores() else HUB_CANNOT_STORE)
            return
        team = self.team_hex
        await msg.respond(team.encode() if team else b"unbound")

    async def _stores(self) -> bool:
        """Whether the server stores writes: no failed store write (the supervisor watches its
        log), and a single server's store short of its `max_file_store`. A cluster's account
        usage counts every replica, so there only the failed write tells."""
        if self._store_failing():
            return False
        if self._nc is None or self._config.cluster is not None:
            return True
        try:
            used = (await self._nc.jetstream().account_info()).storage
        except (nats.errors.Error, TimeoutError):
            return True  # JetStream busy or restarting: no news is not bad news
        return not store_full(used, limit_bytes(self._config.max_file_store))

    async def _on_found(self, msg: Any) -> None:
        try:
            reply = await self._found(bytes(msg.data))
        except (nats.errors.Error, TimeoutError, OSError, HubError) as err:
            _log.error("founding failed: hub unavailable (%s)", type(err).__name__)
            reply = b"error: unavailable"
        with contextlib.suppress(nats.errors.Error, TimeoutError):
            await msg.respond(reply)
            if self._nc is not None:
                await self._nc.flush()
        if self._setup_code is not None and self._team is not None:
            # The reply is out: only now may the reload cut the setup user's connection.
            await self._retire_setup()
            if self._config.cluster is not None and self._nc is not None:
                with contextlib.suppress(nats.errors.Error):  # else their re-checks retire it
                    await self._nc.publish(SETUP_DONE_SUBJECT, b"")

    async def _retire_setup(self) -> None:
        """The team is founded: nobody logs in with the setup code any more."""
        self._setup_code = None
        try:
            await self._update_users()
        except HubError as err:  # the re-check loads it later
            _log.error("hub users not loaded: %s", err)
        else:
            self._setup_closed = True

    async def _on_setup_done(self, _msg: Any) -> None:
        """The founding node's founder has its "ok": peers retire the setup login too."""
        if self._team is not None and self._setup_code is not None:
            await self._retire_setup()

    async def _found(self, link: bytes) -> bytes:
        """Validate link 1, create the team's streams, store link 1, bind, admit the root."""
        try:
            team_id, fingerprint, state = _genesis(link)
        except (EnvelopeRejected, ValueError) as err:
            _log.warning("refused a founding link: %s", getattr(err, "reason", "malformed"))
            return b"error: bound" if self._team is not None else b"error: invalid link"
        if self._team is not None:
            if self._team != (team_id, fingerprint):
                return b"error: bound"
            # The founder again (its first answer was lost): make sure its root is let in.
            await self._update_users()
            return b"ok"
        layout = TeamLayout(team_id.hex())
        assert self._nc is not None
        js = self._nc.jetstream()
        async with self._binding:  # else this node could adopt its own link 1 from the store
            if self.team_hex is not None:  # and retire the setup login before "ok" is out
                return b"ok" if self._team == (team_id, fingerprint) else b"error: bound"
            await self._ensure_streams_patiently(js, layout)
            seq = await store_link_one(js, layout, link)
            if seq is None:
                return b"error: another team chain is stored here"
            await self._bind((team_id, fingerprint), state, seq)  # setup leaves after "ok"
        if self._config.cluster is not None:
            # "ok" once every running node lets the root in, wherever it connects next.
            peers = self._config.cluster.peers
            agreed = await tell_peers(self._nc, link, peers, _PEERS_WITHIN)
            if agreed < peers:
                _log.warning("%d of %d other hub nodes bound to the team", agreed, peers)
        return b"ok"

    async def _ensure_streams_patiently(self, js: Any, layout: TeamLayout) -> None:
        """Create the team's streams; a cluster just started may still be electing the leader
        JetStream needs, so it is asked again for a while (the founder waits 20 s)."""
        deadline = asyncio.get_running_loop().time() + _JETSTREAM_PATIENCE
        while True:
            try:
                await ensure_team_streams(js, layout, self._config.replicas)
                return
            except _NOT_READY as err:
                # A cluster whose nodes have not all reported yet has no room for 3 replicas
                # (a 400); only a stream of another configuration will never do.
                differs = getattr(err, "err_code", None) == _STREAM_CONFIG_DIFFERS
                if differs or asyncio.get_running_loop().time() > deadline:
                    raise
            await asyncio.sleep(_FOLLOW_RETRY)

    async def _bind(self, team: tuple[bytes, bytes], state: ChainState, seq: int) -> None:
        """Serve this team from now on: ``team.json``, its users, and the chain after ``seq``."""
        write_team(self._config.team_path, *team)
        self._team, self._state, self._applied_seq = team, state, seq
        _log.info("hub bound to team %s", team[0].hex())
        await self._update_users()
        await self._follow()

    async def _on_bound(self, msg: Any) -> None:
        """A peer founded the team on its node (cluster): bind to it as well, then say so."""
        try:
            reply = await self._adopt(bytes(msg.data))
        except (nats.errors.Error, TimeoutError, OSError, HubError) as err:
            _log.error("binding to a peer's team failed (%s)", type(err).__name__)
            reply = b"error: unavailable"
        if msg.reply:
            with contextlib.suppress(nats.errors.Error, TimeoutError):
                await msg.respond(reply)

    async def _adopt_stored(self) -> None:
        """Unbound in a cluster: look for the team the other nodes serve until bound.

        A node that was down when the team was founded missed ``sbhub.bound``; the replicated
        stream still holds link 1 (once the cluster's JetStream answers again).
        """
        while self._team is None and not self._stopping:
            assert self._nc is not None
            try:
                link = await stored_link_one(self._nc.jetstream())
                if link is not None:
                    await self._adopt(link)
            except (nats.errors.Error, TimeoutError, OSError, HubError) as err:
                _log.debug("no team found in the cluster yet (%s)", type(err).__name__)
            await asyncio.sleep(_ADOPT_RETRY)

    async def _adopt(self, link: bytes) -> bytes:
        """Bind to the team of ``link`` if it is the link 1 the replicated stream holds."""
        async with self._binding:
            try:
                team_id, fingerprint, state = _genesis(link)
            except (EnvelopeRejected, ValueError):
                return b"error: invalid link"
            if self._team is not None:
                return b"ok" if self._team == (team_id, fingerprint) else b"error: bound"
            assert self._nc is not None
            layout = TeamLayout(team_id.hex())
            seq = await store_link_one(self._nc.jetstream(), layout, link)  # finds it stored
            if seq is None:
                return b"error: another team chain is stored here"
            # The setup login stays until the founding node says its founder has the answer
            # (sbhub.setup.done): the founder may be connected here, its request answered there.
            await self._bind((team_id, fingerprint), state, seq)
            return b"ok"

    @property
    def _replayed(self) -> bool:
        return self._applied_seq >= self._replay_to

    async def _follow(self) -> None:
        """Start following the chain subject from the first link not applied yet."""
        self._tasks.append(asyncio.create_task(self._follow_chain(), name="hub chain follower"))

    async def _follow_chain(self) -> None:
        """Pull the chain through ephemeral consumers, replaced after any doubt.

        A consumer is recreated from the first link not applied whenever the connection came
        back (the server may have restarted and lost it) or a delivery was skipped: a missed
        link must never reach ``ChainState`` as a gap, which would freeze the users.
        """
        while not self._frozen and not self._stopping:
            try:
                await self._pull_chain()
            except (nats.errors.Error, TimeoutError, OSError) as err:
                _log.info("hub chain follower restarts: %s", type(err).__name__)
            except HubError as err:  # the users are re-tried by the next link or re-check
                _log.error("hub users not loaded: %s", err)
            await asyncio.sleep(_FOLLOW_RETRY)

    async def _pull_chain(self) -> None:
        assert self._nc is not None
        assert self._team is not None
        nc, layout = self._nc, TeamLayout(self._team[0].hex())
        config = api.ConsumerConfig(
            deliver_policy=api.DeliverPolicy.BY_START_SEQUENCE,
            opt_start_seq=self._applied_seq + 1,
            ack_policy=api.AckPolicy.NONE,
            inactive_threshold=_FOLLOW_IDLE,
            mem_storage=True,
            num_replicas=1,
        )
        sub = await nc.jetstream().pull_subscribe(layout.chain, stream=layout.stream, config=config)
        try:
            reconnects, expected = nc.stats["reconnects"], 1
            while self._following(nc, reconnects):
                try:
                    msgs = await sub.fetch(64, timeout=_FOLLOW_FETCH)
                except TimeoutError:
                    continue
                for msg in msgs:
                    if msg.metadata.sequence.consumer != expected:
                        return  # a delivery was lost: start again from the last link applied
                    expected += 1
                    await self._on_link(int(msg.metadata.sequence.stream), bytes(msg.data))
        finally:
            with contextlib.suppress(nats.errors.Error, TimeoutError):
                await sub.unsubscribe()

    def _following(self, nc: Client, reconnects: int) -> bool:
        """Keep this consumer: not stopping or frozen, and no reconnect since it was made."""
        return not (self._frozen or self._stopping) and nc.stats["reconnects"] == reconnects

    async def _on_link(self, seq: int, data: bytes) -> None:
        if self._frozen or self._state is None or seq <= self._applied_seq:
            return
        try:
            state = self._state.apply(data)
        except (EnvelopeRejected, ValueError) as err:
            self._frozen = True
            _log.error(
                "chain message %d of team %s is invalid (%s): hub users frozen",
                seq,
                self.team_hex,
                getattr(err, "reason", "malformed"),
            )
            return
        self._state, self._applied_seq = state, seq
        if seq >= self._replay_to:
            await self._update_users()

    async def _recheck(self) -> None:
        while not self._stopping:
            await asyncio.sleep(_RECHECK)
            if self._team is not None and self._setup_code is not None:
                await self._retire_setup()  # a cluster peer that missed sbhub.setup.done
            if self._state is not None and not self._frozen and self._replayed:
                try:
                    await self._update_users()
                except HubError as err:
                    _log.error("hub users not loaded: %s", err)

    def _users(self) -> list[HubUser]:
        users = [service_user(_public(self.seed))]
        if self._team is not None and self._state is not None:
            now = int(self._clock())
            users += users_from_chain(self._state, self._team[0].hex(), now=now)
        if self._setup_code is not None:
            users.append(setup_user(setup_public(parse_setup_code(self._setup_code))))
        return users

    async def _update_users(self) -> None:
        """Rewrite ``auth.conf`` if the users changed, and reload the server.

        A failed reload is retried by the next change or re-check: the server's users are
        tracked apart from the file's.

        Raises:
            HubError: nats-server refused the new users file.
        """
        head = self._state.head_seqno if self._state is not None else 0
        users = self._users()
        text = render_users(users).encode()
        if text != self._loaded:
            self._write_users(users)
            await self._reload()
            self._loaded = text
        self._users_at = head

    def _lists(self, user: HubUser) -> bool:
        """Whether the users file from the last run exists and lets ``user`` in."""
        try:
            return f'nkey: "{user.nkey}"' in self._config.auth_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return False

    def _write_users(self, users: list[HubUser]) -> bool:
        text = render_users(users).encode()
        path = self._config.auth_path
        with contextlib.suppress(FileNotFoundError):
            if path.read_bytes() == text:
                return False
        write_atomic(path, text, mode=0o600)
        _log.info("hub users: %d", len(users))
        return True


def _genesis(link: bytes) -> tuple[bytes, bytes, ChainState]:
    """Team id, fingerprint and state of a valid link 1 (the fingerprint from its root key)."""
    parsed = parse_link(link)
    if not isinstance(parsed.payload, CreateTeam):
        raise ValueError("not a create_team link")
    fingerprint = team_fingerprint(parsed.team_id, parsed.payload.root.sig)
    state = ChainState.genesis(parsed.team_id, fingerprint).apply(link)
    return bytes(parsed.team_id), fingerprint, state


def _own_server(url: str) -> Callable[[list[Any], dict[str, Any]], tuple[Any, float]]:
    """nats-py reconnect hook: only this node's server, never one it learnt of from a cluster.

    Each node lists its own service key only; another node would refuse the login (and nats-py
    leaks the socket of every refused attempt).
    """
    own = urlsplit(url).netloc

    def pick(servers: list[Any], _info: dict[str, Any]) -> tuple[Any, float]:
        for server in servers:
            if server.uri.netloc == own:
                return server, _RECONNECT_WAIT
        return None, _RECONNECT_WAIT

    return pick


def _public(seed: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes_raw()


async def _on_error(err: Exception) -> None:
    level = logging.DEBUG if isinstance(err, OSError | TimeoutError) else logging.WARNING
    _log.log(level, "hub service connection: %s", type(err).__name__)
