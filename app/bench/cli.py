"""`switchboard bench …`: the benchmark sub-commands.

`search` prints its own table. The others measure a figure beside its floor and print a
`report.Report`: a table (or one JSON object with `--json`), the ratio on the last line, and a
progress bar on stderr while they run. To add one: an entry in `OPTIONS` and in `MEASURED`,
and a module whose `async def run(args, progress) -> Report` does the work.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import sys
import tempfile
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, cast

from app.aio import run_on_fast_loop
from app.bench.report import Report
from app.bench.running import ProgressFactory, progress_on_stderr
from app.cli_args import folder, new_file, number, whole_number

HELP = (
    "measure the product beside its physical floor "
    "(cold-sync, live, gateway, replica, search, cluster), or inject faults (faults)"
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
FAST_LOOP = frozenset({"gateway", "live"})
"""Benches whose own process runs the gateway (its desks closed first, or in processes of their
own): on uvloop where installed, as `switchboard gateway` runs (`run_on_fast_loop`)."""


@dataclass(frozen=True, slots=True)
class Option:
    """One sized option of a bench: its flag, parser, default and what it means."""

    flag: str
    parse: Callable[[str], Any]
    default: Any
    metavar: str
    help: str
    shown: str | None = None
    """How the default reads in --help, when not the default itself."""

    def add_to(self, parser: argparse.ArgumentParser) -> None:
        shown = self.shown or f"default {_plain(self.default)}"
        parser.add_argument(
            self.flag,
            type=self.parse,
            default=self.default,
            metavar=self.metavar,
            help=f"{self.help} ({shown})",
        )


def _plain(value: object) -> str:
    """A default as a person types it: 500.0 reads 500, 100000 stays 100000."""
    return f"{value:g}" if isinstance(value, float) else str(value)


EVENTS = whole_number(1)
SECONDS = number(above=0, high=3600)
RATE = number(above=0, high=100_000)
MESSAGES = Option("--messages", EVENTS, 1_000_000, "N", "messages in the replica")


def _replica_file(default: str) -> Option:
    return Option("--db", new_file, None, "FILE", "the replica file", shown=f"default: {default}")


OPTIONS: dict[str, tuple[str, tuple[Option, ...]]] = {
    "cold-sync": (
        "a new desk syncs N sealed inbound events, beside raw JetStream consume",
        (
            Option("--events", EVENTS, 100_000, "N", "sealed inbound events in the log"),
            Option("--customers", EVENTS, 300, "C", "customers the events come from"),
        ),
    ),
    "live": (
        "webhook POST to applied on every desk at a steady rate, beside as many bare desks",
        (
            Option("--rate", RATE, 500.0, "R", "webhook POSTs per second"),
            Option("--desks", whole_number(1, 50), 10, "D", "desks"),
            Option("--seconds", SECONDS, 30.0, "S", "how long messages arrive"),
        ),
    ),
    "gateway": (
        "inbound events/s through the gateway's sealing and publishing, beside raw publish",
        (
            Option(
                "--events", EVENTS, 20_000, "N", "inbound customer messages posted to the gateway"
            ),
            Option(
                "--per-webhook",
                whole_number(1, 1000),
                1,
                "K",
                "messages in one webhook POST, as Meta batches them",
            ),
            Option(
                "--concurrency", whole_number(1, 256), 16, "P", "webhook POSTs in flight at once"
            ),
            Option(
                "--gateways",
                whole_number(1, 4),
                2,
                "G",
                "gateways sharing one stream of webhooks, on a team of their own; 1 skips that "
                "part",
            ),
            Option(
                "--pair-events",
                EVENTS,
                10_000,
                "M",
                "messages posted to the G gateways, every tenth webhook twice",
            ),
            Option(
                "--restart-log",
                whole_number(0),
                100_000,
                "L",
                "events in the log when the gateway restarts; 0 skips that part",
            ),
        ),
    ),
    "replica": (
        "open time and memory of a large replica, beside bare sqlcipher3",
        (
            MESSAGES,
            Option("--conversations", EVENTS, 50_000, "C", "conversations they belong to"),
            Option(
                "--opens",
                whole_number(1, 1000),
                10,
                "K",
                "cold and cached openings to time, each in a fresh process",
                shown="default 10 of each",
            ),
            _replica_file(
                "switchboard-bench-replica-N-C.db in the temp folder, reused when it already "
                "holds N messages"
            ),
        ),
    ),
    "cluster": (
        "a hub of three nodes loses one while messages flow: lost, duplicated, stall",
        (
            Option("--rate", RATE, 1000.0, "R", "messages published per second"),
            Option("--seconds", SECONDS, 20.0, "S", "how long messages are published"),
            Option(
                "--kill-after",
                SECONDS,
                5.0,
                "K",
                "seconds into publishing when one node is SIGKILLed",
            ),
        ),
    ),
}
"""Sub-command → its --help line and sized options (`search` has its own, below)."""

FAULTS_OPTIONS = (
    Option("--minutes", number(above=0, high=1440), 10.0, "N", "how long faults are injected"),
    Option("--desks", whole_number(1, 8), 3, "D", "desks, each a process of its own"),
    Option("--rate", number(above=0, high=50), 4.0, "R", "customer messages per second"),
    Option("--seed", whole_number(0), 1, "S", "seed of the random order of faults"),
    Option(
        "--hub-nodes",
        whole_number(1, 5),
        1,
        "H",
        "hub nodes: 1, or a cluster on loopback whose every node is killed and frozen",
    ),
)

SEARCH_OPTIONS = (
    MESSAGES,
    Option("--queries", EVENTS, 300, "K", "one-word queries to time"),
    _replica_file("switchboard-bench-search-N.db in the temp folder"),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    benches = parser.add_subparsers(dest="bench", required=True, metavar="BENCH")
    _search_arguments(benches)
    _faults_arguments(benches)
    for name, (help_line, options) in OPTIONS.items():
        sub = benches.add_parser(name, help=help_line)
        for option in options:
            option.add_to(sub)
        if name == "cluster":
            sub.add_argument(
                "--victim",
                choices=("leader", "other"),
                default="leader",
                help="kill the node leading the team stream, or another one (default leader)",
            )
        _common_arguments(sub)


def _json_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object instead of the table"
    )


def _common_arguments(parser: argparse.ArgumentParser) -> None:
    _json_argument(parser)
    parser.add_argument(
        "--work-dir",
        type=folder,
        default=None,
        metavar="DIR",
        help="where the hub, desks and files of the run live (default: a new temp folder, "
        "removed afterwards)",
    )


def _search_arguments(benches: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    found = benches.add_parser(
        "search",
        help="one-word full-text searches on a replica of N messages, beside the FTS5 floor",
    )
    for option in SEARCH_OPTIONS:
        option.add_to(found)
    found.add_argument(
        "--reuse",
        action="store_true",
        help="use FILE as it is when it already holds N messages, instead of building it again",
    )
    _json_argument(found)


def _faults_arguments(benches: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    faults = benches.add_parser(
        "faults",
        help="kill, freeze and fill the team's processes and disks under steady traffic: "
        "lost, duplicated, wrongly marked, time to recover",
    )
    for option in FAULTS_OPTIONS:
        option.add_to(faults)
    _common_arguments(faults)


def main(args: argparse.Namespace) -> int:
    if not logging.getLogger().isEnabledFor(logging.DEBUG):
        # "replica open", migration and connection lines would interleave with the table.
        for noisy in ("app", "nats", "aiohttp"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
    if args.bench == "search":
        return _search(args)
    if args.bench == "faults":
        return _faults(args)
    bench = cast(Bench, importlib.import_module(MEASURED[args.bench]))
    run = run_on_fast_loop if args.bench in FAST_LOOP else asyncio.run
    report = run(bench.run(args, progress_on_stderr()))
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


def _faults(args: argparse.Namespace) -> int:
    """Exit status 1 when a fault lost, duplicated or wrongly marked anything, or hung."""
    from app.bench import faults

    try:
        report = asyncio.run(faults.run(args, progress_on_stderr()))
    except asyncio.CancelledError:  # SIGTERM: everything is stopped and unmounted by now
        print("bench faults: stopped before the end; no report", file=sys.stderr)
        return 143
    report.print(sys.stdout, as_json=args.json)
    return 0 if report.ok else 1
