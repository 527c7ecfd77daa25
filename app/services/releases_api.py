"""Newer versions as the UI sees them (a Protocol, so `ui` depends on no implementation):
`ReleaseBoard` on a real desk, a fake in tests."""

from __future__ import annotations

from typing import Protocol

from app.domain.releases import Release


class ReleasesApi(Protocol):
    """Announcing a newer version (admins) and telling this desk's user about one.
    `Changes.releases_changed` says when to ask `available()` again."""

    @property
    def running(self) -> str:
        """The version this desk runs."""
        ...

    def is_admin(self) -> bool:
        """Whether this desk may announce a version; cheap, no I/O."""
        ...

    async def announce(self, release: Release) -> None:
        """Tell the team `release` is out (raises as `ReleaseBoard.announce`)."""
        ...

    async def available(self) -> Release | None:
        """The newer version to tell the user about, if any (not closed by them)."""
        ...

    async def dismiss(self, version: str) -> None:
        """The user closed the announcement of `version`."""
        ...
