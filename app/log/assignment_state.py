"""What one batch of records changed of auto-assignment (kinds 39 and 40, and automatic
hand-overs): nothing is loaded up front, the store keeps the newest of each with upserts
(`app.store.assignment_rows`), so a batch only collects what it saw."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain.assignment import AssignmentSettings
from app.domain.ids import DeviceId


@dataclass(slots=True)
class AssignmentBatch:
    settings: list[tuple[AssignmentSettings, int, int]] = field(default_factory=list)
    """Settings admins set: (settings, their `at`, stream sequence), in log order."""
    availability: list[tuple[DeviceId, bool, int, int]] = field(default_factory=list)
    """Agents away or back: (agent, away, `at`, stream sequence), in log order."""
    auto_assigned: tuple[DeviceId, int] | None = None
    """The batch's last automatic assignee and its stream sequence: the round robin's place."""

    def __bool__(self) -> bool:
        return bool(self.settings or self.availability)
