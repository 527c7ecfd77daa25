"""The gateway service: Meta's webhooks in, sealed events out; requested replies sent.

Composition only: `webhook` answers Meta, `inbound` seals and publishes, `outbound` turns the
desks' requests into sends through the `sender` queue, `sealing` holds the team chain view,
`settings` takes the number's settings from an admin and `connection` reports the webhook's
state back to the desks.

A gateway may start without settings (a `switchboard gateway join`ed one does): it follows the
chain and waits, and its webhook answers 503 until an admin connects the number from a desk.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import aiohttp
from aiohttp import web

from app.aio import cancel_and_wait
from app.crypto.errors import ChainInvalid
from app.domain.errors import EnvelopeRejected
from app.domain.gateway_beat import BEAT_EVERY
from app.domain.ids import NO_CONVERSATION
from app.gateway.auto_replies import AutoReplies
from app.gateway.checkpoint import OutboundCheckpoint
from app.gateway.connection import Connection, ConnectionReporter
from app.gateway.graph import GraphClient, GraphConfig, MediaClient
from app.gateway.heartbeat import Heartbeat
from app.gateway.inbound import InboundPublisher, read_subject, until_hub
from app.gateway.media import MediaFetcher
from app.gateway.menu_replies import MenuReplies
from app.gateway.meta_reach import MetaReach
from app.gateway.notifications import Notifications
from app.gateway.number import GraphProblem, fetch_number_status
from app.gateway.outbound import OutboundRequests
from app.gateway.outcomes import throughput_of
from app.gateway.own_chain import ATTACK_COUNTERS
from app.gateway.parse import WebhookEvent
from app.gateway.phone_sync import PhoneSync
from app.gateway.sealing import (
    GatewayLog,
    OpenedApiToken,
    OpenedBusinessHours,
    OpenedMenu,
    OpenedSettings,
    OpenedSyncRequest,
    OpenedTemplateRequest,
)
from app.gateway.settings import SettingsKeeper, graph_config
from app.gateway.spool import Spool, spool_key
from app.gateway.spool_drain import SpoolDrain
from app.gateway.state import GatewayState
from app.gateway.template_create import TemplateCreator
from app.gateway.template_watch import TemplateWatch
from app.gateway.trouble import Trouble
from app.gateway.unknown_outcomes import UNCONFIRMED_AFTER_S
from app.gateway.webhook import MAX_WEBHOOK_BYTES, WebhookEndpoint
from app.gateway.webhook_lane import WebhookLane
from app.log.events import (
    AdminNotice,
    GatewaySettings,
    GatewayStatus,
    HistorySync,
    NotificationSent,
    NumberStatus,
    TemplateCatalogue,
)
from app.sync import codec
from app.sync.presence import Ephemeral
from app.sync.protocol import gateway_entry, screen_link
from app.sync.subjects import Subjects
from app.sync.transport import Follower, LogRecord, MediaStore, Transport

log = logging.getLogger(__name__)

STOP_GRACE_S = 15.0
NUMBER_POLL_S = 600.0
"""Meta sends name and quality updates as webhooks; the poll also catches what they miss."""


@dataclass(frozen=True, slots=True)
class GatewayConfig:
    """How the gateway meets Meta.

    `app_secret`, `verify_token` and `graph` come together from a config file, or all three
    are None: the gateway then uses the settings an admin sends from a desk.
    """

    state_dir: Path
    """The gateway's own durable state (send log, author-chain head, settings): one per
    gateway."""
    app_secret: bytes | None = field(default=None, repr=False)
    verify_token: str | None = field(default=None, repr=False)
    graph: GraphConfig | None = field(default=None, repr=False)
    host: str = "127.0.0.1"
    port: int = 0
    path: str = "/webhook"
    public_url: str = ""
    """Where Meta reaches the webhook (behind a proxy, say), reported to the desks; "" reports
    the address the gateway listens on."""
    waba_id: str = ""
    """The business account whose templates desks may send, for a gateway run from a config
    file; admins' settings name it, and "" learns it from Meta's webhooks (`template_watch`)."""
    unconfirmed_after_s: float = UNCONFIRMED_AFTER_S
    """How long a send whose answer was lost waits for Meta's statuses before the desks hear
    "not confirmed" (`unknown_outcomes`)."""
    beat_every: float = BEAT_EVERY
    """Seconds between two beats that tell the desks the gateway runs (`heartbeat`)."""

    def __post_init__(self) -> None:
        given = (self.app_secret is not None, self.verify_token is not None, self.graph is not None)
        if any(given) and not all(given):
            raise ValueError("app_secret, verify_token and graph are given together or not at all")


AdminRequest = (
    OpenedSettings
    | OpenedTemplateRequest
    | OpenedApiToken
    | OpenedSyncRequest
    | OpenedBusinessHours
    | OpenedMenu
)
"""Admins' requests, handled one at a time in log order."""


class Gateway:
    """One gateway replica for one team and phone number."""

    def __init__(
        self,
        config: GatewayConfig,
        team_log: GatewayLog,
        transport: Transport,
        clock: Callable[[], float],
        media_store: MediaStore | None = None,
        beats: Ephemeral | None = None,
    ) -> None:
        """`beats` carries the gateway's beats to the desks (usually the transport itself);
        without one the desks cannot tell whether it runs."""
        self._config = config
        self._beats = beats
        self._clock = clock
        self._media_store = media_store
        self._log = team_log
        self._transport = transport
        self._subjects = Subjects(team_log.chain.team_id.hex())
        self.stats = {
            "published": 0,
            "reports": 0,
            "duplicates": 0,
            "sent": 0,
            "send_failed": 0,
            "refused": 0,
            "media_stored": 0,
            "media_failed": 0,
            "settings_applied": 0,
            "settings_rejected": 0,
            **ATTACK_COUNTERS,
        }
        self._state = GatewayState(config.state_dir)
        self._publisher = InboundPublisher(team_log, transport, clock, self.stats, self._state)
        self._checkpoint = OutboundCheckpoint(self._state)
        self._settings_trouble = Trouble(log, "handling the number's settings")
        self._outbound = OutboundRequests(
            team_log,
            transport,
            self._publisher,
            self.stats,
            self._state,
            media=media_store,
            checkpoint=self._checkpoint,
            clock=clock,
            unconfirmed_after=config.unconfirmed_after_s,
        )
        self.reach = MetaReach(clock)
        """Whether Meta answered the latest Graph call, for the beats."""
        self.reporter = ConnectionReporter(self._report_connection, clock, config.public_url)
        self.templates = TemplateWatch(
            self._state, self._publish_until_hub, clock, account_id=config.waba_id
        )
        self._spool = Spool(config.state_dir, spool_key(team_log.keys))
        self._webhook = WebhookEndpoint(
            app_secret=config.app_secret,
            verify_token=config.verify_token,
            publisher=self._publisher,
            spool=self._spool,
            ready=self._ready,
            on_number_changed=self._number_changed,
            on_handshake=self.reporter.handshake,
            on_webhook=self.reporter.webhook,
            on_templates=self.templates.on_webhook,
            on_callbacks=self._outbound.watch.on_statuses,
            number_id=self._phone_number_id,
            on_foreign=self._foreign_webhook,
            on_items=self._webhook_items,
        )
        self.spool_drain = SpoolDrain(self._spool, self._webhook.submit)
        self.notifications = Notifications(
            config.state_dir,
            self._outbound.queue,
            lambda: self._graph_client,
            lambda: self.templates.current,
            self._publish_until_hub,
            clock,
        )
        self.menu_replies = MenuReplies(
            self._state,
            self._outbound.queue,
            lambda: self._graph_client,
            self._publish_until_hub,
            clock,
        )
        """The menu sent as a new conversation's first reply (after the greeting)."""
        self.auto_replies = AutoReplies(
            self._state,
            self._outbound.queue,
            lambda: self._graph_client,
            self._publish_until_hub,
            clock,
            then=self.menu_replies,
        )
        """The greeting and away messages, per the admin's business hours."""
        self._settings = SettingsKeeper(
            self._state, self._check_number, self._use_settings, self.reporter, self.stats
        )
        self.creator = TemplateCreator(
            self._state,
            self._template_access,
            self._publish_until_hub,
            lambda: self.templates.on_webhook([], templates_changed=True),
        )
        self.phone_sync = PhoneSync(
            self._sync_access,
            self._state.meta,
            self._state.save_meta,
            self._publish_until_hub,
            clock,
        )
        self._settings_inbox: asyncio.Queue[tuple[AdminRequest, int]] = asyncio.Queue()
        """Admins' requests (settings, new templates, the phone's data), one at a time in log
        order."""
        self._graph: GraphConfig | None = None
        self._graph_client: GraphClient | None = None
        self._media_client: MediaClient | None = None
        self._listen_url = ""
        self._configured = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._listener: asyncio.Server | None = None
        self._lane: WebhookLane | None = None
        self._session: aiohttp.ClientSession | None = None
        self._follower: Follower | None = None
        self._chain_ok = True
        self._chain_read_to = 0
        """Stream seq of the newest chain link read at start: the follower skips up to it."""
        self._link_hashes: dict[int, bytes] = {}
        """`link_hash` of each validated link, to tell the hub's copies from forks."""
        self._enrolled = asyncio.Event()
        self._number_poll = asyncio.Event()
        self._number: NumberStatus | None = None
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> str:
        """Start following the log and serving webhooks; returns the callback URL.

        Raises:
            StateMismatch: `state_dir` holds another team's or gateway's state.
        """
        await self._state.open(self._log.chain.team_id, self._log.keys.device_id)
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        # The chain first: it names the team's other gateways (whose records on `.in` are
        # theirs) and who may ask for sends. Then requests from the checkpoint on, not from
        # the start of the log, so start time does not grow with history.
        await self._read_chain()
        await self._publisher.resume()
        await self._outbound.resume()
        await self._spool.open()
        await self.notifications.open()
        await self.menu_replies.start()
        await self.auto_replies.start()  # before the spool's replay: its messages count too
        # What an earlier run spooled goes out first, before any new webhook's events.
        self._tasks.append(asyncio.create_task(self.spool_drain.run(), name="gateway-spool"))
        checkpoint = await self._checkpoint.load()
        await self._resume_connection()
        if self._config.graph is not None:
            self._use_graph(self._config.graph)
        else:
            await self._settings.resume()
        self._follower = self._transport.follow(
            checkpoint + 1,
            self._on_records,
            subjects=[self._subjects.chain, self._subjects.outbound],
        )
        self._tasks.append(asyncio.create_task(self._watch_number(), name="gateway-number"))
        if self._beats is not None:
            self._tasks.append(asyncio.create_task(self._heartbeat().run(), name="gateway-beat"))
        self._tasks.append(asyncio.create_task(self._watch_templates(), name="gateway-templates"))
        if self._config.graph is None:
            # Reports answer the admin who connected the number from a desk; a gateway run from
            # a config file has none to answer (and its webhooks publish only what Meta sent).
            self._tasks.append(asyncio.create_task(self.reporter.run(), name="gateway-connection"))
        self._listen_url = await self._serve()
        # Only now: applied settings report the webhook URL, which exists once serving.
        self._tasks.append(asyncio.create_task(self._take_settings(), name="gateway-settings"))
        return self._listen_url

    async def stop(self) -> None:
        """Stop taking webhooks, finish or hand back sends, stop following, close."""
        if self._listener is not None and self._lane is not None:
            self._listener.close()  # no new connection; those open are closed below
            self._lane.close()
        if self._runner is not None:
            await self._runner.cleanup()
        if self._webhook.media is not None:
            await self._webhook.media.stop()
        await cancel_and_wait(*self._tasks)
        await self.notifications.stop()
        await self.auto_replies.stop()
        try:
            # Reports wait for the hub (until_hub); stopping must not wait forever for it.
            async with asyncio.timeout(STOP_GRACE_S):
                await self._outbound.stop()
        except TimeoutError:
            log.warning(
                "stopped with send outcomes not yet in the log; the next start reports them"
            )
        await self._publisher.close()
        with contextlib.suppress(Exception):  # at worst the next start reads more requests
            await self._checkpoint.save()
        if self._follower is not None:
            await self._follower.stop()
        if self._session is not None:
            await self._session.close()
        await self._spool.close()
        await self.notifications.close()
        await self._state.close()

    async def wait_enrolled(self, within: float = 30.0) -> None:
        """Wait until the chain names this gateway (tests and the demo start in order)."""
        async with asyncio.timeout(within):
            await self._enrolled.wait()

    @property
    def configured(self) -> bool:
        """Whether the gateway has number settings (from its config file or an admin)."""
        return self._configured.is_set()

    async def wait_configured(self, within: float = 30.0) -> None:
        """Wait until number settings are in use (tests and the demo start in order)."""
        async with asyncio.timeout(within):
            await self._configured.wait()

    @property
    def lane(self) -> WebhookLane | None:
        """The webhook's fast lane while serving (its connections' back-pressure)."""
        return self._lane

    @property
    def helper_pids(self) -> list[int]:
        """The gateway's own processes besides this one (the spool's writer), for measuring
        its CPU."""
        pid = self._spool.writer_pid
        return [] if pid is None else [pid]

    @property
    def admin_alerts(self) -> list[int]:
        """Graph error codes that need an administrator (token, account), newest last."""
        return self._outbound.admin_alerts

    async def _serve(self) -> str:
        app = web.Application(client_max_size=MAX_WEBHOOK_BYTES)
        self._webhook.install(app, self._config.path)
        self.notifications.api.install(app)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        assert self._runner.server is not None
        # Meta's POSTs take the fast lane; every other request is the application's.
        self._lane = WebhookLane(self._webhook, self._config.path, self._runner.server)
        self._listener = await asyncio.get_running_loop().create_server(
            self._lane, self._config.host, self._config.port
        )
        port = self._listener.sockets[0].getsockname()[1]
        return f"http://{self._config.host}:{port}{self._config.path}"

    def _foreign_webhook(self, items: dict[str, int]) -> None:
        """Items addressed to another phone number id were ignored: count them."""
        count = self.stats.get("foreign_number_items", 0)
        self.stats["foreign_number_items"] = count + sum(items.values())

    def _phone_number_id(self) -> str | None:
        return None if self._graph is None else self._graph.phone_number_id

    def _heartbeat(self) -> Heartbeat:
        assert self._beats is not None
        return Heartbeat(
            self._log,
            self._beats,
            self._clock,
            reach=self.reach,
            waiting=self._waiting,
            ready=lambda: self._log.enrolled and self._chain_ok,
            probe=self._number_poll.set,
            every=self._config.beat_every,
        )

    async def _waiting(self) -> tuple[int, int]:
        """(webhook bodies not yet on the hub, replies not yet sent), for the beats."""
        return await self._spool.count(), self._outbound.queue.pending

    def _ready(self) -> bool:
        return self._log.enrolled and self._chain_ok and self._configured.is_set()

    # -- number settings --------------------------------------------------------------------------

    def _use_graph(self, graph: GraphConfig, account_id: str = "") -> None:
        """Talk to Graph with `graph` from now on; the first settings start the sending."""
        assert self._session is not None
        self._graph = graph
        if self._graph_client is not None and self._media_client is not None:
            self._graph_client.reconfigure(graph)
            self._media_client.reconfigure(graph)
        else:
            self._graph_client = GraphClient(graph, self._session, on_answer=self.reach.sent)
            self._media_client = MediaClient(graph, self._session)
            if self._media_store is not None:
                self._webhook.media = MediaFetcher(
                    self._media_client, self._media_store, self._publisher.publish, self.stats
                )
            self._outbound.start(self._graph_client)
        self._configured.set()
        self._number_poll.set()
        self.templates.use(self._session, graph, account_id)

    def _use_settings(self, settings: GatewaySettings) -> str:
        """Apply an admin's settings; returns the webhook URL to report."""
        self._use_graph(graph_config(settings), settings.business_account_id)
        self._webhook.configure(settings.app_secret.encode(), settings.verify_token)
        return settings.webhook_url or self._config.public_url or self._listen_url

    async def _check_number(self, graph: GraphConfig) -> NumberStatus | GraphProblem:
        assert self._session is not None
        answer = await fetch_number_status(self._session, graph, int(self._clock()))
        self.reach.read(answer if isinstance(answer, GraphProblem) else None)
        self._pace_to(answer)
        return answer

    @property
    def sending_rate(self) -> float:
        """Messages a second the gateway sends at: the number's throughput, as Meta reports."""
        return self._outbound.queue.messages_per_second

    def _pace_to(self, answer: NumberStatus | GraphProblem) -> None:
        """Send at the throughput Meta gives the number (80 a second, 1,000 once upgraded)."""
        if isinstance(answer, NumberStatus):
            self._outbound.queue.set_throughput(throughput_of(answer.throughput_level))

    async def _take_settings(self) -> None:
        """One settings request at a time, in log order."""
        while True:
            opened, seq = await self._settings_inbox.get()
            try:
                if isinstance(opened, OpenedTemplateRequest):
                    await self.creator.on_request(opened)
                elif isinstance(opened, OpenedApiToken):
                    await self.notifications.tokens.apply(opened.token)
                elif isinstance(opened, OpenedSyncRequest):
                    await self.phone_sync.on_request(opened)
                elif isinstance(opened, OpenedBusinessHours):
                    await self.auto_replies.apply(opened.hours)
                elif isinstance(opened, OpenedMenu):
                    await self.menu_replies.apply(opened.menu)
                else:
                    await self._settings.on_settings(opened)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # one bad request must not stop later ones
                self._settings_trouble.failed(exc)
            else:
                self._settings_trouble.worked()
            await self._checkpoint.end(seq)

    async def _report_connection(self, status: GatewayStatus) -> None:
        await until_hub(lambda: self._publisher.publish(status))
        await self._state.save_connection(codec.encode(status, NO_CONVERSATION, status.at))

    async def _resume_connection(self) -> None:
        saved = await self._state.connection()
        if saved is None:
            return
        try:
            status = codec.decode(saved).event
        except ValueError:
            return
        if isinstance(status, GatewayStatus):
            self.reporter.resumed(
                Connection(
                    webhook_url=self._config.public_url or status.webhook_url,
                    simulated=status.simulated,
                    handshake=status.handshake,
                    handshake_at=status.handshake_at,
                    last_webhook_at=status.last_webhook_at,
                    settings=status.settings,
                    settings_id=status.settings_id,
                    problem=status.problem,
                    error_code=status.error_code,
                )
            )

    def _template_access(self) -> tuple[aiohttp.ClientSession, GraphConfig, str] | None:
        """Where an admin's new template is created: None until the number is connected."""
        if self._session is None or self._graph is None:
            return None
        return self._session, self._graph, self.templates.account_id

    def _webhook_items(self, document: object, events: list[WebhookEvent]) -> None:
        """Opt-outs and late failures, for what back-office systems send; customer messages,
        for the automatic answers."""
        self.notifications.on_webhook(document, events, self._phone_number_id())
        self.auto_replies.on_webhook(events)

    def _sync_access(self) -> tuple[aiohttp.ClientSession, GraphConfig] | None:
        """Where the phone's data is asked for: None until the number is connected."""
        if self._session is None or self._graph is None:
            return None
        return self._session, self._graph

    async def _publish_until_hub(
        self, event: TemplateCatalogue | AdminNotice | NotificationSent | HistorySync
    ) -> None:
        await until_hub(lambda: self._publisher.publish(event))

    async def _watch_templates(self) -> None:
        """The templates desks may send: read once enrolled and configured (`TemplateWatch`)."""
        await self._enrolled.wait()
        await self._configured.wait()
        await self.templates.run()

    def _number_changed(self) -> None:
        log.info("the number's name or quality changed")
        self._number_poll.set()

    async def _watch_number(self) -> None:
        """Keep the desks' badge current: poll on start, on Meta's change webhooks, on new
        settings and every NUMBER_POLL_S; publish only what changed."""
        await self._enrolled.wait()
        await self._configured.wait()
        while True:
            self._number_poll.clear()
            try:
                await self._poll_number()
            except asyncio.CancelledError:
                raise
            except Exception:  # the badge must keep being watched after any one failure
                log.exception("reading the number's status failed")
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(NUMBER_POLL_S):
                    await self._number_poll.wait()

    async def _poll_number(self) -> None:
        assert self._session is not None
        if self._graph is None:
            return
        answer = await fetch_number_status(self._session, self._graph, int(self._clock()))
        self.reach.read(answer if isinstance(answer, GraphProblem) else None)
        self._pace_to(answer)
        if not isinstance(answer, NumberStatus):
            log.warning("number status not read: %s", answer.kind)
            return
        if self._number is not None and replace(answer, at=0) == replace(self._number, at=0):
            return
        try:
            await until_hub(lambda: self._publisher.publish(answer))
        except (ValueError, EnvelopeRejected) as exc:
            log.error("number status could not be sealed: %s", type(exc).__name__)
            return
        self._number = answer

    async def _read_chain(self) -> None:
        records, _ = await read_subject(self._transport, self._subjects.chain, 1)
        await self._on_records(records)
        self._chain_read_to = records[-1].seq if records else 0

    async def _on_records(self, records: Sequence[LogRecord]) -> None:
        for record in records:
            if record.subject == self._subjects.chain:
                if record.seq > self._chain_read_to:
                    async with self._publisher.sealing:  # no run is sealed on a changing view
                        self._apply_link(record)
            elif record.subject == self._subjects.outbound:
                if not self._chain_ok:
                    # Not handled until a person resolves the chain: read again after a restart.
                    self._checkpoint.begin(record.seq)
                elif self._addressed_here():
                    self._on_outbound(record)
                else:
                    self._checkpoint.read(record.seq)

    def _addressed_here(self) -> bool:
        """Desks seal requests to the team's first active gateway (`gateway_entry`); another
        gateway of the team only takes webhooks, and does not try to open them."""
        try:
            return gateway_entry(self._log.chain).device_id == self._log.keys.device_id
        except EnvelopeRejected:
            return False

    def _on_outbound(self, record: LogRecord) -> None:
        try:
            opened = self._log.open_outbound(record.data)
        except EnvelopeRejected as exc:
            self.stats["refused"] += 1
            log.warning("outbound request refused: %s", exc)
            self._checkpoint.read(record.seq)
            return
        if isinstance(
            opened,
            OpenedSettings
            | OpenedTemplateRequest
            | OpenedApiToken
            | OpenedSyncRequest
            | OpenedBusinessHours
            | OpenedMenu,
        ):
            self._checkpoint.begin(record.seq)
            self._settings_inbox.put_nowait((opened, record.seq))
        else:
            self._outbound.on_opened(opened, record.seq)

    def _apply_link(self, record: LogRecord) -> None:
        # Junk, unsigned links and copies are the hub's doing: reported, never fatal.
        refused = screen_link(self._log.chain, self._link_hashes, record.data)
        if refused is not None:
            self.stats["hub_chain_refused"] = self.stats.get("hub_chain_refused", 0) + 1
            log.warning("hub attack: %s on the chain at stream seq %d", refused, record.seq)
            return
        try:
            self._log.apply_link(record.data)
            self._link_hashes[self._log.chain.head_seqno] = self._log.chain.head_hash
            if self._log.enrolled:
                self._enrolled.set()
        except ChainInvalid as exc:
            # crypto.md §3.5 rule 7: stop sealing and sending until a person resolves it.
            self._chain_ok = False
            log.error("team chain invalid at stream seq %d: %s", record.seq, exc)
