"""Exports: recorded first, written page by page to JSON or one self-contained HTML page, files
this desk holds carried along, the rest named; a record the hub refuses exports nothing."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from app.crypto.stream import new_object_name, seal_stream
from app.domain.content import ContentKind, Media, StoredMedia
from app.domain.export import ExportFormat, ExportScope
from app.domain.handling import HandoverAction
from app.domain.ids import NO_CONVERSATION, DeviceId
from app.log.events import Exported, Handover
from app.services.export import Exporter, ExportNotRecorded
from app.services.media import MediaAccess
from app.store.replica import Replica
from tests.unit.log.helpers import apply
from tests.unit.store.builders import ANNA, BORIS, KEY, LogBuilder, conversation_of

ALICE = conversation_of("CC.alice")
NAMES = {ANNA: "Anna", BORIS: "Boris"}
PICTURE = b"\x89PNG picture of the parcel"


def _name(device: DeviceId) -> str:
    return NAMES.get(device, "?")


@pytest_asyncio.fixture
async def replica(tmp_path: Path) -> AsyncIterator[Replica]:
    """Alice sends a photo this desk holds and a video it never opened; Anna answers (with
    a customer name that tries HTML) and transfers her to Boris; Bob writes once."""
    opened = await Replica.open(tmp_path / "replica.db", KEY)
    log = LogBuilder()
    cache = tmp_path / "attachments"
    cache.mkdir()
    photo = _stored(PICTURE, cache)
    video = _stored(b"never fetched", None)
    await apply(
        opened,
        log.customer("hello", name="Alice <b>", content=_media(ContentKind.IMAGE, photo, "p.png")),
        log.customer("", name="Alice <b>", content=_media(ContentKind.VIDEO, video, "../../v.mp4")),
        log.claim("CC.alice", ANNA),
        log.reply("CC.alice", "It left today.", ANNA),
        log.member(Handover(ALICE, HandoverAction.TRANSFER, BORIS, "yours"), "CC.alice", ANNA),
        log.customer("hi", customer="CC.bob", name="Bob", wa_id="4915100000000"),
    )
    try:
        yield opened
    finally:
        await opened.close()


def _stored(data: bytes, cache: Path | None) -> StoredMedia:
    key, ciphertext = seal_stream(data, os.urandom)
    name = new_object_name(os.urandom)
    if cache is not None:
        (cache / name).write_bytes(ciphertext)
    return StoredMedia(name, key, hashlib.sha256(ciphertext).digest(), len(data))


def _media(kind: ContentKind, stored: StoredMedia, filename: str) -> Media:
    mime = "image/png" if kind == ContentKind.IMAGE else "video/mp4"
    return Media(kind, mime, filename=filename, stored=stored)


class _Recorder:
    def __init__(self, refuse: bool = False) -> None:
        self.records: list[Exported] = []
        self.refuse = refuse

    async def __call__(self, event: Exported) -> None:
        if self.refuse:
            raise ExportNotRecorded("the hub is away")
        self.records.append(event)


def _exporter(replica: Replica, record: _Recorder, tmp_path: Path) -> Exporter:
    media = MediaAccess(replica, None, tmp_path / "attachments")
    return Exporter(replica, _name, ANNA, record, lambda: 1_767_225_600, media)


@pytest.mark.asyncio
async def test_a_conversation_exports_to_json_with_the_files_this_desk_holds(
    replica: Replica, tmp_path: Path
) -> None:
    record, told = _Recorder(), []
    path = tmp_path / "out" / "alice.json"
    path.parent.mkdir()
    exporter = _exporter(replica, record, tmp_path)
    result = await exporter.export_conversation(
        ALICE, path, ExportFormat.JSON, lambda done, total: told.append((done, total))
    )
    assert record.records == [Exported(ExportScope.CONVERSATION, ExportFormat.JSON, ALICE, 1, 3)]
    exported = json.loads(path.read_text(encoding="utf-8"))
    assert (exported["by"], exported["scope"], exported["version"]) == ("Anna", "conversation", 1)
    (alice,) = exported["conversations"]
    assert alice["customer"] == "Alice <b>"
    lines = [(m["from"], m["author"], m["text"]) for m in alice["messages"]]
    assert lines == [
        ("customer", None, "p.png"),
        ("customer", None, "../../v.mp4"),
        ("agent", "Anna", "It left today."),
        ("activity", "Anna", "yours"),
    ]
    assert alice["messages"][3]["colleague"] == "Boris"
    photo, video = alice["messages"][0]["file"], alice["messages"][1]["file"]
    assert (path.parent / photo["included"]).read_bytes() == PICTURE
    assert video["included"] is None  # never opened here: named, not fetched
    assert (result.files_included, result.files_named, result.messages) == (1, 1, 4)
    assert told == [(4, 4)]
    assert not list(path.parent.glob("*.part"))


@pytest.mark.asyncio
async def test_the_whole_history_exports_to_one_self_contained_page(
    replica: Replica, tmp_path: Path
) -> None:
    record, told = _Recorder(), []
    path = tmp_path / "history.html"
    result = await _exporter(replica, record, tmp_path).export_history(
        path, ExportFormat.HTML, lambda done, total: told.append((done, total))
    )
    assert record.records == [
        Exported(ExportScope.HISTORY, ExportFormat.HTML, NO_CONVERSATION, 2, 4)
    ]
    page = path.read_text(encoding="utf-8")
    assert result.conversations == 2
    assert "Alice &lt;b&gt;" in page
    assert "<b>" not in page.split("<body>")[1]
    assert "data:image/png;base64," in page  # the photo travels inside the page
    assert "file not on this desk" in page
    assert "Bob (4915100000000)" in page
    assert told[-1][0] == 5
    assert not (tmp_path / "history_files").exists()


@pytest.mark.asyncio
async def test_a_record_the_hub_refuses_exports_nothing(replica: Replica, tmp_path: Path) -> None:
    path = tmp_path / "alice.json"
    with pytest.raises(ExportNotRecorded):
        await _exporter(replica, _Recorder(refuse=True), tmp_path).export_conversation(
            ALICE, path, ExportFormat.JSON, lambda done, total: None
        )
    assert not path.exists()
    assert not path.with_name("alice.json.part").exists()
