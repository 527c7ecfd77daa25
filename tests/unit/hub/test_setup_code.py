"""The hub's one-time setup code: format, typing tolerance, checksum, derived login."""

from __future__ import annotations

import itertools

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.crypto.enroll import InviteCode
from app.crypto.primitives import hkdf
from app.hub.setup_code import (
    SetupCodeInvalid,
    new_setup_code,
    parse_setup_code,
    setup_public,
    setup_seed,
)

RAW = bytes(range(12))


def format_code(raw: bytes) -> str:
    return str(InviteCode(raw))


def test_display_form_is_five_groups_of_four_base32_characters() -> None:
    code = new_setup_code()

    groups = code.split("-")
    assert [len(g) for g in groups] == [4] * 5
    assert set("".join(groups)) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


def test_typed_forms_parse_back_to_the_bytes() -> None:
    code = format_code(RAW)

    assert parse_setup_code(code) == RAW
    assert parse_setup_code(code.lower().replace("-", " ")) == RAW
    assert parse_setup_code(code.replace("O", "0").replace("I", "1").replace("B", "8")) == RAW


def test_the_rng_is_injected() -> None:
    assert new_setup_code(lambda n: RAW[:n]) == format_code(RAW)


def test_every_single_character_change_is_caught_or_changes_nothing_silently() -> None:
    code = format_code(RAW).replace("-", "")
    caught = 0
    for i, char in itertools.product(range(20), "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"):
        if code[i] == char:
            continue
        typo = code[:i] + char + code[i + 1 :]
        try:
            assert parse_setup_code(typo) != RAW
        except SetupCodeInvalid:
            caught += 1
    assert caught > 0.9 * 20 * 31  # a 4-bit checksum catches about 15 of 16


@pytest.mark.parametrize(
    "bad", ["", "ABCD-EFGH", "ABCD-EFGH-IJKL-MNOP-QRSTU", "ABCD-EFGH-IJKL-MNOP-QRS9"]
)
def test_malformed_codes_are_refused(bad: str) -> None:
    with pytest.raises(SetupCodeInvalid):
        parse_setup_code(bad)


def test_the_setup_login_is_hkdf_of_the_code_bytes_under_hub_setup() -> None:
    seed = hkdf(RAW, b"switchboard/v1 hub-setup")

    assert setup_seed(RAW) == seed
    public = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes_raw()
    assert setup_public(RAW) == public
    assert setup_seed(b"\x01" + RAW[1:]) != seed
