"""Every send type of cloud-api.md §6 over real HTTP: accepted shapes and Meta's limits."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from app.simulator import Simulator

from .conftest import Callback, error_code, send, talking_customer, until, upload

pytestmark = pytest.mark.asyncio

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 100
OGG = b"OggS" + b"\x01" * 100


def _buttons(n: int, title: str = "Yes", button_id: str = "b") -> dict[str, Any]:
    return {
        "type": "button",
        "body": {"text": "Confirm?"},
        "action": {
            "buttons": [
                {"type": "reply", "reply": {"id": f"{button_id}{i}", "title": f"{title}{i}"}}
                for i in range(n)
            ]
        },
    }


def _list(sections: list[int], **row: Any) -> dict[str, Any]:
    return {
        "type": "list",
        "body": {"text": "Pick a slot"},
        "action": {
            "button": "Slots",
            "sections": [
                {
                    "title": f"Day {s}",
                    "rows": [{"id": f"r{s}-{r}", "title": f"Slot {r}", **row} for r in range(n)],
                }
                for s, n in enumerate(sections)
            ],
        },
    }


VALID: list[tuple[str, Any]] = [
    ("text", {"body": "See https://example.com", "preview_url": True}),
    ("image", {"link": "https://example.com/a.jpg", "caption": "receipt"}),
    ("video", {"link": "https://example.com/a.mp4"}),
    ("audio", {"link": "https://example.com/a.mp3"}),
    ("document", {"link": "https://example.com/a.pdf", "filename": "a.pdf", "caption": "x"}),
    ("sticker", {"link": "https://example.com/a.webp"}),
    ("location", {"latitude": 52.52, "longitude": 13.405, "name": "Shop", "address": "Alex 1"}),
    ("location", {"latitude": "52.52", "longitude": 13.405}),
    ("contacts", [{"name": {"formatted_name": "Jonas B"}, "phones": [{"phone": "+49 151"}]}]),
    ("interactive", _buttons(3)),
    (
        "interactive",
        {**_buttons(1), "header": {"type": "text", "text": "Hi"}, "footer": {"text": "f"}},
    ),
    (
        "interactive",
        {**_buttons(1), "header": {"type": "image", "image": {"link": "https://e.com/i.png"}}},
    ),
    ("interactive", _list([5, 5])),
    ("interactive", _list([1], description="d" * 72)),
    ("reaction", {"message_id": "wamid.X", "emoji": "👍"}),
    ("reaction", {"message_id": "wamid.X", "emoji": ""}),
]


@pytest.mark.parametrize(("msg_type", "obj"), VALID)
async def test_valid_sends_are_accepted(
    sim: Simulator, http: aiohttp.ClientSession, msg_type: str, obj: Any
) -> None:
    customer = await talking_customer(sim)
    status, body = await send(http, sim, customer.wa_id, msg_type, obj)
    assert status == 200, body
    [received] = sim.received(customer.user_id)
    assert received.type == msg_type
    if msg_type == "location":
        assert received.content["latitude"] == pytest.approx(52.52)
    else:
        assert received.content == obj


INVALID: list[tuple[str, Any, str]] = [
    ("text", {"body": "x", "preview_url": "yes"}, "preview_url"),
    ("image", {"link": "https://e.com/a.jpg", "caption": "c" * 1025}, "1024"),
    ("image", {"id": "1", "link": "https://e.com/a.jpg"}, "exactly one"),
    ("image", {}, "exactly one"),
    ("image", {"link": "ftp://e.com/a.jpg"}, "URL"),
    ("image", {"link": "https://e.com/a.jpg", "filename": "a.jpg"}, '"filename"'),
    ("audio", {"link": "https://e.com/a.mp3", "caption": "no"}, '"caption"'),
    ("sticker", {"link": "https://e.com/a.webp", "caption": "no"}, '"caption"'),
    ("location", {"latitude": 91, "longitude": 0}, "latitude"),
    ("location", {"longitude": 0}, "latitude"),
    ("contacts", [], "between 1"),
    ("contacts", [{"phones": []}], "name"),
    ("interactive", _buttons(4), "between 1 and 3"),
    ("interactive", _buttons(1, title="t" * 20), "20"),
    ("interactive", _buttons(1, button_id="i" * 256), "256"),
    ("interactive", {**_buttons(1), "body": {"text": "b" * 1025}}, "1024"),
    ("interactive", {**_buttons(1), "footer": {"text": "f" * 61}}, "60"),
    ("interactive", _list([6, 5]), "10 rows"),
    ("interactive", _list([1] * 11), "between 1 and 10"),
    ("interactive", _list([1], description="d" * 73), "72"),
    ("interactive", {**_list([1]), "action": {"button": "b" * 21, "sections": []}}, "20"),
    ("interactive", {**_list([1]), "body": {"text": "b" * 1025}}, "1024"),
    ("interactive", {**_list([1]), "header": {"type": "text", "text": "h" * 61}}, "60"),
    ("interactive", _list([1], id="i" * 201), "200"),
    ("interactive", {"type": "carousel", "body": {"text": "x"}, "action": {}}, "type"),
    ("reaction", {"emoji": "👍"}, "message_id"),
    ("reaction", {"message_id": "wamid.X", "emoji": 5}, "emoji"),
]


@pytest.mark.parametrize(("msg_type", "obj", "detail"), INVALID)
async def test_invalid_sends_give_code_100(
    sim: Simulator, http: aiohttp.ClientSession, msg_type: str, obj: Any, detail: str
) -> None:
    customer = await talking_customer(sim)
    status, body = await send(http, sim, customer.wa_id, msg_type, obj)
    assert status == 400
    assert error_code(body) == 100
    assert detail in body["error"]["error_data"]["details"]
    assert sim.received(customer.user_id) == []


async def test_list_row_titles_are_limited_to_24(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    customer = await talking_customer(sim)
    obj = _list([1])
    obj["action"]["sections"][0]["rows"][0]["title"] = "t" * 25
    status, body = await send(http, sim, customer.wa_id, "interactive", obj)
    assert (status, error_code(body)) == (400, 100)
    obj["action"]["sections"][0]["rows"][0]["title"] = "t" * 24
    assert (await send(http, sim, customer.wa_id, "interactive", obj))[0] == 200


async def test_media_by_uploaded_id(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback
) -> None:
    customer = await talking_customer(sim)
    _, image = await upload(http, sim, JPEG, "image/jpeg")
    status, _ = await send(http, sim, customer.wa_id, "image", {"id": image["id"], "caption": "c"})
    assert status == 200
    # Any file may go out as a document; an image cannot go out as audio.
    assert (await send(http, sim, customer.wa_id, "document", {"id": image["id"]}))[0] == 200
    status, body = await send(http, sim, customer.wa_id, "audio", {"id": image["id"]})
    assert (status, error_code(body)) == (400, 131053)
    status, body = await send(http, sim, customer.wa_id, "image", {"id": "999"})
    assert (status, error_code(body)) == (400, 131053)


async def test_voice_notes_are_played_after_read(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    customer = await talking_customer(sim)
    _, voice = await upload(http, sim, OGG, "audio/ogg; codecs=opus")
    _, mp3 = await upload(http, sim, b"ID3" + b"\x00" * 50, "audio/mpeg")
    _, a = await send(http, sim, customer.wa_id, "audio", {"id": voice["id"]})
    _, b = await send(http, sim, customer.wa_id, "audio", {"id": mp3["id"]})
    voice_id, mp3_id = a["messages"][0]["id"], b["messages"][0]["id"]
    await until(lambda: len(sim.statuses(voice_id)) == 4 and len(sim.statuses(mp3_id)) == 3)
    assert sim.statuses(voice_id) == ("sent", "delivered", "read", "played")
    assert sim.statuses(mp3_id) == ("sent", "delivered", "read")


async def test_quote_reply_context_is_kept(sim: Simulator, http: aiohttp.ClientSession) -> None:
    customer = await talking_customer(sim)
    inbound = await sim.customer_sends_text(customer.user_id, "which one?")
    status, _ = await send(
        http, sim, customer.wa_id, "text", {"body": "this one"}, context={"message_id": inbound}
    )
    assert status == 200
    assert sim.received(customer.user_id)[0].context_message_id == inbound
