"""Typed configuration of the simulator: the fake Meta account and its timing knobs."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.simulator.behaviour import Behaviour
from app.simulator.retry_schedule import COMPRESSED, RetrySchedule
from app.simulator.templates import DEFAULT_TEMPLATES, TemplateSpec


@dataclass(frozen=True)
class SimulatorConfig:
    """Everything that makes one simulated WhatsApp Business number.

    Delays are real seconds, compressed far below Meta's so that tests stay fast. The status
    delays are offsets from the moment a send is accepted, not gaps between statuses.
    """

    access_token: str = "sim-access-token"
    """The only Bearer token Graph calls accept."""
    app_secret: str = "sim-app-secret"
    """Key of the ``X-Hub-Signature-256`` HMAC on every webhook."""
    phone_number_id: str = "770000000000001"
    """The business number's Graph node id (URLs and ``metadata.phone_number_id``)."""
    waba_id: str = "880000000000001"
    """WhatsApp Business Account id (``entry[].id``)."""
    display_phone_number: str = "4930555000"
    """Bare digits, as in webhook metadata; ``GET /{phone-id}`` formats it."""
    verified_name: str = "Acme Support"
    name_status: str = "APPROVED"
    quality_rating: str = "GREEN"
    is_official_business_account: bool = False
    code_verification_status: str = "VERIFIED"
    throughput_level: str = "STANDARD"
    platform_type: str = "CLOUD_API"
    status: str = "CONNECTED"
    account_mode: str = "LIVE"
    messaging_limit: str = "TIER_UNLIMITED"
    """Served as ``whatsapp_business_manager_messaging_limit``."""
    port: int = 0
    """TCP port on 127.0.0.1; 0 picks a free one."""
    sent_delay: float = 0.05
    """Seconds after acceptance until the ``sent`` status."""
    delivered_delay: float = 0.1
    """Seconds after acceptance until the ``delivered`` status."""
    read_delay: float | None = 0.2
    """Seconds after acceptance until ``read``; None means the customer never reads."""
    played_delay: float | None = 0.25
    """Seconds after acceptance until a voice note is ``played``; None means never."""
    webhook_retries: RetrySchedule = COMPRESSED
    """Meta's back-off for failed webhooks (7 days), compressed: about a minute by default."""
    webhook_timeout: float = 5.0
    """Seconds a callback may take before the attempt counts as failed."""
    webhook_concurrency: int = 4
    """Parallel deliveries, so one failing POST retrying does not stall the rest."""
    batch_webhooks: bool = False
    """Merge webhook items pending within ``batch_window`` into one POST."""
    batch_window: float = 0.02
    batch_max_items: int = 10
    csw_seconds: float = 24 * 60 * 60
    """Length of the customer-service window after each inbound message."""
    entry_point_seconds: float = 72 * 60 * 60
    """Free-entry-point window after a click-to-WhatsApp referral (§8, *BSP*)."""
    behaviour: Behaviour = field(default_factory=Behaviour)
    """Meta's rules and the fault switches for every customer without an override."""
    templates: tuple[TemplateSpec, ...] = DEFAULT_TEMPLATES
    """The business account's approved templates."""
    template_review_delay: float | None = 0.5
    """Seconds until Meta's review of a created template; None leaves it PENDING until a
    control call (``POST /_sim/templates/{name}/{language}/status``) decides."""
    media_url_ttl: float = 5 * 60
    """Seconds a media download URL stays valid (§10, about 5 minutes at Meta)."""
    uploaded_media_ttl: float = 30 * 24 * 60 * 60
    """Lifetime of an uploaded media id."""
    inbound_media_ttl: float = 7 * 24 * 60 * 60
    """Lifetime of a media id from an inbound webhook."""
    inbound_media_url: bool = False
    """Put a download ``url`` into inbound media objects (newer payloads, *pywa*)."""
    seed: int | None = None
    """Seeds the fault dice and invented identities; None for a fresh random seed."""

    def __post_init__(self) -> None:
        """Reject settings that would make the simulator misbehave silently."""
        delays = [self.sent_delay, self.delivered_delay]
        if self.read_delay is not None:
            delays.append(self.read_delay)
            if self.played_delay is not None:
                delays.append(self.played_delay)
        if any(d < 0 for d in delays) or delays != sorted(delays):
            raise ValueError("status delays must be non-negative and non-decreasing")
        if min(self.media_url_ttl, self.uploaded_media_ttl, self.inbound_media_ttl) <= 0:
            raise ValueError("media lifetimes must be > 0")
        if self.webhook_concurrency < 1:
            raise ValueError("webhook_concurrency must be >= 1")
        if self.batch_max_items < 1 or self.batch_window < 0:
            raise ValueError("batch_max_items must be >= 1 and batch_window >= 0")
        if not self.display_phone_number.isdigit():
            raise ValueError("display_phone_number must be bare digits")
