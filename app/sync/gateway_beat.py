"""Gateway beats on the hub: the ephemeral subject, and opening beats against the chain.

PURE. Beats go out by a core NATS publish on `sb.<team>.gateway`, which no stream stores. Only
gateway devices may publish there, and only admin and member devices listen (`app.hub.users`).
`BeatCodec.open` accepts only beats of an active gateway device of this team, signed by its
key in the validated chain and sealed to an epoch this desk holds; the gateway seals them with
`app.crypto.gateway_beat.seal_beat`.
"""

from __future__ import annotations

from app.crypto.gateway_beat import open_beat, parse_beat
from app.domain.errors import EnvelopeRejected
from app.domain.gateway_beat import GatewayBeat
from app.domain.ids import DeviceId
from app.domain.model import Role
from app.sync.protocol import LogReader

__all__ = ["BeatCodec", "beat_subject"]


def beat_subject(team_hex: str) -> str:
    """The team's gateway-beat subject."""
    return f"sb.{team_hex}.gateway"


class BeatCodec:
    """Opens gateway beats for one desk, against its validated chain as it is now (a gateway
    removed from the team is not heard from the moment the desk applied the removal)."""

    def __init__(self, reader: LogReader) -> None:
        self._reader = reader

    @property
    def subject(self) -> str:
        return beat_subject(self._reader.keyring.team_id.hex())

    def gateways(self) -> frozenset[DeviceId]:
        """The team's active gateway devices."""
        return frozenset(
            entry.device_id
            for entry in self._reader.chain.active_devices()
            if entry.role is Role.GATEWAY
        )

    def open(self, data: bytes) -> GatewayBeat:
        """Check and open a received beat.

        Raises:
            EnvelopeRejected: Malformed, another team, an author who is not an active gateway
                of this team, a bad signature, or an epoch this desk holds no seed for.
        """
        parsed = parse_beat(data)
        if parsed.team_id != self._reader.keyring.team_id:
            raise EnvelopeRejected("team")
        entry = self._reader.chain.devices.get(parsed.author)
        if entry is None or not entry.active or entry.role is not Role.GATEWAY:
            raise EnvelopeRejected("author")
        epoch = self._reader.keyring.epochs.get(parsed.epoch)
        if epoch is None:
            raise EnvelopeRejected("epoch")
        return open_beat(parsed, entry.keys.sig, epoch.inbound_kem)
