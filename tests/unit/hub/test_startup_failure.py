"""What `switchboard hub` says when nats-server stops while starting: one sentence."""

from __future__ import annotations

from app.hub.supervisor import startup_failure

TAIL = """[4242] 2026/12/07 20:23:27.030 [INF] Starting nats-server
[4242] 2026/12/07 20:23:27.031 [INF]   Version:  2.11.4
[4242] 2026/12/07 20:23:27.039 [FTL] Error listening on port: 127.0.0.1:14222, "{error}"
"""


def test_a_taken_port_a_foreign_address_and_a_low_port() -> None:
    taken = TAIL.format(error="listen tcp 127.0.0.1:14222: bind: address already in use")
    assert startup_failure(taken, "127.0.0.1", 14222) == (
        "port 14222 is in use on this computer: stop what uses it, or choose another --port"
    )
    foreign = TAIL.format(error="listen tcp 192.0.2.55:4222: bind: cannot assign requested address")
    assert startup_failure(foreign, "192.0.2.55", 4222) == (
        "cannot listen on 192.0.2.55: it is not an address of this computer (--host)"
    )
    low = TAIL.format(error="listen tcp 0.0.0.0:80: bind: permission denied")
    assert startup_failure(low, "0.0.0.0", 80).startswith("no permission to listen on port 80")


def test_no_log_at_all_and_an_unknown_failure() -> None:
    assert startup_failure("", "127.0.0.1", 4222) == (
        "nats-server stopped while starting and wrote no log: is its disk full?"
    )
    odd = TAIL.format(error="something new")
    said = startup_failure(odd, "127.0.0.1", 4222)
    assert said.startswith("nats-server stopped while starting: Error listening on port")
    assert "\n" not in said
