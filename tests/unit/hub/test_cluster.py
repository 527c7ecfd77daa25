"""A hub as one node of a cluster: its options, its hub.conf, the shared secret."""

from __future__ import annotations

import argparse
import stat
from pathlib import Path

import pytest

from app.hub import cli
from app.hub.cluster import ClusterConfig, load_or_make_secret, parse_route, secret_rng
from app.hub.config import HubConfig, HubError, render_config
from app.hub.setup_code import new_setup_code

SECRET = "5e" * 32


def _cluster(**fields: object) -> ClusterConfig:
    values: dict[str, object] = {
        "node": "hub1",
        "port": 6222,
        "routes": ("hub2.example.com:6222", "10.0.0.3:6222"),
        "secret": SECRET,
    }
    values.update(fields)
    return ClusterConfig(**values)  # type: ignore[arg-type]


def test_a_node_names_itself_listens_for_routes_and_logs_in_to_each_other_node(
    tmp_path: Path,
) -> None:
    text = render_config(HubConfig(data_dir=tmp_path, cluster=_cluster()), 4222)

    assert 'server_name: "hub1"' in text
    assert 'listen: "127.0.0.1:6222"' in text
    assert f'authorization {{ user: "route", password: "{SECRET}" }}' in text
    assert f'"nats-route://route:{SECRET}@hub2.example.com:6222"' in text
    assert f'"nats-route://route:{SECRET}@10.0.0.3:6222"' in text
    assert "tls" not in text  # loopback: routes in the clear, like the clients


def test_a_single_hub_has_no_cluster_block(tmp_path: Path) -> None:
    text = render_config(HubConfig(data_dir=tmp_path), 4222)

    assert "cluster" not in text
    assert "server_name" not in text


def test_routes_use_the_hubs_certificate_and_trust_only_it(tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert.write_text("-")
    key.write_text("-")
    config = HubConfig(
        data_dir=tmp_path, host="0.0.0.0", tls_cert=cert, tls_key=key, cluster=_cluster()
    )

    text = render_config(config, 4222, (cert, key))

    cluster_block = text[text.index("cluster {") :]
    assert f'cert_file: "{cert.resolve().as_posix()}"' in cluster_block
    assert f'ca_file: "{cert.resolve().as_posix()}"' in cluster_block
    assert "verify: true" in cluster_block


def test_a_cluster_beyond_loopback_needs_the_one_certificate_every_node_shares(
    tmp_path: Path,
) -> None:
    with pytest.raises(ValueError, match="--tls-cert"):
        HubConfig(data_dir=tmp_path, host="0.0.0.0", cluster=_cluster())


@pytest.mark.parametrize(("routes", "replicas"), [(1, 2), (2, 3), (4, 3)])
def test_streams_are_kept_on_three_nodes_at_most(routes: int, replicas: int) -> None:
    cluster = _cluster(routes=tuple(f"hub{n}:6222" for n in range(routes)))

    assert cluster.replicas == replicas
    assert HubConfig(data_dir=Path("x"), cluster=cluster).replicas == replicas


def test_a_single_hub_keeps_one_copy() -> None:
    assert HubConfig(data_dir=Path("x")).replicas == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"node": "hub 1"},
        {"node": 'hub"1'},
        {"node": ""},
        {"port": 0},
        {"routes": ("hub2",)},
        {"routes": ("hub2:62x2",)},
        {"routes": ('hub2"\n:6222',)},
        {"secret": "short"},
        {"name": "a b"},
    ],
)
def test_values_that_could_break_the_config_are_refused(fields: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="node|port|route|secret|name"):
        _cluster(**fields)


def test_routes_read_hosts_ports_and_bracketed_ipv6() -> None:
    assert parse_route("hub2:6222") == ("hub2", 6222)
    assert parse_route("[fd00::2]:7000") == ("fd00::2", 7000)


def test_the_first_node_makes_the_secret_privately_and_the_others_read_it(tmp_path: Path) -> None:
    path = tmp_path / "node1" / "cluster.secret"

    made = load_or_make_secret(path)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_make_secret(path) == made
    copied = tmp_path / "cluster.secret"
    copied.write_text(made + "\n")
    assert load_or_make_secret(copied) == made


def test_a_damaged_secret_is_refused_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "cluster.secret"
    path.write_text("not a secret\n")

    with pytest.raises(ValueError, match="cluster secret"):
        load_or_make_secret(path)
    assert path.read_text() == "not a secret\n"


def test_every_node_draws_the_same_setup_code_from_the_shared_secret() -> None:
    assert new_setup_code(secret_rng(SECRET)) == new_setup_code(secret_rng(SECRET))
    assert new_setup_code(secret_rng(SECRET)) != new_setup_code(secret_rng("6f" * 32))
    assert len(secret_rng(SECRET)(100)) == 100


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    return parser.parse_args(argv)


def test_cluster_options_become_the_nodes_config(tmp_path: Path) -> None:
    args = _parse(
        ["--data-dir", str(tmp_path), "--cluster-port", "6222", "--node", "hub1"]
        + ["--route", "hub2:6222", "--route", "hub3:6222"]
    )

    config = cli.config_from_args(args)

    assert config.cluster is not None
    assert (config.cluster.node, config.cluster.port) == ("hub1", 6222)
    assert config.cluster.routes == ("hub2:6222", "hub3:6222")
    assert config.cluster.secret == (tmp_path / "cluster.secret").read_text().strip()


@pytest.mark.parametrize(
    ("argv", "problem"),
    [
        (["--cluster-port", "6222", "--route", "hub2:6222"], "--node"),
        (["--cluster-port", "6222", "--node", "hub1"], "--route"),
        (["--node", "hub1", "--route", "hub2:6222"], "--cluster-port"),
    ],
)
def test_incomplete_cluster_options_say_what_is_missing(
    tmp_path: Path, argv: list[str], problem: str
) -> None:
    with pytest.raises(HubError, match=problem):
        cli.config_from_args(_parse(["--data-dir", str(tmp_path), *argv]))


def test_a_route_that_is_not_host_and_port_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        _parse(["--data-dir", str(tmp_path), "--route", "hub2"])
