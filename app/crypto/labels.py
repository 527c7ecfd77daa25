"""Domain-separation labels (crypto.md §3.4).

Every HKDF info, HMAC input, HPKE info, AEAD associated data and signature input starts with one
of these, so no output of one purpose can stand in for another (MLS SignWithLabel idea). A new
purpose gets a new label; labels are never reused. Protocol v2 will use `switchboard/v2 `.

Labels are followed directly by their context (`label ‖ context`). Where one label is a prefix of
another ("inbound"/"inbound-kem", "sas"/"sas-commit") the two feed different primitives, so the
concatenation cannot be confused; `tests/unit/crypto/test_labels.py` keeps it that way.
"""

from __future__ import annotations

PREFIX = b"switchboard/v1 "

# Team identity.
TEAM_FP = PREFIX + b"team-fp"
"""Hash input of the team fingerprint."""

# At rest, from the device master key.
DMK_DB = PREFIX + b"dmk-db"
"""HKDF info: DMK → SQLCipher raw key."""
DMK_VAULT = PREFIX + b"dmk-vault"
"""HKDF info: DMK → vault key wrapping identity private keys in the DB."""
VAULT_WRAP = PREFIX + b"vault-wrap"
"""AEAD associated data of a private key wrapped by the vault key (new in this module)."""
GATEWAY_SPOOL = PREFIX + b"gateway-spool"
"""HKDF info: the gateway's device private keys → the key its webhook spool is sealed under."""

# Event encryption.
EVENT_ROOT = PREFIX + b"event-root"
"""HKDF info: seed[n] → event_root[n]."""
EVENT_KEY = PREFIX + b"event-key"
"""HKDF info: event_root[n] → event_key of one event."""
KEY_COMMIT = PREFIX + b"key-commit"
"""HMAC input: event_key → key_commit header field."""

# Per-epoch derivations and conversation subjects.
INBOUND_KEM = PREFIX + b"inbound-kem"
"""HKDF info: seed[n] → private half of D[n]."""
PREV_WRAP = PREFIX + b"prev-wrap"
"""HKDF info: seed[n] → key wrapping seed[n-1] in a rotation link."""
SEED_COMMIT = PREFIX + b"seed-commit"
"""HKDF info: seed[n] → public commitment seed_commit[n]."""
SUBJECT_TAG = PREFIX + b"subject-tag"
"""HKDF info: seed[1] → subject_key for conversation tags."""
CONVERSATION_ID = PREFIX + b"conversation-id"
"""HMAC input: subject_key, customer id → conversation id (new in this module)."""
NAME_KEY = PREFIX + b"name-key"
"""HKDF info: seed[n] → key sealing team and device names in chain links (new)."""

# Presence (who is viewing or typing; ephemeral, never in the log).
PRESENCE_KEY = PREFIX + b"presence-key"
"""HKDF info: seed[n] → AEAD key of presence notes (new)."""
PRESENCE_SIG = PREFIX + b"presence-sig"
"""Signature over a presence note's header and ciphertext hash (new)."""

# Gateway beats ("this gateway runs"; ephemeral, never in the log).
GATEWAY_BEAT = PREFIX + b"gateway-beat"
"""HPKE info of a gateway beat, sealed to `D[n]` (new)."""
GATEWAY_BEAT_SIG = PREFIX + b"gateway-beat-sig"
"""Signature over a gateway beat's header and ciphertext hash (new)."""

# HPKE info prefixes.
EPOCH_BOX = PREFIX + b"epoch-box"
"""HPKE info of a seed box."""
INBOUND = PREFIX + b"inbound"
"""HPKE info of a type-2 gateway event."""
OUTBOUND = PREFIX + b"outbound"
"""HPKE info of a type-3 outbound request."""
SENDER_KEY = PREFIX + b"sender-key"
"""HPKE info of a type-6 sender key (new, security.md 2.12)."""
SNAPSHOT = PREFIX + b"snapshot"
"""HPKE info of a type-5 snapshot offer to a new device (security.md 2.12 part 4)."""
SENDER_EVENT_KEY = PREFIX + b"sender-event-key"
"""HKDF info: sender key → the AEAD key of one type-7 event (new, security.md 2.12)."""

# Ed25519 signature inputs.
LINK_SIG = PREFIX + b"link-sig"
"""Signature over a team chain link."""
EVENT_SIG = PREFIX + b"event-sig"
"""Signature over an envelope header and body hash."""
JOIN_SIG = PREFIX + b"join-sig"
"""Signature over an enrollment join message."""

# Enrollment.
INVITE_KEY = PREFIX + b"invite-key"
"""Invite code → invite signing key."""
SAS = PREFIX + b"sas"
"""HKDF info of the short authentication string."""
SAS_COMMIT = PREFIX + b"sas-commit"
"""Hash input of the joiner's ephemeral-key commitment."""
SAS_TRANSCRIPT = PREFIX + b"sas-transcript"
"""Hash input of the join transcript recorded in `add_device` (new)."""
INVITE_ID = PREFIX + b"invite-id"
"""HKDF info: invite code → invite id, the join subject's token (new)."""
INVITE_HUB = PREFIX + b"invite-hub"
"""HKDF info: invite code → seed of the invite's hub login key (new)."""
JOIN_NAME = PREFIX + b"join-name"
"""HPKE info of the display name a join request seals to `D[n]` (new)."""

# The hub's door.
HUB_SETUP = PREFIX + b"hub-setup"
"""HKDF info: one-time setup code → seed of the hub's setup login key (new)."""

# Fallback key file.
KEYSTORE = PREFIX + b"keystore"
"""AEAD associated data of the fallback key file."""

# Media.
MEDIA_STREAM = PREFIX + b"media-stream"
"""HKDF info, then the STREAM header: file_key → payload key of one media object (new)."""
MEDIA_THUMBNAIL = PREFIX + b"media-thumbnail"
"""HKDF info: file_key → key sealing this desk's cached thumbnail of the file (new)."""

ALL = (
    TEAM_FP,
    DMK_DB,
    DMK_VAULT,
    VAULT_WRAP,
    GATEWAY_SPOOL,
    EVENT_ROOT,
    EVENT_KEY,
    KEY_COMMIT,
    INBOUND_KEM,
    PREV_WRAP,
    SEED_COMMIT,
    SUBJECT_TAG,
    CONVERSATION_ID,
    NAME_KEY,
    PRESENCE_KEY,
    PRESENCE_SIG,
    GATEWAY_BEAT,
    GATEWAY_BEAT_SIG,
    EPOCH_BOX,
    INBOUND,
    OUTBOUND,
    SENDER_KEY,
    SNAPSHOT,
    SENDER_EVENT_KEY,
    LINK_SIG,
    EVENT_SIG,
    JOIN_SIG,
    INVITE_KEY,
    SAS,
    SAS_COMMIT,
    SAS_TRANSCRIPT,
    INVITE_ID,
    INVITE_HUB,
    JOIN_NAME,
    HUB_SETUP,
    KEYSTORE,
    MEDIA_STREAM,
    MEDIA_THUMBNAIL,
)
"""Every label, for uniqueness and prefix checks."""
