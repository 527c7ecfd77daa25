"""`switchboard notify`: send a notification through a gateway's API (docs/notifications.md).

    switchboard notify --gateway URL --token-file F --to NUMBER --template NAME
        [--language CODE] [--param VALUE ...] [--idempotency-key KEY]
    switchboard notify --gateway URL --token-file F --bulk FILE.csv --template NAME ...

A client like any back-office system: it holds a token an admin created on a desk, and never
talks to the hub. Arguments are checked before anything is sent (one line, status 2); the
module imports little, so `switchboard --help` stays quick, and the client comes in `main`.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from app.cli_args import UsageError, existing_file

HELP = "send a WhatsApp notification (an approved template) through the gateway's API"
_URL = re.compile(r"https?://[^\s/]+(/\S*)?")
_NUMBER = re.compile(r"\+?[0-9]{7,15}")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(_[A-Za-z]{2,4})?")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--gateway",
        required=True,
        type=_gateway_url,
        metavar="URL",
        help="the gateway's address, e.g. https://gateway.example.com (where Meta's webhook is)",
    )
    parser.add_argument(
        "--token-file",
        required=True,
        type=existing_file,
        metavar="FILE",
        help="a file holding the token an admin created under Back-office systems",
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "--to", type=_phone, metavar="NUMBER", help="the customer's number, e.g. +4915112345678"
    )
    target.add_argument(
        "--bulk",
        type=existing_file,
        metavar="FILE.csv",
        help="one recipient per line: number, then the template's parameters in order",
    )
    parser.add_argument(
        "--template", required=True, metavar="NAME", help="an approved template's name"
    )
    parser.add_argument(
        "--language",
        default="en_US",
        type=_language,
        metavar="CODE",
        help="the template's language (default: en_US)",
    )
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="VALUE",
        help="the template's parameters in order (repeat for each); not with --bulk",
    )
    parser.add_argument(
        "--idempotency-key",
        metavar="KEY",
        help="the same key sends once, however often it is given (default: a new key; with "
        "--bulk, one made from the file, so sending a file again sends nothing twice)",
    )


def main(args: argparse.Namespace) -> int:
    """Send and report; 0 when everything was accepted, 1 when something was refused.

    Raises:
        UsageError: The token file is empty or the CSV file does not hold recipients.
    """
    from app.gateway import notify_client

    token = _token(args.token_file)
    try:
        if args.bulk is not None:
            if args.param:
                raise UsageError("--param is for one recipient; with --bulk, they are columns")
            recipients = notify_client.read_recipients(args.bulk)
            return notify_client.send_bulk(args, token, recipients)
        return notify_client.send_one(args, token)
    except ConnectionError as exc:
        print(f"switchboard notify: {exc}; nothing more was sent", file=sys.stderr)
        return 1


def _token(path: Path) -> str:
    token = path.read_text(encoding="utf-8", errors="replace").strip()
    if not token or any(c.isspace() for c in token):
        raise UsageError(f"{path} must hold the token alone, as the desk showed it")
    return token


def _gateway_url(value: str) -> str:
    if not _URL.fullmatch(value):
        raise argparse.ArgumentTypeError(f"must be an http:// or https:// address, not {value!r}")
    return value.rstrip("/")


def _phone(value: str) -> str:
    digits = value.replace(" ", "")
    if not _NUMBER.fullmatch(digits):
        raise argparse.ArgumentTypeError(
            f"must be a phone number in international form such as +4915112345678, not {value!r}"
        )
    return digits.lstrip("+")


def _language(value: str) -> str:
    if not _LANGUAGE.fullmatch(value):
        raise argparse.ArgumentTypeError(
            f"must be a language code such as en or en_US, not {value!r}"
        )
    return value
