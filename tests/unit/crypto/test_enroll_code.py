"""Invite codes: display form, forgiving input, typed errors, and what derives from a code."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.crypto.enroll import (
    InviteCode,
    InviteCodeError,
    InviteKeys,
    hub_setup_key,
    invite_hub_key,
    invite_id,
    invite_signing_key,
    new_invite_code,
)
from app.crypto.enroll.code import ALPHABET
from app.domain.ids import TeamId
from tests.unit.crypto.enroll_helpers import code, fast_stretch
from tests.unit.crypto.helpers import TEAM, DetRng

SHAPE = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){4}$")


@given(st.binary(min_size=12, max_size=12))
def test_display_form_round_trips(raw: bytes) -> None:
    shown = str(InviteCode(raw))
    assert SHAPE.match(shown)
    assert InviteCode.parse(shown) == InviteCode(raw)


def test_typing_is_forgiving() -> None:
    shown = str(code("forgiving"))
    variants = [shown.lower(), shown.replace("-", ""), " ".join(shown.split("-"))]
    for text in variants:
        assert InviteCode.parse(text) == code("forgiving")
    # 0, 1 and 8 are not in the alphabet: they are read as O, I and B.
    raw = next(c for c in (code(f"x{i}") for i in range(200)) if set("OIB") & set(str(c)))
    shown = str(raw)
    typed = shown.replace("O", "0").replace("I", "1").replace("B", "8")
    assert typed != shown
    assert InviteCode.parse(typed) == raw


def test_mistyped_codes_get_a_typed_error() -> None:
    shown = str(code("typo"))
    with pytest.raises(InviteCodeError) as info:
        InviteCode.parse(shown[:-1])
    assert info.value.reason == "length"
    with pytest.raises(InviteCodeError) as info:
        InviteCode.parse(shown[:-1] + "9")
    assert info.value.reason == "character"
    # One wrong character: never accepted as the same code, mostly caught by the checksum.
    reasons: list[str] = []
    total = 0
    chars = shown.replace("-", "")
    for position in range(len(chars)):
        for other in ALPHABET:
            if other == chars[position]:
                continue
            total += 1
            typo = chars[:position] + other + chars[position + 1 :]
            try:
                parsed = InviteCode.parse(typo)
            except InviteCodeError as err:
                reasons.append(err.reason)
                continue
            assert parsed != code("typo")
    assert set(reasons) == {"checksum"}
    assert len(reasons) / total > 0.85
    assert issubclass(InviteCodeError, ValueError)


def test_repr_hides_the_code() -> None:
    c = code("secret")
    assert str(c).replace("-", "") not in repr(c)
    assert c.raw.hex() not in repr(c)


def test_new_codes_come_from_the_rng() -> None:
    assert new_invite_code(DetRng(b"a")) == new_invite_code(DetRng(b"a"))
    assert new_invite_code() != new_invite_code()
    with pytest.raises(ValueError, match="12 bytes"):
        InviteCode(bytes(11))


def test_derivations_are_separate_and_bound() -> None:
    c = code("derive")
    nonce = DetRng(b"n")(16)
    signing = invite_signing_key(c, TEAM, nonce, fast_stretch).public_key().public_bytes_raw()
    hub = invite_hub_key(c).public_key().public_bytes_raw()
    setup = hub_setup_key(c).public_key().public_bytes_raw()
    assert len(invite_id(c)) == 16
    assert len({signing, hub, setup}) == 3
    other_team = invite_signing_key(c, TeamId(bytes(16)), nonce, fast_stretch)
    other_nonce = invite_signing_key(c, TEAM, bytes(16), fast_stretch)
    assert other_team.public_key().public_bytes_raw() != signing
    assert other_nonce.public_key().public_bytes_raw() != signing
    assert invite_id(code("other")) != invite_id(c)
    keys = InviteKeys.from_code(c, TEAM, nonce, fast_stretch)
    public = keys.public()
    assert (public.invite_id, public.invite_public, public.hub_key, public.nonce) == (
        invite_id(c),
        signing,
        hub,
        nonce,
    )
    assert c.raw.hex() not in repr(keys)
    with pytest.raises(ValueError, match="16 bytes"):
        invite_signing_key(c, TEAM, bytes(15), fast_stretch)


def test_the_stretch_is_what_the_invite_key_depends_on() -> None:
    c = code("stretch")
    nonce = bytes(16)
    seen: list[tuple[bytes, bytes]] = []

    def spy(secret: bytes, salt: bytes) -> bytes:
        seen.append((secret, salt))
        return fast_stretch(secret, salt)

    invite_signing_key(c, TEAM, nonce, spy)
    assert seen == [(c.raw, bytes(TEAM) + nonce)]
