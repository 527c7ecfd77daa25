"""The headless demo's report: what was sent, applied and received, and a plaintext scan."""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def scan_for_canaries(paths: Iterable[Path], tokens: Iterable[str]) -> list[dict[str, str]]:
    """Every (file, token) where a canary appears in clear, hex or base64 form."""
    needles: dict[bytes, str] = {}
    for token in tokens:
        raw = token.encode()
        for form in (raw, raw.hex().encode(), base64.b64encode(raw)):
            needles[form] = token
    hits = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue  # a file that vanished (nats-server compacting) holds nothing now
        for needle, token in needles.items():
            if needle in data:
                hits.append({"file": str(path), "token": token})
    return hits


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
