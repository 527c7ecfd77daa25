"""Full-text search over a real SQLCipher replica: order, paging, odd input, accents."""

from __future__ import annotations

import pytest

from app.domain.model import Direction
from app.domain.search import SearchHit, SearchQuery, SnippetPart, parse_query
from app.store.replica import Replica
from app.store.search import fts_query, snippet_parts
from tests.unit.store.builders import ANNA, LogBuilder, conversation_of


async def _fill(replica: Replica, log: LogBuilder, texts: list[tuple[str, str]]) -> None:
    """(customer, text) pairs arrive in this order; every customer's first message is theirs."""
    records = [
        log.customer(text, customer=customer, name=customer.removeprefix("CC.").title())
        for customer, text in texts
    ]
    await replica.apply_batch(records, cursor=records[-1].seq)


async def _find(
    replica: Replica, typed: str, *, conversation: str | None = None, limit: int = 50
) -> list[SearchHit]:
    cid = None if conversation is None else conversation_of(conversation)
    return await replica.search(parse_query(typed), cid, None, limit)


def _words(hit: SearchHit) -> str:
    return "".join(part.text for part in hit.snippet)


def _matched(hit: SearchHit) -> list[str]:
    return [part.text for part in hit.snippet if part.matched]


@pytest.mark.asyncio
async def test_newest_first_with_customer_and_marked_words(
    replica: Replica, log: LogBuilder
) -> None:
    await _fill(
        replica,
        log,
        [
            ("CC.alice", "Where is my parcel?"),
            ("CC.bob", "The parcel arrived broken"),
            ("CC.alice", "nothing to see here"),
            ("CC.carol", "Parcel tracking link please"),
        ],
    )
    hits = await _find(replica, "parcel ")
    assert [_words(h) for h in hits] == [
        "Parcel tracking link please",
        "The parcel arrived broken",
        "Where is my parcel?",
    ]
    assert [h.customer_name for h in hits] == ["Carol", "Bob", "Alice"]
    assert [_matched(h) for h in hits] == [["Parcel"], ["parcel"], ["parcel"]]
    assert hits[0].conversation_id == conversation_of("CC.carol")
    assert hits[0].direction is Direction.INBOUND
    assert hits[0].order > hits[1].order > hits[2].order


@pytest.mark.asyncio
async def test_replies_are_found_too(replica: Replica, log: LogBuilder) -> None:
    records = [log.customer("hello there"), log.claim("CC.alice", ANNA)]
    records.append(log.reply("CC.alice", "Your refund is on its way", ANNA))
    await replica.apply_batch(records, cursor=records[-1].seq)
    (hit,) = await _find(replica, "refund")
    assert hit.direction is Direction.OUTBOUND
    assert hit.author == ANNA
    assert _matched(hit) == ["refund"]


@pytest.mark.asyncio
async def test_pages_by_keyset_without_gaps_or_repeats(replica: Replica, log: LogBuilder) -> None:
    await _fill(replica, log, [(f"CC.c{n % 7}", f"order {n} shipped") for n in range(23)])
    seen: list[str] = []
    before: int | None = None
    while True:
        page = await replica.search(parse_query("shipped"), None, before, 5)
        if not page:
            break
        assert len(page) <= 5
        seen += [_words(h) for h in page]
        before = page[-1].order
    assert seen == [f"order {n} shipped" for n in reversed(range(23))]


@pytest.mark.asyncio
async def test_one_conversation_only(replica: Replica, log: LogBuilder) -> None:
    await _fill(
        replica,
        log,
        [("CC.alice", "invoice one"), ("CC.bob", "invoice two"), ("CC.alice", "invoice three")],
    )
    hits = await _find(replica, "invoice", conversation="CC.alice")
    assert [_words(h) for h in hits] == ["invoice three", "invoice one"]
    assert await _find(replica, "invoice", conversation="CC.nobody") == []


@pytest.mark.asyncio
async def test_all_words_must_occur_and_the_last_is_a_prefix_while_typing(
    replica: Replica, log: LogBuilder
) -> None:
    await _fill(
        replica,
        log,
        [("CC.a", "refund for the blue jacket"), ("CC.b", "refund for shoes"), ("CC.c", "jack")],
    )
    assert [_words(h) for h in await _find(replica, "jacket refund")] == [
        "refund for the blue jacket"
    ]
    assert [_words(h) for h in await _find(replica, "refund jac")] == ["refund for the blue jacket"]
    # A finished word (a space after it) is a whole word.
    assert [_words(h) for h in await _find(replica, "jack ")] == ["jack"]
    # Short words are whole words even while typing: "ja" alone finds nothing here.
    assert await _find(replica, "ja") == []


@pytest.mark.asyncio
async def test_accents_and_case_do_not_matter(replica: Replica, log: LogBuilder) -> None:
    await _fill(replica, log, [("CC.a", "Un café crème, s'il vous plaît"), ("CC.b", "CAFE open?")])
    hits = await _find(replica, "cafe ")
    assert [_matched(h) for h in hits] == [["CAFE"], ["café"]]
    assert [_words(h) for h in await _find(replica, "CRÈME ")] == ["Un café crème, s'il vous plaît"]
    assert len(await _find(replica, "Café")) == 2


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        '"',
        '""',
        "*",
        "-",
        "- * ^ :",
        "NEAR",
        "NEAR(a b)",
        "a OR b",
        "NOT",
        "AND",
        '"unbalanced',
        "col:umn",
        "{text}: x",
        "x) OR (y",
        "😀",
        "\x00",
        "'; DROP TABLE messages; --",
        "é" * 500,
        " ".join(["word"] * 100),
        "\ue000marker\ue001",
        "a\x00b",
        "hel\x00",
        "\ud800abc",
        "abc\udfff",
        "tab\there",
    ],
)
@pytest.mark.asyncio
async def test_odd_input_never_raises(replica: Replica, log: LogBuilder, typed: str) -> None:
    await _fill(replica, log, [("CC.a", "NEAR the OR and NOT col:umn x y 😀 word")])
    hits = await _find(replica, typed)
    assert isinstance(hits, list)


@pytest.mark.asyncio
async def test_search_syntax_is_just_text(replica: Replica, log: LogBuilder) -> None:
    await _fill(replica, log, [("CC.a", "meet me NEAR the station"), ("CC.b", "station only")])
    # NEAR is a word here, not an operator; "-" is not a negation.
    assert [_words(h) for h in await _find(replica, "NEAR station")] == ["meet me NEAR the station"]
    assert len(await _find(replica, "-NEAR station")) == 1
    assert len(await _find(replica, '"station')) == 2


@pytest.mark.asyncio
async def test_a_word_with_punctuation_is_a_phrase(replica: Replica, log: LogBuilder) -> None:
    await _fill(replica, log, [("CC.a", "send it by e-mail"), ("CC.b", "mail me, e.g. later")])
    assert [_words(h) for h in await _find(replica, "e-mail ")] == ["send it by e-mail"]


@pytest.mark.asyncio
async def test_long_messages_are_cut_around_the_match(replica: Replica, log: LogBuilder) -> None:
    filler = " ".join(f"w{n}" for n in range(60))
    await _fill(replica, log, [("CC.a", f"{filler} needle {filler}")])
    (hit,) = await _find(replica, "needle")
    text = _words(hit)
    assert "needle" in text
    assert len(text) < 150
    assert text.startswith("…")
    assert text.endswith("…")


def test_fts_query_quotes_every_word() -> None:
    assert fts_query(parse_query('say "hi" NEAR')) == '"say" """hi""" "NEAR"*'
    assert fts_query(SearchQuery(("a", "b"), prefix_last=False)) == '"a" "b"'


def test_snippet_markers_become_parts() -> None:
    assert snippet_parts("x \ue000hit\ue001 y \ue000two\ue001") == (
        SnippetPart("x ", False),
        SnippetPart("hit", True),
        SnippetPart(" y ", False),
        SnippetPart("two", True),
    )
    assert snippet_parts("plain") == (SnippetPart("plain", False),)


@pytest.mark.asyncio
async def test_control_characters_and_lone_surrogates_separate_words(
    replica: Replica, log: LogBuilder
) -> None:
    await _fill(replica, log, [("CC.a", "hello world")])
    assert len(await _find(replica, "hello\x00world")) == 1
    assert len(await _find(replica, "\ud800hello")) == 1
    assert await _find(replica, "hel\x00") == []  # NUL ends the word: "hel" is whole
