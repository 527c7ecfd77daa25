"""Shared bits of the team set-up UI tests: a populated fake team and a message-box finder."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.model import Role
from tests.helpers.fake_team import FakeTeamWorld
from tests.helpers.wait import until
from tests.unit.ui.conftest import NOW

MINUTE = 60


def clock() -> float:
    return NOW


def team_world() -> FakeTeamWorld:
    """Anna (admin, two devices), Ben (member) and the gateway."""
    world = FakeTeamWorld(NOW)
    world.add_person("Anna Schmidt", Role.ADMIN, ("Office PC", "Laptop"), seen=NOW - 2 * MINUTE)
    world.add_person("Ben Okafor", Role.MEMBER, ("Front desk",), seen=NOW - 95 * MINUTE)
    world.add_gateway(seen=NOW - 40)
    return world


async def message_box(parent: QWidget) -> QMessageBox:
    """The confirmation `parent` opened (window-modal, through `dialogs.ask`)."""
    boxes: list[QMessageBox] = []

    def found() -> bool:
        boxes[:] = [w for w in parent.findChildren(QMessageBox) if w.isVisible()]
        return bool(boxes)

    await until(found)
    return boxes[0]


def click_role(box: QMessageBox, role: QMessageBox.ButtonRole) -> None:
    button = next(b for b in box.buttons() if box.buttonRole(b) is role)
    button.click()
