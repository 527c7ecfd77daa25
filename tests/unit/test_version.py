"""`switchboard --version` says the version pyproject.toml declares, its one source."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from app.main import build_parser
from app.system.version import app_version

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def declared_version() -> str:
    return str(tomllib.loads(PYPROJECT.read_text())["project"]["version"])


def test_the_installed_version_is_the_declared_one() -> None:
    assert app_version() == declared_version()


def test_the_command_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"switchboard {declared_version()}\n"
