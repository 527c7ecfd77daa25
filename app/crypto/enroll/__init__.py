"""Enrollment by invite code and short authentication string (crypto.md §3.10, team-setup.md §3).

PURE like the rest of `app.crypto`: randomness is an injected `Rng`, Argon2id an injectable
`Stretch`. Nothing here imports `app.crypto.chain`; the chain imports this package to check join
requests, and the builders take its values.

- `code`: invite and hub set-up codes (`InviteCode`, `new_invite_code`, `is_valid_code`,
  `InviteCodeError`).
- `derive`: keys from a code (`InviteKeys`, `InvitePublic`, `invite_id`, `hub_setup_key` …).
- `messages`: the join messages' codec (`encode_join`, `parse_join`, `JoinRequest` …).
- `sas`: `commit_j`, `check_reveal`, `compute_sas`, `transcript_hash`.
"""

from __future__ import annotations

from app.crypto.enroll.code import InviteCode, InviteCodeError, is_valid_code, new_invite_code
from app.crypto.enroll.derive import (
    InviteKeys,
    InvitePublic,
    Stretch,
    argon2id_stretch,
    hub_setup_key,
    invite_hub_key,
    invite_id,
    invite_signing_key,
)
from app.crypto.enroll.messages import (
    CancelReason,
    JoinAnswer,
    JoinCancel,
    JoinConfirm,
    JoinKind,
    JoinMessage,
    JoinRequest,
    JoinReveal,
    encode_join,
    join_kind,
    open_join_name,
    parse_join,
    seal_join_name,
)
from app.crypto.enroll.sas import (
    Sas,
    SasContext,
    check_reveal,
    commit_j,
    compute_sas,
    party_publics,
    transcript_hash,
)

__all__ = [
    "CancelReason",
    "InviteCode",
    "InviteCodeError",
    "InviteKeys",
    "InvitePublic",
    "JoinAnswer",
    "JoinCancel",
    "JoinConfirm",
    "JoinKind",
    "JoinMessage",
    "JoinRequest",
    "JoinReveal",
    "Sas",
    "SasContext",
    "Stretch",
    "argon2id_stretch",
    "check_reveal",
    "commit_j",
    "compute_sas",
    "encode_join",
    "hub_setup_key",
    "invite_hub_key",
    "invite_id",
    "invite_signing_key",
    "is_valid_code",
    "join_kind",
    "new_invite_code",
    "open_join_name",
    "parse_join",
    "party_publics",
    "seal_join_name",
    "transcript_hash",
]
