"""Auto-assignment as the UI sees it (a Protocol, so `ui` depends on no implementation):
`AutoAssignment` on a real desk, a fake in tests."""

from __future__ import annotations

from typing import Protocol

from app.domain.assignment import AssignmentSettings
from app.domain.ids import DeviceId


class AssignmentApi(Protocol):
    """The team's auto-assignment settings (admins) and who is away (anyone sets herself).
    `Changes.assignment_changed` says when to ask again."""

    def is_admin(self) -> bool:
        """Whether this desk may change the settings; cheap, no I/O."""
        ...

    async def settings(self) -> AssignmentSettings:
        """The settings an admin set last (off if none)."""
        ...

    async def save_settings(self, settings: AssignmentSettings) -> None:
        """Set the team's auto-assignment (raises as `AutoAssignment.save_settings`)."""
        ...

    async def away_agents(self) -> frozenset[DeviceId]:
        """Agents who said they are away."""
        ...

    async def set_away(self, away: bool) -> None:
        """This agent is away, or available again (raises `HubUnreachable`)."""
        ...
