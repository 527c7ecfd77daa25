"""Fixtures for simulator tests: a signature-checking callback server and a fast simulator."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import io
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web

from app.simulator import Customer, Simulator, SimulatorConfig
from app.simulator.retry_schedule import RetrySchedule

APP_SECRET = "test-app-secret"
ACCESS_TOKEN = "test-access-token"
VERIFY_TOKEN = "test-verify-token"
PHONE_ID = "770000000000001"
AUTH = {"Authorization": f"Bearer {ACCESS_TOKEN}"}


async def until(predicate: Callable[[], bool], within: float = 1.5, step: float = 0.005) -> None:
    """Poll ``predicate`` until it holds; fail loudly after ``within`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {within}s")
        await asyncio.sleep(step)


Notify = Callable[[web.Request], Awaitable[web.Response]]


@contextlib.asynccontextmanager
async def serving_callback(notify: Notify) -> AsyncIterator[str]:
    """A callback URL on loopback whose POSTs `notify` answers; it answers Meta's handshake."""

    async def handshake(request: web.Request) -> web.Response:
        return web.Response(text=request.query["hub.challenge"])

    app = web.Application()
    app.router.add_post("/", notify)
    app.router.add_get("/", handshake)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        yield f"http://127.0.0.1:{runner.addresses[0][1]}/"
    finally:
        await runner.cleanup()


class FakeClock:
    """A wall clock that only moves when told to."""

    def __init__(self, now: float = 1_767_225_600.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Delivery:
    """One POST the callback answered with 2xx."""

    raw: bytes
    body: dict[str, Any]
    headers: dict[str, str]


@dataclass
class Callback:
    """A webhook receiver that checks every signature the way a gateway must."""

    secret: str = APP_SECRET
    verify_token: str = VERIFY_TOKEN
    fail_with: list[int] = field(default_factory=list)
    """Statuses to answer the next POSTs with, in order, before answering 200."""
    deliveries: list[Delivery] = field(default_factory=list)
    attempts: int = 0
    bad_signatures: int = 0
    url: str = ""

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/webhook", self._handshake)
        app.router.add_post("/webhook", self._notify)
        return app

    async def _handshake(self, request: web.Request) -> web.Response:
        q = request.query
        if q.get("hub.mode") == "subscribe" and q.get("hub.verify_token") == self.verify_token:
            return web.Response(text=q["hub.challenge"])
        return web.Response(status=403)

    async def _notify(self, request: web.Request) -> web.Response:
        self.attempts += 1
        raw = await request.read()
        header = request.headers.get("X-Hub-Signature-256", "")
        expected = hmac.new(self.secret.encode(), raw, hashlib.sha256).hexdigest()
        if not (
            header.startswith("sha256=")
            and hmac.compare_digest(expected, header.removeprefix("sha256="))
        ):
            self.bad_signatures += 1
            return web.Response(status=403)
        if self.fail_with:
            return web.Response(status=self.fail_with.pop(0))
        self.deliveries.append(Delivery(raw, json.loads(raw), dict(request.headers)))
        return web.Response(text="ok")

    def values(self) -> Iterator[dict[str, Any]]:
        """Every change value of every delivered POST, walking all levels."""
        for delivery in self.deliveries:
            for entry in delivery.body["entry"]:
                for change in entry["changes"]:
                    yield change["value"]

    def changes(self) -> Iterator[dict[str, Any]]:
        """Every change (``field`` + ``value``) of every delivered POST."""
        for delivery in self.deliveries:
            for entry in delivery.body["entry"]:
                yield from entry["changes"]

    def messages(self) -> list[dict[str, Any]]:
        return [m for v in self.values() for m in v.get("messages", [])]

    def statuses(self) -> list[dict[str, Any]]:
        return [s for v in self.values() for s in v.get("statuses", [])]

    def statuses_of(self, wamid: str) -> list[str]:
        return [s["status"] for s in self.statuses() if s["id"] == wamid]

    def field_values(self, field_name: str) -> list[dict[str, Any]]:
        return [c["value"] for c in self.changes() if c["field"] == field_name]


def fast_config(**overrides: Any) -> SimulatorConfig:
    """A config with test secrets and compressed timings."""
    settings: dict[str, Any] = {
        "access_token": ACCESS_TOKEN,
        "app_secret": APP_SECRET,
        "phone_number_id": PHONE_ID,
        "sent_delay": 0.01,
        "delivered_delay": 0.02,
        "read_delay": 0.03,
        "played_delay": 0.04,
        # Pauses of 10 ms, 20 ms, 20 ms: three retries, then the webhook is dropped.
        "webhook_retries": RetrySchedule(first_s=0.01, longest_s=0.02, lasting_s=0.055),
        "webhook_timeout": 1.0,
    }
    settings.update(overrides)
    return SimulatorConfig(**settings)


@pytest_asyncio.fixture
async def callback() -> AsyncIterator[Callback]:
    receiver = Callback()
    runner = web.AppRunner(receiver.app(), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    receiver.url = f"http://127.0.0.1:{runner.addresses[0][1]}/webhook"
    yield receiver
    await runner.cleanup()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def config() -> SimulatorConfig:
    """Override in a test module to change the simulator's settings."""
    return fast_config()


@pytest_asyncio.fixture
async def sim(
    config: SimulatorConfig, clock: FakeClock, callback: Callback
) -> AsyncIterator[Simulator]:
    simulator = Simulator(config, clock=clock)
    await simulator.start()
    await simulator.set_callback(callback.url, VERIFY_TOKEN)
    yield simulator
    await simulator.stop()


@pytest_asyncio.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def send_text(
    http: aiohttp.ClientSession,
    sim: Simulator,
    to: str,
    body: str = "Your order shipped.",
    **extra: Any,
) -> tuple[int, dict[str, Any]]:
    """POST a text send and return (HTTP status, JSON body)."""
    payload = {"messaging_product": "whatsapp", "to": to, "type": "text", "text": {"body": body}}
    payload.update(extra)
    url = f"{sim.graph_url()}/{PHONE_ID}/messages"
    async with http.post(url, json=payload, headers=AUTH) as response:
        return response.status, await response.json()


async def graph_call(
    http: aiohttp.ClientSession,
    sim: Simulator,
    method: str,
    path: str,
    body: Any = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, Any]:
    """Call a Graph path (``/{phone-id}/…``) with the test token; returns (status, JSON)."""
    url = f"{sim.graph_url()}/{path.lstrip('/')}"
    kwargs: dict[str, Any] = {"headers": AUTH if headers is None else headers}
    if body is not None:
        kwargs["json"] = body
    async with http.request(method, url, **kwargs) as response:
        return response.status, await response.json()


async def send(
    http: aiohttp.ClientSession,
    sim: Simulator,
    to: str | None,
    msg_type: str,
    obj: Any,
    **extra: Any,
) -> tuple[int, dict[str, Any]]:
    """POST any send type; returns (HTTP status, JSON body)."""
    body: dict[str, Any] = {"messaging_product": "whatsapp", "type": msg_type, msg_type: obj}
    if to is not None:
        body["to"] = to
    body.update(extra)
    status, answer = await graph_call(http, sim, "POST", f"{PHONE_ID}/messages", body)
    return status, answer


async def upload(
    http: aiohttp.ClientSession, sim: Simulator, data: bytes, mime: str, name: str = "f.bin"
) -> tuple[int, dict[str, Any]]:
    """Multipart upload as Meta documents it; returns (status, JSON)."""
    form = aiohttp.FormData()
    form.add_field("messaging_product", "whatsapp")
    form.add_field("type", mime)
    # A BytesIO, since aiohttp warns (an error here) about large raw bytes bodies.
    form.add_field("file", io.BytesIO(data), filename=name, content_type=mime)
    url = f"{sim.graph_url()}/{PHONE_ID}/media"
    async with http.post(url, data=form, headers=AUTH) as response:
        return response.status, await response.json()


async def talking_customer(sim: Simulator, name: str = "Lena K", **kwargs: Any) -> Customer:
    """A customer who just wrote, so the service window is open."""
    customer = sim.add_customer(name, **kwargs)
    await sim.customer_sends_text(customer.user_id, "hello")
    return customer


def error_code(body: dict[str, Any]) -> int:
    """The Graph error code of an error body (asserting the §7 shape on the way)."""
    error = body["error"]
    assert error["type"] == "OAuthException"
    assert error["fbtrace_id"]
    code: int = error["code"]
    return code
