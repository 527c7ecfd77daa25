"""The join handshake as two sans-I/O sides (team-setup.md §3, crypto.md §3.10).

`Joiner` and `AdminJoin` take the bytes that arrived and return the bytes to send, doing every
check of the protocol in order, so the services around them only move messages and ask people:

    joiner = Joiner.start(chain, code, keys, "Carla", now=now)      → publish joiner.request
    admin = AdminJoin.on_request(chain, me, request, epochs=…, now=now) → publish admin.answer
    reveal, sas = joiner.on_answer(chain, answer)                   → publish reveal; show sas
    sas = admin.on_reveal(reveal)                                    show sas
    confirm = joiner.confirm()  (the person said they match)         → publish confirm
    admin.on_confirm(confirm); link = admin.add_device_link(chain, seed, created_at=now)

On a mismatch either side sends `cancel(CancelReason.SAS_MISMATCH)` and the admin publishes
`revoke_link`. Messages from outside fail with `EnvelopeRejected` subclasses (`Malformed`,
`BadSignature`, `InviteRefused`); nothing here keeps state beyond the handshake.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.crypto.chain.build import add_device, invite_revoke
from app.crypto.chain.entries import InviteEntry, InviteStatus
from app.crypto.chain.payloads import RevokeReason
from app.crypto.chain.state import ChainState
from app.crypto.enroll import (
    CancelReason,
    InviteCode,
    InviteKeys,
    JoinAnswer,
    JoinCancel,
    JoinConfirm,
    JoinMessage,
    JoinRequest,
    JoinReveal,
    Sas,
    SasContext,
    Stretch,
    argon2id_stretch,
    check_reveal,
    commit_j,
    compute_sas,
    encode_join,
    invite_id,
    open_join_name,
    parse_join,
    party_publics,
    seal_join_name,
    transcript_hash,
)
from app.crypto.epoch import EpochSecrets
from app.crypto.errors import BadSignature, InviteRefused, Malformed
from app.crypto.keys import DeviceKeys
from app.crypto.primitives import KEY_LEN, Rng, ct_equal, sha256, x25519_public
from app.domain.ids import DeviceId, TeamId
from app.domain.model import Role


def usable_invite(state: ChainState, iid: bytes, now: int) -> InviteEntry:
    """The invite named `iid` if it is open at `now`.

    Raises:
        InviteRefused: "unknown", "closed" or "expired".
    """
    entry = state.invites.get(iid)
    if entry is None:
        raise InviteRefused("unknown")
    if entry.status is not InviteStatus.OPEN:
        raise InviteRefused("closed")
    if not entry.is_open(now):
        raise InviteRefused("expired")
    return entry


def _admin_publics(state: ChainState, answer: JoinMessage[JoinAnswer]) -> bytes:
    """Verifies an answer's signature by an active admin; returns that admin's SAS publics."""
    entry = state.devices.get(answer.body.admin)
    if entry is None or not entry.active or entry.role != Role.ADMIN:
        raise BadSignature("not-admin")
    answer.verify(entry.keys.sig)
    return party_publics(entry.keys, entry.hub_key)


@dataclass(eq=False)
class Joiner:
    """The newcomer's side. `repr` shows no secrets."""

    team_id: TeamId
    fingerprint: bytes
    invite: InviteKeys = field(repr=False)
    device: DeviceKeys = field(repr=False)
    ephemeral: X25519PrivateKey = field(repr=False)
    request: bytes
    answer: bytes | None = None
    reveal: bytes | None = None
    admin_publics: bytes | None = None

    @property
    def invite_id(self) -> bytes:
        """The invite, and the token of the join subject."""
        return self.invite.invite_id

    @classmethod
    def start(
        cls,
        state: ChainState,
        code: InviteCode,
        device: DeviceKeys,
        display_name: str,
        *,
        now: int,
        rng: Rng = os.urandom,
        stretch: Stretch = argon2id_stretch,
    ) -> Joiner:
        """Derives the invite's keys (runs Argon2id: call in an executor) and builds the request.

        Args:
            state: The chain as the joiner validated it from the pinned fingerprint.
            code: The invite code the person typed.
            device: This device's new keys.
            display_name: Sealed to `D[n]`: only seed readers see it.
            now: Unix seconds, for the expiry check.
            rng: Random source of the ephemeral key.
            stretch: Argon2id; only tests pass another.

        Raises:
            InviteRefused: "unknown", "closed", "expired" or "mismatch".
        """
        entry = usable_invite(state, invite_id(code), now)
        keys = InviteKeys.from_code(code, state.team_id, entry.nonce, stretch)
        public = keys.public()
        if (public.invite_public, public.hub_key) != (entry.invite_public, entry.hub_key):
            raise InviteRefused("mismatch")
        ephemeral = X25519PrivateKey.from_private_bytes(rng(KEY_LEN))
        n = state.epoch
        publics = party_publics(device.public(), device.hub_public)
        body = JoinRequest(
            device=device.public(),
            hub_key=device.hub_public,
            commit=commit_j(x25519_public(ephemeral), publics, keys.invite_id),
            name_epoch=n,
            sealed_name=seal_join_name(
                display_name,
                state.epoch_public(n)[0],
                team_id=state.team_id,
                n=n,
                invite_id=keys.invite_id,
                device_id=device.device_id,
            ),
        )
        request = encode_join(state.team_id, keys.invite_id, body, keys.signing, device.sig)
        return cls(state.team_id, state.pinned_fingerprint, keys, device, ephemeral, request)

    def on_answer(self, state: ChainState, data: bytes) -> tuple[bytes, Sas]:
        """Checks an admin's answer and returns `(reveal, SAS)`.

        Raises:
            Malformed: The answer does not parse for this team and invite.
            BadSignature: Not signed by an active admin ("not-admin", "join-sig"), or it answers
                another request ("request-hash").
        """
        answer = parse_join(data, JoinAnswer, team_id=state.team_id, invite_id=self.invite_id)
        admin_publics = _admin_publics(state, answer)
        if not ct_equal(answer.body.request_hash, sha256(self.request)):
            raise BadSignature("request-hash")
        body = JoinReveal(self.device.device_id, x25519_public(self.ephemeral), answer.hash)
        reveal = encode_join(state.team_id, self.invite_id, body, self.device.sig)
        self.answer, self.reveal, self.admin_publics = data, reveal, admin_publics
        context = SasContext(
            fingerprint=self.fingerprint,
            invite_id=self.invite_id,
            joiner_publics=party_publics(self.device.public(), self.device.hub_public),
            admin_publics=admin_publics,
            joiner_ephemeral=x25519_public(self.ephemeral),
            admin_ephemeral=answer.body.ephemeral,
        )
        return reveal, compute_sas(self.ephemeral, answer.body.ephemeral, context)

    @property
    def transcript(self) -> bytes:
        """The transcript hash the admin's `add_device` must carry."""
        if self.answer is None or self.reveal is None:
            raise ValueError("no answer yet")
        return transcript_hash(self.fingerprint, self.request, self.answer, self.reveal)

    def confirm(self) -> bytes:
        """The person said the SAS matches: the confirm message."""
        body = JoinConfirm(self.device.device_id, self.transcript)
        return encode_join(self.team_id, self.invite_id, body, self.device.sig)

    def cancel(self, reason: CancelReason) -> bytes:
        """Giving up (or a mismatch): the cancel message."""
        body = JoinCancel(self.device.device_id, reason)
        return encode_join(self.team_id, self.invite_id, body, self.device.sig)


@dataclass(eq=False)
class AdminJoin:
    """The admin's side of one join. `repr` shows no secrets."""

    admin: DeviceKeys = field(repr=False)
    invite: InviteEntry
    request: JoinMessage[JoinRequest]
    display_name: str
    ephemeral: X25519PrivateKey = field(repr=False)
    answer: bytes
    reveal: bytes | None = None
    confirmed: bool = False

    @classmethod
    def on_request(
        cls,
        state: ChainState,
        admin: DeviceKeys,
        data: bytes,
        *,
        invite_id: bytes,
        epochs: Mapping[int, EpochSecrets],
        now: int,
        rng: Rng = os.urandom,
    ) -> AdminJoin:
        """Checks a request on the invite's join subject and builds the answer.

        Args:
            state: The admin's validated chain.
            admin: This admin device's keys (it must be an active admin of `state`).
            data: The request as received.
            invite_id: The invite whose subject it came on.
            epochs: The epoch secrets this device holds (the name is sealed to one of them).
            now: Unix seconds, for the expiry check.
            rng: Random source of the ephemeral key.

        Raises:
            InviteRefused: The invite is "unknown", "closed" or "expired".
            Malformed: The request does not parse, or "device-exists".
            BadSignature: It fails under the invite key or its own device key.
            Undecryptable: The sealed name does not open.
        """
        entry = usable_invite(state, invite_id, now)
        request = parse_join(data, JoinRequest, team_id=state.team_id, invite_id=invite_id)
        request.verify(entry.invite_public, request.body.device.sig)
        if request.body.device.device_id in state.devices:
            raise Malformed("device-exists")
        secrets = epochs.get(request.body.name_epoch)
        if secrets is None:
            raise Malformed("name-epoch")
        name = open_join_name(request, secrets)
        ephemeral = X25519PrivateKey.from_private_bytes(rng(KEY_LEN))
        body = JoinAnswer(admin.device_id, x25519_public(ephemeral), request.hash)
        answer = encode_join(state.team_id, invite_id, body, admin.sig)
        return cls(admin, entry, request, name, ephemeral, answer)

    @property
    def joiner_device(self) -> DeviceId:
        """The newcomer's device id."""
        return self.request.body.device.device_id

    def on_reveal(self, state: ChainState, data: bytes) -> Sas:
        """Checks the reveal against `commit_J` and returns the SAS to show.

        Raises:
            Malformed: It does not parse for this team and invite.
            BadSignature: Not the requesting device's ("join-sig", "device"), not an answer to
                ours ("answer-hash"), or the key does not open the commitment ("commit": a man
                in the middle; cancel and revoke).
        """
        iid = self.invite.invite_id
        reveal = parse_join(data, JoinReveal, team_id=state.team_id, invite_id=iid)
        body = self.request.body
        reveal.verify(body.device.sig)
        if reveal.body.device_id != body.device.device_id:
            raise BadSignature("device")
        if not ct_equal(reveal.body.answer_hash, sha256(self.answer)):
            raise BadSignature("answer-hash")
        publics = party_publics(body.device, body.hub_key)
        check_reveal(body.commit, reveal.body.ephemeral, publics, iid)
        self.reveal = data
        admin = state.devices[self.admin.device_id]
        context = SasContext(
            fingerprint=state.pinned_fingerprint,
            invite_id=iid,
            joiner_publics=publics,
            admin_publics=party_publics(admin.keys, admin.hub_key),
            joiner_ephemeral=reveal.body.ephemeral,
            admin_ephemeral=x25519_public(self.ephemeral),
        )
        return compute_sas(self.ephemeral, reveal.body.ephemeral, context)

    def transcript(self, fingerprint: bytes) -> bytes:
        """The transcript hash over request, answer and reveal."""
        if self.reveal is None:
            raise ValueError("no reveal yet")
        return transcript_hash(fingerprint, self.request.raw, self.answer, self.reveal)

    def on_confirm(self, state: ChainState, data: bytes) -> None:
        """Checks the newcomer's confirm: signed by it, naming our transcript.

        Raises:
            Malformed, BadSignature: As for the reveal; "transcript" if it confirms another one.
        """
        iid = self.invite.invite_id
        confirm = parse_join(data, JoinConfirm, team_id=state.team_id, invite_id=iid)
        confirm.verify(self.request.body.device.sig)
        if not ct_equal(confirm.body.transcript, self.transcript(state.pinned_fingerprint)):
            raise BadSignature("transcript")
        self.confirmed = True

    def on_cancel(self, state: ChainState, data: bytes) -> CancelReason:
        """Reads the newcomer's cancel."""
        iid = self.invite.invite_id
        cancel = parse_join(data, JoinCancel, team_id=state.team_id, invite_id=iid)
        return cancel.verify(self.request.body.device.sig).reason

    def cancel(self, state: ChainState, reason: CancelReason) -> bytes:
        """This side gives up (or the person saw a mismatch): the cancel message."""
        body = JoinCancel(self.admin.device_id, reason)
        return encode_join(state.team_id, self.invite.invite_id, body, self.admin.sig)

    def add_device_link(
        self, state: ChainState, seed: bytes, *, created_at: int, rng: Rng = os.urandom
    ) -> bytes:
        """The `add_device` link, once both people said the SAS matches.

        Raises:
            ValueError: The newcomer has not confirmed yet, or `seed` is not current.
        """
        if not self.confirmed:
            raise ValueError("the newcomer has not confirmed the SAS")
        body = self.request.body
        return add_device(
            state,
            self.admin,
            device=body.device,
            hub_key=body.hub_key,
            role=self.invite.role,
            seed=seed,
            display_name=self.display_name,
            created_at=created_at,
            invite_id=self.invite.invite_id,
            join_request=self.request.raw,
            sas_transcript=self.transcript(state.pinned_fingerprint),
            rng=rng,
        )

    def revoke_link(self, state: ChainState, reason: RevokeReason, *, created_at: int) -> bytes:
        """The `invite_revoke` burning the invite after a mismatch or cancel."""
        return invite_revoke(
            state, self.admin, invite_id=self.invite.invite_id, reason=reason, created_at=created_at
        )


def joiner_cancel_reason(state: ChainState, joiner: Joiner, data: bytes) -> CancelReason:
    """Reads an admin's cancel on the joiner's side (signed by the admin who answered).

    Raises:
        Malformed, BadSignature: It is not a cancel from that admin.
    """
    cancel = parse_join(data, JoinCancel, team_id=state.team_id, invite_id=joiner.invite_id)
    entry = state.devices.get(cancel.body.device_id)
    if entry is None or entry.role != Role.ADMIN:
        raise BadSignature("not-admin")
    return cancel.verify(entry.keys.sig).reason
