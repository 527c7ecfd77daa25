"""The checks every installed Switchboard must pass, on Linux, Windows and macOS alike:

    python packaging/smoke_frozen.py VERSION COMMAND...

COMMAND starts the installed program (`/usr/bin/switchboard`, `switchboard-cli.exe`,
`Switchboard.app/Contents/MacOS/switchboard`, an AppImage with `--appimage-extract-and-run`).
It must say VERSION to `--version`; its bundled hub must start and answer as nats-server; the
headless demo must end with a report that lost nothing. Standard library only: it runs on the
release runners' Python and in packaging/smoke-linux. Exit status 0 when all passed.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HUB_START_S = 60
DEMO_TIME_LIMIT_S = 240


def check_version(command: list[str], version: str) -> None:
    said = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=60)
    print(f"--version: {said.stdout.strip()}")
    if said.stdout.strip() != f"switchboard {version}":
        raise SystemExit(f"--version said {said.stdout.strip()!r}, not {version}: {said.stderr}")


def check_hub(command: list[str], folder: Path) -> None:
    out = folder / "hub.out"
    with out.open("w") as sink:
        hub = subprocess.Popen(
            [*command, "hub", "--data-dir", str(folder / "hub"), "--port", "-1"],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        url = _wait_for_url(out, hub)
        host, port = url.removeprefix("nats://").rsplit(":", 1)
        with socket.create_connection((host, int(port)), timeout=10) as connection:
            banner = connection.recv(64).decode("ascii", "replace")
        if not banner.startswith("INFO"):
            raise SystemExit(f"the hub at {url} does not answer as nats-server: {banner!r}")
        print(f"hub: {url} answers {banner[:30]}…")
    finally:
        hub.terminate()
        hub.wait(timeout=30)


def _wait_for_url(out: Path, hub: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + HUB_START_S
    while time.monotonic() < deadline:
        for line in out.read_text(errors="replace").splitlines():
            if line.startswith("nats://"):
                return line.strip()
        if hub.poll() is not None:
            raise SystemExit(f"the hub stopped ({hub.returncode}): {out.read_text()[-2000:]}")
        time.sleep(0.2)  # polling its output file for a condition, not waiting blindly
    raise SystemExit(f"the hub printed no address within {HUB_START_S} s")


def check_demo(command: list[str], folder: Path) -> None:
    report = folder / "report.json"
    demo = subprocess.run(
        [*command, "demo", "--headless", "--customers", "4", "--messages", "3"]
        + ["--data-dir", str(folder / "demo"), "--report", str(report)]
        + ["--time-limit", str(DEMO_TIME_LIMIT_S)],
        capture_output=True,
        text=True,
        timeout=DEMO_TIME_LIMIT_S + 60,
    )
    if demo.returncode != 0 or not report.is_file():
        raise SystemExit(f"the demo failed ({demo.returncode}): {demo.stderr[-3000:]}")
    result = json.loads(report.read_text())
    lost = result["lost"]
    print(f"demo: ok={result['ok']} inbound={result['inbound_sent']} lost={lost}")
    if not (result["ok"] and result["completed"]) or any(lost.values()):
        raise SystemExit("the demo lost something or did not complete")


def main() -> int:
    version, command = sys.argv[1], sys.argv[2:]
    with tempfile.TemporaryDirectory(prefix="switchboard-smoke-") as scratch:
        folder = Path(scratch)
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        check_version(command, version)
        check_hub(command, folder)
        check_demo(command, folder)
    print("smoke: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
