"""Every message kind and context reaches the screen: model roles, painted bubbles, previews."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain.content import (
    ContactPhone,
    Contacts,
    Content,
    ContentKind,
    InteractiveReply,
    Location,
    Media,
    MessageContext,
    Order,
    OrderItem,
    Reaction,
    Referral,
    ReplyType,
    SharedContact,
    StoredMedia,
    TemplateButton,
    Text,
    Unsupported,
)
from app.domain.ids import ConversationId, Wamid
from app.domain.model import DeliveryStatus, Direction, QueueView, QuotedMessage
from app.ui.app import create_desk_window
from app.ui.desk_window import DeskWindow
from app.ui.models.conversation_model import ConversationModel, MessageRole
from app.ui.models.queue_model import QueueRole
from app.ui.theme import COLORS
from app.ui.widgets.bubble_delegate import REACTION_HEIGHT, REACTION_OVERLAP
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.wait import until
from tests.unit.ui.conftest import NOW

STORED = StoredMedia("obj", b"k" * 32, b"h" * 32, 214_000)
CUSTOMER = "Lena Krüger"

KINDS: list[Content] = [
    Text("Is my order shipped?"),
    Media(ContentKind.IMAGE, "image/jpeg", caption="receipt", stored=STORED),
    Media(ContentKind.VIDEO, "video/mp4", caption="unboxing", stored=STORED),
    Media(ContentKind.AUDIO, "audio/ogg; codecs=opus", voice=True, stored=STORED),
    Media(ContentKind.AUDIO, "audio/mpeg", filename="song.mp3"),
    Media(ContentKind.DOCUMENT, "application/pdf", caption="see", filename="invoice-42.pdf"),
    Media(ContentKind.STICKER, "image/webp", animated=True),
    Location("52.5200", "13.4050", "Shop Mitte", "Alexanderplatz 1, Berlin"),
    Location("52.52", "13.40"),
    Contacts(
        (
            SharedContact("Jonas B", (ContactPhone("+49 151 0000000"),), ("j@example.com",)),
            SharedContact("Mia K", (ContactPhone("+49 151 1111111"),)),
        )
    ),
    InteractiveReply(ReplyType.BUTTON, "confirm_yes", "Yes"),
    InteractiveReply(ReplyType.LIST, "slot_2", "Tue 10:00", "Berlin"),
    InteractiveReply(ReplyType.FLOW, "", "Booking", response_json="{}"),
    TemplateButton("STOP_PROMO", "Stop promotions"),
    Order("cat", "gift-wrap please", (OrderItem("sku", 2, "19.99", "EUR"),)),
    Unsupported(131051, "Message type unknown"),
]


def every_kind(team: FakeTeam, anna: FakeDesk) -> ConversationId:
    """One bubble per kind, our reply, and context: a quote, forwards, an ad, a reaction."""
    cid = team.customer_sends(CUSTOMER, KINDS[0], wa_id="4915112345678", at=NOW - 3600)
    team.assign(cid, anna.me)
    for i, content in enumerate(KINDS[1:], start=1):
        team.customer_sends(CUSTOMER, content, at=NOW - 3600 + i)
    ours = team.agent_sent(cid, anna.me, "Which size?", DeliveryStatus.READ, at=NOW - 600)
    assert ours.wamid is not None
    contexts = [
        MessageContext(quoted=ours.wamid),
        MessageContext(quoted=Wamid("wamid.UNKNOWN")),
        MessageContext(forwarded=True),
        MessageContext(frequently_forwarded=True),
        MessageContext(referral=Referral("ad", "1", headline="Spring sale")),
        MessageContext(referral=Referral("post", "2")),
        MessageContext(referred_product="cat/sku-1"),
    ]
    for i, context in enumerate(contexts):
        team.customer_sends(CUSTOMER, Text(f"with context {i}"), context=context, at=NOW - 500 + i)
    team.customer_sends(CUSTOMER, Reaction(ours.wamid, "❤"), at=NOW - 100)
    return cid


async def opened(qtbot: QtBot, desk: FakeDesk, cid: ConversationId) -> DeskWindow:
    window = create_desk_window(desk, clock=lambda: NOW)
    qtbot.addWidget(window)
    window.resize(1000, 900)
    window.show()
    window.open_conversation(cid)
    model = window.conversation.model
    assert model is not None
    await until(lambda: model.rowCount() == len(KINDS) + 8)
    return window


def paint_row(window: DeskWindow, row: int) -> QImage:
    view = window.conversation.view
    model = view.model()
    index = model.index(row, 0)
    option = QStyleOptionViewItem()
    option.font = view.font()
    option.state = QStyle.StateFlag.State_Enabled
    option.rect = QRect(0, 0, view.viewport().width(), 10)
    height = view.itemDelegate().sizeHint(option, index).height()
    option.rect = QRect(QPoint(0, 0), QRect(0, 0, view.viewport().width(), height).size())
    image = QImage(option.rect.size(), QImage.Format.Format_ARGB32)
    image.fill(QColor(COLORS.chat))
    painter = QPainter(image)
    view.itemDelegate().paint(painter, option, index)
    painter.end()
    return image


def colours(image: QImage) -> set[int]:
    return {image.pixel(x, y) for x in range(0, image.width(), 2) for y in range(image.height())}


@pytest.mark.asyncio
async def test_every_kind_and_context_paints(qtbot: QtBot, team: FakeTeam, anna: FakeDesk) -> None:
    window = await opened(qtbot, anna, every_kind(team, anna))
    model = window.conversation.model
    assert model is not None
    heights = {}
    for row in range(model.rowCount()):
        image = paint_row(window, row)
        outbound = model.index(row).data(MessageRole.DIRECTION) is Direction.OUTBOUND
        bubble = QColor(COLORS.outbound if outbound else COLORS.inbound).rgb()
        found = colours(image)
        assert bubble in found, row
        assert len(found) > 12, f"row {row} is nearly blank"  # text, icons, shades
        heights[model.index(row).data(MessageRole.KIND)] = image.height()
    assert heights[ContentKind.IMAGE] > 150  # the picture tile
    assert heights[ContentKind.STICKER] > 120
    assert heights[ContentKind.CONTACTS] > 2 * heights[ContentKind.TEXT]  # two cards
    grab = window.conversation.view.viewport().grab().toImage()
    assert len(colours(grab)) > 50


@pytest.mark.asyncio
async def test_quote_and_reaction_add_to_the_bubble(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    cid = every_kind(team, anna)
    team.customer_sends(CUSTOMER, Text("with context 0"), at=NOW - 50)  # the same, unquoted
    window = create_desk_window(anna, clock=lambda: NOW)
    qtbot.addWidget(window)
    window.resize(1000, 900)
    window.show()
    window.open_conversation(cid)
    model = window.conversation.model
    assert model is not None
    await until(lambda: model.rowCount() == len(KINDS) + 9)
    rows = [model.index(r) for r in range(model.rowCount())]
    ours = next(i.row() for i in rows if i.data(MessageRole.DIRECTION) is Direction.OUTBOUND)
    quoted, *_, plain = (i.row() for i in rows if i.data(MessageRole.TEXT) == "with context 0")
    assert paint_row(window, quoted).height() > paint_row(window, plain).height() + 20
    assert model.index(ours).data(MessageRole.REACTION) == "❤"
    reacted = paint_row(window, ours)
    team.customer_sends(CUSTOMER, Reaction(ours_wamid(team, cid), ""), at=NOW)
    await until(lambda: model.index(ours).data(MessageRole.REACTION) == "")
    unreacted = paint_row(window, ours)
    assert reacted.height() - unreacted.height() == REACTION_HEIGHT - REACTION_OVERLAP
    assert QColor("white").rgb() in colours(reacted)  # the badge's pill
    assert QColor("white").rgb() not in colours(unreacted)


def ours_wamid(team: FakeTeam, cid: ConversationId) -> Wamid:
    return next(m.wamid for m in team.conversations[cid].messages if m.wamid and m.author)


@pytest.mark.asyncio
async def test_model_roles_for_contents_and_context(
    team: FakeTeam, anna: FakeDesk, qtmodeltester: ModelTester
) -> None:
    cid = every_kind(team, anna)
    model = ConversationModel(anna, cid)
    qtmodeltester.check(model)
    model.start()
    await until(lambda: model.rowCount() == len(KINDS) + 8)
    photo = model.index(1)
    assert photo.data(MessageRole.KIND) is ContentKind.IMAGE
    assert photo.data(MessageRole.CONTENT) == KINDS[1]
    assert photo.data() == "receipt"
    spoken = photo.data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken.startswith("Customer, ")
    assert spoken.endswith(": Photo · receipt")
    ours = model.index(len(KINDS))
    assert ours.data(MessageRole.CONTENT) == Text("Which size?")  # replies keep their content
    assert ours.data(MessageRole.KIND) is ContentKind.TEXT
    assert "Customer reacted ❤" in ours.data(Qt.ItemDataRole.AccessibleTextRole)
    quoting, dangling = model.index(len(KINDS) + 1), model.index(len(KINDS) + 2)
    assert quoting.data(MessageRole.QUOTED) == QuotedMessage(
        Direction.OUTBOUND, "Which size?", ContentKind.TEXT, anna.me
    )
    assert quoting.data(MessageRole.QUOTED_AUTHOR) == "Anna"
    assert dangling.data(MessageRole.QUOTED) is None
    assert dangling.data(MessageRole.CONTEXT).quoted == "wamid.UNKNOWN"
    assert dangling.data(MessageRole.QUOTED_AUTHOR) == ""


@pytest.mark.asyncio
async def test_opening_a_media_bubble_asks_for_the_file(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    window = await opened(qtbot, anna, every_kind(team, anna))
    view, model = window.conversation.view, window.conversation.model
    assert model is not None
    asked: list[bytes] = []
    window.conversation.media_requested.connect(asked.append)
    view.activated.emit(model.index(0))  # a text: nothing to open
    view.activated.emit(model.index(1))  # the photo
    assert asked == [model.index(1).data(MessageRole.EVENT_ID)]


@pytest.mark.asyncio
async def test_queue_rows_preview_the_kind(qtbot: QtBot, team: FakeTeam, anna: FakeDesk) -> None:
    team.customer_writes("Text Only", "plain words", at=NOW - 30)
    team.customer_sends("Photo Sender", KINDS[1], at=NOW - 20)
    team.customer_sends("Pin Sender", KINDS[7], at=NOW - 10)
    window = create_desk_window(anna, clock=lambda: NOW)
    qtbot.addWidget(window)
    window.queue.show_tab(QueueView.ALL_OPEN)
    listing, model = window.queue.current_list, window.queue.current_model
    window.show()
    await until(lambda: model.rowCount() == 3)
    previews = {
        model.index(r).data(QueueRole.CUSTOMER_NAME): (
            model.index(r).data(QueueRole.PREVIEW),
            model.index(r).data(QueueRole.PREVIEW_KIND),
        )
        for r in range(3)
    }
    assert previews == {
        "Text Only": ("plain words", ContentKind.TEXT),
        "Photo Sender": ("Photo · receipt", ContentKind.IMAGE),
        "Pin Sender": ("Location · Shop Mitte Alexanderplatz 1, Berlin", ContentKind.LOCATION),
    }
    images = {}
    for row in range(3):
        image = QImage(360, 68, QImage.Format.Format_ARGB32)
        option = QStyleOptionViewItem()
        option.rect = QRect(QPoint(0, 0), image.size())
        option.state = QStyle.StateFlag.State_Enabled
        option.font = listing.font()
        painter = QPainter(image)
        listing.itemDelegate().paint(painter, option, model.index(row))
        painter.end()
        images[model.index(row).data(QueueRole.CUSTOMER_NAME)] = image
    # The kind's icon sits where a text's preview starts: the rows differ there.
    icon_area = QRect(66, 30, 14, 30)
    assert images["Photo Sender"].copy(icon_area) != images["Pin Sender"].copy(icon_area)
