"""Domain-separation labels (crypto.md §3.4)."""

from __future__ import annotations

from itertools import permutations

from app.crypto import labels

# Which primitive consumes each label. Within one primitive no label may be a prefix of another,
# or `label ‖ context` of one purpose could equal that of another.
_USES = {
    "hkdf": [
        labels.DMK_DB,
        labels.DMK_VAULT,
        labels.GATEWAY_SPOOL,
        labels.EVENT_ROOT,
        labels.EVENT_KEY,
        labels.SENDER_EVENT_KEY,
        labels.MEDIA_STREAM,
        labels.MEDIA_THUMBNAIL,
        labels.INBOUND_KEM,
        labels.PREV_WRAP,
        labels.SEED_COMMIT,
        labels.SUBJECT_TAG,
        labels.NAME_KEY,
        labels.PRESENCE_KEY,
        labels.INVITE_KEY,
        labels.INVITE_ID,
        labels.INVITE_HUB,
        labels.HUB_SETUP,
        labels.SAS,
    ],
    "hash/hmac": [
        labels.TEAM_FP,
        labels.KEY_COMMIT,
        labels.CONVERSATION_ID,
        labels.SAS_COMMIT,
        labels.SAS_TRANSCRIPT,
    ],
    "hpke-info": [
        labels.EPOCH_BOX,
        labels.INBOUND,
        labels.OUTBOUND,
        labels.SENDER_KEY,
        labels.SNAPSHOT,
        labels.JOIN_NAME,
        labels.GATEWAY_BEAT,
    ],
    "signature": [
        labels.LINK_SIG,
        labels.EVENT_SIG,
        labels.JOIN_SIG,
        labels.PRESENCE_SIG,
        labels.GATEWAY_BEAT_SIG,
    ],
    "aead-aad": [labels.KEYSTORE, labels.VAULT_WRAP],
}


def test_every_label_is_listed_once_and_prefixed() -> None:
    constants = {v for k, v in vars(labels).items() if k.isupper() and isinstance(v, bytes)}
    constants.discard(labels.PREFIX)
    assert set(labels.ALL) == constants
    assert len(labels.ALL) == len(set(labels.ALL))
    assert all(label.startswith(b"switchboard/v1 ") for label in labels.ALL)


def test_each_label_has_one_use() -> None:
    used = [label for group in _USES.values() for label in group]
    assert sorted(used) == sorted(labels.ALL)


def test_no_label_prefixes_another_of_the_same_primitive() -> None:
    for group in _USES.values():
        for a, b in permutations(group, 2):
            assert not b.startswith(a), (a, b)


def test_spec_spelling() -> None:
    assert labels.EVENT_SIG == b"switchboard/v1 event-sig"
    assert labels.TEAM_FP == b"switchboard/v1 team-fp"
    assert labels.CONVERSATION_ID == b"switchboard/v1 conversation-id"
    assert labels.INVITE_ID == b"switchboard/v1 invite-id"
    assert labels.INVITE_HUB == b"switchboard/v1 invite-hub"
    assert labels.HUB_SETUP == b"switchboard/v1 hub-setup"
