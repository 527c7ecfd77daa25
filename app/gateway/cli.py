"""`switchboard gateway`: enroll the gateway in a team, then run it for the team's number.

    switchboard gateway join --hub URL --state-dir DIR [--tls-fingerprint HEX]
                             [--public-url URL] [--code-file FILE|-]
    switchboard gateway run --state-dir DIR [--host HOST] [--port PORT] [--public-url URL]

`join` asks for the invite code an admin made for a *gateway* on the desk, shows the short
authentication string (7 emoji and 3×4 digits) to compare with the admin's screen, and once the
admin confirms, writes the gateway's identity and device keys to `DIR/gateway-identity.json`
(mode 0600; `identity.py` says how to keep the keys in a systemd credential instead). `run`
starts from that state: it logs in to the hub with its own key, follows the team chain, and
waits for an admin to send the Cloud API settings from a desk (sealed to the gateway; kept in
`DIR`, mode 0600). Until then its webhook answers 503.

The older form `switchboard gateway --config FILE` still runs a gateway whose keys and Meta
settings are in one JSON file, which must be readable by its owner only (mode 0600):

    {"hub_url": "nats://127.0.0.1:4222", "team_id": "<32 hex>", "fingerprint": "<64 hex>",
     "gateway_keys": "<192 hex>", "app_secret": "...", "verify_token": "...",
     "graph_url": "https://graph.facebook.com", "phone_number_id": "...", "access_token": "...",
     "host": "127.0.0.1", "port": 8443, "state_dir": "/var/lib/switchboard-gateway"}

`state_dir` is the gateway's own durable state (what it has sent, where its author chain
stands): keep it as long as the team exists, and never share it between two gateways.
Failures before the gateway runs (bad arguments, an unreachable hub, a wrong code, emoji that
differ) are one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import re
import stat
import sys
import threading
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from app.aio import cancel_and_wait
from app.cli_args import UsageError, existing_file, folder, port
from app.crypto.chain.state import ChainState
from app.crypto.enroll import Sas
from app.crypto.fingerprint import FINGERPRINT_LEN
from app.crypto.keys import PRIVATE_LEN, DeviceKeys
from app.domain.errors import EnvironmentFault, SwitchboardError
from app.domain.ids import ID_LEN, TeamId
from app.gateway.graph import GraphConfig
from app.gateway.identity import HUB_SCHEMES, TLS_FINGERPRINT_LEN, public_url_ok
from app.gateway.join import JoinPrompts, join_gateway, sas_lines
from app.gateway.runner import start_from_state
from app.gateway.sealing import GatewayLog
from app.gateway.service import Gateway, GatewayConfig
from app.gateway.state import StateMismatch
from app.sync.nats_transport import NatsTransport

log = logging.getLogger(__name__)

HELP = "join a team as its webhook gateway, and run it (Meta Cloud API ↔ the team's log)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="run from a config file (mode 0600) instead of join/run",
    )
    commands = parser.add_subparsers(dest="gateway_command", metavar="{join,run}")
    join = commands.add_parser("join", help="enroll this gateway in a team with an invite code")
    join.add_argument(
        "--hub", required=True, type=hub_url, metavar="URL", help="the team's hub, e.g. tls://…"
    )
    join.add_argument(
        "--state-dir", required=True, type=folder, metavar="DIR", help="the gateway's state"
    )
    join.add_argument(
        "--tls-fingerprint",
        type=tls_fingerprint,
        metavar="HEX",
        help="the hub certificate's SHA-256 (hex)",
    )
    join.add_argument(
        "--public-url", type=public_url, metavar="URL", help="where Meta reaches the webhook"
    )
    join.add_argument(
        "--code-file",
        type=code_source,
        metavar="FILE",
        help="read the invite code from a file ('-': stdin)",
    )
    run = commands.add_parser("run", help="run the gateway that `join` enrolled")
    run.add_argument(
        "--state-dir", required=True, type=folder, metavar="DIR", help="the gateway's state"
    )
    run.add_argument("--host", default="127.0.0.1", help="address the webhook listens on")
    run.add_argument("--port", type=port(free=0), default=8443, help="webhook port (0: a free one)")
    run.add_argument(
        "--public-url",
        type=public_url,
        default=None,
        metavar="URL",
        help="where Meta reaches the webhook",
    )


def hub_url(value: str) -> str:
    """The hub's URL; the address `switchboard hub` prints may carry its pin after '#'."""
    parts = urlsplit(value)
    if parts.scheme not in HUB_SCHEMES or not parts.hostname:
        raise argparse.ArgumentTypeError(
            f"must be a nats://, tls://, ws:// or wss:// URL, not {value!r}"
        )
    if parts.fragment:
        tls_fingerprint(parts.fragment)  # a pin that is not 32 bytes of hex: say so now
    return value


def tls_fingerprint(value: str) -> bytes:
    text = value.replace(":", "").strip()
    if re.fullmatch(f"[0-9a-fA-F]{{{2 * TLS_FINGERPRINT_LEN}}}", text) is None:
        raise argparse.ArgumentTypeError(
            f"must be {2 * TLS_FINGERPRINT_LEN} hex digits (as `switchboard hub` prints it)"
        )
    return bytes.fromhex(text)


def _pin_in(address: str) -> bytes | None:
    """The certificate pin after '#' in a hub address, as desks take it."""
    fragment = address.partition("#")[2]
    return tls_fingerprint(fragment) if fragment else None


def public_url(value: str) -> str:
    if not public_url_ok(value):
        raise argparse.ArgumentTypeError(f"must be an https:// or http:// URL, not {value!r}")
    return value


STDIN = "-"


def code_source(value: str) -> str:
    """A readable file holding the code, or '-' for stdin."""
    return value if value == STDIN else str(existing_file(value))


_HEX_FIELDS = {"team_id": ID_LEN, "fingerprint": FINGERPRINT_LEN, "gateway_keys": PRIVATE_LEN}
"""Fields holding bytes as hex, with their length in bytes."""
_TEXT_FIELDS = (
    "hub_url",
    "app_secret",
    "verify_token",
    "phone_number_id",
    "access_token",
    "state_dir",
)
_OPTIONAL_TEXT_FIELDS = ("graph_url", "host")
_URL_SCHEMES = {"hub_url": ("nats", "tls", "ws", "wss"), "graph_url": ("http", "https")}


def load_config(path: Path) -> dict[str, str | int]:
    """Read and check the config file, before the gateway starts anything.

    Raises:
        UsageError: The file is missing, unreadable, readable by others or not JSON, or a
            field is missing, of the wrong type or malformed.
    """
    data = _read_private_json(path)
    if not isinstance(data, dict):
        raise UsageError(f"{path} must hold a JSON object {{...}}, not {type(data).__name__}")
    problem = _field_problem(data)
    if problem:
        raise UsageError(f"{path}: {problem}")
    return data


def _read_private_json(path: Path) -> object:
    try:
        with path.open("rb") as file:
            mode = stat.S_IMODE(os.fstat(file.fileno()).st_mode)
            if mode & 0o077:
                raise UsageError(
                    f"{path} holds secrets: make it private (chmod 600), not {oct(mode)}"
                )
            raw = file.read()
    except FileNotFoundError:
        raise UsageError(f"{path} does not exist: give the gateway's config file") from None
    except OSError as err:
        raise UsageError(f"cannot read {path}: {err.strerror}") from None
    try:
        return json.loads(raw)
    except ValueError as err:  # JSONDecodeError, UnicodeDecodeError
        raise UsageError(f"{path} is not valid JSON: {err}") from None


def _field_problem(data: dict[str, object]) -> str | None:
    """What is wrong with the config's fields, or None."""
    missing = [name for name in (*_TEXT_FIELDS, *_HEX_FIELDS) if name not in data]
    if missing:
        return f"missing {', '.join(missing)}"
    for name in (*_TEXT_FIELDS, *_OPTIONAL_TEXT_FIELDS):
        value = data.get(name, "-")
        if not isinstance(value, str) or not value.strip():
            return f"{name} must be a non-empty string"
    for name, schemes in _URL_SCHEMES.items():
        url = urlsplit(str(data.get(name, "https://graph.facebook.com")))
        if url.scheme not in schemes or not url.hostname:
            return f"{name} must be a {' or '.join(s + '://' for s in schemes)} URL"
    for name, size in _HEX_FIELDS.items():
        if not _is_hex(data[name], size):
            return f"{name} must be {2 * size} hex digits"
    port = data.get("port", 0)
    if type(port) is not int or not 0 <= port <= 65535:
        return f"port must be a whole number from 1 to 65535 (or 0 for a free one), not {port!r}"
    try:
        folder(str(data["state_dir"]))
    except argparse.ArgumentTypeError as err:
        return f"state_dir: {err}"
    return None


def _is_hex(value: object, size: int) -> bool:
    return isinstance(value, str) and re.fullmatch(f"[0-9a-fA-F]{{{2 * size}}}", value) is not None


async def main(args: argparse.Namespace, stop: asyncio.Event) -> int:
    command = getattr(args, "gateway_command", None)
    if command is not None and args.config is not None:
        raise UsageError("give either --config FILE or a sub-command (join, run), not both")
    try:
        if command == "join":
            return await _until_stopped(_join(args), stop)
        if command == "run":
            return await _run(args, stop)
    except EnvironmentFault:
        raise  # the hub, the network or the disk: one sentence and status 1 (`app.main`)
    except SwitchboardError as err:
        raise UsageError(_sentence(err)) from None
    except TimeoutError:
        raise UsageError("the admin did not answer in time; nobody was added") from None
    except StateMismatch as err:
        raise UsageError(str(err)) from None
    if args.config is None:
        raise UsageError("give a sub-command, join or run (or --config FILE); see --help")
    return await _run_config(args, stop)


async def _until_stopped(work: Coroutine[Any, Any, int], stop: asyncio.Event) -> int:
    """Run `work` unless the person stops the command first (the join then tells the admin)."""
    task = asyncio.ensure_future(work)
    stopped = asyncio.ensure_future(stop.wait())
    await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
    stopped.cancel()
    if task.done():
        return task.result()
    await cancel_and_wait(task)
    raise UsageError("stopped before the admin confirmed; nobody was added")


def _sentence(err: Exception) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    return text[0].upper() + text[1:] if text[0].islower() else text


async def _join(args: argparse.Namespace) -> int:
    source = args.code_file
    if source is None:
        code = await _ask("Invite code (from the admin's desk): ")
    elif source == STDIN:
        code = await _ask("")
    else:
        code = await asyncio.to_thread(_read_code_file, Path(source))
    prompts = JoinPrompts(say=_say, matches=_matches)
    await join_gateway(
        args.hub.partition("#")[0],
        code,
        args.state_dir,
        prompts,
        clock=time.time,
        tls_fingerprint=args.tls_fingerprint or _pin_in(args.hub),
        public_url=args.public_url or "",
    )
    _say(f"Now start it: switchboard gateway run --state-dir {args.state_dir}")
    return 0


def _read_code_file(source: Path) -> str:
    try:
        return source.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        raise UsageError(f"cannot read the invite code from {source}") from None


async def _matches(sas: Sas) -> bool:
    _say("Compare with the admin's screen:")
    for line in sas_lines(sas):
        _say("    " + line)
    answer = await _ask("Do they match the admin's screen? [y/N] ")
    return answer.strip().lower() in ("y", "yes")


def _say(line: str) -> None:
    print(line, flush=True)


async def _ask(prompt: str) -> str:
    """One line from the terminal (or stdin), without blocking the loop; "" at its end."""

    def read() -> str:
        print(prompt, end="", flush=True)
        line = sys.stdin.readline()
        if prompt and not sys.stdin.isatty():
            print(flush=True)  # the answer came from a pipe: end the prompt's line
        return line.rstrip("\r\n")

    # A daemon thread, not the loop's executor: a read still waiting when the person stops the
    # command (Ctrl+C) must not keep the process from exiting.
    loop = asyncio.get_running_loop()
    answer: asyncio.Future[str] = loop.create_future()

    def deliver(line: str) -> None:
        if not answer.done():
            answer.set_result(line)

    def run() -> None:
        line = read()
        with contextlib.suppress(RuntimeError):  # the loop is gone: nobody waits any more
            loop.call_soon_threadsafe(deliver, line)

    threading.Thread(target=run, name="gateway-join-input", daemon=True).start()
    return await answer


async def _run(args: argparse.Namespace, stop: asyncio.Event) -> int:
    running = await start_from_state(
        args.state_dir, host=args.host, port=args.port, public_url=args.public_url
    )
    try:
        log.info("gateway listening at %s", running.url)
        await stop.wait()
    finally:
        await running.close()
    return 0


async def _run_config(args: argparse.Namespace, stop: asyncio.Event) -> int:
    cfg = load_config(args.config)
    team_id = TeamId(bytes.fromhex(str(cfg["team_id"])))
    keys = DeviceKeys.from_private_bytes(bytes.fromhex(str(cfg["gateway_keys"])))
    chain = ChainState.genesis(team_id, bytes.fromhex(str(cfg["fingerprint"])))
    config = GatewayConfig(
        app_secret=str(cfg["app_secret"]).encode(),
        verify_token=str(cfg["verify_token"]),
        graph=GraphConfig(
            base_url=str(cfg.get("graph_url", "https://graph.facebook.com")),
            phone_number_id=str(cfg["phone_number_id"]),
            access_token=str(cfg["access_token"]),
        ),
        state_dir=Path(str(cfg["state_dir"])),
        host=str(cfg.get("host", "127.0.0.1")),
        port=int(cfg.get("port", 0)),
        waba_id=str(cfg.get("waba_id", "")),
    )
    transport = await NatsTransport.connect(
        str(cfg["hub_url"]), team_id_hex=team_id.hex(), name="gateway"
    )
    gateway = Gateway(config, GatewayLog(keys, chain), transport, time.time, beats=transport)
    try:
        url = await gateway.start()
        log.info("gateway listening at %s", url)
        await stop.wait()
    finally:
        await gateway.stop()
        await transport.close()
    return 0
