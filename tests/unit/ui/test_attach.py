"""Sending a file from the desk: the paperclip button and Ctrl+Shift+A, the file dialog, the
size check before reading, the preview sheet with its caption (offered from the composer),
errors in words, and the pending bubble with its tile, which opens like a received file."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QLocale, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from app.domain.content import ContentKind, Media
from app.domain.ids import ConversationId
from app.domain.model import DeliveryStatus, Direction
from app.ui.desk_window import DeskWindow
from app.ui.file_sender import guess_mime
from app.ui.models.conversation_model import MessageRole
from app.ui.send_preview import SendPreview
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.wait import settle, until
from tests.unit.ui.conftest import NOW
from tests.unit.ui.test_desk_window import open_conversation, open_window, press


def _png(path: Path) -> bytes:
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("#178A6C"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")
    path.write_bytes(bytes(data.data()))
    return path.read_bytes()


async def _mine(qtbot: QtBot, team: FakeTeam, desk: FakeDesk) -> tuple[DeskWindow, ConversationId]:
    cid = team.customer_writes("Maria", "Can you send the receipt?", at=NOW - 600)
    team.assign(cid, desk.me)
    window = await open_window(qtbot, desk)
    await open_conversation(window, cid)
    await until(lambda: window.conversation.composer.is_allowed())
    return window, cid


async def _previewed(window: DeskWindow, path: Path) -> tuple[asyncio.Task[None], SendPreview]:
    """Start sending `path` and wait for its preview sheet."""
    task = asyncio.ensure_future(window.conversation.send_file(path))
    files = window.conversation.files
    await until(lambda: files.preview is not None and files.preview.isVisible())
    assert files.preview is not None
    return task, files.preview


async def _send_through_preview(window: DeskWindow, path: Path) -> None:
    task, sheet = await _previewed(window, path)
    sheet.send_button.click()
    await task


def _newest(window: DeskWindow) -> tuple[object, ...]:
    model = window.conversation.model
    assert model is not None
    index = model.index(model.rowCount() - 1)
    return (
        index.data(MessageRole.DIRECTION),
        index.data(MessageRole.KIND),
        index.data(MessageRole.STATUS),
        index.data(MessageRole.CONTENT),
    )


@pytest.mark.asyncio
async def test_the_button_is_enabled_exactly_when_replying_is(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, ben: FakeDesk
) -> None:
    cid = team.customer_writes("Maria", "Hello", at=NOW - 3600)
    window = await open_window(qtbot, anna)
    composer = window.conversation.composer
    button = composer.attach_button
    assert button.accessibleName() == "Attach a file"
    assert button.toolTip() == "Attach a file (Ctrl+Shift+A)"
    assert not button.icon().isNull()
    assert not button.isEnabled()  # no conversation open
    await open_conversation(window, cid)
    assert not button.isEnabled()  # not claimed
    await window.conversation._claim(cid)
    await until(lambda: button.isEnabled())
    assert button.isEnabled() == composer.edit.isEnabled()
    team.now = NOW + 24 * 3600  # the 24-hour window closes
    window.conversation._minute_passed()
    assert not button.isEnabled()
    other = team.customer_writes("Jonas", "Hi")
    team.assign(other, ben.me)
    await open_conversation(window, other)
    assert not button.isEnabled()  # a colleague's conversation
    press(window, "Ctrl+Shift+A")
    await settle()
    assert window.conversation.files.dialog is None  # nothing to attach to: no dialog


@pytest.mark.asyncio
async def test_ctrl_shift_a_picks_a_file_and_sends_it_with_the_caption(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, tmp_path: Path
) -> None:
    window, _ = await _mine(qtbot, team, anna)
    data = _png(tmp_path / "receipt.png")
    composer = window.conversation.composer
    composer.set_text("  Your receipt ")
    press(window, "Ctrl+Shift+A")
    files = window.conversation.files
    await until(lambda: files.dialog is not None and files.dialog.isVisible())
    dialog = files.dialog
    assert dialog is not None
    assert dialog.isModal()  # opened with open(), window-modal; no nested loop (style.md P2)
    # Type the path as the agent would (selectFile races the dialog's directory loading).
    name_edit = dialog.findChild(QLineEdit, "fileNameEdit")
    assert isinstance(name_edit, QLineEdit)
    name_edit.setText(str(tmp_path / "receipt.png"))
    qtbot.keyClick(name_edit, Qt.Key.Key_Return)
    await until(lambda: files.preview is not None and files.preview.isVisible())
    sheet = files.preview
    assert sheet is not None
    assert sheet.caption() == "Your receipt"  # offered from the composer
    assert "reply_media" not in anna.calls  # nothing goes before the agent says so
    qtbot.keyClick(sheet.caption_edit, Qt.Key.Key_Return)  # Enter sends
    await until(lambda: "reply_media" in anna.calls)
    await until(lambda: _newest(window)[1] is ContentKind.IMAGE)
    direction, _, status, content = _newest(window)
    assert (direction, status) == (Direction.OUTBOUND, DeliveryStatus.PENDING)
    assert isinstance(content, Media)
    assert (content.caption, content.filename, content.mime_type) == (
        "Your receipt",
        "receipt.png",
        "image/png",
    )
    assert content.stored is not None
    assert content.stored.size == len(data)
    assert composer.text() == ""  # the caption went with the file
    assert list(team.files.values()) == [data]
    assert files.dialog is None


@pytest.mark.asyncio
async def test_cancelling_the_dialog_sends_nothing(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    window, _ = await _mine(qtbot, team, anna)
    window.conversation.composer.set_text("draft")
    qtbot.mouseClick(window.conversation.composer.attach_button, Qt.MouseButton.LeftButton)
    files = window.conversation.files
    await until(lambda: files.dialog is not None and files.dialog.isVisible())
    assert files.dialog is not None
    files.dialog.reject()
    await until(lambda: files.dialog is None)
    assert "reply_media" not in anna.calls
    assert window.conversation.composer.text() == "draft"


@pytest.mark.asyncio
async def test_audio_goes_without_caption_and_leaves_the_text(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, tmp_path: Path
) -> None:
    window, _ = await _mine(qtbot, team, anna)
    song = tmp_path / "jingle.mp3"
    song.write_bytes(b"ID3\x04" + bytes(2_000))
    window.conversation.composer.set_text("Thanks for waiting")
    task, sheet = await _previewed(window, song)
    assert sheet.caption_edit.isHidden()  # audio goes without a caption
    assert sheet.caption() == ""
    sheet.send_button.click()
    await task
    await until(lambda: _newest(window)[1] is ContentKind.AUDIO)
    _, kind, status, content = _newest(window)
    assert (kind, status) == (ContentKind.AUDIO, DeliveryStatus.PENDING)
    assert isinstance(content, Media)
    assert content.caption == ""
    assert window.conversation.composer.text() == "Thanks for waiting"


@pytest.mark.asyncio
async def test_a_huge_file_is_refused_before_it_is_read(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _ = await _mine(qtbot, team, anna)
    video = tmp_path / "tour.mp4"
    with video.open("wb") as sparse:
        sparse.truncate(2_000_000_000)  # 2 GB, sparse: costs no disk

    def never(path: Path) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", never)
    window.conversation.composer.set_text("the tour")
    await window.conversation.send_file(video)
    assert window.status_text.text() == (
        "This file is too large to send. Videos can be at most 16 MB."
    )
    assert "reply_media" not in anna.calls
    assert window.conversation.composer.text() == "the tour"  # the caption was not taken


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        (
            "party.gif",
            b"GIF89a",
            "This file cannot be sent. WhatsApp takes photos as JPEG or PNG only.",
        ),
        ("empty.pdf", b"", "This file is empty: there is nothing to send."),
        ("missing.pdf", None, "Could not read the file: No such file or directory"),
    ],
)
async def test_refusals_in_words(
    qtbot: QtBot,
    team: FakeTeam,
    anna: FakeDesk,
    tmp_path: Path,
    name: str,
    content: bytes | None,
    words: str,
) -> None:
    window, _ = await _mine(qtbot, team, anna)
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    await window.conversation.send_file(path)
    assert window.status_text.text() == words
    assert "reply_media" not in anna.calls


@pytest.mark.asyncio
async def test_a_caption_too_long_keeps_the_text(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, tmp_path: Path
) -> None:
    window, _ = await _mine(qtbot, team, anna)
    _png(tmp_path / "a.png")
    window.conversation.composer.set_text("x" * 1025)
    task, sheet = await _previewed(window, tmp_path / "a.png")
    limit = QLocale().toString(1024)  # "1,024" or "1024", as the user's locale writes it
    assert sheet.problem.text() == f"A caption can be at most {limit} characters."
    assert not sheet.send_button.isEnabled()
    qtbot.keyClick(sheet.caption_edit, Qt.Key.Key_Return)
    await settle()
    assert sheet.isVisible()  # Enter does not send a caption the rules refuse
    sheet.caption_edit.setPlainText("x" * 1024)
    assert sheet.send_button.isEnabled()
    assert not sheet.problem.isVisibleTo(sheet)
    qtbot.keyClick(sheet, Qt.Key.Key_Escape)
    await task
    assert "reply_media" not in anna.calls
    assert window.conversation.composer.text() == "x" * 1025


@pytest.mark.asyncio
async def test_hub_down_gives_the_caption_back(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, tmp_path: Path
) -> None:
    window, _ = await _mine(qtbot, team, anna)
    _png(tmp_path / "a.png")
    team.file_hub_down = True
    composer = window.conversation.composer
    composer.set_text("Here you go")
    await _send_through_preview(window, tmp_path / "a.png")
    assert window.status_text.text() == (
        "The hub cannot be reached, so the file was not sent. Try again when online."
    )
    assert composer.text() == "Here you go"
    model = window.conversation.model
    assert model is not None
    assert model.rowCount() == 1  # nothing pending


@pytest.mark.asyncio
async def test_our_photo_opens_like_a_received_one(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, tmp_path: Path
) -> None:
    window, _ = await _mine(qtbot, team, anna)
    _png(tmp_path / "shelf.png")
    window.conversation.composer.set_text("The shelf")
    await _send_through_preview(window, tmp_path / "shelf.png")
    model = window.conversation.model
    assert model is not None
    await until(lambda: model.rowCount() == 2)
    window.conversation.view.activated.emit(model.index(1))  # double-click or Enter

    def viewer() -> QDialog | None:
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog)]
        return next((w for w in shown if w.isVisible() and w.windowTitle() == "The shelf"), None)

    await until(lambda: viewer() is not None)
    assert "open_media" in anna.calls
    dialog = viewer()
    assert dialog is not None
    dialog.close()


@pytest.mark.parametrize(
    ("name", "mime"),
    [
        ("a.PNG", "image/png"),
        ("clip.3gp", "video/3gpp"),
        ("note.amr", "audio/amr"),
        ("voice.opus", "audio/ogg"),
        ("sticker.webp", "image/webp"),
        ("notes", "application/octet-stream"),
    ],
)
def test_guess_mime(name: str, mime: str) -> None:
    assert guess_mime(name) == mime


@pytest.mark.asyncio
async def test_the_preview_shows_the_photo_and_sends_the_caption_typed_there(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, tmp_path: Path
) -> None:
    window, _ = await _mine(qtbot, team, anna)
    data = _png(tmp_path / "shelf.png")
    task, sheet = await _previewed(window, tmp_path / "shelf.png")
    assert sheet.windowTitle() == "Send a file"
    picture = sheet.findChild(QLabel, "PreviewPicture")
    assert isinstance(picture, QLabel)
    assert picture.pixmap().width() == 64  # the photo itself, not an icon
    assert sheet.caption() == ""
    qtbot.keyClicks(sheet.caption_edit, "Top shelf, left")
    assert sheet.counter.text().startswith("15 /")
    sheet.send_button.click()
    await task
    await until(lambda: _newest(window)[1] is ContentKind.IMAGE)
    content = _newest(window)[3]
    assert isinstance(content, Media)
    assert content.caption == "Top shelf, left"
    assert list(team.files.values()) == [data]


@pytest.mark.asyncio
async def test_cancelling_the_preview_sends_nothing_and_keeps_the_text(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, tmp_path: Path
) -> None:
    window, _ = await _mine(qtbot, team, anna)
    _png(tmp_path / "a.png")
    window.conversation.composer.set_text("draft words")
    task, sheet = await _previewed(window, tmp_path / "a.png")
    assert sheet.caption() == "draft words"
    qtbot.keyClick(sheet.caption_edit, Qt.Key.Key_Escape)  # Esc cancels
    await task
    assert window.conversation.files.preview is None
    await settle()
    assert "reply_media" not in anna.calls
    assert window.conversation.composer.text() == "draft words"
    model = window.conversation.model
    assert model is not None
    assert model.rowCount() == 1


@pytest.mark.asyncio
async def test_a_document_previews_as_its_name_and_size(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, tmp_path: Path
) -> None:
    window, _ = await _mine(qtbot, team, anna)
    invoice = tmp_path / "invoice-4711.pdf"
    invoice.write_bytes(b"%PDF-1.7 " + bytes(48_000))
    task, sheet = await _previewed(window, invoice)
    texts = [label.text() for label in sheet.findChildren(QLabel)]
    assert "invoice-4711.pdf" in texts
    assert any(t.startswith("Document · PDF · 48") for t in texts)
    assert sheet.findChild(QLabel, "PreviewPicture") is None
    sheet.send_button.click()
    await task
    await until(lambda: _newest(window)[1] is ContentKind.DOCUMENT)


@pytest.mark.asyncio
async def test_a_pasted_picture_goes_through_the_preview(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    window, _ = await _mine(qtbot, team, anna)
    picture = QImage(120, 90, QImage.Format.Format_RGB32)
    picture.fill(QColor("#178A6C"))
    pasted = QMimeData()
    pasted.setImageData(picture)
    edit = window.conversation.composer.edit
    assert edit.canInsertFromMimeData(pasted)
    edit.insertFromMimeData(pasted)  # what Ctrl+V does with a copied picture
    files = window.conversation.files
    await until(lambda: files.preview is not None and files.preview.isVisible())
    sheet = files.preview
    assert sheet is not None
    shown = sheet.findChild(QLabel, "PreviewPicture")
    assert isinstance(shown, QLabel)
    assert shown.pixmap().width() == 120
    assert edit.toPlainText() == ""  # no path or placeholder typed into the box
    sheet.send_button.click()
    await until(lambda: _newest(window)[1] is ContentKind.IMAGE)
    content = _newest(window)[3]
    assert isinstance(content, Media)
    assert (content.filename, content.mime_type) == ("pasted-image.png", "image/png")


@pytest.mark.asyncio
async def test_a_file_dropped_on_the_conversation_goes_through_the_preview(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, tmp_path: Path
) -> None:
    window, _ = await _mine(qtbot, team, anna)
    data = _png(tmp_path / "floor plan.png")
    dropped = QMimeData()
    dropped.setUrls([QUrl.fromLocalFile(str(tmp_path / "floor plan.png"))])
    pane = window.conversation
    centre = QPointF(pane.rect().center())
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(centre.toPoint(), Qt.DropAction.CopyAction, dropped, buttons, keys)
    QApplication.sendEvent(pane, enter)
    assert enter.isAccepted()
    drop = QDropEvent(centre, Qt.DropAction.CopyAction, dropped, buttons, keys)
    QApplication.sendEvent(pane, drop)
    files = pane.files
    await until(lambda: files.preview is not None and files.preview.isVisible())
    assert files.preview is not None
    files.preview.send_button.click()
    await until(lambda: _newest(window)[1] is ContentKind.IMAGE)
    assert list(team.files.values()) == [data]
    web = QMimeData()
    web.setUrls([QUrl("https://example.com/a.png")])
    enter = QDragEnterEvent(centre.toPoint(), Qt.DropAction.CopyAction, web, buttons, keys)
    enter.ignore()
    QApplication.sendEvent(pane, enter)
    assert not enter.isAccepted()  # a web link is not a file to send
