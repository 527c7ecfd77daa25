"""The fake desk's search: the replica's FTS5 rules, done simply in Python over its lists.

Like the `unicode61 remove_diacritics 2` tokenizer, words are runs of letters and digits and
compare without case or accents; like `app.store.search`, every typed word must occur (a word
with punctuation as a phrase of its parts), the last one as a prefix when `parse_query` says so,
and hits come newest first with the matched words marked. The contract tests hold the two
together.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from app.domain.model import Message
from app.domain.search import SearchHit, SearchQuery, SnippetPart

_TOKEN = re.compile(r"[^\W_]+")
_CONTEXT_TOKENS = 6
"""Words kept before the first match; the store's snippet keeps a similar window."""


def fold(text: str) -> str:
    """Lower case without accents, as the index compares words."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def find(query: SearchQuery, conversations: Iterable[tuple[str, list[Message]]]) -> list[SearchHit]:
    """Every message of (customer name, messages) pairs that matches, newest first."""
    hits = []
    for name, messages in conversations:
        for message in messages:
            marked = _matches(query, message.text)
            if marked is not None:
                hits.append(_hit(name, message, marked))
    return sorted(hits, key=lambda hit: hit.order, reverse=True)


def _matches(query: SearchQuery, text: str) -> list[tuple[int, int]] | None:
    """The runs of the message's tokens that matched (first and last token of each phrase), or
    None if some word is missing."""
    tokens = [fold(m.group()) for m in _TOKEN.finditer(text)]
    runs: list[tuple[int, int]] = []
    for n, word in enumerate(query.words):
        phrase = [fold(t) for t in _TOKEN.findall(word)]
        prefix = query.prefix_last and n == len(query.words) - 1
        found = _phrase_at(tokens, phrase, prefix)
        if not found:
            return None
        runs += found
    return _merged(sorted(runs))


def _phrase_at(tokens: list[str], phrase: list[str], prefix: bool) -> list[tuple[int, int]]:
    found = []
    for start in range(len(tokens) - len(phrase) + 1):
        window = tokens[start : start + len(phrase)]
        head_ok = window[:-1] == phrase[:-1]
        last_ok = window[-1].startswith(phrase[-1]) if prefix else window[-1] == phrase[-1]
        if head_ok and last_ok:
            found.append((start, start + len(phrase) - 1))
    return found


def _merged(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping runs become one, as FTS5's highlighting joins them (adjacent ones stay two)."""
    merged: list[tuple[int, int]] = []
    for first, last in runs:
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return merged


def _hit(name: str, message: Message, marked: list[tuple[int, int]]) -> SearchHit:
    return SearchHit(
        event_id=message.event_id,
        conversation_id=message.conversation_id,
        customer_name=name,
        direction=message.direction,
        author=message.author,
        at=message.at,
        position=message.position,
        snippet=_snippet(message.text, marked),
        order=message.position,
    )


def _snippet(text: str, marked: list[tuple[int, int]]) -> tuple[SnippetPart, ...]:
    spans = [m.span() for m in _TOKEN.finditer(text)]
    first = marked[0][0]
    start = 0 if first <= _CONTEXT_TOKENS else spans[first - _CONTEXT_TOKENS][0]
    parts = [SnippetPart("…", False)] if start else []
    cursor = start
    for first_token, last_token in marked:
        begin, end = spans[first_token][0], spans[last_token][1]
        if begin > cursor:
            parts.append(SnippetPart(text[cursor:begin], False))
        parts.append(SnippetPart(text[begin:end], True))
        cursor = end
    if cursor < len(text):
        parts.append(SnippetPart(text[cursor:], False))
    return tuple(parts)
