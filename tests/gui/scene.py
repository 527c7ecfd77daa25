"""A populated team for screenshots and real-window tests: several waiting customers, one
conversation per assignee, and one with a bubble in every delivery status.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.ids import ConversationId
from app.domain.model import DeliveryStatus
from tests.helpers.fake_desk import FakeDesk, FakeTeam

MINUTE = 60
HOUR = 60 * MINUTE


@dataclass
class Scene:
    team: FakeTeam
    anna: FakeDesk
    ben: FakeDesk
    showcase: ConversationId
    """Claimed by Anna, with inbound and outbound bubbles in every status."""
    first_waiting: ConversationId


def build_scene(now: int) -> Scene:
    team = FakeTeam(now=now)
    anna, ben = team.desk("Anna Schmidt"), team.desk("Ben Okafor")
    priya = team.customer_writes(
        "Priya Natarajan",
        "Hi, my order #4471 still shows as processing",
        wa_id="447700900123",
        at=now - 72 * MINUTE,
    )
    team.customer_writes("Priya Natarajan", "Can someone check please?", at=now - 70 * MINUTE)
    team.customer_writes(
        "Jonas Weber",
        "Do you deliver to Hamburg on Saturdays?",
        wa_id="4915112345678",
        at=now - 22 * MINUTE,
    )
    team.customer_writes(
        "Maria López",
        "Hola! Is the blue jacket back in stock in size M?",
        wa_id="34600111222",
        at=now - 4 * MINUTE,
    )
    team.customer_writes("Maria López", "Or in L, that would work too", at=now - 3 * MINUTE)
    team.customer_writes("Chen Wei", "Thanks, got it!", wa_id="8613800138000", at=now - 40)
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
    showcase = _showcase(team, anna, ben, now)
    return Scene(team, anna, ben, showcase, priya)


_SHOWCASE: list[tuple[str, int, str, DeliveryStatus]] = [
    # (who, minutes ago, text, status); who is "customer", "anna" or "ben"
    ("customer", 26 * 60, "Hello! I ordered the walnut desk last week.", DeliveryStatus.READ),
    (
        "customer",
        26 * 60 - 1,
        "The delivery window says Thursday but I'm away that day. Can it be moved to Friday "
        "morning, or to a neighbour?",
        DeliveryStatus.READ,
    ),
    (
        "anna",
        25 * 60,
        "Hi Sofia, happy to help! Let me check with the courier.",
        DeliveryStatus.READ,
    ),
    ("ben", 24 * 60 + 10, "Friday 8–12 is free. I've booked it for you.", DeliveryStatus.DELIVERED),
    ("customer", 35, "Perfect, thank you so much!", DeliveryStatus.READ),
    (
        "customer",
        12,
        "One more thing: could you send the assembly instructions as PDF?",
        DeliveryStatus.READ,
    ),
    (
        "anna",
        10,
        "Of course, here is the link: https://example.com/manuals/walnut-desk-assembly-v2.pdf",
        DeliveryStatus.SENT,
    ),
    ("anna", 8, "Anything else I can do?", DeliveryStatus.FAILED),
    ("anna", 6, "I'll also email you the invoice.", DeliveryStatus.CONFLICT),
    ("anna", 1, "Have a great weekend!", DeliveryStatus.PENDING),
]


def _showcase(team: FakeTeam, anna: FakeDesk, ben: FakeDesk, now: int) -> ConversationId:
    agents = {"anna": anna.me, "ben": ben.me}
    sofia: ConversationId | None = None
    for who, minutes, text, status in _SHOWCASE:
        at = now - minutes * MINUTE
        if who == "customer":
            cid = team.customer_writes("Sofia Rossi", text, wa_id="393331234567", at=at)
            if sofia is None:  # the first message opens the conversation; Anna takes it
                sofia = cid
                team.assign(sofia, anna.me)
        else:
            assert sofia is not None
            error = 131026 if status is DeliveryStatus.FAILED else 0
            team.agent_sent(sofia, agents[who], text, status, error_code=error, at=at)
    assert sofia is not None
    return sofia
