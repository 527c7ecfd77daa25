"""What `switchboard hub` prints for colleagues to type into their desks."""

from __future__ import annotations

import socket

from app.hub.cli import desk_address

PIN = bytes(range(32))


def test_a_hub_on_every_interface_gives_this_machines_name_not_loopback() -> None:
    address = desk_address("tls://127.0.0.1:4222", PIN, "0.0.0.0")
    assert address.startswith(f"tls://{socket.getfqdn()}:4222#")
    assert "127.0.0.1" not in address


def test_a_hub_on_one_address_gives_that_address_and_the_pin() -> None:
    address = desk_address("tls://192.0.2.7:4300", PIN, "192.0.2.7")
    assert address.startswith("tls://192.0.2.7:4300#00:01:02")


def test_a_plain_loopback_hub_has_no_pin() -> None:
    assert desk_address("nats://127.0.0.1:4222", None, "127.0.0.1") == "nats://127.0.0.1:4222"
