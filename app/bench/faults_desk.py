"""One working desk in a process of its own, for `switchboard bench faults`.

``python -m app.bench.faults_desk`` reads one JSON line on stdin (``hub_url``,
``tls_fingerprint``, ``profile``, ``dmk``, as `desk_process` does), opens the desk as it starts
the next morning, waits until it has caught up, prints ``ready`` and works as a scripted agent
(`FaultAgent`): it claims what is unassigned and answers every customer message of its own
conversations once. Its state lives in the replica only, so a desk killed with SIGKILL and
started again carries on where its replica stands, as a person would after a crash.

Commands on stdin, one a line: ``report`` prints one line ``report <JSON>`` (`DeskReport`:
what this desk holds); ``seen`` prints ``report {"seen": [...]}``, the states the window would
have shown since the last ``seen`` (hub states such as ``offline``, and ``store-failing`` for
its own disk), so the runner can tell whether a fault was shown to the agent while it lasted;
``stop`` (or end of input) closes the desk and prints ``done``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import time
from pathlib import Path

from app.aio import cancel_and_wait
from app.bench.faults_agent import FaultAgent, ShownStates, desk_report
from app.desk.team import TeamDeskFactory
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
    agent_task: asyncio.Task[None] | None = None
    try:
        desk = await factory.reopen(profile, dmk)
        await desk.desk.caught_up()
        session = desk.desk.session
        shown = ShownStates(session)
        agent = FaultAgent(session)
        agent_task = asyncio.create_task(agent.run(), name="fault-agent")
        _say("ready")
        while (line := (await reader.readline()).strip()) not in (b"stop", b""):
            if line == b"report":
                report = await desk_report(session)
                _say("report " + json.dumps(report.as_json()))
            elif line == b"seen":
                _say("report " + json.dumps({"seen": shown.take()}))
    finally:
        await cancel_and_wait(agent_task)
        await factory.close()
    _say("done")


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(main())
