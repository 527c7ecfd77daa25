"""What a seed-reading device gets out of a validated chain: its seeds and the sealed names."""

from __future__ import annotations

from app.crypto.chain.boxes import open_box
from app.crypto.chain.state import ChainState, DeviceEntry
from app.crypto.chain.unwind import older_seeds, open_prev_wrap
from app.crypto.epoch import EpochSecrets
from app.crypto.errors import ChainInvalid, Undecryptable
from app.crypto.keys import DeviceKeys
from app.crypto.primitives import ct_equal


def open_seed_box(state: ChainState, keys: DeviceKeys, n: int | None = None) -> bytes:
    """Opens this device's box of `seed[n]` and checks it against the chain (crypto.md §3.5).

    Re-derives `D[n]` and `seed_commit[n]` from the opened seed and compares them with the
    signed link, so an admin cannot hand this device a different seed than everyone else.

    Args:
        state: A validated chain state.
        keys: This device's keys.
        n: The epoch; the current one by default.

    Returns:
        The 32-byte `seed[n]`.

    Raises:
        Undecryptable: "no-box" if the chain holds no box of epoch n for this device.
        ChainInvalid: "box" if the box does not open, "seed-commit" if the seed does not match
            the epoch's public values: the signing admin misbehaved.
    """
    epoch = state.epoch if n is None else n
    record = state.boxes.get((epoch, keys.device_id))
    if record is None:
        raise Undecryptable("no-box")
    seed = open_box(
        record.box,
        keys,
        team_id=state.team_id,
        n=epoch,
        prev_link_hash=record.prev_link_hash,
    )
    if seed is None:
        raise ChainInvalid("box")
    derived = EpochSecrets.derive(seed, state.team_id, epoch)
    inbound_public, seed_commit = state.epoch_public(epoch)
    if not (
        ct_equal(derived.seed_commit, seed_commit)
        and ct_equal(derived.inbound_public, inbound_public)
    ):
        raise ChainInvalid("seed-commit")
    return seed


def seeds_for(state: ChainState, keys: DeviceKeys) -> dict[int, bytes]:
    """Every seed this device can reach: its newest box, then `prev_wrap` back to epoch 1.

    Older boxes of its own are not needed: the prev-chain covers them (crypto.md §3.12). Seeds
    after the device's removal are out of reach by construction.

    Raises:
        Undecryptable: "no-box" if the device has no box at all (a gateway).
        ChainInvalid: As `open_seed_box` and `unwind.open_prev_wrap`.
    """
    mine = [n for (n, device) in state.boxes if device == keys.device_id]
    if not mine:
        raise Undecryptable("no-box")
    newest = max(mine)
    return older_seeds(state, open_seed_box(state, keys, newest), newest)


def audit_rotation(state: ChainState, keys: DeviceKeys, n: int, known_previous: bytes) -> bytes:
    """crypto.md §3.5 rule 6, where seeds are held: this device's box of epoch n opens to a seed
    matching `D[n]` and `seed_commit[n]`, and epoch n's `prev_wrap` opens to the `seed[n-1]`
    this device already holds.

    Returns:
        `seed[n]`.

    Raises:
        Undecryptable: "no-box" if the device got no box in epoch n (it was removed).
        ChainInvalid: "box", "seed-commit", "prev-wrap", or "prev-seed" if the wrapped seed is
            not the one this device holds: the signing admin misbehaved.
    """
    seed = open_seed_box(state, keys, n)
    if not ct_equal(open_prev_wrap(state, seed, n), known_previous):
        raise ChainInvalid("prev-seed")
    return seed


def display_name(entry: DeviceEntry, secrets: EpochSecrets) -> str:
    """A device's display name; `secrets` must be of epoch `entry.name.epoch`.

    Raises:
        Undecryptable: Wrong epoch or key.
        Malformed: The sealed name is not canonical.
    """
    return entry.name.open(secrets)


def team_name(state: ChainState, secrets: EpochSecrets) -> str:
    """The team's name; `secrets` must be of epoch 1.

    Raises:
        Undecryptable: No team yet, wrong epoch or key.
        Malformed: The sealed name is not canonical.
    """
    if state.team_name is None:
        raise Undecryptable("no-team")
    return state.team_name.open(secrets)
