"""Newer versions of Switchboard as a desk service (issue 11 item 3): an admin announces one,
every desk running an older version tells its user, once, where to get it.

The desk never downloads nor installs anything (no silent self-update): it shows the version,
the admin's note and link, and the user or their admin updates with the installer
(docs/installing.md, "Updates").
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from app.domain.errors import NotPermitted
from app.domain.model import Role
from app.domain.releases import Release, is_newer, release_problem
from app.log.events import VersionAnnounced
from app.services.labels import MyRole, Reached, publish_list_event
from app.store.replica import Replica
from app.sync.publisher import Publisher

log = logging.getLogger(__name__)

ANNOUNCE_ID_LEN = 16


class ReleaseBoard:
    """Announcing a newer version (admins) and what this desk should say about it (anyone)."""

    def __init__(
        self,
        replica: Replica,
        publisher: Publisher,
        role: MyRole,
        reached: Reached,
        running: str,
        clock: Callable[[], float],
    ) -> None:
        self._replica = replica
        self._publisher = publisher
        self._role = role
        self._reached = reached
        self._running = running
        self._clock = clock

    @property
    def running(self) -> str:
        """The version this desk runs (`app.system.version`)."""
        return self._running

    def is_admin(self) -> bool:
        """Whether this desk may announce a version; cheap, no I/O."""
        return self._role() is Role.ADMIN

    async def announce(self, release: Release) -> None:
        """Tell the team that `release` is out; returns once this replica shows it.

        Raises:
            NotPermitted: This desk is not an admin's.
            ValueError: The version, link or note is refused by `release_problem` (the dialog
                offers no such announcement).
            HubUnreachable: The hub did not take it.
        """
        if not self.is_admin():
            raise NotPermitted("only an admin announces a new version")
        problem = release_problem(release)
        if problem is not None:
            raise ValueError(f"announcement refused: {problem}")
        cleaned = Release(release.version.strip(), release.url.strip(), release.note.strip())
        announce_id = os.urandom(ANNOUNCE_ID_LEN)
        event = VersionAnnounced(announce_id, cleaned, int(self._clock()))
        await publish_list_event(self._publisher, self._reached, event, announce_id)
        log.info("version %s announced", cleaned.version)

    async def available(self) -> Release | None:
        """The announced version to tell this desk's user about: the latest announcement, if
        it is newer than the running version and the user has not closed it."""
        latest = await self._replica.latest_release()
        if latest is None:
            return None
        release, dismissed = latest
        if dismissed or not is_newer(release.version, self._running):
            return None
        return release

    async def dismiss(self, version: str) -> None:
        """The user closed the announcement of `version`: not shown again on this desk."""
        await self._replica.dismiss_release(version)
