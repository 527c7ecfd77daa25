"""Checks for the `switchboard` command's arguments, shared by every sub-command.

Bad input gets one line on stderr and exit status 2, never a traceback:

- `OneLineParser` is the `argparse` parser of the command and (through `add_subparsers`) of
  every sub-command; its `error()` prints ``switchboard demo: --agents: must be …`` and exits 2.
- The `type=` factories below check numbers, ports and paths while the arguments are parsed,
  so nothing starts when one is wrong.
- `UsageError` is raised for what can only be checked after parsing (a config file's content,
  a data folder from an earlier run); `app.main` prints it the same way and exits 2.

Standard library only, so that any layer's CLI code may import it.
"""

from __future__ import annotations

import argparse
import math
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

__all__ = [
    "USAGE_STATUS",
    "OneLineParser",
    "UsageError",
    "existing_file",
    "folder",
    "new_file",
    "number",
    "one_line",
    "parse_command_line",
    "port",
    "whole_number",
]

USAGE_STATUS = 2
"""The exit status for bad arguments, as argparse uses it."""


class UsageError(Exception):
    """An argument is wrong; the message says what is wrong and what to do, in one sentence."""


def one_line(prog: str, message: str) -> str:
    """``prog: message`` on a single line, whatever line breaks the message holds."""
    return f"{prog}: {' '.join(message.split())}"


class OneLineParser(argparse.ArgumentParser):
    """An `ArgumentParser` whose errors are one line on stderr (exit 2); help is unchanged."""

    def error(self, message: str) -> NoReturn:
        # argparse says "argument --agents: …"; the option name alone reads better.
        text = re.sub(r"^argument ([^:]+): ", r"\1: ", message)
        if text.startswith("unrecognized arguments"):
            text += f"; see {self.prog} --help"
        self.exit(USAGE_STATUS, one_line(self.prog, text) + "\n")


def parse_command_line(
    parser: argparse.ArgumentParser, argv: Sequence[str] | None = None
) -> argparse.Namespace:
    """``parser.parse_args(argv)``, except that an unknown option is reported by the
    sub-command it follows (``switchboard demo: unrecognized arguments: …``)."""
    args, extras = parser.parse_known_args(argv)
    if extras:
        _chosen(parser, args).error(f"unrecognized arguments: {' '.join(extras)}")
    return args


def _chosen(parser: argparse.ArgumentParser, args: argparse.Namespace) -> argparse.ArgumentParser:
    """The innermost (sub-)command parser that `args` went through."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            command = action.choices.get(getattr(args, action.dest, None) or "")
            if command is not None:
                return _chosen(command, args)
    return parser


def whole_number(low: int, high: int | None = None) -> Callable[[str], int]:
    """A `type=` for an integer in ``[low, high]`` (no upper bound when `high` is None)."""

    def parse(value: str) -> int:
        try:
            result = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number, not {value!r}") from None
        if result < low or (high is not None and result > high):
            wanted = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise argparse.ArgumentTypeError(f"must be {wanted}, not {result}")
        return result

    return parse


def number(
    *, above: float | None = None, low: float | None = None, high: float | None = None
) -> Callable[[str], float]:
    """A `type=` for a finite number ``> above``, or within ``[low, high]``."""

    def parse(value: str) -> float:
        try:
            result = float(value)
        except ValueError:
            result = math.nan
        if (
            not math.isfinite(result)
            or (above is not None and result <= above)
            or (low is not None and result < low)
            or (high is not None and result > high)
        ):
            raise argparse.ArgumentTypeError(f"must be {_wanted(above, low, high)}, not {value!r}")
        return result

    return parse


def _wanted(above: float | None, low: float | None, high: float | None) -> str:
    if above is not None:
        return f"a number greater than {above:g}"
    if low is not None and high is not None:
        return f"a number from {low:g} to {high:g}"
    return f"a number of at least {low:g}" if low is not None else "a number"


def port(*, free: int | None = None) -> Callable[[str], int]:
    """A `type=` for a TCP port 1–65535, or `free`: the value that lets the system pick one."""

    def parse(value: str) -> int:
        try:
            result = int(value)
        except ValueError:
            result = None
        if result is None or not (result == free or 1 <= result <= 65535):
            spare = f" (or {free} for a free one)" if free is not None else ""
            raise argparse.ArgumentTypeError(
                f"must be a port from 1 to 65535{spare}, not {value!r}"
            )
        return result

    return parse


def folder(value: str) -> Path:
    """A `type=` for a folder that exists and is writable, or that can be created."""
    path = Path(value)
    if _exists(path):
        if not path.is_dir():
            raise argparse.ArgumentTypeError(f"{path} is a file, not a folder; choose a folder")
        if not os.access(path, os.W_OK | os.X_OK):
            raise argparse.ArgumentTypeError(f"cannot write in {path}; choose a writable folder")
        return path
    parent = _nearest_existing(path)
    if not parent.is_dir():
        raise argparse.ArgumentTypeError(f"cannot create {path}: {parent} is a file")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise argparse.ArgumentTypeError(
            f"cannot create {path}: {parent} is not writable; choose a writable folder"
        )
    return path


def new_file(value: str) -> Path:
    """A `type=` for a file to write: its folder must exist and be writable."""
    path = Path(value)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{path} is a folder; give a file name")
    parent = path.parent
    if not parent.is_dir():
        raise argparse.ArgumentTypeError(
            f"the folder {parent} does not exist; create it or choose another path"
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise argparse.ArgumentTypeError(f"cannot write in {parent}; choose a writable folder")
    return path


def existing_file(value: str) -> Path:
    """A `type=` for a file to read (a certificate, a key): it must exist and be readable."""
    path = Path(value)
    if not _exists(path):
        raise argparse.ArgumentTypeError(f"{path} does not exist")
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{path} is a folder; give a file")
    if not os.access(path, os.R_OK):
        raise argparse.ArgumentTypeError(f"cannot read {path}")
    return path


def _nearest_existing(path: Path) -> Path:
    """`path` or its closest ancestor that exists (the current folder at worst)."""
    for candidate in (path, *path.parents):
        if _exists(candidate):
            return candidate
    return Path.cwd()


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError as err:  # a folder on the way that we may not look into
        raise argparse.ArgumentTypeError(f"cannot reach {path}: {err.strerror}") from None
