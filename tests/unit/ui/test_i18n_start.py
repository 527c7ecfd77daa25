"""The real start-up path picks the language: --lang, else the saved setting, else the system.

Each case runs `run_desks` in a child process with its own config and cache folders, so the
catalog is compiled into that cache exactly as on a fresh checkout.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
GERMAN = ["&Beenden", "4.096", "Montag, 9. März 2026"]
ENGLISH = ["&Quit"]


def run(tmp_path: Path, *args: str, lang_env: str = "C.UTF-8", saved: str = "") -> list[str]:
    config = tmp_path / "config"
    if saved:
        (config / "switchboard").mkdir(parents=True)
        (config / "switchboard" / "desk.ini").write_text(f"[General]\nlanguage={saved}\n")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "XDG_CONFIG_HOME": str(config),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "LC_ALL": lang_env,
    }
    env.pop("LANGUAGE", None)
    done = subprocess.run(
        [sys.executable, "-X", "dev", "-m", "tests.unit.ui.i18n_child", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split("\n")[:-1]


def test_lang_de_speaks_german_and_writes_german_dates(tmp_path: Path) -> None:
    assert run(tmp_path, "de") == GERMAN
    assert (tmp_path / "cache" / "switchboard" / "i18n" / "switchboard_de.qm").is_file() or (
        ROOT / "app" / "ui" / "i18n" / "switchboard_de.qm"
    ).is_file()


def test_a_german_system_gets_german(tmp_path: Path) -> None:
    assert run(tmp_path, lang_env="de_DE.UTF-8") == GERMAN


def test_the_saved_choice_applies_at_start(tmp_path: Path) -> None:
    assert run(tmp_path, saved="de") == GERMAN


@pytest.mark.parametrize("lang", ["en", "system"])
def test_lang_overrides_the_saved_choice(tmp_path: Path, lang: str) -> None:
    assert run(tmp_path, lang, saved="de")[0] == ENGLISH[0]
