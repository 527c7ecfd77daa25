"""Meta's side of `switchboard bench live` in a process of its own: the simulator and its customers.

Meta's servers are not on the business's machine. In the bench they must be, but in a process
of their own their CPU is counted apart from the gateway's (the parent reads this process's
counters in /proc), and they do not take the gateway's interpreter lock.

``python -m app.bench.live_meta`` reads one JSON line on stdin (`MetaGiven`), starts the
simulator and prints ``ready <base URL>``. Then, one command a line:

- ``callback <url> <verify token>``: Meta's handshake with the gateway; prints ``registered``.
- ``send <rate> <seconds> <customers>``: that many customers write `rate` texts a second for
  `seconds`, printing ``sent <n>`` every `SHOWN_EVERY`; then ``start <monotonic seconds>``, one
  ``<wamid> <monotonic seconds>`` line per message (when it was handed to the webhook sender)
  and ``sent all``.
- ``stop`` (or end of input): stops the simulator and prints ``done``.

`time.monotonic` is the same clock in every process of one machine, so the parent compares
these times with the desks'.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from app.bench.child import run_child, say, spawn_child
from app.simulator.config import SimulatorConfig
from app.simulator.simulator import Simulator

SHOWN_EVERY = 100
"""Messages between two ``sent`` lines: often enough for a progress bar, rare enough to cost
nothing."""


@dataclass(frozen=True, slots=True)
class MetaGiven:
    """What the bench hands Meta's process (the bench's throwaway secrets)."""

    access_token: str
    app_secret: str
    phone_number_id: str
    verified_name: str
    webhook_concurrency: int

    def as_json(self) -> str:
        return json.dumps(asdict(self))


@dataclass(frozen=True, slots=True)
class Sent:
    """What the customers sent: per wamid, when it was handed to the webhook sender."""

    handed: dict[str, float]
    start: float
    """Monotonic seconds of the first message's planned moment."""
    seconds: float
    """From `start` until the last message was handed over."""


@dataclass(eq=False)
class MetaProcess:
    """The parent's handle on Meta's process."""

    process: asyncio.subprocess.Process
    url: str = ""
    _lines: asyncio.Queue[str] = field(default_factory=asyncio.Queue)
    _listener: asyncio.Task[None] | None = None

    @classmethod
    async def start(cls, given: MetaGiven, log_path: Path) -> MetaProcess:
        with log_path.open("ab") as err:
            process = await spawn_child("app.bench.live_meta", err)
        meta = cls(process)
        meta._listener = asyncio.create_task(meta._listen(), name="bench-meta")
        await meta._say(given.as_json())
        ready = await meta._next()
        if not ready.startswith("ready "):
            raise RuntimeError(f"Meta's process ended at start; see {log_path}")
        meta.url = ready.split()[1]
        return meta

    @property
    def pid(self) -> int:
        return self.process.pid

    async def register(self, callback: str, verify_token: str) -> None:
        """Meta's handshake with the gateway's webhook; the webhooks go there from now on."""
        await self._say(f"callback {callback} {verify_token}")
        if await self._next() != "registered":
            raise RuntimeError("Meta could not verify the gateway's webhook")

    async def send(
        self, rate: float, seconds: float, customers: int, shown: Callable[[int], None]
    ) -> Sent:
        """Have `customers` write `rate` texts a second for `seconds`; `shown(n)` as they go."""
        await self._say(f"send {rate} {seconds} {customers}")
        while (line := await self._next()).startswith("sent "):
            shown(int(line.split()[1]))
        if not line.startswith("start "):
            raise RuntimeError(f"Meta's process stopped sending: {line!r}")
        start, handed = float(line.split()[1]), {}
        while (line := await self._next()) != "sent all":
            if not line:
                raise RuntimeError("Meta's process ended while telling what it sent")
            wamid, at = line.rsplit(" ", 1)
            handed[wamid] = float(at)
        last = max(handed.values(), default=start)
        return Sent(handed, start, last - start)

    async def stop(self) -> None:
        if self.process.returncode is None:
            with contextlib.suppress(ConnectionError):
                await self._say("stop")
        await self.process.wait()
        if self._listener is not None:
            await self._listener

    async def _say(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line.encode() + b"\n")
        await self.process.stdin.drain()

    async def _next(self) -> str:
        return await self._lines.get()

    async def _listen(self) -> None:
        assert self.process.stdout is not None
        async for raw in self.process.stdout:
            self._lines.put_nowait(raw.decode().strip())
        self._lines.put_nowait("")  # ended: whoever waits for a line learns it


async def main() -> None:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    given = MetaGiven(**json.loads(await reader.readline()))
    simulator = Simulator(SimulatorConfig(**asdict(given)), clock=time.time)
    say(f"ready {await simulator.start()}")
    try:
        while (line := (await reader.readline()).decode().split()) and line != ["stop"]:
            if line[0] == "callback":
                await simulator.set_callback(line[1], line[2])
                say("registered")
            elif line[0] == "send":
                await _send(simulator, float(line[1]), float(line[2]), int(line[3]))
    finally:
        await simulator.stop()
    say("done")


async def _send(simulator: Simulator, rate: float, seconds: float, customers: int) -> None:
    """Customers write at `rate` for `seconds`: each text timed as it is handed to the sender."""
    people = [simulator.add_customer(f"Customer {n}").user_id for n in range(customers)]
    total = max(1, round(rate * seconds))
    handed: list[tuple[str, float]] = []
    start = time.monotonic()
    for n in range(total):
        delay = start + n / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)  # pacing the customers, not waiting for a result
        at = time.monotonic()
        handed.append((await simulator.customer_sends_text(people[n % customers], f"m{n}"), at))
        if (n + 1) % SHOWN_EVERY == 0 or n + 1 == total:
            say(f"sent {n + 1}")
    say(f"start {start:.6f}")
    say("\n".join(f"{wamid} {at:.6f}" for wamid, at in handed))
    say("sent all")


if __name__ == "__main__":
    run_child(main, fast_loop=True)  # Meta's servers: their CPU is not the product's
