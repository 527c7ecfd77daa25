"""Photos and stickers show as thumbnails: loaded for rows in sight, kept in memory and (sealed)
by the desk, "Downloading…" until the gateway stored the file, a reason when they cannot be
shown; a click opens the viewer. Links in messages open in the system browser."""

from __future__ import annotations

import pytest
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QObject,
    QPoint,
    QPointF,
    Qt,
    QUrl,
    Slot,
)
from PySide6.QtGui import QColor, QDesktopServices, QImage, QMouseEvent
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from app.domain.content import ContentKind, Media
from app.domain.ids import ConversationId, EventId
from app.domain.model import HubState
from app.ui.desk_window import DeskWindow
from app.ui.models.conversation_model import MessageRole
from app.ui.thumbnails import MAX_SIDE, Phase, Thumbnails, decode
from app.ui.widgets.bubble_blocks import Fonts, PictureBlock
from app.ui.widgets.bubble_content import Bubble, blocks
from app.ui.widgets.bubble_delegate import Hit
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.wait import settle, until
from tests.unit.ui.conftest import NOW
from tests.unit.ui.test_desk_window import open_conversation, open_window

RED = QColor(220, 20, 20)


def picture(width: int, height: int, color: QColor = RED, fmt: str = "PNG") -> bytes:
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(color)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, fmt)
    return bytes(data.data())


def photo_from_customer(team: FakeTeam, data: bytes | None, caption: str = "") -> EventId:
    """A customer's photo; `data` None: the gateway has not stored the file yet."""
    cid = team.customer_sends(
        "Maria", Media(ContentKind.IMAGE, "image/png", caption=caption), at=NOW - 60
    )
    event_id = team.conversations[cid].messages[-1].event_id
    if data is not None:
        team.file_arrives(event_id, data)
    return event_id


def phase_of(pictures: Thumbnails, event_id: EventId) -> Phase | None:
    thumb = pictures.peek(event_id)
    return None if thumb is None else thumb.phase


def conversation(team: FakeTeam) -> ConversationId:
    return next(iter(team.conversations))


def thumbnails(window: DeskWindow) -> Thumbnails:
    return window.conversation.thumbnails


def row_of(window: DeskWindow, event_id: EventId) -> int:
    model = window.conversation.model
    assert model is not None
    row = model.row_of(event_id)
    assert row is not None
    return row


def find_point(window: DeskWindow, row: int, wanted: object) -> QPoint:
    """A point in the row's bubble where `wanted(hit)` holds, found by scanning."""
    view = window.conversation.view
    model = view.model()
    rect = view.visualRect(model.index(row, 0))
    for y in range(rect.top(), rect.bottom(), 3):
        for x in range(rect.left(), rect.right(), 3):
            hit = view.hit_at(QPoint(x, y))
            if hit is not None and wanted(hit):  # type: ignore[operator]
                return QPoint(x, y)
    raise AssertionError("nothing like that in the row")


def mouse(widget: QWidget, kind: QEvent.Type, point: QPoint) -> None:
    """Deliver one mouse event at once. (qtbot's mouse helpers may spin a nested event loop,
    which an async test must not: stack.md §6.)"""
    left = Qt.MouseButton.LeftButton
    button = Qt.MouseButton.NoButton if kind is QEvent.Type.MouseMove else left
    held = Qt.MouseButton.LeftButton if kind is QEvent.Type.MouseButtonPress else button
    if kind is QEvent.Type.MouseButtonRelease:
        held = Qt.MouseButton.NoButton
    local = QPointF(point)
    event = QMouseEvent(
        kind, local, widget.mapToGlobal(local), button, held, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, event)


def hover(widget: QWidget, point: QPoint) -> None:
    mouse(widget, QEvent.Type.MouseMove, point)


def click(widget: QWidget, point: QPoint) -> None:
    hover(widget, point)
    mouse(widget, QEvent.Type.MouseButtonPress, point)
    mouse(widget, QEvent.Type.MouseButtonRelease, point)


def red_pixels(window: DeskWindow) -> int:
    view = window.conversation.view
    shot = view.viewport().grab().toImage()
    return sum(
        1
        for y in range(0, shot.height(), 4)
        for x in range(0, shot.width(), 4)
        if shot.pixelColor(x, y).red() > 200 and shot.pixelColor(x, y).green() < 60
    )


async def open_maria(qtbot: QtBot, anna: FakeDesk) -> DeskWindow:
    window = await open_window(qtbot, anna)
    window.resize(1000, 700)
    await open_conversation(window, conversation(anna.team))
    return window


@pytest.mark.asyncio
async def test_a_photo_shows_its_thumbnail_once_loaded(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    event_id = photo_from_customer(team, picture(1200, 900), caption="the shelf")
    window = await open_maria(qtbot, anna)
    await until(lambda: phase_of(thumbnails(window), event_id) is Phase.READY)
    thumb = thumbnails(window).peek(event_id)
    assert thumb is not None
    assert thumb.image is not None
    assert max(thumb.image.width(), thumb.image.height()) == MAX_SIDE  # scaled, not the original
    assert anna.calls.count("open_media") == 1
    assert list(anna.thumbnails) == [event_id]  # kept for next time
    await until(lambda: red_pixels(window) > 100)  # the picture itself is painted


@pytest.mark.asyncio
async def test_a_kept_thumbnail_is_not_fetched_again(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    event_id = photo_from_customer(team, picture(800, 600))
    window = await open_maria(qtbot, anna)
    await until(lambda: phase_of(thumbnails(window), event_id) is Phase.READY)
    for _ in range(3):  # repaints hit the memory cache
        window.conversation.view.viewport().repaint()
        await settle(0.05)
    assert anna.calls.count("open_media") == 1
    assert anna.calls.count("cached_thumbnail") == 1
    window.close()
    again = await open_maria(qtbot, anna)  # a new window: memory is empty, the desk kept it
    await until(lambda: phase_of(thumbnails(again), event_id) is Phase.READY)
    assert anna.calls.count("open_media") == 1
    assert anna.calls.count("cached_thumbnail") == 2


@pytest.mark.asyncio
async def test_only_rows_in_sight_load(qtbot: QtBot, team: FakeTeam, anna: FakeDesk) -> None:
    first = photo_from_customer(team, picture(400, 300))
    for i in range(40):
        team.customer_writes("Maria", f"message {i}", at=NOW - 50 + i)
    window = await open_maria(qtbot, anna)
    await until(lambda: window.conversation.view.at_bottom())
    await settle(0.2)
    assert thumbnails(window).peek(first) is None  # scrolled out of sight: never asked for
    assert "open_media" not in anna.calls
    window.conversation.view.scrollToTop()
    await until(lambda: phase_of(thumbnails(window), first) is Phase.READY)


@pytest.mark.asyncio
async def test_downloading_until_the_file_arrives(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    event_id = photo_from_customer(team, None)
    window = await open_maria(qtbot, anna)
    model = window.conversation.model
    assert model is not None
    bubble = Bubble.read(model.index(row_of(window, event_id)))
    [tile] = blocks(bubble, Fonts(window.font()), 400, lambda *_: pytest.fail("no text"))
    assert isinstance(tile, PictureBlock)
    assert tile.status == ("download", "Downloading…")
    assert not tile.opens_file
    await settle()
    assert "open_media" not in anna.calls  # nothing to fetch yet
    team.file_arrives(event_id, picture(300, 400))
    await until(lambda: phase_of(thumbnails(window), event_id) is Phase.READY)
    thumb = thumbnails(window).peek(event_id)
    assert thumb is not None
    assert thumb.image is not None
    assert thumb.image.height() > thumb.image.width()  # portrait, as sent
    index = model.index(row_of(window, event_id))
    assert window.conversation.view.visualRect(index).height() > 300  # the row took its shape


@pytest.mark.asyncio
async def test_a_picture_that_cannot_be_had_says_why(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    event_id = photo_from_customer(team, b"not a picture at all")
    gone = photo_from_customer(team, picture(10, 10))
    del team.files[gone]  # the hub lost it
    window = await open_maria(qtbot, anna)
    pictures = thumbnails(window)
    await until(lambda: phase_of(pictures, event_id) is Phase.FAILED)
    await until(lambda: phase_of(pictures, gone) is Phase.FAILED)
    assert pictures.peek(event_id).reason == "Cannot show this picture"  # type: ignore[union-attr]
    assert pictures.peek(gone).reason == "Picture not available"  # type: ignore[union-attr]
    model = window.conversation.model
    assert model is not None
    bubble = Bubble.read(model.index(row_of(window, gone)))
    [tile] = blocks(
        bubble, Fonts(window.font()), 400, lambda *_: pytest.fail("no text"), pictures.peek(gone)
    )
    assert isinstance(tile, PictureBlock)
    assert tile.status == ("picture-off", "Picture not available")
    calls = anna.calls.count("open_media")
    window.conversation.view.viewport().repaint()
    await settle()
    assert anna.calls.count("open_media") == calls  # a failure is not retried on every repaint


@pytest.mark.asyncio
async def test_clicking_the_thumbnail_opens_the_viewer(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    event_id = photo_from_customer(team, picture(640, 480), caption="Shelf photo")
    window = await open_maria(qtbot, anna)
    await until(lambda: phase_of(thumbnails(window), event_id) is Phase.READY)
    point = find_point(window, row_of(window, event_id), lambda hit: hit.opens_file)
    viewport = window.conversation.view.viewport()
    hover(viewport, point)
    assert viewport.cursor().shape() == Qt.CursorShape.PointingHandCursor
    click(viewport, point)

    def viewer() -> QDialog | None:
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog)]
        return next((w for w in shown if w.isVisible() and w.windowTitle() == "Shelf photo"), None)

    await until(lambda: viewer() is not None)
    dialog = viewer()
    assert dialog is not None
    dialog.close()


@pytest.mark.asyncio
async def test_the_memory_cache_is_bounded(team: FakeTeam, anna: FakeDesk, qtbot: QtBot) -> None:
    ids = [photo_from_customer(team, picture(200, 200)) for _ in range(3)]
    one = decode(picture(200, 200)).sizeInBytes()
    cache = Thumbnails(anna, budget=2 * one)
    for event_id in ids:
        cache.request(event_id)
        await until(lambda e=event_id: phase_of(cache, e) is Phase.READY)
    assert cache.memory_used <= 2 * one
    assert cache.peek(ids[0]) is None  # the oldest went first
    assert cache.peek(ids[2]) is not None


class _Browser(QObject):
    """Stands in for the system browser through Qt's own URL handler hook."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toString())


@pytest.fixture
def browser() -> object:
    handler = _Browser()
    for scheme in ("http", "https", "mailto", "file"):
        QDesktopServices.setUrlHandler(scheme, handler, "open")
    yield handler
    for scheme in ("http", "https", "mailto", "file"):
        QDesktopServices.unsetUrlHandler(scheme)


@pytest.mark.asyncio
async def test_a_link_in_a_message_opens_in_the_browser(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, browser: _Browser
) -> None:
    url = "https://example.com/orders/4711?x=1"
    team.customer_writes("Maria", f"Where is my order? See {url}.", at=NOW - 60)
    team.customer_writes("Maria", "and file:///etc/passwd too", at=NOW - 30)
    window = await open_maria(qtbot, anna)
    view = window.conversation.view
    viewport = view.viewport()
    point = find_point(window, 0, lambda hit: bool(hit.link))
    assert view.hit_at(point) == Hit(link=url)  # the sentence's full stop is not part of it
    hover(viewport, point)
    assert viewport.cursor().shape() == Qt.CursorShape.PointingHandCursor
    click(viewport, point)
    assert browser.opened == [url]
    with pytest.raises(AssertionError, match="nothing like that"):
        find_point(window, 1, lambda hit: bool(hit.link))  # a file: link is only text
    plain = find_point(window, 1, lambda hit: hit == Hit())
    hover(viewport, plain)
    assert viewport.cursor().shape() == Qt.CursorShape.ArrowCursor
    click(viewport, plain)
    assert browser.opened == [url]
    view.setCurrentIndex(view.model().index(0, 0))
    view.copy_current()  # the text stays copyable, link and all
    assert QApplication.clipboard().text() == f"Where is my order? See {url}."
    assert view.model().index(0, 0).data(MessageRole.TEXT).endswith(f"{url}.")


@pytest.mark.asyncio
async def test_a_picture_the_hub_could_not_give_loads_when_it_is_back(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    data = picture(320, 240)
    event_id = photo_from_customer(team, data)
    del team.files[event_id]  # not cached here, and the hub is away
    team.set_hub_state(HubState.OFFLINE)
    window = await open_maria(qtbot, anna)
    pictures = thumbnails(window)
    await until(lambda: phase_of(pictures, event_id) is Phase.FAILED)
    assert pictures.peek(event_id).reason == "Hub offline: not loaded"  # type: ignore[union-attr]
    team.files[event_id] = data
    team.set_hub_state(HubState.ONLINE)
    await until(lambda: phase_of(pictures, event_id) is Phase.READY)
