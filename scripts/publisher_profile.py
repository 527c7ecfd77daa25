"""CPU of the gateway's publisher per event (issue 8): sealing, reservation, guarded publish.

    PYTHONPATH=$PWD .venv/bin/python scripts/publisher_profile.py [--events 3000] [--run 1]
        [--feeders 1] [--rounds 1] [--rate 0 [--poisson]]

`InboundPublisher` with its real state file (SQLite, disk-flushed) on a real hub on loopback,
without the webhook's HTTP, parsing or spool: each of `--feeders` feeders submits `--run`
customer messages at once and the next ones only after those are stored, so `--run 1` is the
runs of one event a gateway sees at live rates, and `--run 23 --feeders 4` the longer runs of
`bench gateway`. With `--rate R`, one feeder submits an event every 1/R s instead, stored or
not, as webhooks come at live rates (the loop idle between; `--poisson`: gaps as random as
many independent customers make them, 1/R s on average), and the time from submitting to
stored is printed too (p50, p99). After a warm-up of 500 events, prints the process's CPU per
event, the event loop's thread and the other threads (the state's commit) apart, from the
kernel's per-thread counters, and events per second. Compare versions alternated, as with the
benches. Not a bench: the figure `switchboard bench gateway` prints is "gateway CPU per event".
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.aio import run_on_fast_loop  # noqa: E402
from app.bench.team import EPOCH, customer_message  # noqa: E402
from app.crypto.chain.state import ChainState  # noqa: E402
from app.gateway.inbound import InboundPublisher  # noqa: E402
from app.gateway.sealing import GatewayLog  # noqa: E402
from app.gateway.state import GatewayState  # noqa: E402
from app.log.events import CustomerMessage  # noqa: E402
from tests.helpers.hub import connected, running_hub  # noqa: E402
from tests.helpers.local_team import found_team  # noqa: E402

WARM = 500
CUSTOMERS = 300


def thread_ticks() -> dict[str, int]:
    """User plus system clock ticks of each of this process's threads, by thread id."""
    ticks = {}
    for tid in os.listdir("/proc/self/task"):
        with open(f"/proc/self/task/{tid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        ticks[tid] = int(fields[11]) + int(fields[12])
    return ticks


async def feed(publisher: InboundPublisher, events: list[CustomerMessage], run: int) -> None:
    for start in range(0, len(events), run):
        await asyncio.gather(*(publisher.submit_once(e) for e in events[start : start + run]))


async def feed_paced(
    publisher: InboundPublisher, events: list[CustomerMessage], rate: float, poisson: bool
) -> list[float]:
    """Submit `events` one every 1/`rate` s (on average, if `poisson`: many independent
    customers); the time each took to be stored, in seconds."""
    waits: list[float] = []

    async def stored(event: CustomerMessage) -> None:
        submitted = time.perf_counter()
        await publisher.submit_once(event)
        waits.append(time.perf_counter() - submitted)

    start, pending, due = time.perf_counter(), [], 0.0
    gaps = random.Random(8)
    for event in events:
        delay = start + due - time.perf_counter()
        due += gaps.expovariate(rate) if poisson else 1 / rate
        if delay > 0:
            await asyncio.sleep(delay)  # pacing the arrivals, not waiting for a result
        pending.append(asyncio.create_task(stored(event)))
    await asyncio.gather(*pending)
    return waits


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def measure(args: argparse.Namespace) -> None:
    team = found_team("Acme", ["Anna"], EPOCH)
    gateway = GatewayLog(team.gateway, ChainState.genesis(team.team_id, team.fingerprint))
    for link in team.links:
        gateway.apply_link(link)
    total = WARM + args.events * args.rounds
    events = [customer_message(n, CUSTOMERS, EPOCH + n) for n in range(total)]
    tick_us = 1e6 / os.sysconf("SC_CLK_TCK")
    with tempfile.TemporaryDirectory() as folder:
        async with (
            running_hub(Path(folder)) as hub,
            connected(hub.url, team.team_id.hex()) as transport,
        ):
            state = GatewayState(Path(folder) / "state")
            await state.open(team.team_id, team.gateway.device_id)
            stats = {"published": 0, "reports": 0, "duplicates": 0}
            publisher = InboundPublisher(gateway, transport, time.time, stats, state)
            await publisher.resume()
            await feed(publisher, events[:WARM], args.run)
            loop_thread = str(threading.get_native_id())
            share = args.events // args.feeders
            for round_ in range(args.rounds):
                first = WARM + round_ * args.events
                parts = [
                    events[first + n * share : first + (n + 1) * share] for n in range(args.feeders)
                ]
                cpu, ticks, wall = time.process_time(), thread_ticks(), time.perf_counter()
                if args.rate:
                    waits = await feed_paced(
                        publisher, [e for part in parts for e in part], args.rate, args.poisson
                    )
                else:
                    await asyncio.gather(*(feed(publisher, part, args.run) for part in parts))
                cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
                after, done = thread_ticks(), share * args.feeders
                on_loop = (after[loop_thread] - ticks[loop_thread]) * tick_us / done
                others = sum(
                    t - ticks.get(tid, 0) for tid, t in after.items() if tid != loop_thread
                )
                per_event = others * tick_us / done
                paced = "Poisson" if args.poisson else "paced"
                how = (
                    f"{args.rate:g}/s {paced}"
                    if args.rate
                    else f"runs of {args.run} x {args.feeders} feeders"
                )
                stored = (
                    f"; stored in p50 {percentile(waits, 0.5) * 1e3:.2f} ms,"
                    f" p99 {percentile(waits, 0.99) * 1e3:.2f} ms"
                    if args.rate
                    else ""
                )
                print(
                    f"{how}: process {cpu / done * 1e6:.0f} µs an event, loop thread {on_loop:.0f},"
                    f" other threads {per_event:.0f}; {done / wall:,.0f} events/s{stored}"
                )
            await publisher.close()
            await state.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--run", type=int, default=1, help="events each feeder submits at once")
    parser.add_argument("--feeders", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=1, help="measured rounds, one line each")
    parser.add_argument("--rate", type=float, default=0, help="one event every 1/RATE s, paced")
    parser.add_argument("--poisson", action="store_true", help="--rate's gaps random (Poisson)")
    run_on_fast_loop(measure(parser.parse_args()))


if __name__ == "__main__":
    main()
