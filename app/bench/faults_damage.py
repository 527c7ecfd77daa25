"""A desk's replica damaged on disk, for `switchboard bench faults` (issue 9, fault 5).

While the desk is closed, bytes are flipped in pages near the end of its replica (messages,
written last; its identity and seeds sit in the first pages). Its next start opens the file,
the background check finds the damage, the status bar says so and a note is left beside the
file. The start after that is refused until the user chooses: the desk process answers as a
user who keeps the file aside and syncs a fresh copy from the hub (`faults_desk`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from app.bench.faults_child import Child
from app.store.damage_mark import damage_mark
from app.system.profile import Profile

FOUND_WITHIN = 60.0
"""Seconds the background integrity check may take to note the damage (a small replica: one)."""
_PAGE = 4096
_FLIPPED_PAGES = 3
"""Pages damaged: more than one, so one page that happens to be free still leaves damage."""


class DamageShown:
    """Whether the damaged desk showed it, asked before its fresh copy (a new process then
    knows nothing of its earlier life)."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, _seen: Mapping[str, Sequence[str]]) -> bool:
        return self.shown


def flip_bytes_near_the_end(replica: Path) -> None:
    """Flip one byte in each of the last few pages but one (the very last may be free)."""
    data = bytearray(replica.read_bytes())
    pages = len(data) // _PAGE
    for page in range(max(1, pages - 1 - _FLIPPED_PAGES), max(1, pages - 1)):
        data[page * _PAGE + _PAGE // 2] ^= 0x01
    replica.write_bytes(bytes(data))


async def damage_replica(child: Child, shown: DamageShown) -> None:
    """Close the desk, damage its replica, start it (it finds the damage and says so), then
    start it again (it keeps the file aside and syncs a fresh copy)."""
    replica = Profile(Path(json.loads(child.settings)["profile"])).replica
    await child.stop()
    await asyncio.to_thread(flip_bytes_near_the_end, replica)
    await child.start()
    async with asyncio.timeout(FOUND_WITHIN):
        while not damage_mark(replica).exists():  # noqa: ASYNC110 - a file, no event to await
            await asyncio.sleep(0.05)
    shown.shown = await _damage_shown(child)
    await child.stop()
    await child.start()


async def _damage_shown(child: Child) -> bool:
    """Whether the desk shows its store as damaged within `FOUND_WITHIN` s of the check's note
    (the note is written a moment before the window hears of it)."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(FOUND_WITHIN):
            while "store-damaged" not in (await child.ask("seen")).get("seen", []):  # noqa: ASYNC110
                await asyncio.sleep(0.05)  # bounded: the child process raises no event here
            return True
    return False
