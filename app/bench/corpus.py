"""Realistic support-chat traffic for the benchmarks: seeded, so every run builds the same file.

Words follow a Zipf-like law (a few very common words, a long tail of rare ones), and about one
message in five names an order number, so the index holds many distinct tokens, as a real one
does. Nothing here is a real customer's.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

_COMMON = [
    "the",
    "to",
    "and",
    "a",
    "i",
    "you",
    "is",
    "it",
    "for",
    "my",
    "of",
    "in",
    "on",
    "this",
    "please",
    "can",
    "we",
    "your",
    "order",
    "is",
    "with",
    "have",
    "hello",
    "hi",
    "thanks",
    "thank",
    "be",
    "not",
    "are",
    "at",
    "when",
    "will",
    "do",
    "that",
    "me",
    "our",
    "so",
    "what",
]
_MEDIUM = [
    "delivery",
    "package",
    "parcel",
    "refund",
    "invoice",
    "payment",
    "address",
    "tracking",
    "shipment",
    "courier",
    "store",
    "receipt",
    "discount",
    "voucher",
    "return",
    "exchange",
    "size",
    "colour",
    "color",
    "broken",
    "damaged",
    "missing",
    "late",
    "today",
    "tomorrow",
    "yesterday",
    "morning",
    "evening",
    "week",
    "monday",
    "friday",
    "weekend",
    "account",
    "password",
    "email",
    "phone",
    "number",
    "card",
    "bank",
    "transfer",
    "cash",
    "price",
    "cost",
    "shipping",
    "express",
    "standard",
    "warranty",
    "repair",
    "replacement",
    "manager",
    "support",
    "agent",
    "question",
    "problem",
    "issue",
    "help",
    "urgent",
    "soon",
    "waiting",
    "confirm",
    "cancel",
    "change",
    "update",
    "status",
    "arrived",
    "received",
    "opened",
    "wrong",
    "item",
    "product",
    "box",
    "label",
    "photo",
    "picture",
    "screenshot",
    "link",
    "website",
    "app",
    "login",
    "code",
    "reset",
    "subscription",
    "plan",
    "upgrade",
]
_RARE = [
    "café",
    "crème",
    "brûlée",
    "naïve",
    "façade",
    "jalapeño",
    "piñata",
    "smörgåsbord",
    "straße",
    "köln",
    "zürich",
    "münchen",
    "espresso",
    "cappuccino",
    "croissant",
    "baguette",
    "lasagne",
    "risotto",
    "tiramisu",
    "sushi",
    "ramen",
    "falafel",
    "kettle",
    "toaster",
    "blender",
    "vacuum",
    "headphones",
    "charger",
    "keyboard",
    "monitor",
    "printer",
    "router",
    "sneakers",
    "jacket",
    "scarf",
    "gloves",
    "umbrella",
    "backpack",
    "suitcase",
    "wallet",
    "necklace",
    "bracelet",
    "sofa",
    "mattress",
    "pillow",
    "blanket",
    "curtain",
    "lamp",
    "mirror",
    "shelf",
    "wardrobe",
    "carpet",
]

NAMES = [
    "Anna",
    "Ben",
    "Chiara",
    "Dmitri",
    "Elif",
    "Farah",
    "Gustav",
    "Hana",
    "Ivan",
    "Jasmin",
    "Karl",
    "Lena",
    "Mateo",
    "Nora",
    "Oskar",
    "Priya",
    "Quentin",
    "Rosa",
    "Sven",
    "Tomás",
    "Uma",
    "Viktor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoë",
]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The words the corpus draws from, by band, for choosing benchmark queries."""

    common: tuple[str, ...] = tuple(_COMMON)
    medium: tuple[str, ...] = tuple(_MEDIUM)
    rare: tuple[str, ...] = tuple(_RARE)


def messages(count: int, seed: int = 7) -> Iterator[str]:
    """`count` message texts of 3 to 24 words."""
    rng = random.Random(seed)
    words = [*_COMMON, *_MEDIUM, *_RARE]
    # Zipf-like: the k-th word is drawn with weight 1/k.
    weights = [1.0 / (rank + 1) for rank in range(len(words))]
    for n in range(count):
        length = rng.randint(3, 24)
        text = rng.choices(words, weights, k=length)
        if n % 5 == 0:
            text.insert(rng.randrange(len(text)), f"#{rng.randrange(10**7):07d}")
        yield " ".join(text).capitalize()


def customer_name(n: int) -> str:
    return f"{NAMES[n % len(NAMES)]} {n // len(NAMES) + 1}"
