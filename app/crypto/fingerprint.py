"""The team fingerprint (crypto.md §3.1): what every device and the gateway pin at enrollment.

`fingerprint = SHA256("switchboard/v1 team-fp" ‖ team_id ‖ root device_sig public)`. The chain
is validated from link 1 against this value, so whoever holds it cannot be handed another team.
"""

from __future__ import annotations

from app.crypto import labels
from app.crypto.primitives import PUBLIC_LEN, sha256
from app.domain.ids import ID_LEN, TeamId

FINGERPRINT_LEN = 32
_DISPLAY_BYTES = 16
"""8 groups of 4 hex digits show the first 128 bits; the full 256 bits are pinned."""


def team_fingerprint(team_id: TeamId, root_sig_public: bytes) -> bytes:
    """Computes the 32-byte team fingerprint.

    Raises:
        ValueError: Wrong input lengths.
    """
    if len(team_id) != ID_LEN or len(root_sig_public) != PUBLIC_LEN:
        raise ValueError("team id is 16 bytes and the root key 32 bytes")
    return sha256(labels.TEAM_FP, team_id, root_sig_public)


def display_fingerprint(fingerprint: bytes) -> str:
    """The form people compare: 8 groups of 4 hex digits, e.g. `"1a2b 3c4d … 9f00"`."""
    if len(fingerprint) != FINGERPRINT_LEN:
        raise ValueError("a team fingerprint is 32 bytes")
    digits = fingerprint[:_DISPLAY_BYTES].hex()
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))
