"""Whether the team's gateway runs and reaches WhatsApp, from the beats it announces. PURE.

Every gateway announces itself every few seconds on an ephemeral subject (`app.sync.
gateway_beat`): that it runs, whether its last calls to Meta's Graph API were answered, and how
much waits with it. A desk keeps the newest beat of each gateway in a `BeatBoard` and asks it
what to show. Which beats are authentic is decided before (signature, active gateway of this
team); the board only refuses replays and beats far from this desk's clock.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from app.domain.ids import DeviceId

__all__ = [
    "BEAT_EVERY",
    "MAX_BEAT_EVERY",
    "MAX_SKEW",
    "MIN_BEAT_EVERY",
    "MISSED_BEATS",
    "BeatBoard",
    "GatewayBeat",
    "GatewayHealth",
    "GatewayState",
    "WhatsAppLink",
    "not_heard_after",
]

BEAT_EVERY = 5.0
"""Seconds between two beats of a gateway, unless its configuration says otherwise."""
MIN_BEAT_EVERY = 0.2
MAX_BEAT_EVERY = 60.0
"""Bounds on the interval a beat announces: a beat cannot make desks wait longer than this."""
MISSED_BEATS = 3
"""A gateway silent for this many of its beats (and a second of slack) is "not heard"."""
MAX_SKEW = 120.0
"""A beat stamped further than this from the desk's clock is refused: the hub can hold back
and replay a beat only within this bound (docs/security.md)."""


def not_heard_after(beat_every: float) -> float:
    """Seconds of silence after which a gateway beating every `beat_every` s is not heard
    (the interval is held within bounds, whatever a beat says)."""
    return MISSED_BEATS * min(max(beat_every, MIN_BEAT_EVERY), MAX_BEAT_EVERY) + 1.0


class WhatsAppLink(enum.IntEnum):
    """How the gateway's calls to Meta's Graph API went lately. Values are on the wire."""

    UNKNOWN = 0
    """No call since the gateway started (nothing to send yet)."""
    OK = 1
    """Meta answered the last call (an answer that refuses one message still counts)."""
    NO_ANSWER = 2
    """The last call got no answer: Meta or the gateway's internet connection is down."""
    REFUSED = 3
    """Meta refuses the gateway's access (token expired, permissions): an admin must act."""


@dataclass(frozen=True, slots=True)
class GatewayBeat:
    """One gateway's announcement, opened and checked."""

    gateway: DeviceId
    sent_at: float
    """The gateway's clock (Unix seconds, millisecond steps), strictly rising per gateway."""
    beat_every: float
    """Seconds until its next beat."""
    link: WhatsAppLink
    link_since: float
    """When `link` last changed (gateway's clock); 0 when it never did."""
    waiting_webhooks: int
    """Customer messages and statuses in the gateway's spool, not yet on the hub."""
    waiting_sends: int
    """Replies the gateway has been asked to send and has not sent yet."""


class GatewayState(enum.Enum):
    """What a desk says about the team's link to WhatsApp."""

    NONE = "none"
    """The team has no gateway (yet): nothing to say."""
    UNKNOWN = "unknown"
    """Not yet heard since the desk started or reconnected to the hub (or the hub is away,
    which the header already shows)."""
    RUNNING = "running"
    NOT_HEARD = "not-heard"
    """No beat from any of the team's gateways for `not_heard_after` seconds: replies wait."""
    CANNOT_REACH_WHATSAPP = "cannot-reach-whatsapp"
    """Gateways run, but none reaches Meta: replies wait."""


@dataclass(frozen=True, slots=True)
class GatewayHealth:
    """What the status bar shows of the gateway."""

    state: GatewayState
    last_heard: float | None = None
    """NOT_HEARD: the desk's time of the newest beat it heard (None: none since it started)."""
    link: WhatsAppLink = WhatsAppLink.UNKNOWN
    link_since: float = 0.0
    """CANNOT_REACH_WHATSAPP: since when, by the gateway's clock."""
    waiting_webhooks: int = 0
    waiting_sends: int = 0


NO_GATEWAY = GatewayHealth(GatewayState.NONE)


@dataclass(frozen=True, slots=True)
class _Heard:
    beat: GatewayBeat
    at: float
    """The desk's clock when it arrived."""


class BeatBoard:
    """The newest beat of each gateway, and what they say together."""

    def __init__(self, started_at: float) -> None:
        self._heard: dict[DeviceId, _Heard] = {}
        self._newest: dict[DeviceId, float] = {}
        """Newest `sent_at` per gateway, kept across `listening_again`: a replay stays old."""
        self._started_at = started_at

    def listening_again(self, now: float) -> None:
        """The desk (re)joined the hub: give the gateways one interval to be heard before
        saying they are not (beats from before still tell when one was last heard)."""
        self._started_at = now

    def receive(self, beat: GatewayBeat, now: float) -> bool:
        """Keep `beat` if it is newer than that gateway's last one and near `now`; whether
        it was kept (a replayed or far-off beat is not)."""
        if beat.sent_at <= self._newest.get(beat.gateway, float("-inf")):
            return False
        if abs(now - beat.sent_at) > MAX_SKEW:
            return False
        self._newest[beat.gateway] = beat.sent_at
        self._heard[beat.gateway] = _Heard(beat, now)
        return True

    def health(self, now: float, gateways: frozenset[DeviceId]) -> GatewayHealth:
        """What the team's active `gateways` say together at `now`: any one heard running and
        reaching WhatsApp is enough."""
        if not gateways:
            return NO_GATEWAY
        heard = [h for g, h in self._heard.items() if g in gateways]
        live = [h for h in heard if now - h.at <= not_heard_after(h.beat.beat_every)]
        if live:
            return _together(live)
        heard_lately = any(h.at >= self._started_at for h in heard)
        if not heard_lately and now - self._started_at <= not_heard_after(BEAT_EVERY):
            return GatewayHealth(GatewayState.UNKNOWN)  # a first beat may be on its way
        last = max((h.at for h in heard), default=None)
        return GatewayHealth(GatewayState.NOT_HEARD, last_heard=last)


def _together(live: list[_Heard]) -> GatewayHealth:
    # No time of hearing here: it moves with every beat, and only silence needs a time.
    webhooks = sum(h.beat.waiting_webhooks for h in live)
    sends = sum(h.beat.waiting_sends for h in live)
    reaching = [h for h in live if h.beat.link in (WhatsAppLink.OK, WhatsAppLink.UNKNOWN)]
    if reaching:
        return GatewayHealth(GatewayState.RUNNING, None, WhatsAppLink.OK, 0.0, webhooks, sends)
    # Refused outranks no answer: only a person can mend it, so say that one.
    worst = max(live, key=lambda h: (h.beat.link, -h.beat.link_since))
    return GatewayHealth(
        GatewayState.CANNOT_REACH_WHATSAPP,
        None,
        worst.beat.link,
        worst.beat.link_since,
        webhooks,
        sends,
    )
