"""Scripted customers: a cast of made-up users who write at a steady aggregate rate.

Every scripted text carries a fresh 16-hex-character canary token from a CSPRNG, inside an
ordinary sentence. Tests scan storage and logs for these tokens to prove no plaintext leaks,
so the tokens must be unguessable and are reported before their message is sent. Scripts
are text-only by default; ``type_mix`` mixes in media, locations and contact cards, whose
captions, file names, place names and card names carry the message's token too (audio and
stickers have no free text, so no token).
"""

from __future__ import annotations

import asyncio
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from app.simulator import inbound
from app.simulator.ids import DIAL_CODES, new_bsuid, new_wa_id
from app.simulator.inbound import InboundMessage
from app.simulator.state import Customer

SENTENCES = (
    "Hi, is my order {token} shipped yet?",
    "Hello, I was charged twice for invoice {token}, can you check?",
    "Can I change the delivery address for order {token}?",
    "My parcel {token} says delivered but nothing arrived.",
    "Do you still have the jacket from order {token} in blue?",
    "Please cancel booking {token}, thanks!",
    "Where can I download the receipt for {token}?",
    "Is the discount code {token} still valid?",
)

FIRST_NAMES = (
    "Lena", "Jonas", "Mia", "Felix", "Emma", "Paul", "Hanna", "Noah", "Sofia", "Elias",
    "Clara", "Luca", "Ida", "Ben", "Marie", "Finn", "Aylin", "Mehmet", "Zofia", "Yuki",
)  # fmt: skip

_MAX_IDENTITY_TRIES = 20
SCRIPT_TYPES = frozenset(
    {"text", "image", "video", "audio", "voice", "document", "sticker", "location", "contacts"}
)


@dataclass(frozen=True)
class CustomerScript:
    """A load of scripted customers."""

    customers: int
    messages_per_customer: int
    rate_per_second: float
    """Aggregate inbound messages per second over all customers."""
    seed: int | None = None
    """Seeds names and ids (not tokens, which always come from ``secrets``)."""
    username_ratio: float = 0.0
    """Share of customers who use a username, so Meta hides their number."""
    country: str = "DE"
    type_mix: tuple[tuple[str, float], ...] = ()
    """(type, weight) pairs from ``SCRIPT_TYPES``, e.g. ``(("text", 3), ("image", 1))``;
    empty means text only."""
    answer_lists: bool = False
    """A customer who received a list message (a business's menu, say) picks one of its rows,
    at random, as their next message instead of a scripted one; once per list."""

    def __post_init__(self) -> None:
        """Reject scripts that cannot run."""
        if self.customers < 0 or self.messages_per_customer < 0:
            raise ValueError("customers and messages_per_customer must be >= 0")
        if not self.rate_per_second > 0:
            raise ValueError("rate_per_second must be > 0")
        if not 0.0 <= self.username_ratio <= 1.0:
            raise ValueError("username_ratio must be within [0, 1]")
        if self.country not in DIAL_CODES:
            raise ValueError(f"country must be one of {sorted(DIAL_CODES)}")
        for kind, weight in self.type_mix:
            if kind not in SCRIPT_TYPES or not weight >= 0:
                raise ValueError(f"type_mix takes non-negative weights for {sorted(SCRIPT_TYPES)}")
        if self.type_mix and not sum(w for _, w in self.type_mix) > 0:
            raise ValueError("type_mix needs a positive weight")


@dataclass(frozen=True)
class ScriptResult:
    """What a finished script did."""

    customers: tuple[Customer, ...]
    wamids: tuple[str, ...]
    """Ids of the inbound messages, in sending order."""
    tokens: tuple[str, ...]
    """Canary tokens in sending order: one per message, except audio and stickers."""

    @property
    def messages_sent(self) -> int:
        """Number of inbound messages the script sent."""
        return len(self.wamids)


class ScriptHost(Protocol):
    """The part of the simulator a script drives."""

    def add_customer(
        self,
        profile_name: str,
        *,
        wa_id: str | None = None,
        username: str | None = None,
        user_id: str | None = None,
        country: str = "DE",
    ) -> Customer:
        """Register a customer."""
        ...

    async def customer_sends(self, user_id: str, message: InboundMessage) -> str:
        """Have a customer send a message; returns the inbound wamid."""
        ...

    def newest_list(self, user_id: str) -> tuple[str, tuple[inbound.ListReply, ...]] | None:
        """The newest list message the customer received and its rows' replies."""
        ...

    async def customer_picks(self, user_id: str, title: str) -> str:
        """Have a customer pick a row of the newest list they received."""
        ...


def canary_sentence() -> tuple[str, str]:
    """A human-looking message and the fresh 16-character token inside it."""
    token = secrets.token_hex(8)
    return secrets.choice(SENTENCES).format(token=token), token


async def run_script(
    host: ScriptHost, script: CustomerScript, on_token: Callable[[str], None]
) -> ScriptResult:
    """Create the script's customers and have them write at the configured rate.

    Args:
        host: The simulator.
        script: How many customers write how much, how fast.
        on_token: Called with each token before its message is sent.

    Returns:
        The customers, wamids and tokens.
    """
    rng = random.Random(script.seed)
    cast = tuple(_new_customer(host, script, rng) for _ in range(script.customers))
    wamids: list[str] = []
    tokens: list[str] = []
    loop = asyncio.get_running_loop()
    start = loop.time()
    answered: set[str] = set()
    for _ in range(script.messages_per_customer):
        for customer in rng.sample(cast, len(cast)):
            due = start + len(wamids) / script.rate_per_second
            await asyncio.sleep(max(0.0, due - loop.time()))
            if script.answer_lists:
                picked = await answer_newest_list(host, customer, answered, rng)
                if picked is not None:
                    wamids.append(picked)
                    continue
            message, token = scripted_message(_pick(script, rng), rng)
            if token is not None:
                on_token(token)
                tokens.append(token)
            wamids.append(await host.customer_sends(customer.user_id, message))
    return ScriptResult(cast, tuple(wamids), tuple(tokens))


async def answer_newest_list(
    host: ScriptHost, customer: Customer, answered: set[str], rng: random.Random
) -> str | None:
    """Pick a row of the newest list the customer received and did not answer yet."""
    newest = host.newest_list(customer.user_id)
    if newest is None or newest[0] in answered or not newest[1]:
        return None
    answered.add(newest[0])
    return await host.customer_picks(customer.user_id, rng.choice(newest[1]).title)


def _pick(script: CustomerScript, rng: random.Random) -> str:
    if not script.type_mix:
        return "text"
    kinds = [kind for kind, _ in script.type_mix]
    weights = [weight for _, weight in script.type_mix]
    return rng.choices(kinds, weights)[0]


def scripted_message(kind: str, rng: random.Random) -> tuple[InboundMessage, str | None]:
    """A message of ``kind`` whose free-text fields carry a fresh canary token.

    Returns:
        The message and its token (None for audio and stickers, which have no text).
    """
    text, token = canary_sentence()
    if kind == "text":
        return inbound.Text(text), token
    if kind == "image":
        return inbound.Media("image", caption=text), token
    if kind == "video":
        return inbound.Media("video", caption=text), token
    if kind == "document":
        return inbound.Media("document", caption=text, filename=f"invoice-{token}.pdf"), token
    if kind in ("audio", "voice"):
        return inbound.Media("audio", voice=kind == "voice"), None
    if kind == "sticker":
        return inbound.Media("sticker", animated=rng.random() < 0.5), None
    if kind == "location":
        lat, lon = 52.52 + rng.uniform(-0.1, 0.1), 13.40 + rng.uniform(-0.1, 0.1)
        return inbound.Location(lat, lon, f"Pickup point {token}", f"Hauptstrasse {token}"), token
    card = {
        "name": {"formatted_name": f"Friend {token}", "first_name": "Friend"},
        "phones": [{"phone": "+49 151 " + str(rng.randint(10**7, 10**8 - 1)), "type": "CELL"}],
    }
    return inbound.Contacts((card,)), token


def _new_customer(host: ScriptHost, script: CustomerScript, rng: random.Random) -> Customer:
    """Invent and register one customer, retrying on the rare id collision."""
    for _ in range(_MAX_IDENTITY_TRIES):
        first = rng.choice(FIRST_NAMES)
        name = f"{first} {rng.choice('ABCDEFGHIJKLMNOPRSTUVWZ')}"
        username_user = rng.random() < script.username_ratio
        try:
            return host.add_customer(
                name,
                wa_id=None if username_user else new_wa_id(script.country, rng),
                username=f"{first.lower()}.{rng.randint(10, 9999)}" if username_user else None,
                user_id=new_bsuid(script.country, rng),
                country=script.country,
            )
        except ValueError:
            continue
    raise RuntimeError("could not invent a unique customer identity")
