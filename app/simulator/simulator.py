"""The ``Simulator``: one fake WhatsApp Business number served over HTTP on loopback."""

from __future__ import annotations

import asyncio
import functools
import logging
import random
import time
from collections.abc import Callable

from aiohttp import web

from app.simulator import control, graph, payloads
from app.simulator.config import SimulatorConfig
from app.simulator.customers import CustomerScript, ScriptResult, run_script
from app.simulator.errors import UnknownCustomerError
from app.simulator.ids import inbound_wamid, new_bsuid, new_wa_id
from app.simulator.outbound import Outbound
from app.simulator.state import Customer, ReceivedMessage, SimState, SimulatorStats
from app.simulator.tasks import BackgroundTasks
from app.simulator.webhooks import WebhookDispatcher

log = logging.getLogger(__name__)

HOST = "127.0.0.1"


class Simulator:
    """A local stand-in for Meta's Cloud API: Graph endpoints, customers and webhooks.

    Use it in-process (``add_customer``, ``customer_sends_text``, ``received``) or over the
    ``/_sim/`` control surface. Webhooks queue until ``set_callback`` has verified a callback.
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
            clock: Wall clock in Unix seconds for timestamps and the 24-hour window; tests
                inject one to move time. Delays still run on the event loop's clock.
            rng: Source for invented names and ids (never for tokens or wamids).
        """
        self._config = config or SimulatorConfig()
        self._clock = clock
        self._rng = rng or random.Random()
        self._state = SimState()
        self._dispatcher = WebhookDispatcher(
            self._config, functools.partial(payloads.build_envelope, self._config)
        )
        self._outbound = Outbound(self._config, self._state, self._dispatcher.enqueue, clock)
        self._scripts = BackgroundTasks()
        self._canary_tokens: list[str] = []
        self._runner: web.AppRunner | None = None
        self._base_url: str | None = None

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
        app = web.Application(middlewares=[graph.graph_middleware])
        control.setup(app, self)  # before the Graph catch-all route
        graph.setup(app, graph.GraphBackend(self._config, self._outbound.handle))
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

    def customers(self) -> tuple[Customer, ...]:
        """All customers, in the order they were added."""
        return self._state.customers()

    async def customer_sends_text(
        self, user_id: str, text: str, *, reply_to: str | None = None
    ) -> str:
        """Have a customer write a text; emits the inbound ``messages`` webhook.

        Args:
            user_id: The customer's BSUID.
            text: The message body.
            reply_to: wamid of a business message the customer quotes.

        Returns:
            The inbound message's wamid (``wamid.SIM…``).

        Raises:
            UnknownCustomerError: If no customer has this BSUID.
            ValueError: If the text is empty.
        """
        customer = self._customer(user_id)
        if not text:
            raise ValueError("text must not be empty")
        wamid, now = inbound_wamid(), self._clock()
        context = None
        if reply_to is not None:
            context = {"from": self._config.display_phone_number, "id": reply_to}
        self._state.record_inbound(customer.user_id, wamid, now)
        self._dispatcher.enqueue(payloads.inbound_text(customer, wamid, now, text, context))
        log.debug("customer %s sent text %s", customer.user_id, wamid)
        return wamid

    def received(self, user_id: str) -> list[ReceivedMessage]:
        """What the business sent to this customer, oldest first.

        Raises:
            UnknownCustomerError: If no customer has this BSUID.
        """
        return list(self._state.received(self._customer(user_id).user_id))

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
            outbound_accepted=self._state.outbound_accepted,
            outbound_rejected=self._state.outbound_rejected,
            webhook_posts_delivered=d.posts_delivered,
            webhook_items_delivered=d.items_delivered,
            webhook_attempts=d.attempts,
            webhook_posts_failed=d.posts_failed,
            webhook_queue_size=d.queue_size,
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

    def _customer(self, user_id: str) -> Customer:
        customer = self._state.by_user_id(user_id)
        if customer is None:
            raise UnknownCustomerError(f"no customer with user_id {user_id}")
        return customer

    def __repr__(self) -> str:
        """Show where it listens, not who its customers are."""
        return f"<Simulator {self._base_url or 'stopped'}>"
