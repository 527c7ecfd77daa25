"""One fake desk's `AssignmentApi` over the fake team's lists: the same refusals as
`app.services.assignment.AutoAssignment` (admins only, the domain's settings rules)."""

from __future__ import annotations

from app.domain.assignment import AssignmentSettings, canonical, settings_refusal
from app.domain.errors import AssignmentRefused, NotPermitted
from app.domain.ids import DeviceId
from app.services.api import Changes
from tests.helpers.fake_lists import FakeLists


class FakeAssignment:
    def __init__(self, lists: FakeLists, me: DeviceId) -> None:
        self._lists = lists
        self._me = me

    def is_admin(self) -> bool:
        return self._me in self._lists.admins

    async def settings(self) -> AssignmentSettings:
        return self._lists.assignment

    async def save_settings(self, settings: AssignmentSettings) -> None:
        if not self.is_admin():
            raise NotPermitted("only an admin sets auto-assignment")
        settings = canonical(settings)
        refusal = settings_refusal(settings)
        if refusal is not None:
            raise AssignmentRefused(refusal)
        self._lists.assignment = settings
        self._lists.publish(Changes(assignment_changed=True))

    async def away_agents(self) -> frozenset[DeviceId]:
        return frozenset(self._lists.away)

    async def set_away(self, away: bool) -> None:
        if away:
            self._lists.away.add(self._me)
        else:
            self._lists.away.discard(self._me)
        self._lists.publish(Changes(assignment_changed=True))
