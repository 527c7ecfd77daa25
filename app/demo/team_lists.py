"""The demo team's labels and canned replies, defined by its admin when the team starts, so the
label filter, the panel's chips and the `/` picker have something to show."""

from __future__ import annotations

from app.domain.canned import CannedScope
from app.domain.labels import PALETTE
from app.services.api import DeskApi

LABELS = (("VIP", PALETTE[0]), ("Refund", PALETTE[1]), ("Delivery", PALETTE[3]))
CANNED = (
    ("hello", "Hello {first_name}, this is {agent_name}. How can I help?"),
    ("delivery", "Your order leaves our warehouse within two working days."),
    ("thanks", "Thank you, {first_name}! Have a good day."),
)


async def seed_lists(admin: DeskApi) -> None:
    """Define the demo's labels and shared canned replies (from an admin's desk)."""
    for name, colour in LABELS:
        await admin.labels.save_label(None, name, colour)
    for shortcut, body in CANNED:
        await admin.canned.save_canned(None, CannedScope.SHARED, shortcut, body)
