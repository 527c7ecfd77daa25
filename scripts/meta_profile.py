"""CPU of Meta's stand-in per webhook, as `bench live` runs it (issue 8), without the gateway.

    PYTHONPATH=$PWD .venv/bin/python scripts/meta_profile.py [--rate 500] [--seconds 10]
        [--customers 50] [--check]

Starts Meta's process (`app.bench.live_meta`, the simulator and its paced customers, exactly
as `bench live` does) and points its webhooks at a sink in a process of its own that answers
every POST as the gateway's aiohttp does (200, no body) and nothing else; so Meta's CPU is
counted alone. Prints Meta's process CPU per message, its event loop's thread and the other
threads apart (the scheduler's run time of each thread, from the first message until every
webhook has been answered; and system time's share of the sampled ticks), and the messages
the sink took. With `--check` the sink also verifies each body's ``X-Hub-Signature-256`` and
its shape (one entry, one change, one text message) and counts what fails. Compare versions
alternated, as with the benches. Not a bench: `switchboard bench live` prints "Meta's CPU per
message".
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.aio import run_on_fast_loop  # noqa: E402
from app.bench.live_meta import MetaGiven, MetaProcess  # noqa: E402

SECRET = "profile-app-secret"
VERIFY = "profile-verify-token"
ANSWER = (
    b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nContent-Type: application/octet-stream\r\n"
    b"Date: Mon, 07 Dec 2026 12:00:00 GMT\r\nServer: Python/3.11 aiohttp/3.12.15\r\n\r\n"
)
"""What the gateway's aiohttp answers a webhook it took (headers as aiohttp sends them)."""


def cpu(pid: int) -> dict[int, tuple[int, int, int]]:
    """Per thread of a process, by thread id: nanoseconds on a CPU (the scheduler's exact
    count), and the user and system clock ticks (sampled: only their split is told)."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as schedstat:
                ran = int(schedstat.read().split()[0])
            with open(f"/proc/{pid}/task/{tid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        out[int(tid)] = (ran, int(fields[11]), int(fields[12]))
    return out


class Sink(asyncio.Protocol):
    """One connection of the sink: answers each request, counts (and checks) the POSTs."""

    seen: list[str] = []
    bad = 0
    check = False

    def __init__(self) -> None:
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while (end := self._buffer.find(b"\r\n\r\n")) >= 0:
            head = self._buffer[:end].decode("latin-1")
            headers = {
                name.strip().lower(): value.strip()
                for name, _, value in (line.partition(":") for line in head.split("\r\n")[1:])
            }
            length = int(headers.get("content-length", "0"))
            if len(self._buffer) < end + 4 + length:
                return
            body = self._buffer[end + 4 : end + 4 + length]
            self._buffer = self._buffer[end + 4 + length :]
            self._answer(head.split(" ", 2), headers, body)

    def _answer(self, request: list[str], headers: dict[str, str], body: bytes) -> None:
        assert self._transport is not None
        if request[0] == "GET":  # Meta's handshake: echo the challenge
            query = dict(p.split("=", 1) for p in request[1].split("?", 1)[1].split("&"))
            challenge = query["hub.challenge"].encode()
            self._transport.write(
                b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(challenge), challenge)
            )
            return
        wamid = ""
        if Sink.check:
            expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
            envelope = json.loads(body)
            (entry,) = envelope["entry"]
            (change,) = entry["changes"]
            (message,) = change["value"]["messages"]
            wamid = message["id"]
            ok = headers.get("x-hub-signature-256") == expected and message["type"] == "text"
            Sink.bad += not ok
        Sink.seen.append(wamid)
        self._transport.write(ANSWER)


async def sink(check: bool) -> None:
    """The sink's process: serve, tell the port, answer `count` lines until stdin ends."""
    Sink.check = check
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Sink, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while await reader.readline():
        print(len(Sink.seen), Sink.bad, flush=True)
    server.close()


async def profile(args: argparse.Namespace) -> None:
    command = [sys.executable, __file__, "--sink"] + (["--check"] if args.check else [])
    sink_process = await asyncio.create_subprocess_exec(
        *command, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
    )
    assert sink_process.stdin is not None
    assert sink_process.stdout is not None
    port = int(await sink_process.stdout.readline())
    given = MetaGiven("profile-token", SECRET, "100200300", "Profile Shop", 16)
    meta = await MetaProcess.start(given, Path("/tmp/meta_profile.log"))
    await meta.register(f"http://127.0.0.1:{port}/webhook", VERIFY)
    print(f"Meta's process: {meta.pid}", file=sys.stderr, flush=True)  # for py-spy or perf
    total = round(args.rate * args.seconds)
    first, wall = cpu(meta.pid), time.monotonic()
    sent = await meta.send(args.rate, args.seconds, args.customers, lambda n: None)
    while True:  # every webhook answered: what Meta spent on them is all in
        sink_process.stdin.write(b"?\n")
        seen, bad = map(int, (await sink_process.stdout.readline()).split())
        if seen >= total:
            break
        await asyncio.sleep(0.05)  # polling another process's counter, not a condition here
    last, wall = cpu(meta.pid), time.monotonic() - wall
    await meta.stop()
    sink_process.stdin.close()
    await sink_process.wait()
    spent = {tid: last[tid][0] - first.get(tid, (0, 0, 0))[0] for tid in last}
    user = sum(last[tid][1] - first.get(tid, (0, 0, 0))[1] for tid in last)
    system = sum(last[tid][2] - first.get(tid, (0, 0, 0))[2] for tid in last)
    per = 1e-3 / total
    loop = spent.get(meta.pid, 0)
    print(
        f"messages {total}, taken {seen}, bad {bad}, handed over {sent.seconds:.2f} s, "
        f"wall {wall:.2f} s"
    )
    print(
        f"Meta's CPU per message {sum(spent.values()) * per:.1f} µs "
        f"(loop thread {loop * per:.1f}, other threads {(sum(spent.values()) - loop) * per:.1f};"
        f" system {100 * system / max(1, user + system):.0f} % of the ticks)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=500.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--customers", type=int, default=50)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--sink", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sink:
        run_on_fast_loop(sink(args.check))
    else:
        asyncio.run(profile(args))


if __name__ == "__main__":
    main()
