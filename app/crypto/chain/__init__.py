"""The team chain (crypto.md §3.5): signed, hash-linked control-plane links and their validator.

- `links`: the link codec and payload types (`LinkType` reserves the later stages' values).
- `boxes`: seed boxes, HPKE-sealed to one device, epoch and chain position.
- `state`: `ChainState`, the pure copy-on-apply validator.
- `build`: `create_team` and `add_device` for admin devices.
- `unseal`: opening this device's seed boxes and the sealed names.
"""

from __future__ import annotations

from app.crypto.chain.boxes import BOX_LEN, SeedBox
from app.crypto.chain.build import add_device, create_team
from app.crypto.chain.links import (
    AddDevice,
    CreateTeam,
    LinkType,
    ParsedLink,
    SasStatus,
    encode_link,
    parse_link,
)
from app.crypto.chain.state import ChainState, DeviceEntry, EpochPublic
from app.crypto.chain.unseal import display_name, open_seed_box, team_name

__all__ = [
    "BOX_LEN",
    "AddDevice",
    "ChainState",
    "CreateTeam",
    "DeviceEntry",
    "EpochPublic",
    "LinkType",
    "ParsedLink",
    "SasStatus",
    "SeedBox",
    "add_device",
    "create_team",
    "display_name",
    "encode_link",
    "open_seed_box",
    "parse_link",
    "team_name",
]
