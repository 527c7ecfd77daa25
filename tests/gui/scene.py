"""A populated team for screenshots and real-window tests: several waiting customers whose last
messages are of different kinds (photo, voice note, location, sticker, document), one
conversation per assignee, and a showcase conversation with bubbles of many kinds (files the
agent sent among them), context marks (an ad, quotes, a reaction) and delivery statuses. The
business number is an approved Official Business Account, so the header shows its name and
blue check.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.content import (
    NO_CONTEXT,
    ContactPhone,
    Contacts,
    Content,
    ContentKind,
    InteractiveReply,
    Location,
    Media,
    MessageContext,
    Reaction,
    Referral,
    ReplyType,
    SharedContact,
    StoredMedia,
    Text,
)
from app.domain.ids import ConversationId, Wamid
from app.domain.model import DeliveryStatus
from app.log.events import NumberStatus
from tests.helpers.fake_desk import FakeDesk, FakeTeam

MINUTE = 60
HOUR = 60 * MINUTE

NUMBER = NumberStatus(
    display_phone_number="+49 30 555000",
    verified_name="Nordlicht Furniture",
    name_status="APPROVED",
    quality_rating="GREEN",
    is_official_business_account=True,
    throughput_level="STANDARD",
    messaging_limit="TIER_10K",
    at=0,
)


def stored(size: int) -> StoredMedia:
    """The team's copy of a media file (a stand-in: nothing is fetched in the scene)."""
    return StoredMedia(f"obj-{size}", b"k" * 32, b"h" * 32, size)


@dataclass
class Scene:
    team: FakeTeam
    anna: FakeDesk
    ben: FakeDesk
    showcase: ConversationId
    """Claimed by Anna: bubbles of many kinds, context marks and delivery statuses."""
    first_waiting: ConversationId


def build_scene(now: int) -> Scene:
    team = FakeTeam(now=now)
    anna, ben = team.desk("Anna Schmidt"), team.desk("Ben Okafor")
    team.set_number_status(NUMBER)
    priya = team.customer_writes(
        "Priya Natarajan",
        "Hi, my order #4471 still shows as processing",
        wa_id="447700900123",
        at=now - 72 * MINUTE,
    )
    voice = Media(ContentKind.AUDIO, "audio/ogg; codecs=opus", voice=True, stored=stored(38_400))
    team.customer_sends("Priya Natarajan", voice, at=now - 70 * MINUTE)
    team.customer_sends(
        "Jonas Weber",
        Location("53.5511", "9.9937", "Lager Hamburg-Altona", "Große Elbstraße 145, Hamburg"),
        wa_id="4915112345678",
        at=now - 22 * MINUTE,
    )
    team.customer_writes(
        "Maria López",
        "Hola! Is the blue jacket back in stock in size M?",
        wa_id="34600111222",
        at=now - 4 * MINUTE,
    )
    jacket = Media(ContentKind.IMAGE, "image/jpeg", caption="this one", stored=stored(182_000))
    team.customer_sends("Maria López", jacket, at=now - 3 * MINUTE)
    sticker = Media(ContentKind.STICKER, "image/webp", animated=True, stored=stored(21_000))
    team.customer_sends("Chen Wei", sticker, wa_id="8613800138000", at=now - 40)
    tom = team.customer_writes(
        "Tom Becker",
        "The invoice address needs to change",
        wa_id="4917099887766",
        at=now - 50 * MINUTE,
    )
    team.assign(tom, ben.me)
    team.agent_sent(
        tom, ben.me, "Sure, what's the new address?", DeliveryStatus.READ, at=now - 45 * MINUTE
    )
    letter = Media(
        ContentKind.DOCUMENT, "application/pdf", filename="new-address.pdf", stored=stored(96_500)
    )
    team.customer_sends("Tom Becker", letter, at=now - 44 * MINUTE)
    showcase = _showcase(team, anna, ben, now)
    return Scene(team, anna, ben, showcase, priya)


SOFIA = "Sofia Rossi"
AD = Referral("ad", "120210000001", headline="Walnut desk · spring sale")


@dataclass
class _Chat:
    """Writes one conversation of the scene, minutes before `now`."""

    team: FakeTeam
    conversation: ConversationId
    now: int

    def customer(
        self, minutes: float, content: Content, context: MessageContext = NO_CONTEXT
    ) -> None:
        at = self.now - int(minutes * MINUTE)
        self.team.customer_sends(SOFIA, content, context=context, at=at)

    def agent(
        self, who: FakeDesk, minutes: float, text: str | Content, status: DeliveryStatus
    ) -> Wamid:
        error = 131026 if status is DeliveryStatus.FAILED else 0
        at = self.now - int(minutes * MINUTE)
        sent = self.team.agent_sent(
            self.conversation, who.me, text, status, error_code=error, at=at
        )
        assert sent.wamid is not None
        return sent.wamid


def _showcase(team: FakeTeam, anna: FakeDesk, ben: FakeDesk, now: int) -> ConversationId:
    sofia = team.customer_sends(
        SOFIA,
        Text("Hello! I ordered the walnut desk last week."),
        context=MessageContext(referral=AD),
        wa_id="393331234567",
        at=now - 26 * HOUR,
    )
    team.assign(sofia, anna.me)
    chat = _Chat(team, sofia, now)
    _yesterday(chat, anna, ben)
    _today(chat, anna)
    team.set_opt_out(sofia, True)
    return sofia


def _yesterday(chat: _Chat, anna: FakeDesk, ben: FakeDesk) -> None:
    note = "The delivery note says Thursday"
    chat.customer(26 * 60 - 1, Media(ContentKind.IMAGE, "image/jpeg", note, stored=stored(214_000)))
    helped = chat.agent(
        anna,
        25 * 60,
        "Hi Sofia, happy to help! Let me check with the courier.",
        DeliveryStatus.READ,
    )
    chat.customer(25 * 60 - 1, Reaction(helped, "❤"))
    booked = chat.agent(
        ben, 24 * 60 + 10, "Friday 8–12 is free. Shall I book it for you?", DeliveryStatus.READ
    )
    tap = InteractiveReply(ReplyType.BUTTON, "confirm", "Yes, book Friday")
    chat.customer(24 * 60, tap, MessageContext(quoted=booked))


def _today(chat: _Chat, anna: FakeDesk) -> None:
    chat.customer(40, Location("45.4642", "9.1900", "Home", "Via Roma 12, 20121 Milano"))
    neighbour = SharedContact("Giulia Bianchi", (ContactPhone("+39 333 765 4321"),))
    chat.customer(36, Contacts((neighbour,)), MessageContext(forwarded=True))
    chat.customer(35, Text("If I'm out, my neighbour Giulia can take it."))
    added = "Perfect, I've added Giulia as the alternative contact."
    sent = chat.agent(anna, 12, added, DeliveryStatus.READ)
    chat.customer(9, Text("Great! Is this the right manual?"), MessageContext(quoted=sent))
    manual = "walnut-desk-manual.pdf"
    pdf = Media(ContentKind.DOCUMENT, "application/pdf", filename=manual, stored=stored(2_400_000))
    chat.customer(8, pdf)
    steps = "Yes, that's the one. Page 4 has the assembly steps."
    chat.customer(5, Reaction(chat.agent(anna, 6, steps, DeliveryStatus.READ), "❤"))
    # Files Anna sent: they show like the customer's, on her side, with ticks.
    step = "Step 3: the crossbar goes in first"
    photo = Media(ContentKind.IMAGE, "image/jpeg", step, "step-3.jpg", stored=stored(640_000))
    chat.agent(anna, 4.5, photo, DeliveryStatus.READ)
    checklist = "assembly-checklist.pdf"
    pdf = Media(ContentKind.DOCUMENT, "application/pdf", filename=checklist, stored=stored(180_000))
    chat.agent(anna, 4, pdf, DeliveryStatus.DELIVERED)
    voice = Media(ContentKind.AUDIO, "audio/ogg; codecs=opus", voice=True, stored=stored(41_000))
    chat.customer(3, voice)
    chat.agent(anna, 2, "Anything else I can do?", DeliveryStatus.FAILED)
    chat.agent(anna, 1, "Have a great weekend!", DeliveryStatus.PENDING)
