"""The business phone's past chats, and how Meta shares them (cloud-api.md §15.3).

The owner's WhatsApp Business app holds 1:1 chats of up to 180 days. Once the API asks for
them (`smb_app_data` with ``sync_type: history``), Meta sends them as ``history`` webhooks:
in phases (0: the day before onboarding, 1: up to 90 days, 2: up to 180 days), each phase cut
into chunks of a few threads that arrive in any order, every chunk saying how far the whole
sync is (``progress``; the last says 100). Media come as ``media_placeholder`` without ids.
An owner who declined to share history gets the API one error item (code 2593109) instead.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.simulator.ids import history_wamid
from app.simulator.payloads import WebhookItem, timestamp

DAY_S = 24 * 3600
HISTORY_DAYS = 180
"""How far back Meta shares chats."""
MEDIA_DAYS = 14
"""Media of the last 14 days get a second webhook with their ids (§15.3)."""
THREADS_PER_CHUNK = 20
DECLINED_CODE = 2593109
MEDIA_TYPES = frozenset({"image", "video", "audio", "document", "sticker"})
"""Shared as ``media_placeholder``: Meta sends no media ids with history."""
_PHASE_ENDS = ((1, 0), (90, 1), (HISTORY_DAYS, 2))
"""(days before onboarding, phase) for each phase's oldest end."""
_TOPICS = (
    "Do you ship to Potsdam?",
    "Is the blue one still available?",
    "When do you open on Saturday?",
    "Thanks, it arrived today!",
    "Can I change my delivery address?",
)
_ANSWERS = (
    "Yes, within two days.",
    "It is, shall I keep one for you?",
    "From 9 to 14.",
    "Glad to hear it!",
    "Of course, send me the new one.",
)


@dataclass(frozen=True)
class PastMessage:
    """One message of a chat as the phone has it."""

    wamid: str
    at: float
    from_business: bool
    type: str
    """Meta's type word; media types are shared as placeholders."""
    body: Any = None
    """The type object (``{"body": …}`` for a text); None for media."""
    status: str = "READ"
    """``history_context.status`` at sync time."""


@dataclass
class PastChat:
    """The phone's chat with one number."""

    wa_id: str
    messages: list[PastMessage] = field(default_factory=list)


def seed_chats(
    rng: random.Random, now: float, *, chats: int, messages: int, days: int = HISTORY_DAYS
) -> list[PastChat]:
    """Invent `chats` chats holding `messages` messages in all, spread over `days` before
    `now`: customers ask, the business answers, one message in ten is a photo or a file."""
    made = [PastChat(f"4917{rng.randrange(10**9):09d}") for _ in range(chats)]
    for n in range(messages):
        chat = made[n % chats]
        business = len(chat.messages) % 2 == 1
        at = now - rng.uniform(60, days * DAY_S)
        if rng.random() < 0.1:
            kind, body = rng.choice(sorted(MEDIA_TYPES)), None
        else:
            words = _ANSWERS if business else _TOPICS
            kind, body = "text", {"body": rng.choice(words)}
        status = rng.choice(("DELIVERED", "READ")) if business else "READ"
        chat.messages.append(PastMessage(history_wamid(), at, business, kind, body, status))
    for chat in made:
        chat.messages.sort(key=lambda m: m.at)
    return made


def phase_of(at: float, onboarded_at: float) -> int | None:
    """The phase a message of time `at` is shared in; None when older than 180 days."""
    age_days = (onboarded_at - at) / DAY_S
    for days, phase in _PHASE_ENDS:
        if age_days <= days:
            return phase
    return None


def history_items(
    chats: Sequence[PastChat],
    onboarded_at: float,
    display_number: str,
    rng: random.Random,
    threads_per_chunk: int = THREADS_PER_CHUNK,
) -> list[WebhookItem]:
    """The ``history`` webhook items for these chats, in the order Meta sends them: phase by
    phase, each phase's chunks shuffled, the last one at progress 100. A phone without history
    still says it is done (one empty chunk)."""
    chunks = [
        (phase, order, threads)
        for phase in (0, 1, 2)
        for order, threads in enumerate(
            _cut(_threads(chats, phase, onboarded_at, display_number), threads_per_chunk)
        )
    ]
    by_phase = [[c for c in chunks if c[0] == phase] for phase in (0, 1, 2)]
    for phase_chunks in by_phase:
        rng.shuffle(phase_chunks)  # "chunks can arrive out of order" (§15.3)
    ordered = [c for phase_chunks in by_phase for c in phase_chunks] or [(2, 0, [])]
    total = len(ordered)
    return [
        _chunk_item(phase, order, (100 * (n + 1)) // total, threads)
        for n, (phase, order, threads) in enumerate(ordered)
    ]


def recent_media(
    chats: Sequence[PastChat], onboarded_at: float
) -> list[tuple[PastChat, PastMessage]]:
    """The placeholders Meta follows up with their files: media of the last 14 days."""
    return [
        (chat, m)
        for chat in chats
        for m in chat.messages
        if m.type in MEDIA_TYPES and onboarded_at - m.at <= MEDIA_DAYS * DAY_S
    ]


def media_follow_up(
    chat: PastChat, m: PastMessage, display_number: str, body: dict[str, Any]
) -> WebhookItem:
    """A placeholder again, now with its media object (`body`: id, mime type, sha256): a
    ``history`` webhook carrying ``value.messages[]`` instead of ``value.history[]``."""
    message: dict[str, Any] = (
        {"from": display_number, "to": chat.wa_id} if m.from_business else {"from": chat.wa_id}
    )
    message.update({"id": m.wamid, "timestamp": timestamp(m.at), "type": m.type, m.type: body})
    return WebhookItem("history", "messages", message)


def declined_item() -> WebhookItem:
    """What Meta sends when the owner chose not to share the chat history (final)."""
    error = {
        "code": DECLINED_CODE,
        "title": "History sharing is off",
        "message": "The business chose not to share its chat history.",
        "error_data": {
            "details": "The WhatsApp Business app user declined to share message history."
        },
    }
    return WebhookItem("history", "history", {"errors": [error]})


def _threads(
    chats: Sequence[PastChat], phase: int, onboarded_at: float, display_number: str
) -> list[dict[str, Any]]:
    threads = []
    for chat in chats:
        messages = [
            _message(m, chat.wa_id, display_number)
            for m in chat.messages
            if phase_of(m.at, onboarded_at) == phase
        ]
        if messages:
            threads.append({"id": chat.wa_id, "messages": messages})
    return threads


def _cut(threads: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(threads), size):
        yield threads[start : start + size]


def _message(m: PastMessage, wa_id: str, display_number: str) -> dict[str, Any]:
    shown: dict[str, Any] = (
        {"from": display_number, "to": wa_id} if m.from_business else {"from": wa_id}
    )
    placeholder = m.type in MEDIA_TYPES
    kind = "media_placeholder" if placeholder else m.type
    shown.update({"id": m.wamid, "timestamp": timestamp(m.at), "type": kind})
    if not placeholder and m.body is not None:
        shown[kind] = m.body
    shown["history_context"] = {"status": m.status}
    return shown


def _chunk_item(
    phase: int, order: int, progress: int, threads: list[dict[str, Any]]
) -> WebhookItem:
    metadata = {"phase": phase, "chunk_order": order, "progress": progress}
    return WebhookItem("history", "history", {"metadata": metadata, "threads": threads})
