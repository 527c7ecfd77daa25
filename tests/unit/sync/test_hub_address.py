"""Hub addresses as people copy them, including the several nodes of a cluster."""

from __future__ import annotations

import pytest

from app.sync.hub_address import HubAddressInvalid, hub_servers, parse_hub_address

PIN = "AB" * 32


def test_a_bare_host_gets_the_scheme_and_port_of_a_standalone_hub() -> None:
    address = parse_hub_address(" hub.example.com ")

    assert address.url == "nats://hub.example.com:4222"
    assert address.servers == ["nats://hub.example.com:4222"]
    assert address.pin is None


def test_a_cluster_lists_its_nodes_and_pins_their_one_certificate() -> None:
    address = parse_hub_address(f"tls://hub1:4222,hub2:4223, [fd00::3]#{PIN}")

    assert address.servers == ["tls://hub1:4222", "tls://hub2:4223", "tls://[fd00::3]:4222"]
    assert address.pin == bytes.fromhex(PIN)
    assert parse_hub_address(str(address)) == address


def test_a_pin_means_tls_for_every_node() -> None:
    assert parse_hub_address(f"nats://a,b#{PIN}").servers == ["tls://a:4222", "tls://b:4222"]


@pytest.mark.parametrize(
    "text",
    ["", "tls://a,,b", "nats://a,tls://b", "http://a", "a:port", "a,b:x", f"a#{PIN[:-2]}"],
)
def test_what_is_not_a_hub_address_is_refused(text: str) -> None:
    with pytest.raises(HubAddressInvalid):
        parse_hub_address(text)


def test_servers_are_split_wherever_a_url_lists_several() -> None:
    assert hub_servers("nats://a:1,nats://b:2") == ["nats://a:1", "nats://b:2"]
    assert hub_servers(["nats://a:1", "nats://b:2,nats://c:3"]) == [
        "nats://a:1",
        "nats://b:2",
        "nats://c:3",
    ]
    # As `switchboard gateway join --hub` passes a cluster's address on (without its pin):
    assert hub_servers("tls://a:1,b:2") == ["tls://a:1", "tls://b:2"]
