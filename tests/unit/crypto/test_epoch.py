"""Epoch derivations and conversation ids/tags."""

from __future__ import annotations

import pytest

from app.crypto import labels
from app.crypto.encoding import Writer
from app.crypto.epoch import EpochSecrets, conversation_id_for, conversation_tag, subject_key
from app.crypto.primitives import hkdf, hmac_sha256
from app.domain.ids import ConversationId, EventId, TeamId
from tests.unit.crypto.helpers import TEAM, DetRng

SEED = DetRng(b"seed")(32)


def test_derivation_follows_the_spec_infos() -> None:
    e = EpochSecrets.derive(SEED, TEAM, 7)
    suite_ctx = Writer().u16(1).fixed(TEAM, 16).u64(7).getvalue()
    team_ctx = Writer().fixed(TEAM, 16).u64(7).getvalue()
    assert e.event_root == hkdf(SEED, labels.EVENT_ROOT + suite_ctx)
    assert e.inbound_private == hkdf(SEED, labels.INBOUND_KEM + suite_ctx)
    assert e.seed_commit == hkdf(SEED, labels.SEED_COMMIT + team_ctx)
    assert e.prev_wrap_key == hkdf(SEED, labels.PREV_WRAP + team_ctx)
    assert e.inbound_kem.public_key().public_bytes_raw() == e.inbound_public
    event = EventId(bytes(range(16)))
    assert e.event_key(event) == hkdf(e.event_root, labels.EVENT_KEY + event)


def test_epochs_and_teams_are_separated() -> None:
    a = EpochSecrets.derive(SEED, TEAM, 1)
    values = {
        a.event_root,
        EpochSecrets.derive(SEED, TEAM, 2).event_root,
        EpochSecrets.derive(SEED, TeamId(bytes(16)), 1).event_root,
    }
    assert len(values) == 3
    assert a == EpochSecrets.derive(SEED, TEAM, 1)


def test_repr_hides_secrets() -> None:
    e = EpochSecrets.derive(SEED, TEAM, 1)
    text = repr(e)
    for secret in (e.event_root, e.inbound_private, e.prev_wrap_key, e.name_key):
        assert repr(secret) not in text
    assert "seed_commit" in text


@pytest.mark.parametrize(("seed", "team", "n"), [(bytes(31), TEAM, 1), (SEED, TEAM, 0)])
def test_derive_rejects_bad_inputs(seed: bytes, team: TeamId, n: int) -> None:
    with pytest.raises(ValueError, match="epochs start at 1"):
        EpochSecrets.derive(seed, team, n)


def test_conversation_ids_and_tags() -> None:
    skey = subject_key(SEED, TEAM)
    assert skey == hkdf(SEED, labels.SUBJECT_TAG + TEAM)
    conv = conversation_id_for(skey, "CC.abc123")
    assert conv == hmac_sha256(skey, labels.CONVERSATION_ID + b"CC.abc123")[:16]
    assert conv == conversation_id_for(subject_key(SEED, TEAM), "CC.abc123")
    assert conv != conversation_id_for(skey, "CC.abc124")
    assert conv != conversation_id_for(subject_key(DetRng(b"other")(32), TEAM), "CC.abc123")
    tag = conversation_tag(skey, conv)
    assert tag == hmac_sha256(skey, conv)[:16].hex()
    assert len(tag) == 32
    assert tag != conversation_tag(skey, ConversationId(bytes(16)))
    with pytest.raises(ValueError, match="16 bytes"):
        conversation_tag(skey, ConversationId(bytes(15)))
