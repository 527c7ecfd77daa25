"""The ``Simulator``: one fake WhatsApp Business number served over HTTP on loopback."""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
import random
import time
from collections.abc import Callable

from aiohttp import web

from app.simulator import control, graph, payloads
from app.simulator.account_api import AccountApi
from app.simulator.blocklist import BlockList
from app.simulator.business_phone import BusinessPhone
from app.simulator.business_phone_api import BusinessPhoneApi
from app.simulator.config import SimulatorConfig
from app.simulator.customer_actions import CustomerActions
from app.simulator.customer_api import CustomerApi
from app.simulator.customers import CustomerScript, ScriptResult, run_script
from app.simulator.ids import inbound_wamid, new_bsuid, new_wa_id
from app.simulator.media import MAX_UPLOAD, MediaStore
from app.simulator.outbound import Outbound
from app.simulator.payloads import DeliveryFaults, WebhookItem
from app.simulator.phone import PhoneNumber
from app.simulator.rules import Policy
from app.simulator.state import Customer, ReceivedMessage, SimState, SimulatorStats
from app.simulator.tasks import BackgroundTasks
from app.simulator.template_create import TemplateReview
from app.simulator.templates import TemplateRegistry
from app.simulator.webhooks import WebhookDispatcher

log = logging.getLogger(__name__)

HOST = "127.0.0.1"


class Simulator(CustomerApi, AccountApi, BusinessPhoneApi):
    """A local stand-in for Meta's Cloud API: Graph endpoints, customers and webhooks.

    Use it in-process (``add_customer``, ``customer_sends``, ``received``, ``configure`` …)
    or over the ``/_sim/`` control surface. Webhooks queue until ``set_callback`` has
    verified a callback.
    """

    def __init__(
        self,
        config: SimulatorConfig | None = None,
        *,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
    ) -> None:
        """Build a stopped simulator.

        Args:
            config: The fake account and timings; defaults to ``SimulatorConfig()``.
            clock: Wall clock in Unix seconds for timestamps, the 24-hour window, rate
                limits and media expiry; tests inject one to move time. Delays still run on
                the event loop's clock.
            rng: Source for invented names and ids and the fault dice (never for tokens,
                wamids or media ids); defaults to one seeded with ``config.seed``.
        """
        self._config = config = config or SimulatorConfig()
        self._clock = clock
        self._rng = rng or random.Random(config.seed)
        self._behaviour = config.behaviour
        self._state = SimState()
        self._dispatcher = WebhookDispatcher(
            config, functools.partial(payloads.build_envelope, config)
        )
        self._media = MediaStore(config.media_url_ttl)
        self._phone = PhoneNumber(config, self._emit, clock)
        self._templates = TemplateRegistry(config.templates, self._emit)
        self._wire_pipelines()
        self._blocklist = BlockList(config, self._state, clock)
        self._scripts = BackgroundTasks()
        self._review = TemplateReview(
            self._templates, config.template_review_delay, self._scripts.spawn, clock
        )
        self._canary_tokens: list[str] = []
        self._runner: web.AppRunner | None = None
        self._base_url: str | None = None
        self.on_accepted: Callable[[ReceivedMessage], None] | None = None
        """Called as each send is accepted, before Graph answers it: fault tests stop the
        sender right there (a gateway killed between Meta taking a message and reporting it)."""

    def _wire_pipelines(self) -> None:
        """Build the send pipeline and the customers' side; both share the rules."""
        config, clock = self._config, self._clock
        policy = Policy(self._templates, lambda: self._phone.throughput_mps, self._rng)
        self._outbound = Outbound(
            config,
            self._state,
            self._emit,
            clock,
            media=self._media,
            policy=policy,
            behaviour=self.behaviour_for,
            rng=self._rng,
            accepted=self._accepted,
        )
        self._actions = CustomerActions(
            config,
            self._state,
            self._emit,
            clock,
            media=self._media,
            policy=policy,
            rng=self._rng,
            base_url=lambda: self.base_url,
        )
        self._business_phone = BusinessPhone(
            config, self._state, self._emit, clock, self._actions.type_object
        )

    @property
    def config(self) -> SimulatorConfig:
        """The configuration this simulator runs with."""
        return self._config

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` once started.

        Raises:
            RuntimeError: Before ``start``.
        """
        if self._base_url is None:
            raise RuntimeError("the simulator is not started")
        return self._base_url

    def graph_url(self, version: str = "v26.0") -> str:
        """Base of the Graph paths, the stand-in for ``https://graph.facebook.com/{version}``."""
        return f"{self.base_url}/{version}"

    async def start(self) -> str:
        """Serve on 127.0.0.1 and start webhook delivery.

        Returns:
            The base URL, e.g. ``http://127.0.0.1:54321``.
        """
        if self._runner is not None:
            raise RuntimeError("the simulator is already started")
        # Uploads may be 100 MB (documents); aiohttp's default cap is 1 MB.
        app = web.Application(
            middlewares=[graph.graph_middleware], client_max_size=MAX_UPLOAD + 1024 * 1024
        )
        control.setup(app, self)  # before the Graph catch-all route
        graph.setup(
            app,
            graph.GraphBackend(
                self._config,
                self._outbound.handle,
                media=self._media,
                phone=self._phone,
                blocklist=self._blocklist,
                clock=self._clock,
                base_url=lambda: self.base_url,
                token_expired=lambda: self._behaviour.expired_token,
                templates=self._templates.all,
                app_data=self._business_phone.request_sync,
                create_template=self._review.create,
            ),
        )
        # No access log: request lines could carry an access_token query parameter.
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        try:
            await web.TCPSite(runner, HOST, self._config.port).start()
        except OSError:
            await runner.cleanup()  # e.g. the configured port is taken
            raise
        self._runner = runner
        await self._dispatcher.start()
        port = runner.addresses[0][1]
        self._base_url = f"http://{HOST}:{port}"
        log.info("simulator listening on %s", self._base_url)
        return self._base_url

    async def stop(self) -> None:
        """Stop scripts, status progressions and delivery, then close the server."""
        await self._scripts.cancel_all()
        await self._outbound.stop()
        await self._dispatcher.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        self._base_url = None

    async def set_callback(self, url: str, verify_token: str) -> None:
        """Verify ``url`` with Meta's GET handshake and deliver webhooks there.

        Raises:
            CallbackVerificationError: If the callback fails the handshake.
        """
        await self._dispatcher.verify_callback(url, verify_token)

    def add_customer(
        self,
        profile_name: str,
        *,
        wa_id: str | None = None,
        username: str | None = None,
        user_id: str | None = None,
        country: str = "DE",
    ) -> Customer:
        """Register a WhatsApp user who can write to the business.

        Args:
            profile_name: The WhatsApp profile name.
            wa_id: Phone number in bare digits. If neither it nor ``username`` is given, one
                is invented, since only username users can hide their number.
            username: A WhatsApp username; such users have no ``wa_id`` unless given.
            user_id: The BSUID; invented (``CC.<17 digits>``) when omitted.
            country: ISO code for invented ids.

        Returns:
            The new customer.

        Raises:
            ValueError: On malformed or duplicate ids.
        """
        if wa_id is None and username is None:
            wa_id = new_wa_id(country, self._rng)
        customer = Customer(
            user_id=user_id or new_bsuid(country, self._rng),
            profile_name=profile_name,
            wa_id=wa_id,
            username=username,
        )
        self._state.add_customer(customer)
        log.debug("customer %s added", customer.user_id)
        return customer

    def message_for_other_number(self, phone_number_id: str, text: str = "Hello?") -> str:
        """A stranger writes to another number of the same Meta app, and Meta posts it to
        this callback (one app, several numbers): its `metadata.phone_number_id` names that
        number, so a gateway must answer 200 and keep it from the team.

        Returns:
            The message's wamid.

        Raises:
            ValueError: If `phone_number_id` is this simulator's own number.
        """
        if phone_number_id == self.config.phone_number_id:
            raise ValueError("that is this simulator's own phone number id")
        stranger = Customer(new_bsuid("DE", self._rng), "Stranger", new_wa_id("DE", self._rng))
        wamid, now = inbound_wamid(), self._clock()
        item = payloads.inbound_text(stranger, wamid, now, text, None)
        self._emit(dataclasses.replace(item, phone_number_id=phone_number_id))
        log.debug("message for another number queued (%s)", wamid)
        return wamid

    def _accepted(self, message: ReceivedMessage) -> None:
        if self.on_accepted is not None:
            self.on_accepted(message)

    def customers(self) -> tuple[Customer, ...]:
        """All customers, in the order they were added."""
        return self._state.customers()

    def received(self, user_id: str) -> list[ReceivedMessage]:
        """What the business sent to this customer, oldest first.

        Raises:
            UnknownCustomerError: If no customer has this BSUID.
        """
        return list(self._state.received(self.customer(user_id).user_id))

    def received_file(self, message: ReceivedMessage) -> bytes | None:
        """The bytes of the file a received media message carried (as the customer's phone
        would download them), or None for other types or an unknown id."""
        content = message.content if isinstance(message.content, dict) else {}
        media_id = content.get("id")
        if not isinstance(media_id, str):
            return None
        stored = self._media.get(media_id, self._clock())
        return None if stored is None else stored.data

    def statuses(self, wamid: str) -> tuple[str, ...]:
        """Statuses emitted so far for a message the business sent."""
        return self._state.statuses(wamid)

    def is_marked_read(self, wamid: str) -> bool:
        """Whether the business marked this inbound message as read."""
        return self._state.is_marked_read(wamid)

    @property
    def canary_tokens(self) -> tuple[str, ...]:
        """Every token put into a scripted message so far, in sending order."""
        return tuple(self._canary_tokens)

    @property
    def stats(self) -> SimulatorStats:
        """A snapshot of the message and webhook counters."""
        d = self._dispatcher
        return SimulatorStats(
            inbound_messages=self._state.inbound_messages,
            inbound_dropped=self._state.inbound_dropped,
            outbound_accepted=self._state.outbound_accepted,
            outbound_rejected=self._state.outbound_rejected,
            webhook_posts_delivered=d.posts_delivered,
            webhook_items_delivered=d.items_delivered,
            webhook_attempts=d.attempts,
            webhook_posts_failed=d.posts_failed,
            webhook_duplicates=d.duplicates,
            webhook_queue_size=d.queue_size,
            webhook_retry_pauses=tuple(d.retry_pauses),
        )

    def start_script(self, script: CustomerScript) -> asyncio.Task[ScriptResult]:
        """Run scripted customers in the background; ``stop`` cancels the task."""
        return self._scripts.spawn(
            run_script(self, script, self._canary_tokens.append), "sim-script"
        )

    async def run_script(self, script: CustomerScript) -> ScriptResult:
        """Run scripted customers to the end.

        Returns:
            The customers created and the messages they sent.
        """
        return await self.start_script(script)

    def _emit(self, item: WebhookItem) -> None:
        """Queue a webhook item with the delivery faults its customer's switches roll."""
        b = self.behaviour_for(item.user_id)
        duplicate = b.duplicate_webhooks > 0 and self._rng.random() < b.duplicate_webhooks
        slow = b.slow_callback
        if b.failed_deliveries > 0 and self._rng.random() < b.failed_deliveries:
            slow = max(slow, self.config.webhook_timeout + 0.5)
        faults = DeliveryFaults(duplicate, b.bad_signature, slow)
        if faults != item.faults:  # most items roll none: no copy (this runs per webhook)
            item = dataclasses.replace(item, faults=faults)
        self._dispatcher.enqueue(item)

    def __repr__(self) -> str:
        """Show where it listens, not who its customers are."""
        return f"<Simulator {self._base_url or 'stopped'}>"
