"""Validation rules for invites, removal and rotation, and the invite half of `add_device`.

Each `apply_*` takes the state before a link and the parsed link and returns the state after it,
or raises `ChainInvalid(reason)`; `state.ChainState.apply` dispatches to them. Reasons:

- "invite-exists" (an invite id used twice), "invite-lifetime" (expiry not within 24 h of the
  link's `created_at`), "hub-key" (a hub key already in the chain);
- "invite" (no such invite, or an `add_device` without one that is not the root's skipped
  gateway), "invite-closed" (consumed or revoked), "invite-expired", "invite-role", "sas";
- "join-request" (does not parse for this team and invite), "join-keys" (names other keys than
  the link), "join-signature" (fails under the invite key or the new device key);
- "epoch" (not previous + 1), "epoch-reuse" (a seed commitment or `D` seen before), "remove"
  (nothing removed, or a device that is unknown or already removed), "last-admin", "box"
  (boxes are not exactly the active seed readers after the link).

What needs seeds (the own box opens, `prev_wrap` opens to the known `seed[n]`, re-derived
`D[n+1]` and `seed_commit[n+1]` match) is checked where seeds are held: `unseal.py`,
`unwind.py`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from app.crypto.chain.entries import (
    INVITE_SLACK,
    MAX_INVITE_LIFETIME,
    SEED_READERS,
    BoxRecord,
    DeviceEntry,
    EpochPublic,
    InviteEntry,
    InviteStatus,
    frozen,
)
from app.crypto.chain.links import (
    ZERO_ID,
    AddDevice,
    InviteCreate,
    InviteRevoke,
    ParsedLink,
    RemoveDevice,
    RemoveReason,
    Rotate,
    Rotation,
    SasStatus,
)
from app.crypto.enroll.messages import JoinRequest, parse_join
from app.crypto.errors import BadSignature, ChainInvalid
from app.crypto.primitives import ed25519_verify
from app.domain.errors import EnvelopeRejected
from app.domain.ids import DeviceId
from app.domain.model import Role

if TYPE_CHECKING:
    from app.crypto.chain.state import ChainState


def authorise_admin(state: ChainState, link: ParsedLink) -> DeviceEntry:
    """Rule 4: an active admin of the state before the link signed it."""
    signer = state.devices.get(link.signer)
    if signer is None or not signer.active or signer.role != Role.ADMIN:
        raise ChainInvalid("signer")
    if not ed25519_verify(signer.keys.sig, link.signature, link.signature_input()):
        raise ChainInvalid("signature")
    return signer


def check_hub_key_fresh(state: ChainState, hub_key: bytes) -> None:
    """A hub key names one hub user: no device or invite may reuse one already in the chain."""
    used = {e.hub_key for e in state.devices.values()} | {i.hub_key for i in state.invites.values()}
    if hub_key in used:
        raise ChainInvalid("hub-key")


def check_invite_use(
    state: ChainState, signer: DeviceEntry, link: ParsedLink, p: AddDevice
) -> None:
    """Rule 5's invite half: the invite is open, fits, and the join request matches."""
    skipped_ok = p.role == Role.GATEWAY and signer.device_id == state.root
    if p.sas_status == SasStatus.SKIPPED and not (skipped_ok and p.invite_id == ZERO_ID):
        raise ChainInvalid("sas")
    if p.invite_id == ZERO_ID:
        if p.sas_status != SasStatus.SKIPPED or p.join_request:
            raise ChainInvalid("invite")
        return
    invite = state.invites.get(p.invite_id)
    if invite is None:
        raise ChainInvalid("invite")
    if invite.status is not InviteStatus.OPEN:
        raise ChainInvalid("invite-closed")
    if link.created_at > invite.expires_at + INVITE_SLACK:
        raise ChainInvalid("invite-expired")
    if invite.role != p.role:
        raise ChainInvalid("invite-role")
    try:
        request = parse_join(
            p.join_request, JoinRequest, team_id=state.team_id, invite_id=p.invite_id
        )
    except EnvelopeRejected:
        raise ChainInvalid("join-request") from None
    if request.body.device != p.keys or request.body.hub_key != p.hub_key:
        raise ChainInvalid("join-keys")
    try:
        request.verify(invite.invite_public, p.keys.sig)
    except BadSignature:
        raise ChainInvalid("join-signature") from None


def apply_invite_create(state: ChainState, link: ParsedLink) -> ChainState:
    """An active admin opens an invite with a fresh id and hub key, valid for at most 24 h."""
    p = link.payload
    if not isinstance(p, InviteCreate):
        raise ChainInvalid("type")
    signer = authorise_admin(state, link)
    if p.invite_id == ZERO_ID or p.invite_id in state.invites:
        raise ChainInvalid("invite-exists")
    if not 0 < p.expires_at - link.created_at <= MAX_INVITE_LIFETIME:
        raise ChainInvalid("invite-lifetime")
    check_hub_key_fresh(state, p.invite_hub_key)
    entry = InviteEntry(
        invite_id=p.invite_id,
        invite_public=p.invite_public,
        hub_key=p.invite_hub_key,
        nonce=p.nonce,
        role=p.role,
        expires_at=p.expires_at,
        created_by=signer.device_id,
        created_at_seqno=link.seqno,
    )
    return replace(state, invites=frozen({**state.invites, p.invite_id: entry}))


def apply_invite_revoke(state: ChainState, link: ParsedLink) -> ChainState:
    """An active admin burns an invite that is still open (expired or not)."""
    p = link.payload
    if not isinstance(p, InviteRevoke):
        raise ChainInvalid("type")
    authorise_admin(state, link)
    invite = state.invites.get(p.invite_id)
    if invite is None:
        raise ChainInvalid("invite")
    if invite.status is not InviteStatus.OPEN:
        raise ChainInvalid("invite-closed")
    revoked = replace(
        invite, status=InviteStatus.REVOKED, closed_at_seqno=link.seqno, revoke_reason=p.reason
    )
    return replace(state, invites=frozen({**state.invites, p.invite_id: revoked}))


def apply_remove_device(state: ChainState, link: ParsedLink) -> ChainState:
    """`remove_device` + `rotate`: the removed devices lose their place and every new box."""
    p = link.payload
    if not isinstance(p, RemoveDevice):
        raise ChainInvalid("type")
    authorise_admin(state, link)
    return _rotate(state, link, p.removed, p.reason, p.rotation)


def apply_rotate(state: ChainState, link: ParsedLink) -> ChainState:
    """A rotation with nobody removed."""
    p = link.payload
    if not isinstance(p, Rotate):
        raise ChainInvalid("type")
    authorise_admin(state, link)
    return _rotate(state, link, (), None, p.rotation)


def _rotate(
    state: ChainState,
    link: ParsedLink,
    removed: tuple[DeviceId, ...],
    reason: RemoveReason | None,
    rotation: Rotation,
) -> ChainState:
    n = state.epoch
    if rotation.epoch != n + 1:
        raise ChainInvalid("epoch")
    for old in state.epochs.values():
        if rotation.seed_commit == old.seed_commit or rotation.inbound_public == old.inbound_public:
            raise ChainInvalid("epoch-reuse")
    if reason is not None and not removed:
        raise ChainInvalid("remove")
    devices = dict(state.devices)
    for gone in removed:
        entry = devices.get(gone)
        if entry is None or not entry.active:
            raise ChainInvalid("remove")
        devices[gone] = replace(entry, removed_at_seqno=link.seqno, removal_reason=reason)
    active = [e for e in devices.values() if e.active]
    if not any(e.role == Role.ADMIN for e in active):
        raise ChainInvalid("last-admin")
    readers = sorted(e.device_id for e in active if e.role in SEED_READERS)
    if [box.device_id for box in rotation.boxes] != readers:
        raise ChainInvalid("box")
    m = n + 1
    epoch = EpochPublic(
        m, rotation.inbound_public, rotation.seed_commit, link.seqno, rotation.prev_wrap
    )
    boxes = dict(state.boxes)
    for box in rotation.boxes:
        boxes[(m, box.device_id)] = BoxRecord(m, box, link.prev_link_hash)
    return replace(
        state,
        devices=frozen(devices),
        epochs=frozen({**state.epochs, m: epoch}),
        boxes=frozen(boxes),
    )
