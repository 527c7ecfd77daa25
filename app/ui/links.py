"""Links in message text: where they are, and which ones may be opened.

Customers write anything, so only web and mail links are found and opened: `http://`,
`https://` and `mailto:`, never `file:`, custom app schemes or anything a browser would hand to
another program. Punctuation that ends a sentence is not part of the link ("see
https://example.com/a.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SCHEMES = ("http", "https", "mailto")

_LINK = re.compile(r"(?:https?://|mailto:)[^\s<>\"]+", re.IGNORECASE)
_TRAILING = ".,;:!?'’”)]}>»"
_PAIRS = {")": "(", "]": "[", "}": "{"}


@dataclass(frozen=True, slots=True)
class Link:
    start: int
    """Index of the link's first character in the text."""
    end: int
    """Index after its last character."""
    url: str


def find_links(text: str) -> list[Link]:
    """The openable links in `text`, in order."""
    links = []
    for match in _LINK.finditer(text):
        url = _trim(match.group())
        if openable(url):
            links.append(Link(match.start(), match.start() + len(url), url))
    return links


def openable(url: str) -> bool:
    """Whether `url` is a web or mail link with something after its scheme."""
    scheme, colon, rest = url.partition(":")
    if not colon or scheme.lower() not in SCHEMES:
        return False
    body = rest.removeprefix("//") if scheme.lower() != "mailto" else rest
    return bool(body.strip("/"))


def _trim(url: str) -> str:
    """Drop sentence punctuation after a link; keep a closing bracket the link itself opened
    (Wikipedia's `Foo_(bar)`)."""
    while url and url[-1] in _TRAILING:
        last = url[-1]
        if last in _PAIRS and url.count(_PAIRS[last]) >= url.count(last):
            break
        url = url[:-1]
    return url
