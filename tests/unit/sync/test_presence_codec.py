"""Presence notes sealed and opened against a validated chain: fixed size, no conversation id
in the clear, and refused when forged, tampered with, from a gateway or another team."""

from __future__ import annotations

import dataclasses
from typing import cast

import pytest

from app.crypto.keys import DeviceKeys
from app.crypto.presence import NOTE_LEN, parse_note, seal_note
from app.domain.errors import EnvelopeRejected
from app.domain.ids import ConversationId, TeamId
from app.domain.presence import Activity
from app.sync.presence import PresenceCodec, presence_subject
from app.sync.protocol import Keyring, LogReader
from tests.unit.crypto.helpers import GATEWAY, MEMBER, ROOT, TEAM, Team, build_team, keys

ROOM = ConversationId(bytes.fromhex("00112233445566778899aabbccddeeff"))
NOW = 1_700_000_000.25


def codec_of(device: str) -> PresenceCodec:
    team = build_team()
    keyring = Keyring(TEAM)
    keyring.add_seed(1, team.seed)
    me = {"root": ROOT, "member": MEMBER}[device]
    return PresenceCodec(LogReader(me, team.state, keyring, {}))


def test_a_colleague_opens_what_a_member_sealed() -> None:
    data = codec_of("member").seal(ROOM, Activity.TYPING, NOW)
    assert data is not None

    note = codec_of("root").open(data)

    assert (note.author, note.conversation_id, note.activity) == (
        MEMBER.device_id,
        ROOM,
        Activity.TYPING,
    )
    assert note.sent_at == pytest.approx(NOW, abs=0.001)


def test_every_note_has_one_size_and_hides_the_conversation() -> None:
    codec = codec_of("member")
    notes = [
        codec.seal(ROOM, Activity.VIEWING, NOW),
        codec.seal(ROOM, Activity.TYPING, NOW),
        codec.seal(None, Activity.STOPPED, NOW),
        codec.seal(None, Activity.LEAVING, NOW),
    ]

    assert {len(n or b"") for n in notes} == {NOTE_LEN}
    assert not any(ROOM in (n or b"") or ROOM.hex().encode() in (n or b"") for n in notes)
    assert presence_subject(TEAM.hex()) == f"sb.{TEAM.hex()}.presence"


def test_a_tampered_note_is_refused() -> None:
    data = bytearray(codec_of("member").seal(ROOM, Activity.VIEWING, NOW) or b"")
    data[70] ^= 1  # inside the ciphertext

    with pytest.raises(EnvelopeRejected):
        codec_of("root").open(bytes(data))


def test_a_device_cannot_speak_for_another() -> None:
    """A note naming the member but signed by a stranger (or by the root) is refused."""
    team = build_team()
    for signer in (keys("stranger"), ROOT):
        forged = _forged_as_member(team, signer)
        with pytest.raises(EnvelopeRejected):
            codec_of("root").open(forged)


def test_the_gateway_and_strangers_have_no_presence() -> None:
    team = build_team()
    for signer in (GATEWAY, keys("stranger")):
        data = seal_note(
            conversation_id=ROOM,
            activity=Activity.VIEWING,
            sent_at=NOW,
            epoch=team.epoch,
            signer=signer,
        )
        with pytest.raises(EnvelopeRejected, match="author"):
            codec_of("root").open(data)


def test_only_active_staff_count_as_colleagues() -> None:
    codec = codec_of("root")

    assert codec.is_staff(MEMBER.device_id)
    assert codec.is_staff(ROOT.device_id)
    assert not codec.is_staff(GATEWAY.device_id)
    assert not codec.is_staff(keys("stranger").device_id)


def test_a_note_of_another_team_is_refused() -> None:
    team = build_team()
    other = dataclasses.replace(team.epoch, team_id=TeamId(bytes(16)))
    data = seal_note(
        conversation_id=ROOM, activity=Activity.VIEWING, sent_at=NOW, epoch=other, signer=MEMBER
    )

    with pytest.raises(EnvelopeRejected, match="team"):
        codec_of("root").open(data)


def test_notes_name_a_conversation_exactly_when_not_stopped() -> None:
    epoch = build_team().epoch
    with pytest.raises(ValueError, match="exactly"):
        seal_note(
            conversation_id=None, activity=Activity.VIEWING, sent_at=NOW, epoch=epoch, signer=ROOT
        )
    with pytest.raises(EnvelopeRejected):
        codec_of("root").open(b"SP" + bytes(NOTE_LEN))


def _forged_as_member(team: Team, signer: DeviceKeys) -> bytes:
    """Seal as `signer`, then put the member's device id in the header (signature stays)."""
    data = seal_note(
        conversation_id=ROOM,
        activity=Activity.VIEWING,
        sent_at=NOW,
        epoch=team.epoch,
        signer=signer,
    )
    parsed = parse_note(data)
    start = data.index(parsed.author)
    return data[:start] + MEMBER.device_id + data[start + 16 :]


def test_a_leaving_note_names_no_conversation() -> None:
    data = codec_of("member").seal(None, Activity.LEAVING, NOW)
    assert data is not None
    note = codec_of("root").open(data)
    assert (note.author, note.conversation_id, note.activity) == (
        MEMBER.device_id,
        None,
        Activity.LEAVING,
    )
    with pytest.raises(ValueError, match="exactly"):
        codec_of("member").seal(ROOM, Activity.LEAVING, NOW)


class _Unknown(int):
    """An activity a newer desk may send that this one does not know."""

    names_conversation = False


def test_an_activity_this_desk_does_not_know_is_refused() -> None:
    """How a desk older than `Activity.LEAVING` takes a leaving note: refused as malformed,
    which `PresenceService` only logs (the author then runs out as before)."""
    unknown = cast(Activity, _Unknown(max(Activity) + 1))
    data = seal_note(
        conversation_id=None, activity=unknown, sent_at=NOW, epoch=build_team().epoch, signer=MEMBER
    )
    with pytest.raises(EnvelopeRejected, match="parse"):
        codec_of("root").open(data)
