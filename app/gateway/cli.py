"""`switchboard gateway --config FILE`: run the gateway for one team and phone number.

The config file holds secrets (the gateway's private keys, Meta's app secret and token), so it
must be readable by its owner only (mode 0600); the gateway refuses it otherwise. It is JSON:

    {"hub_url": "nats://127.0.0.1:4222", "team_id": "<32 hex>", "fingerprint": "<64 hex>",
     "gateway_keys": "<192 hex>", "app_secret": "...", "verify_token": "...",
     "graph_url": "https://graph.facebook.com", "phone_number_id": "...", "access_token": "...",
     "host": "127.0.0.1", "port": 8443, "state_dir": "/var/lib/switchboard-gateway"}

`state_dir` is the gateway's own durable state (what it has sent, where its author chain
stands): keep it as long as the team exists, and never share it between two gateways.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import re
import stat
import time
from pathlib import Path
from urllib.parse import urlsplit

from app.cli_args import UsageError, folder
from app.crypto.chain.state import ChainState
from app.crypto.fingerprint import FINGERPRINT_LEN
from app.crypto.keys import PRIVATE_LEN, DeviceKeys
from app.domain.ids import ID_LEN, TeamId
from app.gateway.graph import GraphConfig
from app.gateway.sealing import GatewayLog
from app.gateway.service import Gateway, GatewayConfig
from app.sync.nats_transport import NatsTransport

log = logging.getLogger(__name__)

HELP = "run the webhook gateway (Meta Cloud API ↔ the team's sealed log)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, required=True, help="gateway config (mode 0600)")


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
    )
    transport = await NatsTransport.connect(
        str(cfg["hub_url"]), team_id_hex=team_id.hex(), name="gateway"
    )
    gateway = Gateway(config, GatewayLog(keys, chain), transport, time.time)
    try:
        url = await gateway.start()
        log.info("gateway listening at %s", url)
        await stop.wait()
    finally:
        await gateway.stop()
        await transport.close()
    return 0
