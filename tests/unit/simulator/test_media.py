"""Media (§10) over real HTTP: upload, URL, download with the token, expiry, limits, and
customers' inbound files served the same way."""

from __future__ import annotations

import base64
import hashlib

import aiohttp
import pytest

from app.simulator import Simulator
from app.simulator.inbound import Media
from app.simulator.media import MB

from .conftest import (
    AUTH,
    PHONE_ID,
    Callback,
    FakeClock,
    error_code,
    fast_config,
    graph_call,
    until,
    upload,
)

pytestmark = pytest.mark.asyncio

JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4
ANIMATED = b"RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00ANIM" + b"\x00" * (200 * 1024)


async def _download(
    http: aiohttp.ClientSession, url: str, headers: dict[str, str] | None = None
) -> tuple[int, bytes, str]:
    async with http.get(url, headers=AUTH if headers is None else headers) as response:
        return response.status, await response.read(), response.headers.get("Content-Type", "")


async def test_upload_retrieve_download_delete(sim: Simulator, http: aiohttp.ClientSession) -> None:
    status, body = await upload(http, sim, JPEG, "image/jpeg", "receipt.jpg")
    assert status == 200
    assert set(body) == {"id"}
    media_id = body["id"]
    status, info = await graph_call(http, sim, "GET", media_id)
    assert status == 200
    assert info == {
        "messaging_product": "whatsapp",
        "url": info["url"],
        "mime_type": "image/jpeg",
        "sha256": hashlib.sha256(JPEG).hexdigest(),
        "file_size": str(len(JPEG)),
        "id": media_id,
    }
    assert info["url"].startswith(sim.base_url + "/")
    assert await _download(http, info["url"]) == (200, JPEG, "image/jpeg")
    assert (await graph_call(http, sim, "GET", f"{media_id}?phone_number_id=123"))[0] == 400
    assert await graph_call(http, sim, "DELETE", media_id) == (200, {"success": True})
    status, body = await graph_call(http, sim, "GET", media_id)
    assert (status, error_code(body)) == (400, 100)
    assert (await _download(http, info["url"]))[0] == 404


async def test_download_needs_the_token_and_expires(
    sim: Simulator, http: aiohttp.ClientSession, clock: FakeClock
) -> None:
    _, body = await upload(http, sim, JPEG, "image/jpeg")
    _, info = await graph_call(http, sim, "GET", body["id"])
    status, _, _ = await _download(http, info["url"], headers={})
    assert status == 401
    assert (await _download(http, info["url"].replace("hash=", "hash=0")))[0] == 404
    clock.advance(299)
    assert (await _download(http, info["url"]))[0] == 200
    clock.advance(1)
    assert (await _download(http, info["url"]))[0] == 404
    _, fresh = await graph_call(http, sim, "GET", body["id"])  # a new URL works again
    assert (await _download(http, fresh["url"]))[0] == 200
    clock.advance(30 * 24 * 3600)
    assert (await graph_call(http, sim, "GET", body["id"]))[0] == 400  # the id lived 30 days


@pytest.mark.parametrize(
    ("data", "mime"),
    [
        (b"\x00" * (5 * MB + 1), "image/jpeg"),
        (b"GIF89a", "image/gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * (100 * 1024), "image/webp"),
        (b"OggS", "audio/ogg; codecs=vorbis"),
        (b"", "image/png"),
    ],
    ids=["image-over-5MB", "gif", "static-sticker-over-100KB", "ogg-vorbis", "empty"],
)
async def test_upload_limits_give_131053(
    sim: Simulator, http: aiohttp.ClientSession, data: bytes, mime: str
) -> None:
    status, body = await upload(http, sim, data, mime)
    assert (status, error_code(body)) == (400, 131053)


async def test_animated_stickers_may_be_larger(sim: Simulator, http: aiohttp.ClientSession) -> None:
    assert (await upload(http, sim, ANIMATED, "image/webp"))[0] == 200


async def test_malformed_uploads_give_code_100(sim: Simulator, http: aiohttp.ClientSession) -> None:
    url = f"{sim.graph_url()}/{PHONE_ID}/media"
    form = aiohttp.FormData()
    form.add_field("messaging_product", "whatsapp")
    form.add_field("file", JPEG, filename="a.jpg", content_type="image/jpeg")
    async with http.post(url, data=form, headers=AUTH) as response:
        assert response.status == 400
        assert "type" in (await response.json())["error"]["error_data"]["details"]
    async with http.post(url, json={"file": "x"}, headers=AUTH) as response:
        assert error_code(await response.json()) == 100


async def test_customer_media_can_be_fetched_and_verified(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback, clock: FakeClock
) -> None:
    customer = sim.add_customer("Lena K")
    await sim.customer_sends(customer.user_id, Media("image", JPEG, caption="receipt"))
    await sim.customer_sends(customer.user_id, Media("audio", voice=True))
    await until(lambda: len(callback.messages()) == 2)
    image, voice = callback.messages()
    assert image["image"]["caption"] == "receipt"
    assert image["image"]["sha256"] == base64.b64encode(hashlib.sha256(JPEG).digest()).decode()
    assert voice["audio"]["voice"] is True
    assert voice["audio"]["mime_type"] == "audio/ogg; codecs=opus"
    _, info = await graph_call(http, sim, "GET", image["image"]["id"])
    status, data, content_type = await _download(http, info["url"])
    assert (status, data, content_type) == (200, JPEG, "image/jpeg")
    assert hashlib.sha256(data).hexdigest() == info["sha256"]
    _, info = await graph_call(http, sim, "GET", voice["audio"]["id"])
    status, data, content_type = await _download(http, info["url"])
    assert content_type == "audio/ogg; codecs=opus"
    assert base64.b64encode(hashlib.sha256(data).digest()).decode() == voice["audio"]["sha256"]
    clock.advance(7 * 24 * 3600)
    assert (await graph_call(http, sim, "GET", image["image"]["id"]))[0] == 400


@pytest.mark.parametrize("config", [fast_config(inbound_media_url=True)])
async def test_inbound_media_can_carry_a_download_url(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback
) -> None:
    customer = sim.add_customer("Lena K")
    await sim.customer_sends(customer.user_id, Media("video", caption="unboxing"))
    await until(lambda: len(callback.messages()) == 1)
    video = callback.messages()[0]["video"]
    status, data, content_type = await _download(http, video["url"])
    assert (status, content_type) == (200, "video/mp4")
    assert base64.b64encode(hashlib.sha256(data).digest()).decode() == video["sha256"]
