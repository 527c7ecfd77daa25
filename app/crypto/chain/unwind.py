"""`prev_wrap`: each rotation wraps the previous seed under the new one (crypto.md §3.12).

    prev_wrap[n+1] = nonce(12) ‖ ChaCha20-Poly1305(prev_wrap_key[n+1], nonce, seed[n],
                                                  aad = team ‖ u64 n)

A device holding `seed[n+1]` follows the wraps backwards to every older seed (Keybase's
prev-chain), so a newcomer boxed only the current seed reads all history, and a removed device,
which never gets `seed[n+1]`, cannot go forwards. Every unwrapped seed is checked against the
chain's `seed_commit` and `D`, so a lying admin is caught where the seed is opened.
"""

from __future__ import annotations

from app.crypto.chain.payloads import PREV_WRAP_LEN
from app.crypto.chain.state import ChainState
from app.crypto.encoding import Writer
from app.crypto.epoch import SEED_LEN, EpochSecrets
from app.crypto.errors import ChainInvalid, Undecryptable
from app.crypto.primitives import NONCE_LEN, aead_open, aead_seal, ct_equal
from app.domain.ids import ID_LEN, TeamId


def _aad(team_id: TeamId, n: int) -> bytes:
    return Writer().fixed(team_id, ID_LEN).u64(n).getvalue()


def seal_prev_wrap(new: EpochSecrets, previous_seed: bytes, nonce: bytes) -> bytes:
    """Wraps `seed[n]` under `prev_wrap_key[n+1]` (`new` is epoch n+1's secrets)."""
    if len(previous_seed) != SEED_LEN or len(nonce) != NONCE_LEN or new.n < 2:
        raise ValueError("a seed is 32 bytes, a nonce 12, and only epochs from 2 wrap")
    sealed = aead_seal(new.prev_wrap_key, nonce, previous_seed, _aad(new.team_id, new.n - 1))
    return nonce + sealed


def open_prev_wrap(state: ChainState, seed: bytes, n: int) -> bytes:
    """Opens epoch n's `prev_wrap` with `seed[n]` and returns the checked `seed[n-1]`.

    Args:
        state: A validated chain state.
        seed: `seed[n]`, already checked against the chain (`open_seed_box`, or this function).
        n: The epoch, 2 or later.

    Raises:
        Undecryptable: "no-epoch" for epoch 1 or an unknown epoch.
        ChainInvalid: "prev-wrap" if it does not open under `seed[n]`, "seed-commit" if the
            seed it holds does not match epoch n-1's public values.
    """
    epoch = state.epochs.get(n)
    if epoch is None or n < 2 or len(epoch.prev_wrap) != PREV_WRAP_LEN:
        raise Undecryptable("no-epoch")
    secrets = EpochSecrets.derive(seed, state.team_id, n)
    nonce, sealed = epoch.prev_wrap[:NONCE_LEN], epoch.prev_wrap[NONCE_LEN:]
    previous = aead_open(secrets.prev_wrap_key, nonce, sealed, _aad(state.team_id, n - 1))
    if previous is None or len(previous) != SEED_LEN:
        raise ChainInvalid("prev-wrap")
    check_seed(state, previous, n - 1)
    return previous


def check_seed(state: ChainState, seed: bytes, n: int) -> EpochSecrets:
    """Re-derives epoch n from `seed` and compares `D[n]` and `seed_commit[n]` with the chain.

    Raises:
        ChainInvalid: "seed-commit" on a mismatch.
    """
    derived = EpochSecrets.derive(seed, state.team_id, n)
    inbound_public, seed_commit = state.epoch_public(n)
    if not (
        ct_equal(derived.seed_commit, seed_commit)
        and ct_equal(derived.inbound_public, inbound_public)
    ):
        raise ChainInvalid("seed-commit")
    return derived


def older_seeds(state: ChainState, seed: bytes, n: int) -> dict[int, bytes]:
    """Every seed from `seed[n]` back to `seed[1]`, each checked against the chain.

    Raises:
        ChainInvalid: As `open_prev_wrap`, for the first epoch that fails.
    """
    check_seed(state, seed, n)
    seeds = {n: seed}
    while n > 1:
        seed = open_prev_wrap(state, seed, n)
        n -= 1
        seeds[n] = seed
    return seeds
