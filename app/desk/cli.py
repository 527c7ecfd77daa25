"""`switchboard` without a sub-command: the desk of one profile (first run, unlock, desk)."""

from __future__ import annotations

import argparse
import re
import time

from app.cli_args import UsageError, folder, whole_number

_PROFILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")

LANGUAGES = ("system", "en", "de")
"""`--lang` values: the same as `app.ui.i18n.language.CHOICES` (a test keeps them equal; the
CLI must not import Qt to parse its arguments)."""


def _profile_name(value: str) -> str:
    if not _PROFILE.match(value):
        raise argparse.ArgumentTypeError(
            f"profile names are 1 to 40 letters, digits, '.', '_' or '-', not {value!r}"
        )
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The desk's options, on the top-level parser (they apply when no sub-command is given)."""
    parser.add_argument(
        "--profile",
        type=_profile_name,
        default=None,
        help="which desk profile to open (default: 'default'); one per device and team",
    )
    parser.add_argument(
        "--profile-dir",
        dest="profile_dir",
        type=folder,
        default=None,
        help="keep the profile in this folder instead of the per-user data folder",
    )
    add_language_argument(parser, default=None)
    parser.add_argument(
        "--quit-after-ms",
        dest="desk_quit_after_ms",
        type=whole_number(1),
        default=None,
        help=argparse.SUPPRESS,  # smoke tests and screenshots
    )
    parser.add_argument(
        "--no-err-windows", dest="desk_no_err_windows", action="store_true", help=argparse.SUPPRESS
    )


def add_language_argument(parser: argparse.ArgumentParser, default: str | None) -> None:
    """`--lang`: which language the windows speak (`default` None: the saved setting)."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=default,
        help="the windows' language: system (the default), en or de; overrides the setting "
        "in View → Language",
    )


def main(args: argparse.Namespace) -> int:
    """Open the desk of the chosen profile."""
    from app.desk.launcher import DeskLauncher
    from app.system.profile import BadProfileName, Profile, profile_dir
    from app.ui.app import UiOptions
    from app.ui.desk_start import run_profile_desk

    try:
        root = profile_dir(args.profile, args.profile_dir)
    except BadProfileName as err:
        raise UsageError(str(err)) from None
    launcher = DeskLauncher(Profile(root), clock=time.time)
    options = UiOptions(
        show_error_windows=not args.desk_no_err_windows,
        quit_after_ms=args.desk_quit_after_ms,
        language=args.lang,
    )
    return run_profile_desk(launcher, options)
