"""The short authentication string's words: Matrix's 64 SAS emoji, in Matrix's order.

Pure data, so the Qt UI and the gateway's terminal show the same table. An emoji SAS is seven
indices into `SAS_EMOJI` (6 bits each); a decimal SAS is three numbers from 1000 to 9191. The
table is the one of the Matrix specification (client-server API, "SAS method: emoji"), so people
who know it from other apps recognise it; indices are wire meaning and must never be reordered.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SasEmoji:
    """One entry of the table."""

    emoji: str
    name: str
    """The English name Matrix gives it, shown under the emoji."""


SAS_EMOJI: tuple[SasEmoji, ...] = tuple(
    SasEmoji(emoji, name)
    for emoji, name in (
        ("\U0001f436", "Dog"),
        ("\U0001f431", "Cat"),
        ("\U0001f981", "Lion"),
        ("\U0001f40e", "Horse"),
        ("\U0001f984", "Unicorn"),
        ("\U0001f437", "Pig"),
        ("\U0001f418", "Elephant"),
        ("\U0001f430", "Rabbit"),
        ("\U0001f43c", "Panda"),
        ("\U0001f413", "Rooster"),
        ("\U0001f427", "Penguin"),
        ("\U0001f422", "Turtle"),
        ("\U0001f41f", "Fish"),
        ("\U0001f419", "Octopus"),
        ("\U0001f98b", "Butterfly"),
        ("\U0001f337", "Flower"),
        ("\U0001f333", "Tree"),
        ("\U0001f335", "Cactus"),
        ("\U0001f344", "Mushroom"),
        ("\U0001f30f", "Globe"),
        ("\U0001f319", "Moon"),
        ("\u2601\ufe0f", "Cloud"),
        ("\U0001f525", "Fire"),
        ("\U0001f34c", "Banana"),
        ("\U0001f34e", "Apple"),
        ("\U0001f353", "Strawberry"),
        ("\U0001f33d", "Corn"),
        ("\U0001f355", "Pizza"),
        ("\U0001f382", "Cake"),
        ("\u2764\ufe0f", "Heart"),
        ("\U0001f600", "Smiley"),
        ("\U0001f916", "Robot"),
        ("\U0001f3a9", "Hat"),
        ("\U0001f453", "Glasses"),
        ("\U0001f527", "Spanner"),
        ("\U0001f385", "Santa"),
        ("\U0001f44d", "Thumbs Up"),
        ("\u2602\ufe0f", "Umbrella"),
        ("\u231b", "Hourglass"),
        ("\u23f0", "Clock"),
        ("\U0001f381", "Gift"),
        ("\U0001f4a1", "Light Bulb"),
        ("\U0001f4d5", "Book"),
        ("\u270f\ufe0f", "Pencil"),
        ("\U0001f4ce", "Paperclip"),
        ("\u2702\ufe0f", "Scissors"),
        ("\U0001f512", "Lock"),
        ("\U0001f511", "Key"),
        ("\U0001f528", "Hammer"),
        ("\u260e\ufe0f", "Telephone"),
        ("\U0001f3c1", "Flag"),
        ("\U0001f682", "Train"),
        ("\U0001f6b2", "Bicycle"),
        ("\u2708\ufe0f", "Aeroplane"),
        ("\U0001f680", "Rocket"),
        ("\U0001f3c6", "Trophy"),
        ("\u26bd", "Ball"),
        ("\U0001f3b8", "Guitar"),
        ("\U0001f3ba", "Trumpet"),
        ("\U0001f514", "Bell"),
        ("\u2693", "Anchor"),
        ("\U0001f3a7", "Headphones"),
        ("\U0001f4c1", "Folder"),
        ("\U0001f4cc", "Pin"),
    )
)
"""Index → emoji and name; exactly 64 entries."""


def sas_emoji(indices: tuple[int, ...]) -> tuple[SasEmoji, ...]:
    """The table entries for an emoji SAS's indices (each 0 to 63)."""
    return tuple(SAS_EMOJI[i] for i in indices)


def format_decimals(numbers: tuple[int, ...]) -> str:
    """A decimal SAS as people read it aloud: `"1234 5678 9012"`."""
    return " ".join(f"{n:04d}" for n in numbers)
