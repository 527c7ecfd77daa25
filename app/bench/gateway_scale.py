"""The scale-out half of `switchboard bench gateway`: two gateways sharing one webhook stream,
and a gateway's restart on a long log.

Each part runs on a team of its own (a hub, a founder desk, gateways), so its figures do not
depend on what the one-gateway part left in the log.

Pair: a second gateway is enrolled as a real one is (its own identity and author chain); the
poster alternates between both webhook URLs, as a round-robin front before them would, and
every RETRY_EVERY-th webhook is POSTed again straight after, so the retry of the same wamids
lands on the other gateway, as Meta's retries do. Figure: records per second until the stream
holds every copy. Then the founder's desk, closed during the run, is opened and syncs: its
replica's count of customer messages against the distinct wamids posted gives the duplicates
(and losses) as counted on a desk, not assumed.

Restart: the log is filled with N customer messages sealed by the gateway's own `GatewayLog`,
the gateway starts once (not timed), stops cleanly (its checkpoint is saved), and starts again:
timed from connecting until its webhook answers a signed POST. Floor, in the same run: a
connection with the gateway's login and one stream-info round trip.
"""

from __future__ import annotations

import argparse
import contextlib
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from app.bench.cold_sync import fill
from app.bench.running import ProgressFactory
from app.bench.stack import Outside, running_gateway
from app.bench.team import BenchTeam, bench_team
from app.crypto.keys import DeviceKeys

__all__ = ["PairResult", "RestartResult", "run_pair", "run_restart", "with_retries"]

RETRY_EVERY = 10
"""Every tenth webhook is POSTed twice in a row, the copy reaching the other gateway."""
OWNER = "Owner"
"""The founder desk's name (`bench_team`): the desk that counts the pair's messages."""

Bodies = list[tuple[bytes, str]]
"""Signed webhooks: (body, X-Hub-Signature-256 value)."""
PostAll = Callable[
    [BenchTeam, str, Path, int, int, int, ProgressFactory], Awaitable[tuple[float, int, int]]
]
"""The one-gateway part's poster: (team, URLs, file, POSTs, in flight, records, progress) →
(seconds from the first POST, records stored, POSTs answered 5xx and sent again)."""


@dataclass(frozen=True, slots=True)
class PairResult:
    seconds: float
    records: int
    """Records the gateways added to the stream (every copy of a retried webhook)."""
    expected: int
    """Messages POSTed, copies included."""
    distinct: int
    """Distinct wamids posted."""
    on_desk: int
    """Customer messages in the desk's replica once it caught up."""
    retried_posts: int
    posts: list[int]
    """POSTs per gateway."""
    refused: int
    """POSTs answered 5xx (the gateway asking Meta to retry) and sent again."""

    @property
    def duplicates(self) -> int:
        return max(0, self.on_desk - self.distinct)

    @property
    def lost(self) -> int:
        return max(0, self.distinct - self.on_desk)


@dataclass(frozen=True, slots=True)
class RestartResult:
    log: int
    """Records on the gateway's subject when it restarted."""
    first_start: float
    restart: float
    floor: float


def with_retries(bodies: Bodies) -> tuple[Bodies, int]:
    """`bodies` with every RETRY_EVERY-th repeated right after itself: (bodies, repeats)."""
    out: Bodies = []
    repeats = 0
    for n, body in enumerate(bodies):
        out.append(body)
        if n % RETRY_EVERY == RETRY_EVERY - 1:
            out.append(body)  # the next POST goes to the next gateway: Meta's retry elsewhere
            repeats += 1
    return out, repeats


async def run_pair(
    args: argparse.Namespace,
    outside: Outside,
    folder: Path,
    bodies: Bodies,
    per_webhook: int,
    post_all: PostAll,
    progress: ProgressFactory,
) -> PairResult:
    """Post `bodies` (retries added) to `args.gateways` gateways; count messages on a desk."""
    posted, repeats = with_retries(bodies)
    bodies_file = folder / "webhooks-pair.txt"
    bodies_file.write_bytes(b"".join(b"%s %s\n" % (s.encode(), r) for r, s in posted))
    async with bench_team(folder / "pair") as team:
        extra = [await _enroll_gateway(team, f"Gateway {n + 2}") for n in range(args.gateways - 1)]
        await team.close_desks()  # the desk counts afterwards, not competing for the CPU
        async with contextlib.AsyncExitStack() as gateways:
            urls = []
            for n, keys in enumerate([team.gateway_keys, *extra]):
                _gateway, url = await gateways.enter_async_context(
                    running_gateway(
                        team, outside, folder / f"gateway-{n + 1}", register=False, keys=keys
                    )
                )
                urls.append(url)
            expected = len(posted) * per_webhook
            seconds, records, refused = await post_all(
                team, ",".join(urls), bodies_file, len(posted), args.concurrency, expected, progress
            )
        on_desk = await _count_on_desk(team, progress)
    shares = [len(range(n, len(posted), len(urls))) for n in range(len(urls))]
    return PairResult(
        seconds, records, expected, len(bodies) * per_webhook, on_desk, repeats, shares, refused
    )


async def _enroll_gateway(team: BenchTeam, name: str) -> DeviceKeys:
    """Enroll one more gateway by the founder; the team's first gateway stays the factory's."""
    first = team.factory.gateway_keys
    await team.factory.enroll_gateway(team.founder, name)
    keys = team.factory.gateway_keys
    assert keys is not None
    team.factory.gateway_keys = first
    return keys


async def _count_on_desk(team: BenchTeam, progress: ProgressFactory) -> int:
    """Open the founder's desk, let it sync, and count the customer messages it holds."""
    shown = progress("desk counting", 1)
    desk = await team.reopen(OWNER)
    await desk.desk.caught_up()
    stats = await desk.desk.replica.stats()
    shown.update(1)
    shown.finish()
    return stats.inbound_messages


async def run_restart(
    args: argparse.Namespace,
    outside: Outside,
    folder: Path,
    webhook: tuple[bytes, str],
    customers: int,
    progress: ProgressFactory,
) -> RestartResult:
    """Fill a log of `args.restart_log` events, start and stop the gateway, time a restart."""
    async with bench_team(folder / "restart") as team:
        await team.close_desks()
        _seconds, _before, records = await fill(team, args.restart_log, customers, progress)
        state = folder / "gateway-restart"
        started = time.perf_counter()
        async with running_gateway(team, outside, state, register=False) as (_gateway, url):
            await _answered(url, webhook)
            first_start = time.perf_counter() - started
        # Stopped cleanly: the checkpoint is saved. Now the figure.
        started = time.perf_counter()
        async with running_gateway(team, outside, state, register=False) as (_gateway, url):
            await _answered(url, webhook)
            restart = time.perf_counter() - started
        floor = await _connect_floor(team)
    return RestartResult(records, first_start, restart, floor)


async def _answered(url: str, webhook: tuple[bytes, str]) -> None:
    """POST one signed webhook and require the gateway to take it."""
    raw, signature = webhook
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": signature}
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=raw, headers=headers) as response,
    ):
        response.raise_for_status()


async def _connect_floor(team: BenchTeam) -> float:
    """Seconds for a connection with the gateway's login and one stream-info round trip."""
    started = time.perf_counter()
    nc = await team.client(team.gateway_keys, "bench-floor")
    try:
        await nc.jetstream().stream_info(f"SB_{team.team_hex}")
        return time.perf_counter() - started
    finally:
        await nc.close()


def shares_text(posts: Sequence[int]) -> str:
    return " + ".join(f"{n:,}" for n in posts)
