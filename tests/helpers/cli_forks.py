"""Run many `switchboard` command lines, each in a real process of its own, forked from one
interpreter that has imported the command once.

A cold start of the command costs about a second of CPU (Python, nats-py, aiohttp, the
sub-commands' modules); the bad-arguments test runs some eighty command lines, which was over a
minute of the suite. A forked child runs the very `app.main.run` a console script runs, with its
own arguments, environment, standard streams and exit status.

Usage: ``python -m tests.helpers.cli_forks < jobs.json`` where the JSON is a list of
``{"name", "argv", "env"}``; prints ``{name: {"returncode", "stdout", "stderr"}}``.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

AT_ONCE = 4
SUB_COMMANDS = (
    "app.desk.cli",
    "app.demo.cli",
    "app.hub.cli",
    "app.simulator.server",
    "app.gateway.cli",
    "app.bench.cli",
)
"""Imported before forking, as their first use in every child would import them anyway."""


def main() -> None:
    jobs: list[dict[str, Any]] = json.load(sys.stdin)
    for module in SUB_COMMANDS:
        importlib.import_module(module)
    with tempfile.TemporaryDirectory(prefix="cli-forks-") as scratch:
        outcomes = _run_all(jobs, Path(scratch))
    json.dump(outcomes, sys.stdout)


def _run_all(jobs: list[dict[str, Any]], scratch: Path) -> dict[str, dict[str, Any]]:
    running: dict[int, str] = {}
    statuses: dict[str, int] = {}
    for job in jobs:
        if len(running) >= AT_ONCE:
            _reap_one(running, statuses)
        running[_fork(job, scratch)] = job["name"]
    while running:
        _reap_one(running, statuses)
    return {
        name: {
            "returncode": status,
            "stdout": (scratch / f"{name}.out").read_text(errors="replace"),
            "stderr": (scratch / f"{name}.err").read_text(errors="replace"),
        }
        for name, status in statuses.items()
    }


def _reap_one(running: dict[int, str], statuses: dict[str, int]) -> None:
    pid, wait_status = os.wait()
    statuses[running.pop(pid)] = os.waitstatus_to_exitcode(wait_status)


def _fork(job: dict[str, Any], scratch: Path) -> int:
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return pid
    status = 1
    try:
        _redirect(1, scratch / f"{job['name']}.out")
        _redirect(2, scratch / f"{job['name']}.err")
        os.environ.update(job["env"])
        status = _as_the_interpreter_would(job["argv"])
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


def _as_the_interpreter_would(argv: list[str]) -> int:
    """Run the command; its exit status, with what Python prints for an exit or a crash."""
    from app.main import run

    try:
        run(argv)
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            return done.code or 0
        print(done.code, file=sys.stderr)
        return 1
    except BaseException:
        traceback.print_exc()
        return 1
    return 0


def _redirect(fd: int, path: Path) -> None:
    target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(target, fd)
    os.close(target)


if __name__ == "__main__":
    main()
