"""CPU of the whole gateway per webhook at live rates (issue 8): lone webhooks, Poisson arrivals.

    PYTHONPATH=$PWD .venv/bin/python scripts/gateway_live_profile.py [--rate 500]
        [--seconds 10] [--warm 1000]

A real gateway (webhook lane, spool and its writer process, drain, publisher, state file) on a
real hub on loopback, as `switchboard bench gateway` starts it, while a process of its own
POSTs signed webhooks of one message each at random (Poisson) gaps, `--rate` a second on
average, each as soon as it is due (a new kept-alive connection when all are busy), as many
independent customers make Meta do. After `--warm` POSTs, prints the CPU per webhook of the
gateway's loop thread, its other threads (the state's, the spool's reader, nats) and its
spool's writer process, from the kernel's per-thread counters, until every webhook's event is
on the hub. The bench's process also holds the idle simulator. Compare versions alternated.
With GWLIVE_CPROFILE=FILE set, the loop is profiled over the same window (cProfile, which
slows it) and the statistics written to FILE.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.aio import run_on_fast_loop  # noqa: E402
from app.bench.gateway_bench import _bodies  # noqa: E402
from app.bench.stack import running_gateway, running_simulator  # noqa: E402
from app.bench.team import bench_team  # noqa: E402
from app.simulator.callback_client import CallbackClient  # noqa: E402


def thread_ticks(pid: int | str = "self") -> dict[str, int]:
    """User plus system clock ticks of each of a process's threads, by thread id."""
    ticks = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks[tid] = int(fields[11]) + int(fields[12])
    return ticks


def thread_name(tid: str) -> str:
    with open(f"/proc/self/task/{tid}/comm") as comm:
        return comm.read().strip()


def process_ticks(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


async def post_paced(url: str, rate: float, path: Path, warm: int) -> None:
    """The poster's process: POST every body of `path` at Poisson gaps; says `warm` after
    `warm` POSTs were answered and `done` after all."""
    lines = (await asyncio.to_thread(path.read_bytes)).splitlines()
    client = CallbackClient(url, 60.0)
    gaps = random.Random(8)
    answered = 0

    async def post(signature: bytes, raw: bytes) -> None:
        nonlocal answered
        status = await client.post(raw, signature.decode())
        if status != 200:
            print(f"status {status}", flush=True)
        answered += 1
        if answered == warm:
            print("warm", flush=True)

    tasks = []
    start, due = time.perf_counter(), 0.0
    for line in lines:
        signature, raw = line.split(b" ", 1)
        delay = start + due - time.perf_counter()
        due += gaps.expovariate(rate)
        if delay > 0:
            await asyncio.sleep(delay)  # pacing the arrivals
        tasks.append(asyncio.create_task(post(signature, raw)))
    await asyncio.gather(*tasks)
    print("done", flush=True)
    client.close()


async def measure(args: argparse.Namespace) -> None:
    events = args.warm + int(args.rate * args.seconds)
    tick_us = 1e6 / os.sysconf("SC_CLK_TCK")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        async with running_simulator() as outside, bench_team(folder) as team:
            await team.close_desks()
            bodies = _bodies(outside, events, 1)
            bodies_file = folder / "webhooks.txt"
            bodies_file.write_bytes(b"".join(b"%s %s\n" % (s.encode(), r) for r, s in bodies))
            async with running_gateway(team, outside, folder / "gw", register=False) as (
                gateway,
                url,
            ):
                await asyncio.sleep(1.0)  # the gateway's own reports at start
                writer = gateway.helper_pids[0]
                loop_tid = str(threading.get_native_id())
                poster = await asyncio.create_subprocess_exec(
                    sys.executable,
                    __file__,
                    "--post",
                    url,
                    "--rate",
                    str(args.rate),
                    "--warm",
                    str(args.warm),
                    "--file",
                    str(bodies_file),
                    stdout=asyncio.subprocess.PIPE,
                )
                assert poster.stdout is not None
                base = gateway.stats["published"]
                profiler = cProfile.Profile() if os.environ.get("GWLIVE_CPROFILE") else None
                marks = None
                async for raw in poster.stdout:
                    line = raw.decode().strip()
                    if line == "warm":
                        if profiler is not None:
                            profiler.enable()
                        marks = (thread_ticks(), process_ticks(writer), gateway.stats["published"])
                    elif line == "done":
                        break
                    else:
                        print(line)
                await poster.wait()
                if profiler is not None:
                    profiler.disable()
                    profiler.dump_stats(os.environ["GWLIVE_CPROFILE"])
                while True:  # every webhook's event on the hub
                    if gateway.stats["published"] - base >= events:
                        break
                    await asyncio.sleep(0.01)  # polling the count
                after, writer_after = thread_ticks(), process_ticks(writer)
                assert marks is not None
                before, writer_before, published = marks
                done = gateway.stats["published"] - published
                loop = (after[loop_tid] - before[loop_tid]) * tick_us / done
                other = sum(t - before.get(tid, 0) for tid, t in after.items() if tid != loop_tid)
                other_us = other * tick_us / done
                writer_us = (writer_after - writer_before) * tick_us / done
                total = loop + other_us + writer_us
                for tid, t in sorted(after.items()):
                    spent = (t - before.get(tid, 0)) * tick_us / done
                    if tid != loop_tid and spent >= 1:
                        print(f"  thread {thread_name(tid)}: {spent:.0f} µs a webhook")
                print(
                    f"{args.rate:g}/s Poisson, {done} webhooks: gateway {total:.0f} µs a webhook:"
                    f" loop {loop:.0f}, other threads {other_us:.0f}, spool writer {writer_us:.0f}"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=500)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--warm", type=int, default=1000)
    parser.add_argument("--post", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.post:
        run_on_fast_loop(post_paced(args.post, args.rate, Path(args.file), args.warm))
    else:
        run_on_fast_loop(measure(args))


if __name__ == "__main__":
    main()
