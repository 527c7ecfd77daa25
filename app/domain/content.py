"""What a WhatsApp message carries, beyond who sent it: text, media, a location, a reply tap…

One value type per kind in cloud-api.md §4's table, all frozen and free of I/O. The gateway
builds them from Meta's JSON; the log carries them sealed; the desk shows them. Free text inside
them (bodies, captions, names) is plaintext that only ever travels inside envelopes.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from app.domain.frozen import quick_init
from app.domain.ids import DeviceId, Wamid
from app.domain.templates import ParamFormat, RenderedTemplate, TemplateRef, TemplateValue


class ContentKind(enum.IntEnum):
    """Wire values: never renumber."""

    TEXT = 1
    IMAGE = 2
    VIDEO = 3
    AUDIO = 4
    DOCUMENT = 5
    STICKER = 6
    LOCATION = 7
    CONTACTS = 8
    INTERACTIVE_REPLY = 9
    """The customer tapped one of our reply buttons or list rows (or finished a Flow)."""
    TEMPLATE_BUTTON = 10
    """The customer tapped a quick-reply button of a template we sent."""
    REACTION = 11
    ORDER = 12
    UNSUPPORTED = 13
    """A type Meta does not deliver to the API (error 131051): shown as a placeholder."""
    NOTE = 14
    """A private note for the team (never sent, never on the wire as content)."""
    ACTIVITY = 15
    """A line in the thread saying who did what (assigned, resolved …): local only."""
    TEMPLATE = 16
    """A message template we sent (allowed outside the 24-hour window)."""
    DELETED = 17
    """What is left of a message its customer deleted "for everyone": local only."""


MEDIA_KINDS = frozenset(
    {
        ContentKind.IMAGE,
        ContentKind.VIDEO,
        ContentKind.AUDIO,
        ContentKind.DOCUMENT,
        ContentKind.STICKER,
    }
)


@quick_init
@dataclass(frozen=True, slots=True)
class Text:
    body: str
    preview_url: bool = False

    kind = ContentKind.TEXT


@dataclass(frozen=True, slots=True)
class StoredMedia:
    """Where the team's encrypted copy of a media file is (crypto.md §3.8 step 2)."""

    object_name: str
    """Random name in the hub's object store; never derived from customer data."""
    file_key: bytes = field(repr=False)
    """Opens the STREAM ciphertext; only ever inside sealed events."""
    ciphertext_sha256: bytes
    size: int
    """Plaintext bytes."""


@dataclass(frozen=True, slots=True)
class Media:
    """An image, video, audio (voice note or file), document or sticker."""

    media_kind: ContentKind
    mime_type: str
    caption: str = ""
    filename: str = ""
    voice: bool = False
    """A push-to-talk voice note (audio only)."""
    animated: bool = False
    """An animated sticker."""
    meta_sha256: str = ""
    """Meta's hash of the file, as Meta sent it; the gateway checked the download against it."""
    stored: StoredMedia | None = None
    """The team's copy; None when the gateway could not fetch it (too big, expired, failed)."""

    @property
    def kind(self) -> ContentKind:
        return self.media_kind


@dataclass(frozen=True, slots=True)
class Location:
    latitude: str
    """Decimal degrees as Meta wrote them: the log's encoding has no floats."""
    longitude: str
    name: str = ""
    """Empty for a "current location" pin."""
    address: str = ""
    url: str = ""

    kind = ContentKind.LOCATION


@dataclass(frozen=True, slots=True)
class ContactPhone:
    phone: str
    wa_id: str = ""
    type: str = ""


@dataclass(frozen=True, slots=True)
class SharedContact:
    """One vCard the customer shared."""

    formatted_name: str
    phones: tuple[ContactPhone, ...] = ()
    emails: tuple[str, ...] = ()
    organization: str = ""


@dataclass(frozen=True, slots=True)
class Contacts:
    contacts: tuple[SharedContact, ...]

    kind = ContentKind.CONTACTS


class ReplyType(enum.IntEnum):
    BUTTON = 1
    LIST = 2
    FLOW = 3


@dataclass(frozen=True, slots=True)
class InteractiveReply:
    reply_type: ReplyType
    reply_id: str
    title: str
    description: str = ""
    response_json: str = ""
    """A Flow's answers (`nfm_reply.response_json`), as Meta sent them."""

    kind = ContentKind.INTERACTIVE_REPLY


@dataclass(frozen=True, slots=True)
class TemplateButton:
    payload: str
    text: str

    kind = ContentKind.TEMPLATE_BUTTON


@dataclass(frozen=True, slots=True)
class Reaction:
    target: Wamid
    emoji: str
    """Empty: the customer removed their reaction."""

    kind = ContentKind.REACTION


@dataclass(frozen=True, slots=True)
class OrderItem:
    product_retailer_id: str
    quantity: int
    item_price: str
    """Decimal as Meta wrote it."""
    currency: str


@dataclass(frozen=True, slots=True)
class Order:
    catalog_id: str
    text: str
    items: tuple[OrderItem, ...]

    kind = ContentKind.ORDER


@dataclass(frozen=True, slots=True)
class Unsupported:
    error_code: int
    title: str

    kind = ContentKind.UNSUPPORTED


@dataclass(frozen=True, slots=True)
class Note:
    """A private note in the thread: for colleagues only, never sent to the customer."""

    body: str
    mentions: tuple[DeviceId, ...] = ()
    """The colleagues it mentions (they are notified), in the order written."""

    kind = ContentKind.NOTE


class ActivityKind(enum.IntEnum):
    """What an activity line reports. Stored: never renumber."""

    CLAIMED = 1
    ASSIGNED = 2
    TRANSFERRED = 3
    RELEASED = 4
    TOOK_OVER = 5
    OPENED = 6
    PENDING = 7
    SNOOZED = 8
    RESOLVED = 9
    REOPENED = 10
    """Opened again by the customer's message (it was resolved, snoozed or pending)."""
    AUTO_ASSIGNED = 11
    """The team's auto-assignment gave it to `target` (decided by the author's desk)."""


@dataclass(frozen=True, slots=True)
class Activity:
    """Who did what to the conversation, as a line in its thread (the message's author acted)."""

    activity: ActivityKind
    target: DeviceId | None = None
    """The colleague it was assigned or transferred to, or taken from."""
    note: str = ""
    """The hand-over note, if one was written."""
    until: int = 0
    """For a snooze: Unix seconds it ends."""

    kind = ContentKind.ACTIVITY


@dataclass(frozen=True, slots=True)
class Template:
    """A template message we sent: which template, the values of its parameters, and how it
    read when sent (so the thread shows it even after the template changes at Meta)."""

    name: str
    language: str
    parameter_format: ParamFormat
    values: tuple[TemplateValue, ...]
    rendered: RenderedTemplate

    kind = ContentKind.TEMPLATE

    @property
    def ref(self) -> TemplateRef:
        return TemplateRef(self.name, self.language)


@dataclass(frozen=True, slots=True)
class Deleted:
    """A message the customer deleted for everyone (cloud-api.md §16): its content is gone from
    the replica, as the customer asked; the bubble stays so the thread still reads in order."""

    kind = ContentKind.DELETED


Content = (
    Text
    | Media
    | Location
    | Contacts
    | InteractiveReply
    | TemplateButton
    | Reaction
    | Order
    | Unsupported
    | Note
    | Activity
    | Template
    | Deleted
)


@dataclass(frozen=True, slots=True)
class Referral:
    """The Click-to-WhatsApp ad or post the customer came from (cloud-api.md §4)."""

    source_type: str
    source_id: str = ""
    source_url: str = ""
    headline: str = ""
    body: str = ""
    ctwa_clid: str = ""


@dataclass(frozen=True, slots=True)
class MessageContext:
    """How an inbound message relates to others."""

    quoted: Wamid | None = None
    """The message it replies to (a quote, or the message whose button was tapped)."""
    forwarded: bool = False
    frequently_forwarded: bool = False
    referred_product: str = ""
    """`catalog_id/product_retailer_id` of a product inquiry, else empty."""
    referral: Referral | None = None


NO_CONTEXT = MessageContext()


def searchable_text(content: Content) -> str:
    """The words of a message for the preview line and search; "" when it has none.

    The UI adds its own translated label ("Photo", "Location") in front where it wants one.
    """
    match content:
        case Text(body=body):
            return body
        case Media(caption=caption, filename=filename):
            return caption or filename
        case Location(name=name, address=address):
            return " ".join(part for part in (name, address) if part)
        case Contacts(contacts=contacts):
            return ", ".join(c.formatted_name for c in contacts)
        case InteractiveReply(title=title, description=description):
            return " ".join(part for part in (title, description) if part)
        case TemplateButton(text=text):
            return text
        case Order(text=text):
            return text
        case Note(body=body):
            return body
        case Activity(note=note):
            return note
        case Template(rendered=rendered):
            return rendered.text
        case Reaction() | Unsupported() | Deleted():
            return ""
