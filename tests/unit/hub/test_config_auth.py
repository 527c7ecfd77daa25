"""hub.conf with authentication and TLS: the include, the TLS block, and paths that could inject."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from app.hub import cli, supervisor
from app.hub.config import HubConfig, HubError, is_loopback, render_config


def test_auth_includes_the_users_file(tmp_path: Path) -> None:
    text = render_config(HubConfig(data_dir=tmp_path, auth=True), 4222)

    assert text.endswith('include "auth.conf"\n')  # resolved next to hub.conf


def test_without_auth_there_is_no_authorization(tmp_path: Path) -> None:
    text = render_config(HubConfig(data_dir=tmp_path), 4222)

    assert "include" not in text
    assert "authorization" not in text
    assert "tls" not in text


def test_tls_block_names_certificate_and_key(tmp_path: Path) -> None:
    cert, key = tmp_path / "c.pem", tmp_path / "k.pem"

    text = render_config(HubConfig(data_dir=tmp_path, tls=True), 1, (cert, key))

    assert f'tls {{\n  cert_file: "{cert.resolve().as_posix()}"\n' in text
    assert f'  key_file: "{key.resolve().as_posix()}"\n}}\n' in text


@pytest.mark.parametrize(
    ("host", "cert", "tls", "expected"),
    [
        ("127.0.0.1", False, None, False),
        ("::1", False, None, False),
        ("localhost", False, None, False),
        ("0.0.0.0", False, None, True),
        ("192.168.1.20", False, None, True),
        ("hub.example", False, None, True),
        ("127.0.0.1", True, None, True),
        ("127.0.0.1", False, True, True),
        ("0.0.0.0", False, False, False),
    ],
)
def test_tls_is_on_beyond_loopback(
    tmp_path: Path, host: str, cert: bool, tls: bool | None, expected: bool
) -> None:
    files = {"tls_cert": tmp_path / "c", "tls_key": tmp_path / "k"} if cert else {}
    config = HubConfig(data_dir=tmp_path, host=host, tls=tls, **files)  # type: ignore[arg-type]

    assert config.uses_tls is expected
    assert is_loopback(host) is (host in ("127.0.0.1", "::1", "localhost"))


@pytest.mark.parametrize("name", ['a"b', "a\nb", "a$b", "a\\b", "a\x00b"])
def test_paths_that_could_break_the_config_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="unsupported characters"):
        HubConfig(data_dir=tmp_path / name)
    with pytest.raises(ValueError, match="unsupported characters"):
        HubConfig(data_dir=tmp_path, tls_cert=tmp_path / name, tls_key=tmp_path / "k")


def test_certificate_and_key_go_together(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="go together"):
        HubConfig(data_dir=tmp_path, tls_cert=tmp_path / "c")
    with pytest.raises(ValueError, match="TLS is off"):
        HubConfig(data_dir=tmp_path, tls=False, tls_cert=tmp_path / "c", tls_key=tmp_path / "k")


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(exit_on_error=False)
    cli.add_arguments(parser)
    return parser.parse_args(argv)


def test_switchboard_hub_has_authentication_on_unless_told_otherwise(tmp_path: Path) -> None:
    assert cli.config_from_args(_parse("--data-dir", str(tmp_path))).auth is True
    assert cli.config_from_args(_parse("--data-dir", str(tmp_path), "--no-auth")).auth is False


def test_cli_takes_a_certificate_with_its_key(tmp_path: Path) -> None:
    cert, key = tmp_path / "c.pem", tmp_path / "k.pem"
    cert.write_text("certificate")  # the CLI wants both files to exist
    key.write_text("key")
    ns = _parse("--data-dir", str(tmp_path), "--tls-cert", str(cert), "--tls-key", str(key))

    config = cli.config_from_args(ns)

    assert (config.tls_cert, config.tls_key, config.uses_tls) == (cert, key, True)
    with pytest.raises(HubError, match="go together"):
        cli.config_from_args(_parse("--data-dir", str(tmp_path), "--tls-cert", str(cert)))


@pytest.mark.asyncio
async def test_logins_need_sighup_reloads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(supervisor, "_SIGHUP", None)  # as on Windows

    with pytest.raises(HubError, match="needs SIGHUP"):
        await supervisor.Hub(HubConfig(data_dir=tmp_path, auth=True)).start()
