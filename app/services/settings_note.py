"""Telling the team that an admin changed a setting only the gateway reads (kind 42), so the
audit trail lists it: published before the sealed request, like an export's record."""

from __future__ import annotations

import os

from app.domain.audit import NotedSetting
from app.domain.ids import ConversationId, EventId
from app.log.kinds.settings_noted import SettingsNoted
from app.sync.publisher import Publisher


async def note_setting(publisher: Publisher, setting: NotedSetting) -> None:
    """Publish the note on a random id's subject (no conversation), guard-neutral.

    Raises:
        TransportUnavailable: The hub did not take it; the caller sends nothing either.
    """
    subject = ConversationId(os.urandom(16))
    await publisher.member_event(SettingsNoted(setting), subject, EventId(os.urandom(16)), None)
