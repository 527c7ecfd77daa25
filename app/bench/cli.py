"""`switchboard bench …`: the benchmark sub-commands (only `search` so far)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
from pathlib import Path

from app.cli_args import new_file, whole_number

HELP = "measure the desk's heavy paths on made-up data (search)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    benches = parser.add_subparsers(dest="bench", required=True, metavar="BENCH")
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


def main(args: argparse.Namespace) -> int:
    from app.bench import search_bench

    if not logging.getLogger().isEnabledFor(logging.DEBUG):
        # "replica open" and migration lines would interleave with the table.
        logging.getLogger("app.store").setLevel(logging.WARNING)
    path = args.db or Path(tempfile.gettempdir()) / f"switchboard-bench-search-{args.messages}.db"
    asyncio.run(
        search_bench.run(path, args.messages, args.queries, reuse=args.reuse, out=sys.stdout)
    )
    return 0
