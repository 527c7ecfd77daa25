"""One fake desk's `ReleasesApi` over the fake team's lists: the same rules as
`app.services.releases.ReleaseBoard` (the latest announcement, if newer and not closed)."""

from __future__ import annotations

from app.domain.errors import NotPermitted
from app.domain.ids import DeviceId
from app.domain.releases import Release, is_newer, release_problem
from app.services.api import Changes
from tests.helpers.fake_lists import FakeLists

RUNNING = "0.1.0"


class FakeReleaseBoard:
    def __init__(self, lists: FakeLists, me: DeviceId, running: str = RUNNING) -> None:
        self._lists = lists
        self._me = me
        self.running = running
        self.dismissed: str | None = None

    def is_admin(self) -> bool:
        return self._me in self._lists.admins

    async def announce(self, release: Release) -> None:
        if not self.is_admin():
            raise NotPermitted("only an admin announces a new version")
        if release_problem(release) is not None:
            raise ValueError("announcement refused")
        self.publish(release)

    def publish(self, release: Release) -> None:
        """An admin announced `release` (also set-up for tests)."""
        self._lists.releases.append(release)
        self._lists.publish(Changes(releases_changed=True))

    async def available(self) -> Release | None:
        if not self._lists.releases:
            return None
        latest = self._lists.releases[-1]
        if latest.version == self.dismissed or not is_newer(latest.version, self.running):
            return None
        return latest

    async def dismiss(self, version: str) -> None:
        self.dismissed = version
