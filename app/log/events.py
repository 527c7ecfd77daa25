"""Every event value of the team log, in one import (each lives in its kind's module)."""

from __future__ import annotations

from app.domain.admin_notice import AdminNotice
from app.domain.events import (
    Event,
    EventKind,
    NumberStatus,
    Preference,
    SettingsState,
    WebhookHandshake,
)
from app.domain.template_draft import TemplateDraft
from app.log.kinds.agent_availability import AgentAvailability
from app.log.kinds.api_token import ApiToken
from app.log.kinds.assignment_settings import AssignmentSettingsSet
from app.log.kinds.back_office_system import BackOfficeSystemNoted
from app.log.kinds.canned_reply import CannedReplyDefined
from app.log.kinds.claim import Claim
from app.log.kinds.contact_sync import ContactSync
from app.log.kinds.conversation_labelled import ConversationLabelled
from app.log.kinds.conversation_started import ConversationStarted
from app.log.kinds.customer_edit import CustomerEdit
from app.log.kinds.customer_id_changed import CustomerIdChanged
from app.log.kinds.customer_message import CustomerMessage
from app.log.kinds.customer_revoke import CustomerRevoke
from app.log.kinds.delivery_status import DeliveryStatusChanged
from app.log.kinds.exported import Exported
from app.log.kinds.foreign_webhooks import ForeignWebhooks
from app.log.kinds.gateway_settings import GatewaySettings
from app.log.kinds.gateway_status import GatewayStatus
from app.log.kinds.handover import Handover
from app.log.kinds.history_chunk import HistoryChunk, HistoryMessage
from app.log.kinds.history_sync import HistorySync
from app.log.kinds.label_defined import LabelDefined
from app.log.kinds.media_stored import MediaStored
from app.log.kinds.note import Note
from app.log.kinds.notification_sent import NotificationSent
from app.log.kinds.outbound_request import OutboundRequest
from app.log.kinds.phone_echo import PhoneEcho
from app.log.kinds.phone_sync_request import PhoneSyncRequest
from app.log.kinds.preference_changed import PreferenceChanged
from app.log.kinds.reply import Reply
from app.log.kinds.send_outcome import SendOutcome
from app.log.kinds.settings_noted import SettingsNoted
from app.log.kinds.state_change import StateCause, StateChange
from app.log.kinds.template_catalogue import TemplateCatalogue
from app.log.kinds.version_announced import VersionAnnounced

GatewayEvent = (
    CustomerMessage
    | DeliveryStatusChanged
    | SendOutcome
    | CustomerIdChanged
    | PreferenceChanged
    | NumberStatus
    | MediaStored
    | GatewayStatus
    | TemplateCatalogue
    | CustomerEdit
    | CustomerRevoke
    | ForeignWebhooks
    | PhoneEcho
    | ContactSync
    | AdminNotice
    | NotificationSent
    | HistoryChunk
    | HistorySync
)
"""What the gateway publishes to the team."""
MemberEvent = Event
"""What an agent's desk publishes (claims, replies, hand-overs, notes …): any registered kind."""

__all__ = [
    "AgentAvailability",
    "AssignmentSettingsSet",
    "VersionAnnounced",
    "SettingsNoted",
    "BackOfficeSystemNoted",
    "AdminNotice",
    "ApiToken",
    "CannedReplyDefined",
    "Claim",
    "ContactSync",
    "ConversationLabelled",
    "ConversationStarted",
    "CustomerEdit",
    "CustomerIdChanged",
    "CustomerMessage",
    "CustomerRevoke",
    "DeliveryStatusChanged",
    "Event",
    "EventKind",
    "Exported",
    "ForeignWebhooks",
    "GatewayEvent",
    "GatewaySettings",
    "GatewayStatus",
    "Handover",
    "HistoryChunk",
    "HistoryMessage",
    "HistorySync",
    "LabelDefined",
    "MediaStored",
    "MemberEvent",
    "Note",
    "NotificationSent",
    "NumberStatus",
    "OutboundRequest",
    "PhoneEcho",
    "PhoneSyncRequest",
    "Preference",
    "PreferenceChanged",
    "Reply",
    "SendOutcome",
    "SettingsState",
    "StateCause",
    "StateChange",
    "TemplateCatalogue",
    "TemplateDraft",
    "WebhookHandshake",
]
