"""Issue 12: the queue's label filter lost its label whenever the labels loaded again (an admin
defined or renamed one). PySide keeps a Python `bytes` item datum as an object, and
`QComboBox.findData` then matches the very same object only, never an equal id read from the
replica again, so the refill found nothing and lifted the agent's filter; `choose` with such an
id did nothing. The fake desk hands out its stored id objects, so the window tests passed."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.domain.labels import PALETTE, Label, LabelId
from app.services.api import Changes
from app.ui.app import create_desk_window
from app.ui.models.queue_model import QueueRole
from tests.helpers.fake_desk import FakeTeam
from tests.helpers.wait import until
from tests.unit.ui.conftest import NOW

pytestmark = pytest.mark.asyncio


def _copy(label_id: LabelId) -> LabelId:
    """An equal id in a new object, as a second read of the replica gives."""
    return LabelId(bytes(bytearray(label_id)))


async def test_the_filter_keeps_its_label_when_the_labels_load_again(qtbot: QtBot) -> None:
    team = FakeTeam(now=NOW)
    anna = team.desk("Anna")
    lena = team.customer_writes("Lena Vogel", "Is the oak table back?", at=NOW - 60)
    team.customer_writes("Omar Haddad", "Hello", at=NOW - 30)
    delivery = team.lists.define("Delivery", PALETTE[3])
    await anna.labels.set_label(lena, delivery, True)
    window = create_desk_window(anna, business_name="Nordlicht", clock=lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    model, combo = window.queue.current_model, window.queue.label_filter
    await until(combo.isVisible)

    window.queue.filter_by_label(_copy(delivery))
    assert combo.chosen == delivery
    await until(lambda: [model.index(r).data(QueueRole.CUSTOMER_NAME)
                         for r in range(model.rowCount())] == ["Lena Vogel"])  # fmt: skip

    team.lists.labels[delivery] = Label(_copy(delivery), "Delivery (DHL)", PALETTE[3])
    team.lists.publish(Changes(labels_changed=True))  # an admin renamed it
    await until(lambda: combo.itemText(1) == "Delivery (DHL)")
    assert combo.chosen == delivery
    assert combo.currentText() == "Delivery (DHL)"
    assert model.rowCount() == 1
