"""The shared argument checks of `app/cli_args.py` (the whole command: tests/e2e)."""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from app import cli_args
from app.cli_args import (
    OneLineParser,
    existing_file,
    folder,
    new_file,
    number,
    parse_command_line,
    port,
    whole_number,
)
from app.demo.cli import MAX_AGENTS
from app.demo.headless import AGENT_NAMES


def test_it_imports_only_the_standard_library_so_every_layer_may_use_it() -> None:
    tree = ast.parse(Path(cli_args.__file__).read_text())
    modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
               for alias in node.names}  # fmt: skip
    modules |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert {name.split(".")[0] for name in modules} <= set(sys.stdlib_module_names) | {"__future__"}


def test_the_demo_allows_as_many_agents_as_it_has_names() -> None:
    assert len(AGENT_NAMES) == MAX_AGENTS


@pytest.mark.parametrize(
    ("check", "value", "message"),
    [
        (whole_number(1, 8), "0", "must be between 1 and 8, not 0"),
        (whole_number(1), "-2", "must be at least 1, not -2"),
        (whole_number(0), "1.5", "must be a whole number, not '1.5'"),
        (number(above=0), "0", "greater than 0"),
        (number(above=0), "inf", "greater than 0"),
        (number(low=0, high=1), "1.01", "from 0 to 1"),
        (port(), "0", "from 1 to 65535, not '0'"),
        (port(free=-1), "65536", "(or -1 for a free one)"),
    ],
)
def test_numbers_out_of_range_are_refused(
    check: Callable[[str], object], value: str, message: str
) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match=re.escape(message)):
        check(value)


def test_numbers_in_range_pass() -> None:
    assert whole_number(1, 8)("8") == 8
    assert number(low=0, high=1)("0") == 0.0
    assert port(free=0)("0") == 0
    assert port()("65535") == 65535


def test_a_folder_may_exist_or_be_creatable_but_not_be_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    assert folder(str(tmp_path)) == tmp_path
    assert folder(str(tmp_path / "new" / "deeper")) == tmp_path / "new" / "deeper"
    with pytest.raises(argparse.ArgumentTypeError, match="is a file"):
        folder(str(tmp_path / "file"))
    with pytest.raises(argparse.ArgumentTypeError, match="is a file"):
        folder(str(tmp_path / "file" / "below"))


def test_a_new_file_needs_an_existing_folder(tmp_path: Path) -> None:
    assert new_file(str(tmp_path / "report.json")) == tmp_path / "report.json"
    with pytest.raises(argparse.ArgumentTypeError, match="does not exist"):
        new_file(str(tmp_path / "missing" / "report.json"))
    with pytest.raises(argparse.ArgumentTypeError, match="is a folder"):
        new_file(str(tmp_path))


def test_an_existing_file_must_be_there_and_be_a_file(tmp_path: Path) -> None:
    (tmp_path / "cert.pem").write_text("x")
    assert existing_file(str(tmp_path / "cert.pem")) == tmp_path / "cert.pem"
    with pytest.raises(argparse.ArgumentTypeError, match="does not exist"):
        existing_file(str(tmp_path / "key.pem"))
    with pytest.raises(argparse.ArgumentTypeError, match="is a folder"):
        existing_file(str(tmp_path))


def test_parser_errors_are_one_line_and_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    parser = OneLineParser(prog="switchboard")
    commands = parser.add_subparsers(dest="command")
    demo = commands.add_parser("demo")
    demo.add_argument("--agents", type=whole_number(1, 8))

    with pytest.raises(SystemExit) as exited:
        parser.parse_args(["demo", "--agents", "0"])

    assert exited.value.code == 2
    assert capsys.readouterr().err == "switchboard demo: --agents: must be between 1 and 8, not 0\n"


def test_an_unknown_option_is_reported_by_its_sub_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    parser = OneLineParser(prog="switchboard")
    parser.add_subparsers(dest="command").add_parser("hub")
    assert parse_command_line(parser, ["hub"]).command == "hub"

    with pytest.raises(SystemExit):
        parse_command_line(parser, ["hub", "--bogus"])

    assert capsys.readouterr().err == (
        "switchboard hub: unrecognized arguments: --bogus; see switchboard hub --help\n"
    )


def test_an_unexpected_failure_is_one_sentence_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import app.main

    def broken(_args: object) -> int:
        raise RuntimeError("deep inside")

    monkeypatch.setattr(app.main, "dispatch", broken)
    # run() would reconfigure the root logger and take pytest's log capture away.
    monkeypatch.setattr(app.main, "configure_logging", lambda _level, _json: None)
    with pytest.raises(SystemExit) as ended:
        app.main.run(["hub", "--data-dir", "/tmp"])
    assert ended.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("switchboard hub: stopped by an unexpected error (RuntimeError)")
    assert "Traceback" not in err
