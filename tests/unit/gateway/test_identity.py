"""The gateway's identity file: private from its first byte, read back strictly, keys from a
systemd credential when one is given; and the SAS as the terminal shows it."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from app.cli_args import UsageError
from app.crypto.enroll import Sas
from app.crypto.keys import generate_device_keys
from app.domain.ids import TeamId
from app.domain.sas import SAS_EMOJI
from app.gateway.identity import (
    CREDENTIAL,
    FILE_NAME,
    GatewayIdentity,
    load_identity,
    save_identity,
)
from app.gateway.join import sas_lines

IDENTITY = GatewayIdentity(
    team_id=TeamId(b"t" * 16),
    fingerprint=b"f" * 32,
    hub_url="tls://hub.example.com:4222",
    tls_fingerprint=b"c" * 32,
    public_url="https://wa.example.com/webhook",
    keys=generate_device_keys(),
)


def test_saved_identity_reads_back_and_is_private(tmp_path: Path) -> None:
    path = save_identity(tmp_path / "gw", IDENTITY)
    assert path == tmp_path / "gw" / FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = load_identity(tmp_path / "gw", {})
    assert loaded.keys.private_bytes() == IDENTITY.keys.private_bytes()
    assert (loaded.team_id, loaded.fingerprint, loaded.hub_url) == (
        IDENTITY.team_id,
        IDENTITY.fingerprint,
        IDENTITY.hub_url,
    )
    assert (loaded.tls_fingerprint, loaded.public_url) == (b"c" * 32, IDENTITY.public_url)
    assert IDENTITY.keys.private_bytes().hex() not in repr(loaded)
    assert list((tmp_path / "gw").iterdir()) == [path]  # no temporary file left


def test_a_file_others_can_read_is_refused(tmp_path: Path) -> None:
    path = save_identity(tmp_path, IDENTITY)
    path.chmod(0o640)
    with pytest.raises(UsageError, match="chmod 600"):
        load_identity(tmp_path, {})


def test_no_identity_says_to_join_first(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="gateway join"):
        load_identity(tmp_path, {})


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("team_id", "zz", "team_id"),
        ("fingerprint", None, "fingerprint"),
        ("hub_url", "http://hub", "hub_url"),
        ("tls_fingerprint", "abc", "tls_fingerprint"),
        ("public_url", "ftp://x", "public_url"),
        ("device_keys", "00", "device_keys"),
        ("version", 2, "version"),
    ],
)
def test_malformed_fields_are_named(
    tmp_path: Path, field: str, value: object, message: str
) -> None:
    path = save_identity(tmp_path, IDENTITY)
    data = json.loads(path.read_text())
    data[field] = value
    path.write_text(json.dumps(data))
    with pytest.raises(UsageError, match=message):
        load_identity(tmp_path, {})


def test_keys_come_from_the_systemd_credential_when_given(tmp_path: Path) -> None:
    path = save_identity(tmp_path / "gw", IDENTITY)
    data = json.loads(path.read_text())
    del data["device_keys"]
    path.write_text(json.dumps(data))
    with pytest.raises(UsageError, match=CREDENTIAL):
        load_identity(tmp_path / "gw", {})
    credentials = tmp_path / "creds"
    credentials.mkdir()
    (credentials / CREDENTIAL).write_text(IDENTITY.keys.private_bytes().hex() + "\n")
    loaded = load_identity(tmp_path / "gw", {"CREDENTIALS_DIRECTORY": str(credentials)})
    assert loaded.keys.device_id == IDENTITY.keys.device_id
    (credentials / CREDENTIAL).write_text("not hex")
    with pytest.raises(UsageError, match=CREDENTIAL):
        load_identity(tmp_path / "gw", {"CREDENTIALS_DIRECTORY": str(credentials)})


def test_the_sas_shows_seven_emoji_with_names_and_three_groups_of_digits() -> None:
    sas = Sas((0, 1, 2, 3, 4, 5, 63), (1000, 1234, 9191))
    emoji, names, digits = sas_lines(sas)
    assert emoji.split("  ") == [SAS_EMOJI[i].emoji for i in sas.emoji]
    assert names.split("  ") == [SAS_EMOJI[i].name for i in sas.emoji]
    assert digits == "1000 1234 9191"
