"""The two sides of one enrollment handshake (team-setup.md §3), sans-I/O. PURE.

`JoinerSide` is the newcomer (a desk or the gateway); `AdminSide` is the admin's desk answering
it. Both take bytes read from the invite's join subject and return bytes to publish there, and
both check everything against the validated chain state they are given: only an open invite is
used, only an active admin may answer, a reveal must match the commitment, a confirmation must
name this very transcript. The drivers in `joining` and `app.services.enrollment` pump bytes
between these objects and the hub.

Messages that are not for this side (its own, another admin's answer, a reveal following
another answer) are recognised and skipped with `None`, never raised: several admins may watch
one invite, and the server may replay or reorder what it stores.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.crypto.chain.entries import InviteEntry
from app.crypto.chain.state import ChainState
from app.crypto.enroll import (
    CancelReason,
    InviteKeys,
    JoinAnswer,
    JoinCancel,
    JoinConfirm,
    JoinKind,
    JoinMessage,
    JoinRequest,
    JoinReveal,
    Sas,
    SasContext,
    check_reveal,
    commit_j,
    compute_sas,
    encode_join,
    join_kind,
    open_join_name,
    parse_join,
    party_publics,
    seal_join_name,
    transcript_hash,
)
from app.crypto.epoch import EpochSecrets
from app.crypto.errors import BadSignature, Malformed
from app.crypto.keys import DeviceKeys, DevicePublic
from app.crypto.primitives import KEY_LEN, Rng, ct_equal, sha256, x25519_public
from app.domain.errors import EnvelopeRejected
from app.domain.ids import DeviceId
from app.domain.model import Role


@dataclass(frozen=True, slots=True)
class Cancelled:
    """The other side gave up; `reason` says why."""

    by: DeviceId
    reason: CancelReason


def _ephemeral(rng: Rng) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(rng(KEY_LEN))


def _cancel_from(
    data: bytes, chain: ChainState, invite_id: bytes, signer_key: dict[DeviceId, bytes]
) -> Cancelled | None:
    """A verified cancel by one of the devices in `signer_key`; None for anything else."""
    if join_kind(data) is not JoinKind.CANCEL:
        return None
    message = parse_join(data, JoinCancel, team_id=chain.team_id, invite_id=invite_id)
    public = signer_key.get(message.body.device_id)
    if public is None:
        return None
    body = message.verify(public)
    return Cancelled(body.device_id, body.reason)


class JoinerSide:
    """The newcomer's half: request → (answer) → reveal and SAS → confirm or cancel."""

    def __init__(
        self,
        *,
        chain: ChainState,
        invite: InviteEntry,
        invite_keys: InviteKeys,
        device: DeviceKeys,
        display_name: str,
        rng: Rng = os.urandom,
    ) -> None:
        """Prepare the request for `invite`, checked against the chain.

        Raises:
            EnvelopeRejected: "invite-keys" if the code's keys are not the invite's (a wrong
                code that happens to share its id cannot occur; a tampered invite can).
        """
        public = invite_keys.public()
        if not (
            ct_equal(public.invite_public, invite.invite_public)
            and ct_equal(public.hub_key, invite.hub_key)
            and public.invite_id == invite.invite_id
        ):
            raise EnvelopeRejected("invite-keys")
        self.chain = chain
        self.invite = invite
        self.device = device
        self._keys = invite_keys
        self._e = _ephemeral(rng)
        self._publics = party_publics(device.public(), device.hub_public)
        self._name = display_name
        self._request: bytes | None = None
        self._answer: JoinMessage[JoinAnswer] | None = None
        self._reveal: bytes | None = None
        self.sas: Sas | None = None
        """Set once an admin answered."""

    @property
    def invite_id(self) -> bytes:
        return self.invite.invite_id

    def request(self) -> bytes:
        """The signed request: keys, commitment to `e_J`, name sealed to the current `D[n]`."""
        if self._request is None:
            n = self.chain.epoch
            body = JoinRequest(
                device=self.device.public(),
                hub_key=self.device.hub_public,
                commit=commit_j(x25519_public(self._e), self._publics, self.invite_id),
                name_epoch=n,
                sealed_name=seal_join_name(
                    self._name,
                    self.chain.epoch_public(n)[0],
                    team_id=self.chain.team_id,
                    n=n,
                    invite_id=self.invite_id,
                    device_id=self.device.device_id,
                ),
            )
            self._request = encode_join(
                self.chain.team_id, self.invite_id, body, self._keys.signing, self.device.sig
            )
        return self._request

    def on_answer(self, data: bytes, chain: ChainState) -> bytes | None:
        """Take the first valid answer: returns the reveal to publish, and sets `sas`.

        Args:
            data: A message from the join subject.
            chain: The newest validated chain (the admin must be active in it).

        Returns:
            The reveal, or None if `data` is not an answer to this request (or one came first).

        Raises:
            EnvelopeRejected: An answer to this request that fails its checks.
        """
        if self._answer is not None or join_kind(data) is not JoinKind.ANSWER:
            return None
        message = parse_join(data, JoinAnswer, team_id=chain.team_id, invite_id=self.invite_id)
        if not ct_equal(message.body.request_hash, sha256(self.request())):
            return None  # an answer to another request on this invite
        admin = chain.devices.get(message.body.admin)
        if admin is None or not admin.active or admin.role is not Role.ADMIN:
            raise BadSignature("answer-not-admin")
        body = message.verify(admin.keys.sig)
        self.sas = compute_sas(
            self._e,
            body.ephemeral,
            SasContext(
                fingerprint=chain.pinned_fingerprint,
                invite_id=self.invite_id,
                joiner_publics=self._publics,
                admin_publics=party_publics(admin.keys, admin.hub_key),
                joiner_ephemeral=x25519_public(self._e),
                admin_ephemeral=body.ephemeral,
            ),
        )
        self._answer = message
        reveal = JoinReveal(self.device.device_id, x25519_public(self._e), message.hash)
        self._reveal = encode_join(chain.team_id, self.invite_id, reveal, self.device.sig)
        return self._reveal

    @property
    def admin(self) -> DeviceId | None:
        """The admin whose answer was taken."""
        return self._answer.body.admin if self._answer is not None else None

    def confirm(self) -> bytes:
        """The person said the SAS matches: a confirmation naming this transcript."""
        if self._answer is None or self._reveal is None:
            raise ValueError("nothing to confirm before an admin answered")
        transcript = transcript_hash(
            self.chain.pinned_fingerprint, self.request(), self._answer.raw, self._reveal
        )
        body = JoinConfirm(self.device.device_id, transcript)
        return encode_join(self.chain.team_id, self.invite_id, body, self.device.sig)

    def cancel(self, reason: CancelReason) -> bytes:
        """Giving up, signed so the admin knows it is really this newcomer."""
        body = JoinCancel(self.device.device_id, reason)
        return encode_join(self.chain.team_id, self.invite_id, body, self.device.sig)

    def on_cancel(self, data: bytes, chain: ChainState) -> Cancelled | None:
        """A cancel signed by the admin who answered (or, before that, any active admin)."""
        admins = {
            e.device_id: e.keys.sig
            for e in chain.active_devices()
            if e.role is Role.ADMIN and self.admin in (None, e.device_id)
        }
        return _cancel_from(data, chain, self.invite_id, admins)

    def added_in(self, chain: ChainState) -> bool:
        """Whether `chain` holds this device, added by consuming this invite."""
        entry = chain.devices.get(self.device.device_id)
        invite = chain.invites.get(self.invite_id)
        return (
            entry is not None
            and entry.active
            and invite is not None
            and invite.consumed_by == self.device.device_id
        )


@dataclass(frozen=True, slots=True)
class Newcomer:
    """A verified join request, as the admin sees it."""

    device: DevicePublic
    hub_key: bytes
    name: str
    role: Role


class AdminSide:
    """The admin's half for one invite: answer a request, check the reveal, add or burn."""

    def __init__(
        self,
        *,
        admin: DeviceKeys,
        invite_id: bytes,
        epochs: dict[int, EpochSecrets],
        rng: Rng = os.urandom,
    ) -> None:
        """Args:
        admin: This admin device's keys.
        invite_id: The invite it watches.
        epochs: The epoch secrets this device holds (to open the newcomer's sealed name).
        rng: Random source of the ephemeral key.
        """
        self.admin = admin
        self.invite_id = invite_id
        self._epochs = epochs
        self._e = _ephemeral(rng)
        self._request: JoinMessage[JoinRequest] | None = None
        self._answer: bytes | None = None
        self._reveal: bytes | None = None
        self.newcomer: Newcomer | None = None
        self.sas: Sas | None = None
        self.transcript: bytes | None = None

    def on_request(self, data: bytes, chain: ChainState, now: int) -> bytes | None:
        """Verify a request on an open invite and return the answer to publish (first only).

        Raises:
            EnvelopeRejected: A request that fails its checks (wrong keys, a closed invite,
                a name this device cannot open).
        """
        if self._request is not None or join_kind(data) is not JoinKind.REQUEST:
            return None
        invite = chain.invites.get(self.invite_id)
        if invite is None or not invite.is_open(now):
            raise Malformed("invite-closed")
        message = parse_join(data, JoinRequest, team_id=chain.team_id, invite_id=self.invite_id)
        body = message.verify(invite.invite_public, message.body.device.sig)
        if body.device.device_id in chain.devices:
            raise Malformed("device-exists")
        secrets = self._epochs.get(body.name_epoch)
        if secrets is None:
            raise Malformed("name-epoch")
        name = open_join_name(message, secrets)
        self._request = message
        self.newcomer = Newcomer(body.device, body.hub_key, name, invite.role)
        answer = JoinAnswer(self.admin.device_id, x25519_public(self._e), message.hash)
        self._answer = encode_join(chain.team_id, self.invite_id, answer, self.admin.sig)
        return self._answer

    def on_reveal(self, data: bytes, chain: ChainState) -> Sas | None:
        """Check the reveal against `commit_J` and compute the SAS.

        Raises:
            BadSignature: "commit" if the reveal does not match the commitment (a man in the
                middle): cancel and burn the invite.
        """
        if (
            self.sas is not None
            or self._request is None
            or self._answer is None
            or join_kind(data) is not JoinKind.REVEAL
        ):
            return None
        message = parse_join(data, JoinReveal, team_id=chain.team_id, invite_id=self.invite_id)
        request = self._request.body
        if message.body.device_id != request.device.device_id:
            return None
        if not ct_equal(message.body.answer_hash, sha256(self._answer)):
            return None  # it follows another admin's answer
        body = message.verify(request.device.sig)
        joiner_publics = party_publics(request.device, request.hub_key)
        check_reveal(request.commit, body.ephemeral, joiner_publics, self.invite_id)
        self._reveal = message.raw
        self.sas = compute_sas(
            self._e,
            body.ephemeral,
            SasContext(
                fingerprint=chain.pinned_fingerprint,
                invite_id=self.invite_id,
                joiner_publics=joiner_publics,
                admin_publics=party_publics(self.admin.public(), self.admin.hub_public),
                joiner_ephemeral=body.ephemeral,
                admin_ephemeral=x25519_public(self._e),
            ),
        )
        self.transcript = transcript_hash(
            chain.pinned_fingerprint, self._request.raw, self._answer, message.raw
        )
        return self.sas

    def on_confirm(self, data: bytes, chain: ChainState) -> bool:
        """True for the newcomer's confirmation of exactly this transcript."""
        if self.transcript is None or self._request is None:
            return False
        if join_kind(data) is not JoinKind.CONFIRM:
            return False
        message = parse_join(data, JoinConfirm, team_id=chain.team_id, invite_id=self.invite_id)
        device = self._request.body.device
        if message.body.device_id != device.device_id:
            return False
        body = message.verify(device.sig)
        return ct_equal(body.transcript, self.transcript)

    def on_cancel(self, data: bytes, chain: ChainState) -> Cancelled | None:
        """A cancel signed by the newcomer who asked."""
        if self._request is None:
            return None
        device = self._request.body.device
        return _cancel_from(data, chain, self.invite_id, {device.device_id: device.sig})

    def cancel(self, chain: ChainState, reason: CancelReason) -> bytes:
        """This admin gives up on the handshake."""
        body = JoinCancel(self.admin.device_id, reason)
        return encode_join(chain.team_id, self.invite_id, body, self.admin.sig)

    @property
    def request_bytes(self) -> bytes:
        """The newcomer's exact request, which `add_device` carries."""
        if self._request is None:
            raise ValueError("no request yet")
        return self._request.raw
