"""Which announced version is newer than the running one, and which announcements an admin
may make (`app.domain.releases`)."""

from __future__ import annotations

import pytest

from app.domain.releases import Release, is_newer, release_problem, version_key


@pytest.mark.parametrize(
    ("announced", "running"),
    [
        ("0.2.0", "0.1.0"),
        ("0.10.0", "0.9.1"),  # numbers, not text
        ("1.0", "1.0rc2"),  # the final release after its candidates
        ("1.0rc1", "1.0b3"),
        ("1.0.1", "1.0"),
        ("v2.0", "1.9.9"),
    ],
)
def test_newer(announced: str, running: str) -> None:
    assert is_newer(announced, running)
    assert not is_newer(running, announced)


@pytest.mark.parametrize(
    ("announced", "running"),
    [
        ("0.1.0", "0.1.0"),
        ("1.0", "1.0.0"),  # the same version written twice
        ("0.2.0", "unknown"),  # a desk that does not know its version is told nothing
        ("soon", "0.1.0"),
        ("0.2.0.dev1", "0.1.0"),  # not a shape our releases use
    ],
)
def test_not_newer(announced: str, running: str) -> None:
    assert not is_newer(announced, running)


def test_versions_order_by_their_parts() -> None:
    assert version_key("0.9.1") == ((0, 9, 1), (3, 0))
    assert version_key("1.0a2") == ((1,), (0, 2))
    assert version_key("") is None


@pytest.mark.parametrize(
    ("release", "problem"),
    [
        (Release("0.2.0", "https://example.com/dl", "Faster"), None),
        (Release("0.2.0"), None),
        (Release("next"), "bad-version"),
        (Release("0.2.0", "http://example.com/dl"), "bad-url"),
        (Release("0.2.0", "https://example.com/a b"), "bad-url"),
        (Release("0.2.0", "javascript:alert(1)"), "bad-url"),
        (Release("0.2.0", "", "x" * 201), "note-too-long"),
    ],
)
def test_what_an_admin_may_announce(release: Release, problem: str | None) -> None:
    assert release_problem(release) == problem
