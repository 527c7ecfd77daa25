"""The headless demo's report: what was sent, applied and received, and a plaintext scan."""

from __future__ import annotations

import base64
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def scan_for_canaries(paths: Iterable[Path], tokens: Iterable[str]) -> list[dict[str, str]]:
    """Every (file, token) where a canary appears in clear, hex or base64 form.

    Each file is read and searched once for all tokens (:class:`NeedleSet`), not once per token.
    """
    needles: dict[bytes, str] = {}
    for token in tokens:
        raw = token.encode()
        for form in (raw, raw.hex().encode(), base64.b64encode(raw)):
            needles[form] = token
    finder = NeedleSet(needles)
    hits: list[dict[str, str]] = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue  # a file that vanished (nats-server compacting) holds nothing now
        found = {needles[needle] for needle in finder.find_in(data)}
        hits.extend({"file": str(path), "token": token} for token in sorted(found))
    return hits


class NeedleSet:
    """Which of many byte strings occur in a buffer, in one pass over it.

    Every occurrence of a needle lies inside a run of bytes that all occur in some needle (the
    needles' alphabet), at least as long as the needle. One compiled character-class pattern
    finds those runs in C; only their windows are looked up in a set per needle length. Random
    bytes (ciphertext, the SQLCipher pages) rarely form such runs, so the Python-level work is
    small however many needles there are.
    """

    def __init__(self, needles: Iterable[bytes]) -> None:
        wanted = {needle for needle in needles if needle}
        self._by_length: dict[int, set[bytes]] = {}
        for needle in wanted:
            self._by_length.setdefault(len(needle), set()).add(needle)
        alphabet = sorted({byte for needle in wanted for byte in needle})
        shortest = min(self._by_length, default=1)
        members = b"".join(b"\\x%02x" % byte for byte in alphabet)
        self._runs = re.compile(b"[" + members + b"]{%d,}" % shortest) if alphabet else None

    def find_in(self, data: bytes) -> set[bytes]:
        """The needles that occur in ``data``."""
        found: set[bytes] = set()
        if self._runs is None:
            return found
        for run in self._runs.finditer(data):
            text = run.group()
            for length, needles in self._by_length.items():
                for start in range(len(text) - length + 1):
                    window = text[start : start + length]
                    if window in needles:
                        found.add(window)
        return found


def tokens_in(texts: Iterable[str], tokens: Iterable[str]) -> set[str]:
    """The tokens that occur in any of ``texts`` (one pass over all of them)."""
    wanted = {token.encode(): token for token in tokens}
    finder = NeedleSet(wanted)
    return {wanted[found] for text in texts for found in finder.find_in(text.encode())}


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def count_duplicates(texts: Iterable[str]) -> int:
    """How many extra copies there are of texts that should be unique."""
    return sum(n - 1 for n in Counter(texts).values() if n > 1)


def verdict(report: dict[str, Any]) -> bool:
    """True when nothing was lost, nothing duplicated and no plaintext leaked."""
    lost = report["lost"]
    dups = report["duplicates"]
    refused = sum(d["records_refused"] for d in report["desks"].values())
    return (
        not any(lost.values())
        and not any(dups.values())
        and not report["canary_hits"]
        and not refused
        and report["completed"]
    )
