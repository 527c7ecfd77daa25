"""The README's two set-up commands are the ones CI and users run."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _shell_blocks(text: str) -> list[str]:
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S)]


def test_readme_has_exactly_two_setup_commands() -> None:
    blocks = _shell_blocks((ROOT / "README.md").read_text())
    assert len(blocks) == 2
    assert blocks[0].endswith("switchboard demo")
    assert blocks[1].endswith("scripts/check")


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    test_command = _shell_blocks((ROOT / "README.md").read_text())[1]
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test_command in ci_lines
