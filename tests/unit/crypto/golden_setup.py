"""Golden vectors of team set-up: invite code derivations, join messages, SAS, and the links for
invites, enrollment, revocation, rotation and removal (crypto.md §6 item 1).

    .venv/bin/python -m tests.unit.crypto.golden          # rewrites these too

As in `golden.py`, what pyca's HPKE seals (seed boxes, the request's sealed name) is generated
once and kept; everything else is recomputed around those frozen pieces and must come out byte
for byte the same. Boxes bind the hash of the link before them, so a deliberate format change
that moves any link hash needs the frozen pieces dropped (delete `chain_setup.json` and
`enroll.json`) and regenerated. The negative links are generated once and only checked for the
reason they are refused. The invite key runs the real Argon2id (t=3, m=64 MiB, p=4).
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any

from app.crypto.chain import (
    ChainState,
    RemoveReason,
    RevokeReason,
    SeedBox,
    encode_link,
    invite_create,
    invite_revoke,
    parse_link,
    remove_devices,
    rotate,
)
from app.crypto.chain.build import add_device
from app.crypto.chain.links import AddDevice, CreateTeam, RemoveDevice, Rotate
from app.crypto.enroll import (
    CancelReason,
    InviteCode,
    InviteKeys,
    JoinAnswer,
    JoinCancel,
    JoinConfirm,
    JoinRequest,
    JoinReveal,
    SasContext,
    commit_j,
    compute_sas,
    encode_join,
    hub_setup_key,
    party_publics,
    seal_join_name,
    transcript_hash,
)
from app.crypto.epoch import EpochSecrets
from app.crypto.errors import ChainInvalid
from app.crypto.keys import DeviceKeys
from app.crypto.primitives import sha256, x25519_public
from app.domain.ids import DeviceId
from app.domain.model import Role
from tests.unit.crypto import golden
from tests.unit.crypto.enroll_helpers import ephemeral
from tests.unit.crypto.helpers import FINGERPRINT, MEMBER, ROOT, TEAM, DetRng, keys

Vector = dict[str, Any]
CODE = InviteCode(DetRng(b"golden/code")(12))
NONCE = DetRng(b"golden/nonce")(16)
CODE_2 = InviteCode(DetRng(b"golden/code-2")(12))
NONCE_2 = DetRng(b"golden/nonce-2")(16)
JOINER = MEMBER
NAME = "Carla"
T0 = 2000


@cache
def invite(code: InviteCode = CODE, nonce: bytes = NONCE) -> InviteKeys:
    """The invite keys with the real Argon2id (computed once per code)."""
    return InviteKeys.from_code(code, TEAM, nonce)


@cache
def base() -> tuple[ChainState, bytes]:
    """The state after `chain.json`'s two links, and `seed[1]`."""
    frozen = golden.load("chain")
    state = ChainState.genesis(TEAM, FINGERPRINT)
    state = state.apply(bytes.fromhex(frozen["create_team"]))
    state = state.apply(bytes.fromhex(frozen["add_gateway"]))
    return state, bytes.fromhex(frozen["seed"])


def _messages(frozen: Vector | None) -> dict[str, bytes]:
    state, _ = base()
    keys = invite()
    iid = keys.invite_id
    e_j, e_a = ephemeral("golden-joiner"), ephemeral("golden-admin")
    publics = party_publics(JOINER.public(), JOINER.hub_public)
    sealed = (
        bytes.fromhex(frozen["sealed_name"])
        if frozen
        else seal_join_name(
            NAME,
            state.epoch_public(1)[0],
            team_id=TEAM,
            n=1,
            invite_id=iid,
            device_id=JOINER.device_id,
        )
    )
    body = JoinRequest(
        JOINER.public(), JOINER.hub_public, commit_j(x25519_public(e_j), publics, iid), 1, sealed
    )
    request = encode_join(TEAM, iid, body, keys.signing, JOINER.sig)
    answer = encode_join(
        TEAM, iid, JoinAnswer(ROOT.device_id, x25519_public(e_a), sha256(request)), ROOT.sig
    )
    reveal = encode_join(
        TEAM, iid, JoinReveal(JOINER.device_id, x25519_public(e_j), sha256(answer)), JOINER.sig
    )
    transcript = transcript_hash(FINGERPRINT, request, answer, reveal)
    confirm = encode_join(TEAM, iid, JoinConfirm(JOINER.device_id, transcript), JOINER.sig)
    cancel = encode_join(TEAM, iid, JoinCancel(ROOT.device_id, CancelReason.SAS_MISMATCH), ROOT.sig)
    return {
        "sealed_name": sealed,
        "request": request,
        "answer": answer,
        "reveal": reveal,
        "confirm": confirm,
        "cancel": cancel,
        "transcript": transcript,
    }


def enroll_vector(frozen: Vector | None) -> Vector:
    """Code derivations, the five join messages, commit_J, SAS and transcript."""
    keys = invite()
    m = _messages(frozen)
    e_j, e_a = ephemeral("golden-joiner"), ephemeral("golden-admin")
    context = SasContext(
        fingerprint=FINGERPRINT,
        invite_id=keys.invite_id,
        joiner_publics=party_publics(JOINER.public(), JOINER.hub_public),
        admin_publics=party_publics(ROOT.public(), ROOT.hub_public),
        joiner_ephemeral=x25519_public(e_j),
        admin_ephemeral=x25519_public(e_a),
    )
    sas = compute_sas(e_a, x25519_public(e_j), context)
    public = keys.public()
    return {
        "code_raw": CODE.raw.hex(),
        "code": str(CODE),
        "team_id": TEAM.hex(),
        "nonce": NONCE.hex(),
        "invite_id": public.invite_id.hex(),
        "invite_hub_public": public.hub_key.hex(),
        "invite_public": public.invite_public.hex(),
        "hub_setup_public": hub_setup_key(CODE).public_key().public_bytes_raw().hex(),
        "joiner_ephemeral": x25519_public(e_j).hex(),
        "admin_ephemeral": x25519_public(e_a).hex(),
        "commit_j": commit_j(x25519_public(e_j), context.joiner_publics, keys.invite_id).hex(),
        "sas_emoji": list(sas.emoji),
        "sas_digits": list(sas.digits),
        **{k: v.hex() for k, v in m.items()},
    }


def _with_boxes(link: bytes, boxes: tuple[SeedBox, ...] | None) -> bytes:
    """Re-encodes a built link around frozen boxes (None: keep the fresh ones)."""
    if boxes is None:
        return link
    parsed = parse_link(link)
    p = parsed.payload
    if isinstance(p, AddDevice | CreateTeam):
        payload: Any = dataclasses.replace(p, boxes=boxes)
    elif isinstance(p, RemoveDevice | Rotate):
        payload = dataclasses.replace(p, rotation=dataclasses.replace(p.rotation, boxes=boxes))
    else:
        return link
    return encode_link(
        team_id=parsed.team_id,
        seqno=parsed.seqno,
        prev_link_hash=parsed.prev_link_hash,
        signer=ROOT,
        created_at=parsed.created_at,
        payload=payload,
    )


def _boxes_of(link: bytes) -> list[list[str]]:
    p = parse_link(link).payload
    boxes = p.rotation.boxes if isinstance(p, RemoveDevice | Rotate) else getattr(p, "boxes", ())
    return [[b.device_id.hex(), b.ciphertext.hex()] for b in boxes]


def _frozen_boxes(frozen: Vector | None, name: str) -> tuple[SeedBox, ...] | None:
    if not frozen:
        return None
    return tuple(
        SeedBox(DeviceId(bytes.fromhex(d)), bytes.fromhex(c)) for d, c in frozen["boxes"][name]
    )


def setup_links(
    frozen: Vector | None, enroll: Vector
) -> tuple[list[tuple[str, bytes]], dict[int, bytes]]:
    """The set-up links after `chain.json`, and the seeds of epochs 1 to 3."""
    state, seed1 = base()
    steps: list[tuple[str, bytes]] = []

    def push(name: str, link: bytes) -> None:
        nonlocal state
        state = state.apply(link)
        steps.append((name, link))

    push(
        "invite_create",
        invite_create(
            state,
            ROOT,
            invite=invite().public(),
            role=Role.MEMBER,
            expires_at=T0 + 3600,
            created_at=T0,
        ),
    )
    add = add_device(
        state,
        ROOT,
        device=JOINER.public(),
        hub_key=JOINER.hub_public,
        role=Role.MEMBER,
        seed=seed1,
        display_name=NAME,
        created_at=T0 + 60,
        invite_id=invite().invite_id,
        join_request=bytes.fromhex(enroll["request"]),
        sas_transcript=bytes.fromhex(enroll["transcript"]),
        rng=DetRng(b"golden/add"),
    )
    push("add_device", _with_boxes(add, _frozen_boxes(frozen, "add_device")))
    push(
        "invite_create_2",
        invite_create(
            state,
            ROOT,
            invite=invite(CODE_2, NONCE_2).public(),
            role=Role.ADMIN,
            expires_at=T0 + 7200,
            created_at=T0 + 120,
        ),
    )
    push(
        "invite_revoke",
        invite_revoke(
            state,
            ROOT,
            invite_id=invite(CODE_2, NONCE_2).invite_id,
            reason=RevokeReason.CANCELLED,
            created_at=T0 + 180,
        ),
    )
    link, seed2 = rotate(state, ROOT, seed=seed1, created_at=T0 + 240, rng=DetRng(b"golden/rotate"))
    push("rotate", _with_boxes(link, _frozen_boxes(frozen, "rotate")))
    link, seed3 = remove_devices(
        state,
        ROOT,
        removed={JOINER.device_id},
        reason=RemoveReason.LOST,
        seed=seed2,
        created_at=T0 + 300,
        rng=DetRng(b"golden/remove"),
    )
    push("remove_device", _with_boxes(link, _frozen_boxes(frozen, "remove_device")))
    return steps, {1: seed1, 2: seed2, 3: seed3}


def _negatives(steps: list[tuple[str, bytes]], seeds: dict[int, bytes]) -> list[Vector]:
    """Links every validator must refuse, each after the named number of set-up links."""
    state, _ = base()
    states = [state]
    for _, link in steps:
        state = state.apply(link)
        states.append(state)
    after_revoke, after_remove = states[4], states[6]
    cases: list[tuple[int, str, bytes]] = []
    newcomer = keys("golden-newcomer")
    reuse = add_device(
        after_revoke,
        ROOT,
        device=newcomer.public(),
        hub_key=newcomer.hub_public,
        role=Role.MEMBER,
        seed=seeds[1],
        display_name="Again",
        created_at=T0 + 200,
        invite_id=invite().invite_id,
        join_request=_request(after_revoke, invite(), newcomer),
        rng=DetRng(b"neg/1"),
    )
    cases.append((4, "invite-closed", reuse))
    after_open_2 = states[3]
    late = add_device(
        after_open_2,
        ROOT,
        device=newcomer.public(),
        hub_key=newcomer.hub_public,
        role=Role.ADMIN,
        seed=seeds[1],
        display_name="Late",
        created_at=T0 + 7200 + 301,
        invite_id=invite(CODE_2, NONCE_2).invite_id,
        join_request=_request(after_open_2, invite(CODE_2, NONCE_2), newcomer),
        rng=DetRng(b"neg/5"),
    )
    cases.append((3, "invite-expired", late))
    again = invite_revoke(
        after_revoke,
        ROOT,
        invite_id=invite(CODE_2, NONCE_2).invite_id,
        reason=RevokeReason.CANCELLED,
        created_at=T0 + 190,
    )
    cases.append((4, "invite-closed", again))
    by_removed = rotate(
        after_remove, JOINER, seed=seeds[3], created_at=T0 + 400, rng=DetRng(b"neg/2")
    )[0]
    cases.append((6, "signer", by_removed))
    by_member = rotate(
        after_revoke, JOINER, seed=seeds[1], created_at=T0 + 200, rng=DetRng(b"neg/3")
    )[0]
    cases.append((4, "signer", by_member))
    good, _ = rotate(after_revoke, ROOT, seed=seeds[1], created_at=T0 + 200, rng=DetRng(b"neg/4"))
    parsed = parse_link(good)
    payload = parsed.payload
    assert isinstance(payload, Rotate)
    for reason, boxes in (
        ("box", payload.rotation.boxes[:1]),
        (
            "box",
            (
                *payload.rotation.boxes,
                dataclasses.replace(payload.rotation.boxes[0], device_id=DeviceId(b"\xff" * 16)),
            ),
        ),
    ):
        cases.append((4, reason, _with_boxes(good, tuple(boxes))))
    wrong_epoch = dataclasses.replace(
        payload, rotation=dataclasses.replace(payload.rotation, epoch=3)
    )
    cases.append(
        (
            4,
            "epoch",
            encode_link(
                team_id=TEAM,
                seqno=parsed.seqno,
                prev_link_hash=parsed.prev_link_hash,
                signer=ROOT,
                created_at=parsed.created_at,
                payload=wrong_epoch,
            ),
        )
    )
    out = []
    for after, reason, link in cases:
        with_reason = _reason(states[after], link)
        assert with_reason == reason, (reason, with_reason)
        out.append({"after": after, "reason": reason, "link": link.hex()})
    return out


def _request(state: ChainState, keys_: InviteKeys, joiner: DeviceKeys) -> bytes:
    iid = keys_.invite_id
    publics = party_publics(joiner.public(), joiner.hub_public)
    sealed = seal_join_name(
        "Newcomer",
        state.epoch_public(state.epoch)[0],
        team_id=TEAM,
        n=state.epoch,
        invite_id=iid,
        device_id=joiner.device_id,
    )
    commit = commit_j(x25519_public(ephemeral("golden-newcomer")), publics, iid)
    body = JoinRequest(joiner.public(), joiner.hub_public, commit, state.epoch, sealed)
    return encode_join(TEAM, iid, body, keys_.signing, joiner.sig)


def _reason(state: ChainState, link: bytes) -> str:
    try:
        state.apply(link)
    except ChainInvalid as err:
        return err.reason
    return "accepted"


def setup_vector(frozen: Vector | None, enroll: Vector) -> Vector:
    """The set-up links, their hashes, the seeds and the negative links."""
    steps, seeds = setup_links(frozen, enroll)
    return {
        "links": {name: link.hex() for name, link in steps},
        "hashes": {name: parse_link(link).link_hash.hex() for name, link in steps},
        "boxes": {name: _boxes_of(link) for name, link in steps if _boxes_of(link)},
        "seeds": {str(n): s.hex() for n, s in seeds.items()},
        "negative": frozen["negative"] if frozen else _negatives(steps, seeds),
    }


def epoch_secrets(n: int, seed: bytes) -> EpochSecrets:
    """Epoch n of the vector team."""
    return EpochSecrets.derive(seed, TEAM, n)
