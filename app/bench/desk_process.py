"""One desk in a process of its own, for `switchboard bench live`, as on its own computer.

``python -m app.bench.desk_process`` reads one JSON line on stdin: ``hub_url``,
``tls_fingerprint`` (hex or null), ``profile`` (the folder of a desk enrolled earlier) and
``dmk`` (its device master key, hex; the bench's throwaway team, never a person's). It opens the
desk as a desk starts the next morning, waits until it has caught up and prints ``ready``.
From then on it notes, per new message, the monotonic time at which its change notice arrived
(after the batch's commit). When stdin says ``stop`` (or closes) it prints one line
``<wamid> <seconds>`` per message it applied, read back from its replica, then ``done``.

`time.monotonic` is the same clock in every process of one machine, so the parent compares
these times with its own.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import time
from pathlib import Path

from app.desk.team import TeamDesk, TeamDeskFactory
from app.domain.ids import EventId
from app.services.api import Changes
from app.system.profile import Profile


async def main() -> None:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    given = json.loads(await reader.readline())
    dmk = bytes.fromhex(given["dmk"])
    profile = Profile(Path(given["profile"]))

    async def master_key(_profile: Profile) -> bytes:
        return dmk

    fingerprint = given["tls_fingerprint"]
    factory = TeamDeskFactory(
        hub_url=given["hub_url"],
        tls_fingerprint=bytes.fromhex(fingerprint) if fingerprint else None,
        root=profile.root.parent,
        clock=time.time,
        master_key=master_key,
    )
    desk = await factory.reopen(profile, dmk)
    try:
        await desk.desk.caught_up()
        arrivals: dict[EventId, float] = {}

        def record(changes: Changes) -> None:
            now = time.monotonic()
            for event_id in changes.messages:
                arrivals.setdefault(event_id, now)
            _say(f"c {len(arrivals)}")  # the parent's count, to know when all have arrived

        unsubscribe = desk.desk.session.subscribe(record)
        _say("ready")
        while (await reader.readline()).strip() not in (b"stop", b""):
            pass
        unsubscribe()
        await _tell(desk, arrivals)
    finally:
        await factory.close()
    _say("done")


async def _tell(desk: TeamDesk, arrivals: dict[EventId, float]) -> None:
    lines = []
    for event_id, at in arrivals.items():
        message = await desk.desk.replica.message_by_event_id(event_id)
        if message is not None and message.wamid is not None:
            lines.append(f"{message.wamid} {at:.6f}")
    if lines:
        _say("\n".join(lines))


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(main())
