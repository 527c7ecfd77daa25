"""What one bubble holds, read from the model, and the blocks it is stacked from: context marks
(forwarded, the ad the customer came from, the quoted message), then the content as its kind
shows it (a picture, a tile, cards, words), per `content_text.describe`.

Photos and stickers show their thumbnail (`app.ui.thumbnails`) once it is loaded; a customer's
picture whose file the gateway has not stored yet says it is downloading, and turns into the
picture when the file's `MediaStored` change arrives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QFont, QTextLayout

from app.domain.content import NO_CONTEXT, Content, ContentKind, Media, MessageContext
from app.domain.model import DeliveryStatus, Direction, QuotedMessage
from app.ui import content_text, wording
from app.ui.content_text import Tile, tr
from app.ui.models.conversation_model import MessageRole
from app.ui.theme import COLORS
from app.ui.thumbnails import Phase, Thumb
from app.ui.widgets.bubble_blocks import (
    Block,
    CardBlock,
    ChipBlock,
    Fonts,
    LineBlock,
    PictureBlock,
    QuoteBlock,
    TextBlock,
    TileBlock,
)

Index = QModelIndex | QPersistentModelIndex
LayOut = Callable[[str, QFont, float], QTextLayout]
"""Wraps text to a width; the delegate's cached `lay_out`."""
PICTURES = frozenset({ContentKind.IMAGE, ContentKind.STICKER})
"""Kinds shown by their thumbnail."""


@dataclass(frozen=True, slots=True)
class Bubble:
    """What one row shows, read from the model."""

    event_id: bytes
    text: str
    outbound: bool
    at: int
    author: str
    status: DeliveryStatus
    content: Content | None = None
    error_code: int = 0
    context: MessageContext = NO_CONTEXT
    reaction: str = ""
    quoted: QuotedMessage | None = None
    quoted_author: str = ""
    direction: Direction = Direction.INBOUND
    line: str = ""
    """An activity line's words (`MessageRole.LINE_TEXT`)."""
    edited: bool = False
    """The customer edited it: the footer says so beside the time."""

    @property
    def is_note(self) -> bool:
        return self.direction is Direction.NOTE

    @property
    def is_line(self) -> bool:
        return self.direction is Direction.ACTIVITY

    @classmethod
    def read(cls, index: Index) -> Bubble:
        direction = index.data(MessageRole.DIRECTION)
        return cls(
            event_id=index.data(MessageRole.EVENT_ID) or b"",
            text=index.data(MessageRole.TEXT) or "",
            # Notes are the team's own words: they sit on the team's side of the thread.
            outbound=direction in (Direction.OUTBOUND, Direction.NOTE),
            at=index.data(MessageRole.AT) or 0,
            author=index.data(MessageRole.AUTHOR_NAME) or "",
            status=DeliveryStatus(index.data(MessageRole.STATUS) or 0),
            error_code=index.data(MessageRole.ERROR_CODE) or 0,
            content=index.data(MessageRole.CONTENT),
            context=index.data(MessageRole.CONTEXT) or NO_CONTEXT,
            reaction=index.data(MessageRole.REACTION) or "",
            quoted=index.data(MessageRole.QUOTED),
            quoted_author=index.data(MessageRole.QUOTED_AUTHOR) or "",
            direction=Direction(direction or Direction.INBOUND),
            line=index.data(MessageRole.LINE_TEXT) or "",
            edited=bool(index.data(MessageRole.EDITED)),
        )

    @property
    def footer(self) -> str:
        """The time under the bubble, and "edited" before it if the customer edited it."""
        when = wording.clock_time(self.at)
        return tr("edited %1").replace("%1", when) if self.edited else when

    @property
    def is_media(self) -> bool:
        """Whether the bubble stands for a file the agent may want to open."""
        return self.content is not None and self.content.kind in {
            ContentKind.IMAGE,
            ContentKind.VIDEO,
            ContentKind.AUDIO,
            ContentKind.DOCUMENT,
            ContentKind.STICKER,
        }

    @property
    def has_thumbnail(self) -> bool:
        """Whether the bubble is a photo or sticker whose file the team has (so a thumbnail
        can be made)."""
        media = self.content
        if not isinstance(media, Media):
            return False
        return media.media_kind in PICTURES and media.stored is not None


def blocks(
    bubble: Bubble, fonts: Fonts, limit: float, lay_out: LayOut, thumb: Thumb | None = None
) -> list[Block]:
    """The bubble's parts, top to bottom, none wider than `limit` (text wraps within it).

    `thumb` is the state of the bubble's thumbnail, for a photo or sticker (None: not asked
    for yet, shown as loading)."""
    column = _context(bubble, fonts, limit)
    shown = content_text.describe(bubble.content, bubble.text)
    wrap = limit
    if shown.tile is not None:
        tile = _picture(bubble, shown.tile, fonts, limit, thumb)
        column.append(tile)
        wrap = tile.width  # a caption reads as part of its picture
    column += [CardBlock(card, fonts, limit) for card in shown.cards]
    if shown.placeholder:
        layout = lay_out(shown.placeholder, fonts.italic, limit)
        column.append(TextBlock(layout, COLORS.muted))
    if shown.body or not column:
        column.append(TextBlock(lay_out(shown.body, fonts.body, wrap)))
    return column


def _picture(bubble: Bubble, tile: Tile, fonts: Fonts, limit: float, thumb: Thumb | None) -> Block:
    media = bubble.content
    if not isinstance(media, Media) or media.media_kind not in PICTURES:
        return TileBlock(tile, fonts, limit)
    if media.stored is None:
        if bubble.outbound:
            return TileBlock(tile, fonts, limit)
        waiting = ("download", tr("Downloading…"))
        return PictureBlock(tile, fonts, limit, None, waiting, opens_file=False)
    if thumb is not None and thumb.phase is Phase.READY:
        return PictureBlock(tile, fonts, limit, thumb.image)
    if thumb is not None and thumb.phase is Phase.FAILED:
        return PictureBlock(tile, fonts, limit, None, ("picture-off", thumb.reason))
    return PictureBlock(tile, fonts, limit, None)


def _context(bubble: Bubble, fonts: Fonts, limit: float) -> list[Block]:
    context = bubble.context
    column: list[Block] = []
    if context.forwarded or context.frequently_forwarded:
        words = tr("Forwarded many times") if context.frequently_forwarded else tr("Forwarded")
        column.append(LineBlock("forwarded", words, fonts.small_italic, limit))
    if context.referral is not None:
        column.append(ChipBlock("ad", _referral(context), fonts.author, limit))
    if context.referred_product:
        column.append(ChipBlock("product", tr("Asked about a product"), fonts.author, limit))
    if context.quoted is not None:
        column.append(_quote(bubble.quoted, bubble.quoted_author, fonts, limit))
    return column


def _referral(context: MessageContext) -> str:
    referral = context.referral
    assert referral is not None
    headline = referral.headline or referral.body
    if referral.source_type == "post":
        return tr("From post: %1").replace("%1", headline) if headline else tr("From a post")
    return tr("From ad: %1").replace("%1", headline) if headline else tr("From an ad")


def _quote(quoted: QuotedMessage | None, author: str, fonts: Fonts, limit: float) -> QuoteBlock:
    if quoted is None:
        return QuoteBlock("", "quote", tr("Original message not available"), fonts, limit)
    icon = content_text.kind_icon(quoted.kind)
    text = content_text.preview(quoted.kind, quoted.text)
    return QuoteBlock(author, icon, text, fonts, limit)
