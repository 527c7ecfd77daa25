"""An independent client, pywa 4.5.0, against the simulator (cloud-api.md §14).

pywa has no base-URL option: its session's base URL is always
``https://graph.facebook.com/v{version}``. The transport below rewrites that host to the
simulator on loopback and refuses every other non-loopback host, so the test can never reach
the network. Media downloads follow the absolute URL from ``GET /{media-id}``, which already
points at the simulator.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from pywa_async import WhatsApp
from pywa_async.errors import ReEngagementMessage
from pywa_async.types.templates import TemplateLanguage

from app.simulator import Simulator
from app.simulator.inbound import Media

from .conftest import ACCESS_TOKEN, PHONE_ID, Callback, talking_customer, until

pytestmark = pytest.mark.asyncio

JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8
GRAPH_HOST = "graph.facebook.com"


class LoopbackTransport(httpx.AsyncBaseTransport):
    """Sends ``graph.facebook.com`` to the simulator and anything else only to loopback."""

    def __init__(self, simulator_url: str) -> None:
        self._target = httpx.URL(simulator_url)
        self._inner = httpx.AsyncHTTPTransport()
        self.hosts: list[str] = []
        self.refused: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == GRAPH_HOST:
            request.url = request.url.copy_with(
                scheme=self._target.scheme, host=self._target.host, port=self._target.port
            )
            request.headers["Host"] = f"{self._target.host}:{self._target.port}"
        self.hosts.append(request.url.host)
        if not _is_loopback(request.url.host):
            self.refused.append(request.url.host)
            raise httpx.ConnectError("the test transport only reaches loopback", request=request)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


@pytest_asyncio.fixture
async def transport(sim: Simulator) -> AsyncIterator[LoopbackTransport]:
    loopback = LoopbackTransport(sim.base_url)
    yield loopback
    assert loopback.refused == []
    assert loopback.hosts  # the client did go through us
    assert set(loopback.hosts) == {"127.0.0.1"}


@pytest_asyncio.fixture
async def wa(transport: LoopbackTransport) -> AsyncIterator[WhatsApp]:
    session = httpx.AsyncClient(transport=transport)
    client = WhatsApp(phone_id=PHONE_ID, token=ACCESS_TOKEN, session=session, api_version="26.0")
    yield client
    await session.aclose()


async def test_pywa_sends_uploads_reads_and_templates(
    sim: Simulator, wa: WhatsApp, callback: Callback
) -> None:
    customer = await talking_customer(sim, wa_id="4915112345678")
    inbound = await sim.customer_sends_text(customer.user_id, "anyone there?")
    sent = await wa.send_message(to="4915112345678", text="Hi Lena!", preview_url=False)
    assert sent.id.startswith("wamid.")
    media = await wa.upload_media(media=JPEG, mime_type="image/jpeg", filename="receipt.jpg")
    image = await wa.send_image(to="4915112345678", image=media.id, caption="Your receipt")
    assert await wa.mark_message_as_read(message_id=inbound)
    template = await wa.send_template(
        to="4915112345678",
        name="order_update",
        language=TemplateLanguage.ENGLISH_US,
        params=[
            {
                "type": "body",
                "parameters": [{"type": "text", "text": "Ada"}, {"type": "text", "text": "#42"}],
            }
        ],
    )
    received = sim.received(customer.user_id)
    assert [m.type for m in received] == ["text", "image", "template"]
    assert [m.wamid for m in received] == [sent.id, image.id, template.id]
    assert received[1].content == {"id": media.id, "caption": "Your receipt"}
    assert sim.is_marked_read(inbound)
    await until(lambda: len(callback.statuses_of(template.id)) == 3)


async def test_pywa_gets_a_typed_re_engagement_error(sim: Simulator, wa: WhatsApp) -> None:
    customer = sim.add_customer("Quiet", wa_id="4915199999999")
    with pytest.raises(ReEngagementMessage) as caught:
        await wa.send_message(to=str(customer.wa_id), text="Still interested?")
    assert caught.value.code == 131047
    assert "24 hours" in str(caught.value.details)
    assert caught.value.fbtrace_id


async def test_pywa_downloads_a_customers_media(
    sim: Simulator, wa: WhatsApp, callback: Callback
) -> None:
    customer = sim.add_customer("Lena K")
    await sim.customer_sends(customer.user_id, Media("image", JPEG, caption="broken part"))
    await until(lambda: len(callback.messages()) == 1)
    image = callback.messages()[0]["image"]
    url = await wa.get_media_url(image["id"])
    assert url.url.startswith(sim.base_url)
    data = await wa.get_media_bytes(url.url)
    assert data == JPEG
    assert hashlib.sha256(data).hexdigest() == url.sha256
    assert base64.b64encode(hashlib.sha256(data).digest()).decode() == image["sha256"]
    assert int(url.file_size) == len(JPEG)
