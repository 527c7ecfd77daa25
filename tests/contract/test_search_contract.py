"""`DeskApi.search` on the fake desk the UI tests use and on the real `DeskSession` over a real
SQLCipher replica. The same assertions run on both, so the search panel's tests cannot pass
against a search the product does not have."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest
import pytest_asyncio

from app.domain.ids import ConversationId
from app.domain.model import Direction
from app.domain.search import SearchHit
from app.services.api import ChangeBus, DeskApi
from app.services.desk import DeskSession
from app.store.replica import Replica
from tests.helpers.fake_desk import FakeTeam
from tests.unit.store.builders import ANNA, KEY, LogBuilder, conversation_of

pytestmark = pytest.mark.asyncio

NOW = 1_000_000
CHAT = [
    ("Maria", "Hello, where is my parcel?"),
    ("Jonas", "The parcel arrived broken"),
    ("Maria", "Danke, der Kaffee ist angekommen"),
    ("Chloé", "Un café crème pour le bureau"),
    ("Jonas", "Can I send the photo by e-mail?"),
    ("Maria", "parcel number 4711, NEAR the door"),
]
"""Customers' messages, in the order they arrive."""


@dataclass
class Side:
    api: DeskApi
    conversation: Callable[[str], ConversationId]
    """The conversation of the customer with this name."""
    agent_says: Callable[[str, str], Awaitable[None]]
    """The agent's reply (customer name, text) reaches the log."""


async def _fake() -> AsyncIterator[Side]:
    team = FakeTeam(now=NOW)
    anna = team.desk("Anna")
    for name, text in CHAT:
        team.customer_writes(name, text, at=NOW - 100)

    def conversation(name: str) -> ConversationId:
        return next(c for c, v in team.conversations.items() if v.customer_name == name)

    async def agent_says(name: str, text: str) -> None:
        team.agent_sent(conversation(name), anna.me, text)

    yield Side(anna, conversation, agent_says)


async def _real(tmp_path: Path) -> AsyncIterator[Side]:
    replica = await Replica.open(tmp_path / "replica.db", KEY)
    log = LogBuilder()
    records = [
        log.customer(text, customer=f"CC.{name}", name=name, at=NOW - 100) for name, text in CHAT
    ]
    await replica.apply_batch(records, cursor=records[-1].seq)
    unused = cast(Any, None)  # searching never touches the log, the outbox or the hub
    session = DeskSession(
        me=ANNA,
        names=lambda device: "Anna",
        replica=replica,
        engine=unused,
        publisher=unused,
        outbox=unused,
        bus=ChangeBus(),
        clock=lambda: float(NOW),
    )

    def conversation(name: str) -> ConversationId:
        return conversation_of(f"CC.{name}")

    async def agent_says(name: str, text: str) -> None:
        record = log.reply(f"CC.{name}", text, ANNA)
        await replica.apply_batch([record], cursor=record.seq)

    try:
        yield Side(session, conversation, agent_says)
    finally:
        await replica.close()


@pytest_asyncio.fixture(params=["fake", "real"])
async def side(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Side]:
    sides = _fake() if request.param == "fake" else _real(tmp_path)
    async for made in sides:
        yield made


def _text(hit: SearchHit) -> str:
    return "".join(part.text for part in hit.snippet)


def _marked(hit: SearchHit) -> list[str]:
    return [part.text for part in hit.snippet if part.matched]


async def test_hits_come_newest_first_with_their_customer(side: Side) -> None:
    hits = await side.api.search("parcel")
    assert [_text(h) for h in hits] == [
        "parcel number 4711, NEAR the door",
        "The parcel arrived broken",
        "Hello, where is my parcel?",
    ]
    assert [h.customer_name for h in hits] == ["Maria", "Jonas", "Maria"]
    assert [_marked(h) for h in hits] == [["parcel"], ["parcel"], ["parcel"]]
    assert hits[1].conversation_id == side.conversation("Jonas")
    assert all(h.direction is Direction.INBOUND and h.author is None for h in hits)
    assert hits[0].order > hits[1].order > hits[2].order


async def test_pages_follow_on_from_the_last_hit(side: Side) -> None:
    first = await side.api.search("parcel", limit=2)
    rest = await side.api.search("parcel", before=first[-1].order, limit=2)
    assert [_text(h) for h in first + rest] == [_text(h) for h in await side.api.search("parcel")]
    assert await side.api.search("parcel", before=rest[-1].order) == []


async def test_one_conversation(side: Side) -> None:
    hits = await side.api.search("parcel", side.conversation("Maria"))
    assert [_text(h) for h in hits] == [
        "parcel number 4711, NEAR the door",
        "Hello, where is my parcel?",
    ]


async def test_prefix_while_typing_whole_words_after_a_space(side: Side) -> None:
    assert [_marked(h) for h in await side.api.search("parc")] == [["parcel"]] * 3
    assert await side.api.search("parc ") == []
    assert [_text(h) for h in await side.api.search("broken parcel")] == [
        "The parcel arrived broken"
    ]


async def test_accents_and_case_are_ignored(side: Side) -> None:
    hits = await side.api.search("CAFE ")
    assert [_marked(h) for h in hits] == [["café"]]
    assert hits[0].customer_name == "Chloé"


async def test_punctuation_makes_a_phrase_and_syntax_is_text(side: Side) -> None:
    assert [_marked(h) for h in await side.api.search("e-mail")] == [["e-mail"]]
    assert len(await side.api.search("NEAR door")) == 1


@pytest.mark.parametrize(
    "typed", ["", "  ", "*", "-", '"', "(", "OR", "😀", "\x00", "\ud800", "zzz\x00"]
)
async def test_odd_text_finds_nothing_and_never_raises(side: Side, typed: str) -> None:
    assert await side.api.search(typed) == []


async def test_an_agents_reply_is_found(side: Side) -> None:
    await side.agent_says("Jonas", "Sorry about the broken parcel, a refund is on its way")
    (hit,) = await side.api.search("refund")
    assert hit.direction is Direction.OUTBOUND
    assert hit.author == side.api.me
    assert hit.conversation_id == side.conversation("Jonas")
    assert (await side.api.search("broken"))[0].order == hit.order
