"""The `switchboard` command: composition root and CLI.

No sub-command opens the desktop client; `demo`, `hub`, `gateway` and `simulator` run the other
processes. This module knows every package and builds the objects; it imports no Qt itself
(the desktop paths reach Qt only through `app.ui`).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from app.aio import run_on_fast_loop
from app.cli_args import USAGE_STATUS, OneLineParser, UsageError, one_line, parse_command_line
from app.gateway.spool_frames import WRITER_ARGUMENT
from app.stop_reason import stop_reason

log = logging.getLogger("switchboard")

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="switchboard",
        description="Share one WhatsApp Business number across your team's desks. "
        "Without a sub-command, opens the desk.",
    )
    parser.add_argument(
        "--log-level",
        default="INFO",
        type=str.upper,
        choices=LOG_LEVELS,
        metavar="LEVEL",
        help=", ".join(LOG_LEVELS),
    )
    parser.add_argument("--log-json", action="store_true", help="one JSON object per log line")
    from app.system.version import app_version

    parser.add_argument(
        "--version", action="version", version=f"switchboard {app_version()}", help="print it"
    )
    from app.desk import cli as desk_cli

    desk_cli.add_arguments(parser)
    commands = parser.add_subparsers(dest="command")

    from app.demo import cli as demo_cli

    demo_cli.add_arguments(commands.add_parser("demo", help=demo_cli.HELP))

    from app.hub import cli as hub_cli

    hub_cli.add_arguments(commands.add_parser("hub", help="run a standalone hub (nats-server)"))

    from app.simulator import server as simulator_server

    simulator_server.add_arguments(
        commands.add_parser("simulator", help="run the WhatsApp Cloud API simulator")
    )

    from app.gateway import cli as gateway_cli

    gateway_cli.add_arguments(commands.add_parser("gateway", help=gateway_cli.HELP))

    from app.bench import cli as bench_cli

    bench_cli.add_arguments(commands.add_parser("bench", help=bench_cli.HELP))

    from app.gateway import notify_cli

    notify_cli.add_arguments(commands.add_parser("notify", help=notify_cli.HELP))
    return parser


def run(argv: Sequence[str] | None = None) -> None:
    """Entry point of the console script; exits with the sub-command's status."""
    if sys.argv[1:] == [WRITER_ARGUMENT] and argv is None and getattr(sys, "frozen", False):
        from app.gateway import spool_process  # the gateway started its spool's writer

        sys.exit(spool_process.main())
    args = parse_command_line(build_parser(), argv)
    configure_logging(args.log_level, args.log_json)
    try:
        status = dispatch(args)
    except UsageError as err:
        # Raised before the sub-command starts anything: one line, as argparse's errors are.
        prog = f"switchboard {args.command}" if args.command else "switchboard"
        print(one_line(prog, str(err)), file=sys.stderr)
        status = USAGE_STATUS
    except Exception as err:  # the machine's fault or a bug: one sentence, never a traceback
        prog = f"switchboard {args.command}" if args.command else "switchboard"
        log.debug("stopped", exc_info=True)  # --log-level DEBUG shows where
        reason = stop_reason(err)
        if reason is None:
            reason = (
                f"stopped by an unexpected error ({type(err).__name__}); nothing was lost. "
                "Run it again with --log-level DEBUG to see where, and report it"
            )
        print(one_line(prog, reason), file=sys.stderr)
        status = 1
    sys.exit(status)


def dispatch(args: argparse.Namespace) -> int:
    """Run the chosen sub-command and return its exit status."""
    if args.command == "demo":
        from app.demo import cli as demo_cli

        return demo_cli.main(args)
    if args.command == "hub":
        from app.hub import cli as hub_cli

        return run_until_signal(lambda stop: hub_cli.main(args, stop))
    if args.command == "simulator":
        from app.simulator import server as simulator_server

        return run_until_signal(
            lambda stop: simulator_server.serve_from_args(args, stop), fast_loop=True
        )
    if args.command == "gateway":
        from app.gateway import cli as gateway_cli

        return run_until_signal(lambda stop: gateway_cli.main(args, stop), fast_loop=True)
    if args.command == "bench":
        from app.bench import cli as bench_cli

        return bench_cli.main(args)
    if args.command == "notify":
        from app.gateway import notify_cli

        return notify_cli.main(args)
    from app.desk import cli as desk_cli

    return desk_cli.main(args)


def run_until_signal(
    start: Callable[[asyncio.Event], Coroutine[Any, Any, int | None]],
    *,
    fast_loop: bool = False,
) -> int:
    """Run a service coroutine on a fresh loop until SIGINT/SIGTERM sets its stop event.

    `fast_loop`: on uvloop where installed (`run_on_fast_loop`), for the network-only services.
    """

    async def main() -> int:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        return await start(stop) or 0

    return run_on_fast_loop(main()) if fast_loop else asyncio.run(main())


def configure_logging(level: str, as_json: bool) -> None:
    """Log to stderr; JSON lines for e2e tests that read logs."""
    handler = logging.StreamHandler()
    if as_json:
        handler.setFormatter(_JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level.upper(), handlers=[handler], force=True)


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        import json

        return json.dumps(
            {
                "t": record.created,
                "level": record.levelname,
                "logger": record.name,
                "msg": record.getMessage(),
            }
        )
