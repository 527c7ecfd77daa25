"""`switchboard bench …`: the benchmark sub-commands.

`search` prints its own table. The others measure a figure beside its floor and print a
`report.Report`: a table (or one JSON object with `--json`), the ratio on the last line, and a
progress bar on stderr while they run. To add one: a `_<name>_arguments` function here, an
entry in `MEASURED`, and a module whose `async def run(args, progress) -> Report` does the work.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import sys
import tempfile
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, Protocol, cast

from app.bench.report import Report
from app.bench.running import ProgressFactory, progress_on_stderr
from app.cli_args import folder, new_file, number, whole_number

HELP = (
    "measure the product beside its physical floor "
    "(cold-sync, live, gateway, replica, search, cluster)"
)


class Bench(Protocol):
    """What a measured bench module provides."""

    def run(
        self, args: argparse.Namespace, progress: ProgressFactory
    ) -> Coroutine[Any, Any, Report]: ...


MEASURED: dict[str, str] = {
    "cold-sync": "app.bench.cold_sync",
    "live": "app.bench.live",
    "gateway": "app.bench.gateway_bench",
    "replica": "app.bench.replica_bench",
    "cluster": "app.bench.cluster_bench",
}
"""Sub-command → module; imported only when chosen, so `switchboard --help` stays quick."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    benches = parser.add_subparsers(dest="bench", required=True, metavar="BENCH")
    _search_arguments(benches)
    adders: dict[str, Callable[[argparse.ArgumentParser], None]] = {
        "cold-sync": _cold_sync_arguments,
        "live": _live_arguments,
        "gateway": _gateway_arguments,
        "replica": _replica_arguments,
        "cluster": _cluster_arguments,
    }
    helps = {
        "cold-sync": "a new desk syncs N sealed inbound events, beside raw JetStream consume",
        "live": "webhook POST to applied on every desk at a steady rate, beside NATS and SQLCipher",
        "gateway": "inbound events/s through the gateway's sealing and publishing, beside raw "
        "publish",
        "replica": "open time and memory of a large replica, beside bare sqlcipher3",
        "cluster": "a hub of three nodes loses one while messages flow: lost, duplicated, stall",
    }
    for name, add in adders.items():
        sub = benches.add_parser(name, help=helps[name])
        add(sub)
        _common_arguments(sub)


def _common_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object instead of the table"
    )
    parser.add_argument(
        "--work-dir",
        type=folder,
        default=None,
        metavar="DIR",
        help="where the hub, desks and files of the run live (default: a new temp folder, "
        "removed afterwards)",
    )


def _cold_sync_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--events",
        type=whole_number(1),
        default=100_000,
        metavar="N",
        help="sealed inbound events in the log (default 100000)",
    )
    parser.add_argument(
        "--customers",
        type=whole_number(1),
        default=300,
        metavar="C",
        help="customers the events come from (default 300)",
    )


def _live_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rate",
        type=number(above=0, high=100_000),
        default=500.0,
        metavar="R",
        help="webhook POSTs per second (default 500)",
    )
    parser.add_argument(
        "--desks", type=whole_number(1, 50), default=10, metavar="D", help="desks (default 10)"
    )
    parser.add_argument(
        "--seconds",
        type=number(above=0, high=3600),
        default=30.0,
        metavar="S",
        help="how long messages arrive (default 30)",
    )


def _gateway_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--events",
        type=whole_number(1),
        default=20_000,
        metavar="N",
        help="inbound customer messages posted to the gateway (default 20000)",
    )
    parser.add_argument(
        "--per-webhook",
        type=whole_number(1, 1000),
        default=1,
        metavar="K",
        help="messages in one webhook POST, as Meta batches them (default 1)",
    )
    parser.add_argument(
        "--concurrency",
        type=whole_number(1, 256),
        default=16,
        metavar="P",
        help="webhook POSTs in flight at once (default 16)",
    )
    parser.add_argument(
        "--gateways",
        type=whole_number(1, 4),
        default=2,
        metavar="G",
        help="gateways sharing one stream of webhooks, on a team of their own; 1 skips that "
        "part (default 2)",
    )
    parser.add_argument(
        "--pair-events",
        type=whole_number(1),
        default=10_000,
        metavar="M",
        help="messages posted to the G gateways, every tenth webhook twice (default 10000)",
    )
    parser.add_argument(
        "--restart-log",
        type=whole_number(0),
        default=100_000,
        metavar="L",
        help="events in the log when the gateway restarts; 0 skips that part (default 100000)",
    )


def _replica_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--messages",
        type=whole_number(1),
        default=1_000_000,
        metavar="N",
        help="messages in the replica (default 1000000)",
    )
    parser.add_argument(
        "--conversations",
        type=whole_number(1),
        default=50_000,
        metavar="C",
        help="conversations they belong to (default 50000)",
    )
    parser.add_argument(
        "--opens",
        type=whole_number(1, 1000),
        default=10,
        metavar="K",
        help="cold and cached openings to time, each in a fresh process (default 10 of each)",
    )
    parser.add_argument(
        "--db",
        type=new_file,
        default=None,
        metavar="FILE",
        help="the replica file (default: switchboard-bench-replica-N-C.db in the temp folder, "
        "reused when it already holds N messages)",
    )


def _cluster_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rate",
        type=number(above=0, high=100_000),
        default=1000.0,
        metavar="R",
        help="messages published per second (default 1000)",
    )
    parser.add_argument(
        "--seconds",
        type=number(above=0, high=3600),
        default=20.0,
        metavar="S",
        help="how long messages are published (default 20)",
    )
    parser.add_argument(
        "--kill-after",
        type=number(above=0, high=3600),
        default=5.0,
        metavar="K",
        help="seconds into publishing when one node is SIGKILLed (default 5)",
    )
    parser.add_argument(
        "--victim",
        choices=("leader", "other"),
        default="leader",
        help="kill the node leading the team stream, or another one (default leader)",
    )


def _search_arguments(benches: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    found = benches.add_parser(
        "search",
        help="one-word full-text searches on a replica of N messages, beside the FTS5 floor",
    )
    found.add_argument(
        "--messages",
        type=whole_number(1),
        default=1_000_000,
        metavar="N",
        help="messages in the replica (default 1000000)",
    )
    found.add_argument(
        "--queries",
        type=whole_number(1),
        default=300,
        metavar="K",
        help="one-word queries to time (default 300)",
    )
    found.add_argument(
        "--db",
        type=new_file,
        default=None,
        metavar="FILE",
        help="the replica file (default: switchboard-bench-search-N.db in the temp folder)",
    )
    found.add_argument(
        "--reuse",
        action="store_true",
        help="use FILE as it is when it already holds N messages, instead of building it again",
    )
    found.add_argument(
        "--json", action="store_true", help="print one JSON object instead of the table"
    )


def main(args: argparse.Namespace) -> int:
    if not logging.getLogger().isEnabledFor(logging.DEBUG):
        # "replica open", migration and connection lines would interleave with the table.
        for noisy in ("app", "nats", "aiohttp"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
    if args.bench == "search":
        return _search(args)
    bench = cast(Bench, importlib.import_module(MEASURED[args.bench]))
    report = asyncio.run(bench.run(args, progress_on_stderr()))
    report.print(sys.stdout, as_json=args.json)
    return 0


def _search(args: argparse.Namespace) -> int:
    from app.bench import search_bench

    path = args.db or Path(tempfile.gettempdir()) / f"switchboard-bench-search-{args.messages}.db"
    asyncio.run(
        search_bench.run(
            path,
            args.messages,
            args.queries,
            reuse=args.reuse,
            out=sys.stdout,
            as_json=args.json,
        )
    )
    return 0
