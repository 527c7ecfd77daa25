"""Searching the local history: what an agent typed, and what a search finds.

The store runs the search (SQLite FTS5 over the encrypted replica); this module only decides what
the typed text means, so every implementation reads it the same way: words are separated by
white space, every word must occur (in any order), a word holding punctuation ("e-mail") is a
phrase of its parts, and the last word matches as a prefix while it is still being typed (from
three characters on). Search
syntax (quotes, `*`, `-`, `NEAR`, `OR`) is never interpreted: it is text like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.ids import ConversationId, DeviceId, EventId
from app.domain.model import Direction

MAX_WORDS = 12
"""Further words are ignored: a pasted paragraph must not become a huge query."""
MAX_WORD_CHARS = 64
MIN_PREFIX_CHARS = 3
"""Shorter words match only whole words: "a" would match nearly every message, and finding the
newest of those costs a full pass over the index (FTS5 builds a prefix's matches in full)."""

_UNSEARCHABLE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
"""Control characters separate words: SQLite ends a string at NUL, and a lone surrogate (which
pasted text can carry) cannot be encoded for it at all."""
_TOKEN_CHAR = re.compile(r"[^\W_]")
"""A letter or digit of any script: what the index's unicode61 tokenizer keeps. A word without
one ("-", "*", an emoji) could never match anything, so it is dropped rather than searched."""


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What an agent's typed text asks for.

    Attributes:
        words: The words that must all occur, as typed (case and accents are ignored later).
        prefix_last: Whether the last word may be the start of a longer word (the agent is still
            typing it: the text does not end with a space).
    """

    words: tuple[str, ...]
    prefix_last: bool

    @property
    def empty(self) -> bool:
        return not self.words


def parse_query(text: str) -> SearchQuery:
    """Read what the agent typed; never fails, whatever the text holds."""
    text = _UNSEARCHABLE.sub(" ", text)
    words = tuple(
        word[:MAX_WORD_CHARS] for word in text.split() if _TOKEN_CHAR.search(word[:MAX_WORD_CHARS])
    )[:MAX_WORDS]
    typing = bool(words) and not text[-1].isspace()
    return SearchQuery(words, prefix_last=typing and len(words[-1]) >= MIN_PREFIX_CHARS)


@dataclass(frozen=True, slots=True)
class SnippetPart:
    """A stretch of a found message's text; `matched` stretches are what the query found."""

    text: str
    matched: bool


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One message a search found, newest first.

    Attributes:
        order: Where the hit sorts (larger is newer); pass the last hit's as `before` to get the
            next page. Opaque: only compare it with other hits' orders.
        snippet: The words around the matches, cut with "…" where the message goes on.
    """

    event_id: EventId
    conversation_id: ConversationId
    customer_name: str
    direction: Direction
    author: DeviceId | None
    """The agent's device for a reply; None for the customer's messages."""
    at: int
    """Unix seconds."""
    position: int
    """The message's place in its conversation (`Message.position`)."""
    snippet: tuple[SnippetPart, ...]
    order: int
