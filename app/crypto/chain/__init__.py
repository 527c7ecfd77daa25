"""The team chain (crypto.md §3.5, team-setup.md §2): signed, hash-linked control-plane links.

- `payloads`: the payload of every link type this version parses.
- `links`: the link codec (`LinkType` reserves the later stages' values).
- `boxes`: seed boxes, HPKE-sealed to one device, epoch and chain position.
- `entries`, `state`, `rules`: `ChainState`, the pure copy-on-apply validator, and its records.
- `build`: the builders an admin device signs with.
- `unseal`, `unwind`: opening this device's seed boxes, `prev_wrap` and the sealed names.
- `local`: enrollment inside one process, for a team founded on one machine.
"""

from __future__ import annotations

from app.crypto.chain.boxes import BOX_LEN, SeedBox
from app.crypto.chain.build import (
    add_device,
    create_team,
    invite_create,
    invite_revoke,
    remove_devices,
    rotate,
)
from app.crypto.chain.entries import INVITE_SLACK, InviteEntry, InviteStatus
from app.crypto.chain.links import (
    AddDevice,
    CreateTeam,
    InviteCreate,
    InviteRevoke,
    LinkType,
    ParsedLink,
    RemoveDevice,
    RemoveReason,
    RevokeReason,
    Rotate,
    Rotation,
    SasStatus,
    encode_link,
    parse_link,
)
from app.crypto.chain.state import ChainState, DeviceEntry, EpochPublic
from app.crypto.chain.unseal import (
    audit_rotation,
    display_name,
    open_seed_box,
    seeds_for,
    team_name,
)
from app.crypto.chain.unwind import check_seed, older_seeds, open_prev_wrap

__all__ = [
    "BOX_LEN",
    "INVITE_SLACK",
    "AddDevice",
    "ChainState",
    "CreateTeam",
    "DeviceEntry",
    "EpochPublic",
    "InviteCreate",
    "InviteEntry",
    "InviteRevoke",
    "InviteStatus",
    "LinkType",
    "ParsedLink",
    "RemoveDevice",
    "RemoveReason",
    "RevokeReason",
    "Rotate",
    "Rotation",
    "SasStatus",
    "SeedBox",
    "add_device",
    "audit_rotation",
    "check_seed",
    "create_team",
    "display_name",
    "encode_link",
    "invite_create",
    "invite_revoke",
    "older_seeds",
    "open_prev_wrap",
    "open_seed_box",
    "parse_link",
    "remove_devices",
    "rotate",
    "seeds_for",
    "team_name",
]
