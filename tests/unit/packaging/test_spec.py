"""The installer build's inputs, checked without building (a build takes minutes: see
docs/installing.md; packaging/smoke-linux tests what it makes)."""

from __future__ import annotations

import ast
import configparser
import re
import subprocess
from pathlib import Path

import pytest

PACKAGING = Path(__file__).resolve().parents[3] / "packaging"
SPEC = PACKAGING / "switchboard.spec"


def spec_constant(name: str) -> object:
    """A literal the spec assigns at top level (the spec itself needs PyInstaller to run)."""
    for node in ast.parse(SPEC.read_text()).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} is not assigned in {SPEC.name}")


def test_the_desk_keeps_the_platforms_it_runs_on() -> None:
    plugins = spec_constant("QT_PLUGINS")
    assert isinstance(plugins, dict)
    assert {"qxcb", "qwayland", "qoffscreen", "qwindows", "qcocoa"} <= plugins["platforms"]
    assert {"qjpeg", "qgif", "qwebp", "qsvg"} <= plugins["imageformats"]
    assert plugins["iconengines"] == {"qsvgicon"}


def test_gtk_and_unused_platforms_stay_out() -> None:
    plugins = spec_constant("QT_PLUGINS")
    assert isinstance(plugins, dict)
    assert "qgtk3" not in plugins["platformthemes"]
    assert not {"qeglfs", "qvnc", "qlinuxfb", "qminimal"} & plugins["platforms"]
    excludes = spec_constant("EXCLUDES")
    assert isinstance(excludes, list)
    assert {"PySide6.QtWebEngineCore", "PySide6.QtQml", "PySide6.QtMultimedia"} <= set(excludes)


def test_the_bundle_carries_the_hub_the_version_and_the_translations() -> None:
    text = SPEC.read_text()
    assert '"nats-server.exe" if WINDOWS else "nats-server"' in text
    assert "copy_metadata(NAME)" in text  # `switchboard --version` in the frozen build
    assert '"**/*.qm"' in text
    assert '"**/*.sql"' in text
    assert "NotoColorEmoji.ttf" in text
    assert spec_constant("QT_LANGUAGES") == ("de", "en")


def test_the_desktop_entry_starts_switchboard() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(PACKAGING / "linux" / "switchboard.desktop")
    section = entry["Desktop Entry"]
    assert section["Exec"] == "switchboard"
    assert section["Icon"] == "switchboard"
    assert section["Name"] == "Switchboard"
    assert "Comment[de]" in section


@pytest.mark.parametrize(
    "script",
    ["build-linux", "smoke-linux", "linux/make-deb", "linux/make-appimage", "linux/AppRun"],
)
def test_the_scripts_are_executable_shell(script: str) -> None:
    path = PACKAGING / script
    assert path.stat().st_mode & 0o111, f"{script} is not executable"
    shell = "sh" if script.endswith("AppRun") else "bash"
    checked = subprocess.run([shell, "-n", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_every_release_job_builds_with_the_spec_and_smoke_tests() -> None:
    workflow = (PACKAGING.parent / ".github" / "workflows" / "release.yml").read_text()
    # each job starts at a key two spaces in, under `jobs:`
    parts = re.split(r"^  ([a-z]+):$", workflow.split("\njobs:\n", 1)[1], flags=re.M)
    by_name = dict(zip(parts[1::2], parts[2::2], strict=True))
    assert set(by_name) == {"linux", "windows", "macos"}
    assert "packaging/build-linux" in by_name["linux"]
    assert "packaging/smoke-linux" in by_name["linux"]
    for name in ("windows", "macos"):
        assert "packaging/switchboard.spec" in by_name[name]
        assert by_name[name].count("packaging/smoke_frozen.py") >= 2  # the tree, the installed app
    assert "switchboard.spec" in (PACKAGING / "build-linux").read_text()
    assert "smoke_frozen.py" in (PACKAGING / "smoke-linux").read_text()
