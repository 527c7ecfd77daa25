"""`switchboard demo`: the embedded team, with windows or headless."""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

HELP = "run a local hub, the simulator, the gateway and agent desks on this machine"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--headless", action="store_true", help="no windows; scripted agents")
    parser.add_argument("--agents", type=int, default=2, help="agent desks (default 2)")
    parser.add_argument("--customers", type=int, default=3, help="scripted customers")
    parser.add_argument("--messages", type=int, default=10, help="messages per customer")
    parser.add_argument(
        "--rate", type=float, default=None, help="customer messages per second (20 headless)"
    )
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="where all state lives (default: a temp dir)"
    )
    parser.add_argument("--report", type=Path, default=None, help="write the JSON report here")
    parser.add_argument(
        "--time-limit", type=float, default=300.0, help="headless: give up after this many s"
    )
    parser.add_argument(
        "--faults",
        action="store_true",
        help="headless: the simulator duplicates, retries, reorders and batches webhooks",
    )
    parser.add_argument(
        "--keychain",
        choices=("memory", "system"),
        default="memory",
        help="where desks keep their device keys: memory (default; demo data is temporary) "
        "or the OS keychain",
    )
    parser.add_argument(
        "--no-err-windows", action="store_true", help="log errors instead of showing dialogs"
    )
    parser.add_argument(
        "--quit-after-ms", type=int, default=None, help="close the windows after this long"
    )


def main(args: argparse.Namespace) -> int:
    """Run the demo; returns the exit status."""
    if args.data_dir is None:
        with tempfile.TemporaryDirectory(prefix="switchboard-demo-") as tmp:
            return _run(args, Path(tmp))
    return _run(args, args.data_dir)


def _run(args: argparse.Namespace, data_dir: Path) -> int:
    if (data_dir / "desks").exists():
        print(f"{data_dir} holds an earlier demo: choose an empty --data-dir", file=sys.stderr)
        return 2
    if args.headless:
        from app.demo.headless import HeadlessPlan, run_headless

        plan = HeadlessPlan(
            agents=args.agents,
            customers=args.customers,
            messages=args.messages,
            rate=args.rate if args.rate is not None else 20.0,
            data_dir=data_dir,
            report=args.report,
            time_limit=args.time_limit,
            keychain=args.keychain,
            faults=args.faults,
        )
        return asyncio.run(run_headless(plan))
    from app.demo.windows import run_windows

    return run_windows(data_dir, args)
