"""Every documented sub-command answers bad arguments with one line on stderr and exit 2.

Each case runs the command's entry point in a process of its own, with its own arguments,
environment, streams and exit status, forked from one interpreter that imported the command once
(`tests.helpers.cli_forks`); the help pages start the real console command cold, as a user would.
No case may start a service: each must fail while its arguments are checked, so the whole table
takes seconds. The processes run a few at a time from one module fixture; each case is still its
own test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from app.crypto.fingerprint import FINGERPRINT_LEN
from app.crypto.keys import PRIVATE_LEN
from app.domain.ids import ID_LEN

pytestmark = pytest.mark.slow

_SCRIPT = Path(sys.executable).with_name("switchboard")
COMMAND = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "app"]
"""The installed console script, or `python -m app` where it is not installed."""

LINUX = sys.platform.startswith("linux")
ROOT = os.name == "posix" and os.geteuid() == 0
NO_KEYCHAIN = {"DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent"}
"""Every Linux keychain talks over the session bus: without one, none is available."""

GOOD_GATEWAY: dict[str, object] = {
    "hub_url": "nats://127.0.0.1:4222",
    "team_id": "00" * ID_LEN,
    "fingerprint": "11" * FINGERPRINT_LEN,
    "gateway_keys": "22" * PRIVATE_LEN,
    "app_secret": "app-secret",
    "verify_token": "verify-token",
    "graph_url": "https://graph.facebook.com",
    "phone_number_id": "770000000000001",
    "access_token": "access-token",
    "host": "127.0.0.1",
    "port": 8443,
    "state_dir": "{tmp}/gateway-state",
}


@dataclass(frozen=True)
class Case:
    """One bad command line; ``{tmp}`` in an argument is the case's own scratch folder."""

    name: str
    argv: tuple[str, ...]
    expect: str
    """A piece of the one line, so that it speaks about the right argument."""
    env: dict[str, str] = field(default_factory=dict)
    gateway: dict[str, object] | bytes | None = None
    """Written to ``{tmp}/gateway.json``: changes to GOOD_GATEWAY (None drops a field), or
    the file's raw bytes."""
    mode: int = 0o600
    skip: str | None = None


def _case(name: str, *argv: str, expect: str, **kw: object) -> Case:
    return Case(name, argv, expect, **kw)  # type: ignore[arg-type]


GATEWAY = ("gateway", "--config", "{tmp}/gateway.json")
JOIN = ("gateway", "join", "--state-dir", "{tmp}/gateway")
HEADLESS = ("demo", "--headless")
NOTIFY = (
    "notify",
    "--gateway",
    "http://127.0.0.1:9",
    "--token-file",
    "{tmp}/token",
    "--to",
    "+4915112345678",
    "--template",
    "order_update",
)
"""A good `switchboard notify` line; cases cut it and add what is wrong (port 9: nobody)."""

CASES = [
    # No sub-command: the desk, and the options every sub-command shares.
    _case("desk-unknown-option", "--bogus", expect="unrecognized arguments: --bogus"),
    _case("desk-log-level", "--log-level", "LOUD", expect="--log-level"),
    _case("unknown-sub-command", "nonsense", expect="'nonsense'"),
    _case("desk-profile-path", "--profile", "../etc", expect="profile names"),
    _case("desk-profile-spaces", "--profile", "my desk", expect="profile names"),
    _case("desk-profile-dir-file", "--profile-dir", "{tmp}/file", expect="is a file"),
    # demo, with windows and headless
    _case("headless-agents-0", *HEADLESS, "--agents", "0", expect="--agents"),
    _case("headless-agents-9", *HEADLESS, "--agents", "9", expect="between 1 and 8, not 9"),
    _case("headless-customers-0", *HEADLESS, "--customers", "0", expect="--customers"),
    _case("headless-messages-neg", *HEADLESS, "--messages", "-1", expect="--messages"),
    _case("headless-rate-0", *HEADLESS, "--rate", "0", expect="--rate"),
    _case("headless-data-dir-file", *HEADLESS, "--data-dir", "{tmp}/file", expect="is a file"),
    _case(
        "headless-data-dir-unwritable",
        *HEADLESS,
        "--data-dir",
        "/proc/sys/switchboard",
        expect="not writable",
        skip=None if LINUX else "needs Linux's /proc",
    ),
    _case("demo-earlier-data-dir", "demo", "--data-dir", "{tmp}/old", expect="earlier demo"),
    _case(
        "headless-report-no-folder",
        *HEADLESS,
        "--report",
        "{tmp}/missing/report.json",
        expect="does not exist",
    ),
    _case("headless-report-is-folder", *HEADLESS, "--report", "{tmp}", expect="is a folder"),
    _case("headless-unknown-option", *HEADLESS, "--agent-count", "2", expect="demo: unrecognized"),
    _case("faults-messages-0", *HEADLESS, "--faults", "--messages", "0", expect="--messages"),
    _case("keychain-unknown", "demo", "--keychain", "vault", expect="--keychain"),
    _case(
        "keychain-system-missing",
        *HEADLESS,
        "--keychain",
        "system",
        expect="--keychain: No keychain",
        env=NO_KEYCHAIN,
        skip=None if LINUX else "a keychain is always there off Linux",
    ),
    # hub
    _case("hub-no-data-dir", "hub", expect="--data-dir"),
    _case("hub-data-dir-file", "hub", "--data-dir", "{tmp}/file", expect="is a file"),
    _case(
        "hub-data-dir-unwritable",
        "hub",
        "--data-dir",
        "/proc/sys",
        expect="cannot write",
        skip=None if LINUX else "needs Linux's /proc",
    ),
    _case("hub-port-0", "hub", "--data-dir", "{tmp}/hub", "--port", "0", expect="--port"),
    _case("hub-port-high", "hub", "--data-dir", "{tmp}/h", "--port", "65536", expect="65535"),
    _case("hub-host", "hub", "--data-dir", "{tmp}/h", "--host", "a b", expect="host"),
    _case(
        "hub-tls-cert-absent",
        *(
            "hub",
            "--data-dir",
            "{tmp}/h",
            "--tls-cert",
            "{tmp}/cert.pem",
            "--tls-key",
            "{tmp}/file",
        ),
        expect="--tls-cert: ",
    ),
    _case(
        "hub-tls-key-alone",
        "hub",
        "--data-dir",
        "{tmp}/h",
        "--tls-key",
        "{tmp}/file",
        expect="go together",
    ),
    # simulator
    _case("simulator-port-high", "simulator", "--port", "70000", expect="--port"),
    _case("simulator-customers", "simulator", "--customers", "-1", expect="--customers"),
    _case(
        "simulator-messages",
        "simulator",
        "--messages-per-customer",
        "0",
        expect="--messages-per-customer",
    ),
    _case("simulator-callback", "simulator", "--callback-url", "gateway", expect="URL"),
    _case("behaviour-unknown", "simulator", "--behaviour", "speed=9", expect="unknown switch"),
    _case("behaviour-value", "simulator", "--behaviour", "window=maybe", expect="window"),
    _case("behaviour-type", "simulator", "--behaviour", "forced_error=[1]", expect="forced"),
    _case("behaviour-no-value", "simulator", "--behaviour", "window", expect="SWITCH=VALUE"),
    # gateway --config
    _case("gateway-no-config", "gateway", expect="--config"),
    _case("gateway-config-absent", *GATEWAY, expect="does not exist"),
    _case("gateway-config-folder", "gateway", "--config", "{tmp}", expect="cannot read"),
    _case(
        "gateway-config-unreadable",
        *GATEWAY,
        expect="cannot read",
        gateway={},
        mode=0o000,
        skip="root reads every file" if ROOT else None,
    ),
    _case("gateway-not-json", *GATEWAY, expect="not valid JSON", gateway=b"{hub_url: nats"),
    _case("gateway-not-object", *GATEWAY, expect="JSON object", gateway=b"[1, 2]"),
    _case(
        "gateway-missing-fields",
        *GATEWAY,
        expect="missing access_token, team_id",
        gateway={"team_id": None, "access_token": None},
    ),
    _case("gateway-port-range", *GATEWAY, expect="port", gateway={"port": 70000}),
    _case("gateway-secret-type", *GATEWAY, expect="app_secret", gateway={"app_secret": 42}),
    _case("gateway-hex", *GATEWAY, expect="team_id", gateway={"team_id": "zz" * ID_LEN}),
    _case("gateway-hub-url", *GATEWAY, expect="hub_url", gateway={"hub_url": "http://hub"}),
    _case(
        "gateway-state-dir-file",
        *GATEWAY,
        expect="state_dir: ",
        gateway={"state_dir": "{tmp}/file"},
    ),
    _case("gateway-world-readable", *GATEWAY, expect="chmod 600", gateway={}, mode=0o644),
    # gateway join / run
    _case("gateway-join-no-hub", *JOIN, expect="--hub"),
    _case("gateway-join-hub-scheme", *JOIN, "--hub", "http://hub", expect="--hub"),
    _case(
        "gateway-join-tls",
        *JOIN,
        "--hub",
        "tls://hub:4222",
        "--tls-fingerprint",
        "zz",
        expect="--tls-fingerprint",
    ),
    _case(
        "gateway-join-public-url",
        *JOIN,
        "--hub",
        "tls://hub:4222",
        "--public-url",
        "ftp://gw",
        expect="--public-url",
    ),
    _case(
        "gateway-join-code-file",
        *JOIN,
        "--hub",
        "tls://hub:4222",
        "--code-file",
        "{tmp}/absent",
        expect="--code-file",
    ),
    _case("gateway-run-not-joined", "gateway", "run", "--state-dir", "{tmp}", expect="join"),
    _case(
        "gateway-run-port",
        "gateway",
        "run",
        "--state-dir",
        "{tmp}",
        "--port",
        "70000",
        expect="--port",
    ),
    _case(
        "gateway-config-and-run",
        *GATEWAY,
        "run",
        "--state-dir",
        "{tmp}",
        expect="not both",
        gateway={},
    ),
    # switchboard bench: sizes and files are checked before anything starts.
    _case("bench-no-bench", "bench", expect="BENCH"),
    _case("bench-unknown", "bench", "warp", expect="'warp'"),
    _case("bench-search-messages-0", "bench", "search", "--messages", "0", expect="--messages"),
    _case("bench-search-db-folder", "bench", "search", "--db", "{tmp}", expect="is a folder"),
    _case("bench-cold-sync-events-0", "bench", "cold-sync", "--events", "0", expect="--events"),
    _case(
        "bench-cold-sync-customers",
        "bench",
        "cold-sync",
        "--customers",
        "many",
        expect="--customers: must be a whole number",
    ),
    _case(
        "bench-cold-sync-work-dir-file",
        "bench",
        "cold-sync",
        "--work-dir",
        "{tmp}/gateway.json",
        expect="--work-dir",
        gateway={},
    ),
    _case("bench-live-rate-0", "bench", "live", "--rate", "0", expect="--rate"),
    _case("bench-live-desks-0", "bench", "live", "--desks", "0", expect="--desks"),
    _case("bench-live-desks-high", "bench", "live", "--desks", "51", expect="between 1 and 50"),
    _case("bench-live-seconds", "bench", "live", "--seconds", "-3", expect="--seconds"),
    _case("bench-gateway-events", "bench", "gateway", "--events", "0", expect="--events"),
    _case(
        "bench-gateway-per-webhook",
        "bench",
        "gateway",
        "--per-webhook",
        "1001",
        expect="--per-webhook",
    ),
    _case(
        "bench-gateway-concurrency",
        "bench",
        "gateway",
        "--concurrency",
        "0",
        expect="--concurrency",
    ),
    _case("bench-replica-messages", "bench", "replica", "--messages", "x", expect="--messages"),
    _case(
        "bench-replica-conversations",
        "bench",
        "replica",
        "--conversations",
        "0",
        expect="--conversations",
    ),
    _case("bench-replica-opens", "bench", "replica", "--opens", "0", expect="--opens"),
    _case(
        "bench-replica-db-absent-folder",
        "bench",
        "replica",
        "--db",
        "{tmp}/absent/replica.db",
        expect="does not exist",
    ),
    _case("bench-json-takes-no-value", "bench", "live", "--json=yes", expect="--json"),
    _case("bench-faults-minutes-0", "bench", "faults", "--minutes", "0", expect="--minutes"),
    _case("bench-faults-desks-high", "bench", "faults", "--desks", "9", expect="between 1 and 8"),
    _case("bench-faults-rate", "bench", "faults", "--rate", "x", expect="--rate"),
    _case("bench-faults-seed", "bench", "faults", "--seed", "-1", expect="--seed"),
    # notify: a back-office system's client of the gateway's API (docs/notifications.md)
    _case("notify-no-gateway", "notify", *NOTIFY[3:], expect="--gateway"),
    _case(
        "notify-gateway-scheme", *NOTIFY[:1], "--gateway", "ftp://gw", *NOTIFY[3:], expect="http://"
    ),
    _case(
        "notify-token-absent",
        *NOTIFY[:3],
        "--token-file",
        "{tmp}/absent",
        *NOTIFY[5:],
        expect="does not exist",
    ),
    _case(
        "notify-token-spaces",
        *NOTIFY[:3],
        "--token-file",
        "{tmp}/file",
        *NOTIFY[5:],
        expect="the token alone",
    ),
    _case("notify-no-recipient", *NOTIFY[:5], "--template", "t", expect="--to --bulk"),
    _case("notify-to-and-bulk", *NOTIFY, "--bulk", "{tmp}/file", expect="not allowed with"),
    _case("notify-bad-number", *NOTIFY[:5], "--to", "call me", "--template", "t", expect="--to"),
    _case("notify-language", *NOTIFY, "--language", "english!", expect="--language"),
    _case(
        "notify-bulk-no-recipients",
        *NOTIFY[:5],
        "--bulk",
        "{tmp}/file",
        "--template",
        "t",
        expect="no recipients",
    ),
    _case(
        "notify-bulk-param",
        *NOTIFY[:5],
        "--bulk",
        "{tmp}/rows.csv",
        "--template",
        "t",
        "--param",
        "x",
        expect="--param",
    ),
]

HELP = [(), ("demo",)]


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stdout: str
    stderr: str
    created: list[str] = field(default_factory=list)
    """Files and folders the command left in its scratch folder: none, as nothing started."""


def _prepare(case: Case, tmp: Path) -> list[str]:
    tmp.mkdir()
    (tmp / "file").write_text("not a folder\n")
    (tmp / "old" / "desks").mkdir(parents=True)
    (tmp / "token").write_text("sbn_0123456789abcdef0123456789abcdef0123456789a\n")
    (tmp / "rows.csv").write_text("to,name\n+4915112345678,Lena\n")
    if isinstance(case.gateway, bytes):
        (tmp / "gateway.json").write_bytes(case.gateway)
    elif case.gateway is not None:
        config = {**GOOD_GATEWAY, **case.gateway}
        text = json.dumps({k: v for k, v in config.items() if v is not None})
        (tmp / "gateway.json").write_text(text.replace("{tmp}", str(tmp)))
    if case.gateway is not None:
        (tmp / "gateway.json").chmod(case.mode)
    return [arg.replace("{tmp}", str(tmp)) for arg in case.argv]


def _run_forked(jobs: list[dict[str, object]]) -> dict[str, Outcome]:
    """Every job in a process of its own, forked from one interpreter (tests.helpers.cli_forks):
    a cold start of each would cost about a second of CPU."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.helpers.cli_forks"],
        input=json.dumps(jobs),
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=True,
    )
    return {
        name: Outcome(o["returncode"], o["stdout"], o["stderr"])
        for name, o in json.loads(done.stdout).items()
    }


def _run(argv: list[str], env: dict[str, str]) -> Outcome:
    done = subprocess.run(
        [*COMMAND, *argv],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
    )
    return Outcome(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """Every case's outcome; a few processes at a time, since each only parses and exits."""
    root = tmp_path_factory.mktemp("cli")
    jobs: list[dict[str, object]] = [
        {"name": c.name, "argv": _prepare(c, root / c.name), "env": c.env}
        for c in CASES
        if c.skip is None
    ]
    prepared = _tree(root)
    done = _run_forked(jobs)
    # The help pages start the command cold, as a user's shell does.
    done.update({f"help-{'-'.join(a) or 'desk'}": _run([*a, "--help"], {}) for a in HELP})
    created = _tree(root) - prepared
    return {
        name: replace(o, created=sorted(p for p in created if p.startswith(f"{name}/")))
        for name, o in done.items()
    }


def _tree(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*")}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_arguments_get_one_line_and_status_2(case: Case, outcomes: dict[str, Outcome]) -> None:
    if case.skip is not None:
        pytest.skip(case.skip)
    done = outcomes[case.name]
    assert "Traceback" not in done.stderr + done.stdout
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("switchboard")
    assert case.expect in lines[0]
    assert done.stdout == ""
    assert done.returncode == 2
    assert done.created == []


@pytest.mark.parametrize("argv", HELP, ids=["-".join(a) or "desk" for a in HELP])
def test_help_still_prints_the_full_usage(
    argv: tuple[str, ...], outcomes: dict[str, Outcome]
) -> None:
    done = outcomes[f"help-{'-'.join(argv) or 'desk'}"]
    assert done.returncode == 0
    assert done.stdout.startswith("usage: switchboard")
    assert len(done.stdout.splitlines()) > 3
    assert done.stderr == ""
