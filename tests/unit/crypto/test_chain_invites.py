"""Invites on the chain: `invite_create`, `invite_revoke` and `add_device` through an invite."""

from __future__ import annotations

from functools import cache

import pytest

from app.crypto.chain import (
    INVITE_SLACK,
    ChainState,
    InviteStatus,
    RevokeReason,
    SasStatus,
    invite_create,
    invite_revoke,
    parse_link,
)
from app.crypto.enroll import InviteKeys
from app.crypto.errors import ChainInvalid
from app.crypto.keys import DeviceKeys
from app.domain.model import Role
from tests.unit.crypto.enroll_helpers import (
    add_via_invite,
    invite_keys,
    join_request,
    open_invite,
)
from tests.unit.crypto.helpers import MEMBER, OTHER_ADMIN, ROOT, Team, build_team, keys

JOINER = keys("joiner")
SECOND = keys("second-joiner")


@cache
def team() -> Team:
    return build_team()


@cache
def invited() -> tuple[InviteKeys, ChainState]:
    """The team with one open member invite (expires at 5600)."""
    invite, link = open_invite(team().state, ROOT, "one")
    return invite, team().state.apply(link)


def reason(state: ChainState, link: bytes) -> str:
    with pytest.raises(ChainInvalid) as info:
        state.apply(link)
    return info.value.reason


def add(state: ChainState, invite: InviteKeys, joiner: DeviceKeys, **kw: object) -> bytes:
    return add_via_invite(state, ROOT, invite, joiner, team().seed, **kw)  # type: ignore[arg-type]


def test_an_invite_opens_and_is_consumed_by_its_add_device() -> None:
    invite, state = invited()
    entry = state.invites[invite.invite_id]
    assert entry.status is InviteStatus.OPEN
    assert (entry.role, entry.expires_at, entry.created_by) == (Role.MEMBER, 5600, ROOT.device_id)
    assert (entry.hub_key, entry.nonce) == (invite.public().hub_key, invite.nonce)
    assert entry.is_open(5600 + INVITE_SLACK)
    assert not entry.is_open(5600 + INVITE_SLACK + 1)
    assert [i.invite_id for i in state.open_invites(3000)] == [invite.invite_id]
    after = state.apply(add(state, invite, JOINER))
    used = after.invites[invite.invite_id]
    assert (used.status, used.consumed_by, used.closed_at_seqno) == (
        InviteStatus.CONSUMED,
        JOINER.device_id,
        after.head_seqno,
    )
    assert not used.is_open(3000)
    assert after.open_invites(3000) == []
    device = after.devices[JOINER.device_id]
    assert (device.role, device.hub_key, device.sas_status) == (
        Role.MEMBER,
        JOINER.hub_public,
        SasStatus.VERIFIED,
    )
    assert (after.epoch, JOINER.device_id) in after.boxes


def test_a_consumed_invite_cannot_be_used_again() -> None:
    invite, state = invited()
    state = state.apply(add(state, invite, JOINER))
    assert reason(state, add(state, invite, SECOND)) == "invite-closed"


def test_an_expired_invite_is_refused_after_the_slack() -> None:
    invite, state = invited()
    last = 5600 + INVITE_SLACK
    state.apply(add(state, invite, JOINER, created_at=last))
    assert reason(state, add(state, invite, JOINER, created_at=last + 1)) == "invite-expired"


def test_a_revoked_invite_is_closed() -> None:
    invite, state = invited()
    revoke = invite_revoke(
        state, ROOT, invite_id=invite.invite_id, reason=RevokeReason.SAS_MISMATCH, created_at=2050
    )
    after = state.apply(revoke)
    entry = after.invites[invite.invite_id]
    assert (entry.status, entry.revoke_reason) == (InviteStatus.REVOKED, RevokeReason.SAS_MISMATCH)
    assert not entry.is_open(2060)
    assert reason(after, add(after, invite, JOINER)) == "invite-closed"
    again = invite_revoke(
        after, ROOT, invite_id=invite.invite_id, reason=RevokeReason.CANCELLED, created_at=2060
    )
    assert reason(after, again) == "invite-closed"
    unknown = invite_revoke(
        state, ROOT, invite_id=b"\7" * 16, reason=RevokeReason.CANCELLED, created_at=2060
    )
    assert reason(state, unknown) == "invite"


def test_only_active_admins_open_or_revoke_invites() -> None:
    state = team().state
    _, by_member = open_invite(state, MEMBER, "m")
    assert reason(state, by_member) == "signer"
    invite, opened = invited()
    revoke = invite_revoke(
        opened, MEMBER, invite_id=invite.invite_id, reason=RevokeReason.CANCELLED, created_at=2060
    )
    assert reason(opened, revoke) == "signer"


def test_invite_create_rules() -> None:
    invite, state = invited()
    again = invite_create(
        state, ROOT, invite=invite.public(), role=Role.MEMBER, expires_at=3000, created_at=2000
    )
    assert reason(state, again) == "invite-exists"
    _, too_long = open_invite(state, ROOT, "long", lifetime=24 * 3600 + 1)
    assert reason(state, too_long) == "invite-lifetime"
    _, expired = open_invite(state, ROOT, "past", lifetime=0)
    assert reason(state, expired) == "invite-lifetime"
    _, day = open_invite(state, ROOT, "day", lifetime=24 * 3600)
    state.apply(day)
    reused = invite_keys(state, "other").public()
    reused = type(reused)(reused.invite_id, reused.invite_public, MEMBER.hub_public, reused.nonce)
    link = invite_create(
        state, ROOT, invite=reused, role=Role.MEMBER, expires_at=3000, created_at=2000
    )
    assert reason(state, link) == "hub-key"


def test_the_invite_must_have_the_role_added() -> None:
    invite, state = invited()
    assert reason(state, add(state, invite, JOINER, role=Role.ADMIN)) == "invite-role"
    assert reason(state, add(state, invite, JOINER, role=Role.GATEWAY)) == "invite-role"


def test_the_request_must_be_signed_by_the_invite_key_and_the_new_device() -> None:
    invite, state = invited()
    wrong_invite = join_request(state, invite, JOINER, invite_signer=OTHER_ADMIN.sig)
    assert reason(state, add(state, invite, JOINER, request=wrong_invite)) == "join-signature"
    wrong_device = join_request(state, invite, JOINER, device_signer=SECOND.sig)
    assert reason(state, add(state, invite, JOINER, request=wrong_device)) == "join-signature"
    # A code typed wrongly derives another invite key: the same failure.
    other = invite_keys(state, "other")
    guessed = join_request(state, invite, JOINER, invite_signer=other.signing)
    assert reason(state, add(state, invite, JOINER, request=guessed)) == "join-signature"


def test_the_request_must_name_the_added_keys() -> None:
    invite, state = invited()
    for_second = join_request(state, invite, SECOND)
    assert reason(state, add(state, invite, JOINER, request=for_second)) == "join-keys"
    other_hub = join_request(state, invite, JOINER, hub_key=SECOND.hub_public)
    assert reason(state, add(state, invite, JOINER, request=other_hub)) == "join-keys"


def test_the_request_must_parse_for_this_team_and_invite() -> None:
    invite, state = invited()
    other, opened_other = open_invite(state, ROOT, "two")
    state2 = state.apply(opened_other)
    for_other = join_request(state2, other, JOINER)
    assert reason(state2, add(state2, invite, JOINER, request=for_other)) == "join-request"
    assert reason(state, add(state, invite, JOINER, request=b"")) == "join-request"
    good = join_request(state, invite, JOINER)
    assert reason(state, add(state, invite, JOINER, request=good + b"\0")) == "join-request"


def test_with_an_invite_the_sas_must_be_verified() -> None:
    invite, state = invited()
    link = add(state, invite, JOINER, sas_status=SasStatus.SKIPPED)
    assert reason(state, link) == "sas"


def test_an_unknown_invite_id_is_refused() -> None:
    invite, state = invited()
    stranger = invite_keys(state, "never-opened")
    request = join_request(state, stranger, JOINER)
    link = add(state, stranger, JOINER, request=request)
    assert reason(state, link) == "invite"


def test_a_gateway_joins_through_a_gateway_invite_without_a_box() -> None:
    state = team().state
    invite, link = open_invite(state, ROOT, "gw", role=Role.GATEWAY)
    state = state.apply(link)
    gateway2 = keys("gateway-2")
    after = state.apply(add(state, invite, gateway2, role=Role.GATEWAY))
    assert after.devices[gateway2.device_id].role is Role.GATEWAY
    assert (after.epoch, gateway2.device_id) not in after.boxes
    assert isinstance(parse_link(link).payload.role, Role)  # type: ignore[union-attr]
