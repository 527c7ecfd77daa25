"""The server files pass their tools: systemd-analyze verify for the units (and the cluster
drop-ins), hadolint for the Containerfile, actionlint for the release workflow. A tool that is
not installed skips its test: hadolint and actionlint come with the [test] extra, and
systemd-analyze with systemd."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sysconfig
from pathlib import Path

import pytest

from app.gateway.identity import CREDENTIAL

ROOT = Path(__file__).resolve().parents[3]
SERVER = ROOT / "packaging" / "server"
UNITS = ("switchboard-hub.service", "switchboard-gateway.service")


def tool(name: str) -> str:
    """The tool from this venv's scripts folder or PATH; skips the test without it."""
    beside = Path(sysconfig.get_path("scripts")) / name
    found = str(beside) if beside.is_file() else shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed")
    return found


def unit(name: str) -> configparser.ConfigParser:
    parsed = configparser.ConfigParser(interpolation=None, strict=False)
    parsed.optionxform = str  # type: ignore[assignment,method-assign]
    parsed.read(SERVER / name)
    return parsed


def staged(tmp_path: Path, cluster_node: str | None = None) -> list[Path]:
    """The units in tmp_path, /usr/bin/switchboard replaced by an executable stand-in
    (verify checks that the program exists), with one node's cluster drop-in if asked."""
    program = tmp_path / "switchboard"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    sources = {name: SERVER / name for name in UNITS}
    if cluster_node is not None:
        sources["switchboard-hub.service.d/cluster.conf"] = SERVER / "cluster" / cluster_node
    for name, source in sources.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source.read_text().replace("/usr/bin/switchboard", str(program)))
    return [tmp_path / name for name in UNITS]


@pytest.mark.parametrize("cluster_node", [None, "hub1.conf", "hub2.conf", "hub3.conf"])
def test_the_units_verify(tmp_path: Path, cluster_node: str | None) -> None:
    analyze = tool("systemd-analyze")
    units = staged(tmp_path, cluster_node)
    checked = subprocess.run(
        [analyze, "verify", "--man=no", *map(str, units)],
        capture_output=True,
        text=True,
        env={"SYSTEMD_UNIT_PATH": f"{tmp_path}:", "PATH": "/usr/bin:/bin"},
    )
    # verify only warns about unknown keys: any output is a failure
    assert (checked.returncode, checked.stdout + checked.stderr) == (0, "")


@pytest.mark.parametrize("name", UNITS)
def test_each_service_has_its_own_user_state_and_hardening(name: str) -> None:
    service = unit(name)["Service"]
    user = name.removesuffix(".service")
    assert service["User"] == user
    assert service["StateDirectory"] == user
    assert service["StateDirectoryMode"] == "0700"
    assert service["ProtectSystem"] == "strict"
    assert service["NoNewPrivileges"] == "yes"
    assert service["CapabilityBoundingSet"] == ""
    assert f"u {user} " in (SERVER / "switchboard.sysusers").read_text()


def test_the_gateway_loads_the_credential_it_reads() -> None:
    service = unit("switchboard-gateway.service")["Service"]
    assert service["LoadCredentialEncrypted"].startswith(f"{CREDENTIAL}:")
    assert "--host 127.0.0.1" in service["ExecStart"]  # public only through the proxy


def test_the_containerfile_lints() -> None:
    linted = subprocess.run(
        [tool("hadolint"), "--no-color", str(SERVER / "Containerfile")],
        capture_output=True,
        text=True,
    )
    assert (linted.returncode, linted.stdout) == (0, "")


def test_the_release_workflow_lints() -> None:
    linted = subprocess.run(
        [tool("actionlint"), "-no-color", ".github/workflows/release.yml"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert (linted.returncode, linted.stdout) == (0, "")
