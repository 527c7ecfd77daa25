"""`switchboard gateway --config FILE`: run the gateway for one team and phone number.

The config file holds secrets (the gateway's private keys, Meta's app secret and token), so it
must be readable by its owner only (mode 0600); the gateway refuses it otherwise. It is JSON:

    {"hub_url": "nats://127.0.0.1:4222", "team_id": "<32 hex>", "fingerprint": "<64 hex>",
     "gateway_keys": "<128 hex>", "app_secret": "...", "verify_token": "...",
     "graph_url": "https://graph.facebook.com", "phone_number_id": "...", "access_token": "...",
     "host": "127.0.0.1", "port": 8443}
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import stat
import time
from pathlib import Path

from app.crypto.chain.state import ChainState
from app.crypto.keys import DeviceKeys
from app.domain.ids import TeamId
from app.gateway.graph import GraphConfig
from app.gateway.sealing import GatewayLog
from app.gateway.service import Gateway, GatewayConfig
from app.sync.nats_transport import NatsTransport

log = logging.getLogger(__name__)

HELP = "run the webhook gateway (Meta Cloud API ↔ the team's sealed log)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, required=True, help="gateway config (mode 0600)")


def load_config(path: Path) -> dict[str, str | int]:
    """Read the config file, refusing one that others can read."""
    mode = stat.S_IMODE(os.stat(path).st_mode)
    if mode & 0o077:
        raise SystemExit(f"{path} holds secrets: make it private (chmod 600), not {oct(mode)}")
    data = json.loads(path.read_text())
    if not isinstance(data, dict):
        raise SystemExit(f"{path}: expected a JSON object")
    return data


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
