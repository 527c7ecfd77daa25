"""`switchboard demo`: the embedded team, with windows or headless."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import tempfile
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from app.cli_args import UsageError, folder, new_file, number, whole_number
from app.desk import cli as desk_cli

HELP = "run a local hub, the simulator, the gateway and agent desks on this machine"

log = logging.getLogger(__name__)

MAX_AGENTS = 8
"""The headless demo has a name for this many scripted agents (`headless.AGENT_NAMES`)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--headless", action="store_true", help="no windows; scripted agents")
    # Also after `demo`; SUPPRESS keeps a `--lang` given before it (argparse would reset it).
    desk_cli.add_language_argument(parser, default=argparse.SUPPRESS)
    parser.add_argument(
        "--agents",
        type=whole_number(1, MAX_AGENTS),
        default=2,
        help=f"headless: agent desks, 1 to {MAX_AGENTS} (default 2)",
    )
    parser.add_argument("--customers", type=whole_number(1), default=3, help="scripted customers")
    parser.add_argument(
        "--messages", type=whole_number(1), default=10, help="messages per customer"
    )
    parser.add_argument(
        "--rate",
        type=number(above=0),
        default=None,
        help="customer messages per second (20 headless)",
    )
    parser.add_argument(
        "--data-dir", type=folder, default=None, help="where all state lives (default: a temp dir)"
    )
    parser.add_argument("--report", type=new_file, default=None, help="write the JSON report here")
    parser.add_argument(
        "--time-limit",
        type=number(above=0),
        default=300.0,
        help="headless: give up after this many s",
    )
    parser.add_argument(
        "--faults",
        action="store_true",
        help="headless: the simulator duplicates, retries, reorders and batches webhooks",
    )
    parser.add_argument(
        "--keychain",
        type=_keychain,
        choices=("memory", "system"),
        default="memory",
        help="where desks keep their device keys: memory (default; demo data is temporary) "
        "or the OS keychain",
    )
    parser.add_argument(
        "--no-err-windows", action="store_true", help="log errors instead of showing dialogs"
    )
    parser.add_argument(
        "--quit-after-ms",
        type=whole_number(1),
        default=None,
        help="close the windows after this long",
    )


def _keychain(value: str) -> str:
    """Probe ``--keychain system`` now, so that a missing keychain stops the demo before it
    starts anything (the stack probes again when it opens the keychain)."""
    if value == "system":
        from app.domain.errors import KeychainUnavailable
        from app.system.keychain import select_backend

        try:
            select_backend()
        except KeychainUnavailable as err:
            raise argparse.ArgumentTypeError(
                f"{str(err).rstrip('.')}; --keychain memory keeps the keys in memory instead"
            ) from None
    return value


def main(args: argparse.Namespace) -> int:
    """Run the demo; returns the exit status."""
    if args.data_dir is None:
        with tempfile.TemporaryDirectory(prefix="switchboard-demo-") as tmp:
            return _run(args, Path(tmp))
    return _run(args, args.data_dir)


def _run(args: argparse.Namespace, data_dir: Path) -> int:
    if (data_dir / "desks").exists():
        raise UsageError(f"{data_dir} holds an earlier demo: choose an empty --data-dir")
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
        return asyncio.run(_ending_on_sigterm(run_headless(plan)))
    from app.demo.windows import run_windows

    return run_windows(data_dir, args)


async def _ending_on_sigterm(work: Coroutine[Any, Any, int]) -> int:
    """Run the headless demo; SIGTERM (`kill`, a CI job's timeout) cancels it, so its stack
    stops, its hub goes and the temporary folder is removed, as Ctrl+C does.

    Returns:
        The demo's exit status, or 128 + SIGTERM when it was terminated.
    """
    task = asyncio.ensure_future(work)
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError):  # no SIGTERM handlers on Windows
        loop.add_signal_handler(signal.SIGTERM, task.cancel)
    try:
        return await task
    except asyncio.CancelledError:
        if not task.cancelled():
            raise
        log.warning("terminated: the demo stopped and removed what it made")
        return 128 + signal.SIGTERM
    finally:
        with contextlib.suppress(NotImplementedError):
            loop.remove_signal_handler(signal.SIGTERM)
