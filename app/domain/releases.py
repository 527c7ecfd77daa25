"""A newer version of Switchboard, as the team's admin announces it (issue 11 item 3).

PURE. The desk never downloads nor installs anything: it compares the announced version with
the one it runs and, if the announced one is newer, tells the user once. Versions are the
plain PEP 440 shapes our releases use ("0.2.0", "1.0rc1", "1.0.1b2"); anything else is refused
when announced and, read from the log, never counts as newer (`packaging` is only a test tool
here, so this small comparison stands in for it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNKNOWN_VERSION = "unknown"
"""What a desk run from a tree never installed calls its version (`app.system.version`)."""
MAX_VERSION_CHARS = 32
MAX_NOTE_CHARS = 200
MAX_URL_CHARS = 500

_VERSION = re.compile(r"^v?(\d+(?:\.\d+){0,3})(?:(a|b|rc)(\d+))?$")
_PRE_ORDER = {"a": 0, "b": 1, "rc": 2}
_FINAL = (3, 0)
"""A final release sorts after its alpha, beta and release candidates."""

VersionKey = tuple[tuple[int, ...], tuple[int, int]]


@dataclass(frozen=True, slots=True)
class Release:
    """Version `version` is out: where to get it (https, or "") and what it brings, briefly."""

    version: str
    url: str = ""
    note: str = ""


def version_key(version: str) -> VersionKey | None:
    """What orders versions ("0.10.0" after "0.9.1", "1.0rc1" before "1.0"); None for a
    string that is not one of our versions."""
    match = _VERSION.match(version.strip())
    if match is None:
        return None
    release = tuple(int(part) for part in match.group(1).split("."))
    while len(release) > 1 and release[-1] == 0:
        release = release[:-1]  # "1.0" and "1.0.0" are the same version
    pre = _FINAL if match.group(2) is None else (_PRE_ORDER[match.group(2)], int(match.group(3)))
    return release, pre


def is_newer(announced: str, running: str) -> bool:
    """Whether the announced version is newer than the one this desk runs. A desk that does
    not know its own version (run from a tree never installed) is told nothing."""
    new, mine = version_key(announced), version_key(running)
    return new is not None and mine is not None and new > mine


def release_problem(release: Release) -> str | None:
    """Why an admin may not announce this (a word for `app.ui.wording`), or None."""
    if version_key(release.version) is None or len(release.version) > MAX_VERSION_CHARS:
        return "bad-version"
    if release.url and (not release.url.startswith("https://") or len(release.url) > MAX_URL_CHARS):
        return "bad-url"
    if any(c.isspace() for c in release.url):
        return "bad-url"
    if len(release.note) > MAX_NOTE_CHARS:
        return "note-too-long"
    return None
