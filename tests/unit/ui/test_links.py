"""Which links a message's text holds, and which may be opened."""

from __future__ import annotations

import pytest

from app.ui.links import Link, find_links, openable


@pytest.mark.parametrize(
    ("text", "urls"),
    [
        ("see https://example.com/a.", ["https://example.com/a"]),
        ("(https://example.com/x)", ["https://example.com/x"]),
        ("https://en.wikipedia.org/wiki/Foo_(bar)", ["https://en.wikipedia.org/wiki/Foo_(bar)"]),
        ("two: http://a.de, mailto:info@a.de!", ["http://a.de", "mailto:info@a.de"]),
        ("HTTPS://EXAMPLE.COM", ["HTTPS://EXAMPLE.COM"]),
        ("line\u2028https://a.de/b\u2028next", ["https://a.de/b"]),
        ("file:///etc/passwd javascript:alert(1) ftp://x.de", []),
        ("https:// nothing after it", []),
        ("no links here", []),
    ],
)
def test_find_links(text: str, urls: list[str]) -> None:
    assert [link.url for link in find_links(text)] == urls


def test_positions_point_into_the_text() -> None:
    text = "Track it: https://t.co/x?id=1 now"
    [link] = find_links(text)
    assert link == Link(10, 29, "https://t.co/x?id=1")
    assert text[link.start : link.end] == link.url


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://a.de", True),
        ("http://a.de/x", True),
        ("mailto:a@b.de", True),
        ("file:///etc/passwd", False),
        ("javascript:alert(1)", False),
        ("whatsapp://send", False),
        ("https://", False),
        ("mailto:", False),
    ],
)
def test_openable(url: str, ok: bool) -> None:
    assert openable(url) is ok
