"""Golden vectors: computes them, and regenerates `tests/vectors/*.json` on request.

    .venv/bin/python -m tests.unit.crypto.golden          # rewrite after a deliberate change

All inputs come from `DetRng` streams and fixed keys, so every value is reproducible except what
pyca's HPKE seals (it draws its own ephemeral key): the seed box inside the `create_team` link and
the type-2 envelope. Those are generated once, kept across regenerations, and checked by opening
them; the rest of the link is recomputed around the frozen box. Review the diff of any rewrite.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from app.crypto import keys as keymod
from app.crypto.chain import (
    ChainState,
    CreateTeam,
    SasStatus,
    add_device,
    create_team,
    encode_link,
    parse_link,
)
from app.crypto.chain.boxes import SeedBox
from app.crypto.envelope import seal_member_event, seal_to_public
from app.crypto.epoch import EpochSecrets, conversation_id_for, conversation_tag, subject_key
from app.crypto.fingerprint import display_fingerprint
from app.crypto.header import EventType, HeaderFields
from app.crypto.keystore import seal_keystore
from app.crypto.padding import pad
from app.crypto.primitives import sha256
from app.crypto.sender_key import SenderKey, seal_keyed_event, seal_sender_key
from app.domain.ids import ConversationId, EventId
from app.domain.model import Role
from tests.unit.crypto.helpers import FINGERPRINT, GATEWAY, MEMBER, ROOT, TEAM, DetRng, event_id

VECTOR_DIR = Path(__file__).resolve().parents[2] / "vectors"
SEED = DetRng(b"seed/1")(32)
PLAINTEXT = "Hi! Your bike is ready 🚲".encode()
KEYSTORE_PASSPHRASE = "correct horse bättery staple"
PADDING_BODIES = (0, 1, 252, 253, 4092, 4093, 8188, 8189)
Vector = dict[str, Any]


def load(name: str) -> Vector:
    """Reads `tests/vectors/<name>.json`."""
    data: Vector = json.loads((VECTOR_DIR / f"{name}.json").read_text("utf-8"))
    return data


def keys_vector() -> Vector:
    """Device keys, ids, the fingerprint and the DMK-derived keys."""
    dmk = DetRng(b"dmk")(32)
    return {
        "root_private": ROOT.private_bytes().hex(),
        "root_sig_public": ROOT.public().sig.hex(),
        "root_kem_public": ROOT.public().kem.hex(),
        "root_hub_public": ROOT.hub_public.hex(),
        "root_device_id": ROOT.device_id.hex(),
        "team_id": TEAM.hex(),
        "team_fingerprint": FINGERPRINT.hex(),
        "team_fingerprint_display": display_fingerprint(FINGERPRINT),
        "dmk": dmk.hex(),
        "db_key": keymod.db_key(dmk).hex(),
        "vault_key": keymod.vault_key(dmk).hex(),
        "wrapped_root_private": keymod.wrap_private(
            keymod.vault_key(dmk), ROOT.private_bytes(), DetRng(b"wrap"), context=b"device"
        ).hex(),
    }


def epoch_vector() -> Vector:
    """Everything `EpochSecrets.derive` and the subject tags produce from a fixed seed."""
    out: Vector = {"seed": SEED.hex(), "team_id": TEAM.hex(), "epochs": []}
    for n in (1, 2):
        e = EpochSecrets.derive(SEED, TEAM, n)
        row = {k: v.hex() for k, v in dataclasses.asdict(e).items() if isinstance(v, bytes)}
        out["epochs"].append({**row, "n": n})
    skey = subject_key(SEED, TEAM)
    conv = conversation_id_for(skey, "CC.a1B2c3D4")
    out |= {
        "subject_key": skey.hex(),
        "customer_id": "CC.a1B2c3D4",
        "conversation_id": conv.hex(),
        "conversation_tag": conversation_tag(skey, ConversationId(conv)),
        "event_id": "00" * 16,
        "event_key": EpochSecrets.derive(SEED, TEAM, 1).event_key(EventId(bytes(16))).hex(),
    }
    return out


def padding_vector() -> Vector:
    """Padded sizes and digests (full bytes for the small ones)."""
    rows = []
    for n in PADDING_BODIES:
        body = DetRng(b"pad")(n)
        padded = pad(body)
        row = {"body_len": n, "padded_len": len(padded), "padded_sha256": sha256(padded).hex()}
        if n <= 253:
            row["padded"] = padded.hex()
        rows.append(row)
    return {"rng": "DetRng(b'pad')", "cases": rows}


def header_fields(label: str) -> HeaderFields:
    """Fixed header fields for epoch 1 of `SEED`, naming a made-up chain head."""
    return HeaderFields(
        team_id=TEAM,
        epoch=1,
        event_id=event_id(label),
        author_seq=2,
        author_prev=DetRng(b"prev/" + label.encode())(32),
        chain_seqno=3,
        chain_head_hash=DetRng(b"head")(32),
    )


def envelope_vector() -> Vector:
    """A type-1 envelope from the member, under epoch 1 of `SEED`."""
    env = seal_member_event(
        fields=header_fields("golden"),
        plaintext=PLAINTEXT,
        epoch=EpochSecrets.derive(SEED, TEAM, 1),
        signer=MEMBER,
        rng=DetRng(b"envelope"),
    )
    return {
        "plaintext": PLAINTEXT.hex(),
        "envelope": env.hex(),
        "envelope_sha256": sha256(env).hex(),
    }


def chain_vector(frozen: Vector | None) -> Vector:
    """Link 1 (around a frozen root box) and a deterministic link 2 adding the gateway."""
    link1, seed = create_team(
        team_id=TEAM,
        root=ROOT,
        team_name="Acme Bikes",
        root_name="Front desk",
        created_at=1000,
        rng=DetRng(b"chain"),
    )
    parsed = parse_link(link1)
    assert isinstance(parsed.payload, CreateTeam)
    box = SeedBox(ROOT.device_id, bytes.fromhex(frozen["root_box"])) if frozen else None
    if box is not None:
        payload = dataclasses.replace(parsed.payload, boxes=(box,))
        link1 = encode_link(
            team_id=TEAM,
            seqno=1,
            prev_link_hash=bytes(32),
            signer=ROOT,
            created_at=1000,
            payload=payload,
        )
    state = ChainState.genesis(TEAM, FINGERPRINT).apply(link1)
    link2 = add_device(
        state,
        ROOT,
        device=GATEWAY.public(),
        hub_key=GATEWAY.hub_public,
        role=Role.GATEWAY,
        seed=seed,
        display_name="Gateway",
        created_at=1001,
        sas_status=SasStatus.SKIPPED,
        rng=DetRng(b"chain/2"),
    )
    first = parse_link(link1).payload
    assert isinstance(first, CreateTeam)
    return {
        "seed": seed.hex(),
        "root_box": first.boxes[0].ciphertext.hex(),
        "create_team": link1.hex(),
        "create_team_hash": parse_link(link1).link_hash.hex(),
        "add_gateway": link2.hex(),
        "add_gateway_hash": parse_link(link2).link_hash.hex(),
    }


def sealed_vector(frozen: Vector | None) -> Vector:
    """A frozen type-2 envelope (HPKE): checked by opening, never recomputed."""
    if frozen:
        return frozen
    env = seal_to_public(
        event_type=EventType.GATEWAY,
        fields=header_fields("golden-inbound"),
        recipient_public=EpochSecrets.derive(SEED, TEAM, 1).inbound_public,
        plaintext=PLAINTEXT,
        signer=GATEWAY,
    )
    return {"plaintext": PLAINTEXT.hex(), "envelope": env.hex()}


SENDER_KEY = SenderKey(GATEWAY.device_id, event_id("golden-sender-key"), 1, DetRng(b"sk")(32))
"""The gateway's sender key of the type-6 and type-7 vectors."""


def sender_key_vector(frozen: Vector | None) -> Vector:
    """A frozen type-6 envelope (HPKE) carrying `SENDER_KEY`: checked by opening."""
    if frozen:
        return frozen
    env = seal_sender_key(
        fields=header_fields("golden-sender-key"),
        sender_key=SENDER_KEY,
        inbound_public=EpochSecrets.derive(SEED, TEAM, 1).inbound_public,
        signer=GATEWAY,
    )
    return {"sender_key": SENDER_KEY.key.hex(), "envelope": env.hex()}


def keyed_vector() -> Vector:
    """A type-7 envelope under `SENDER_KEY` (deterministic nonce from the test RNG)."""
    env = seal_keyed_event(
        fields=header_fields("golden-keyed"),
        plaintext=PLAINTEXT,
        sender_key=SENDER_KEY,
        signer=GATEWAY,
        rng=DetRng(b"keyed"),
    )
    return {
        "plaintext": PLAINTEXT.hex(),
        "envelope": env.hex(),
        "envelope_sha256": sha256(env).hex(),
    }


def keystore_vector() -> Vector:
    """A key file at the Argon2id floor."""
    secret = DetRng(b"keystore/secret")(64)
    data = seal_keystore(secret, KEYSTORE_PASSPHRASE, DetRng(b"keystore"), t=3, m=65536, p=4)
    return {"passphrase": KEYSTORE_PASSPHRASE, "secret": secret.hex(), "file": data.hex()}


def _existing(name: str) -> Vector | None:
    path = VECTOR_DIR / f"{name}.json"
    return load(name) if path.exists() else None


def main() -> None:
    """Rewrites every vector file, keeping the frozen HPKE outputs."""
    vectors = {
        "keys": keys_vector(),
        "epoch": epoch_vector(),
        "padding": padding_vector(),
        "envelope_type1": envelope_vector(),
        "envelope_type2": sealed_vector(_existing("envelope_type2")),
        "envelope_type6": sender_key_vector(_existing("envelope_type6")),
        "envelope_type7": keyed_vector(),
        "chain": chain_vector(_existing("chain")),
        "keystore": keystore_vector(),
    }
    VECTOR_DIR.mkdir(exist_ok=True)
    _write(vectors)
    # Team set-up builds on chain.json, so it is computed once that is written.
    from tests.unit.crypto import golden_setup

    enroll = golden_setup.enroll_vector(_existing("enroll"))
    setup = golden_setup.setup_vector(_existing("chain_setup"), enroll)
    _write({"enroll": enroll, "chain_setup": setup})


def _write(vectors: dict[str, Vector]) -> None:
    for name, vector in vectors.items():
        text = json.dumps(vector, indent=2, ensure_ascii=False) + "\n"
        (VECTOR_DIR / f"{name}.json").write_text(text, "utf-8")


if __name__ == "__main__":
    main()
