"""Screenshots of labels and canned replies: `python -m tests.gui.labels_shoot DIR`.

Run under Xvfb with the xcb platform (see tests/gui/shoot.py). Shoots the queue with label
chips and the customer panel's labels while the canned-reply picker is open over the reply box,
the queue filtered by one label, and the admin's Labels and Canned replies windows.
`--lang de` shoots it in German.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from app.domain.canned import CannedScope
from app.domain.labels import PALETTE
from app.domain.model import QueueView
from app.ui.app import create_desk_window
from tests.gui.scene import build_scene
from tests.gui.shoot_cli import run_shoot
from tests.helpers.wait import until

SHARED, PERSONAL = CannedScope.SHARED, CannedScope.PERSONAL


async def _shoot(out: Path) -> None:
    import time

    scene = build_scene(int(time.time()))
    anna, team = scene.anna, scene.anna.team
    team.lists.admins.add(anna.me)
    vip = await anna.labels.save_label(None, "VIP", PALETTE[0])
    refund = await anna.labels.save_label(None, "Refund", PALETTE[1])
    wholesale = await anna.labels.save_label(None, "Wholesale", PALETTE[5])
    delivery = await anna.labels.save_label(None, "Delivery", PALETTE[3])
    conversations = list(team.conversations)
    marks = [(vip, refund), (delivery,), (wholesale, vip), (refund,), (delivery, wholesale)]
    for cid, labels in zip(conversations, marks, strict=False):
        for label in labels:
            await anna.labels.set_label(cid, label, True)
    await anna.labels.set_label(scene.showcase, vip, True)
    await anna.labels.set_label(scene.showcase, delivery, True)
    await anna.canned.save_canned(
        None, SHARED, "hello", "Hello {first_name}, this is {agent_name} from Nordlicht."
    )
    await anna.canned.save_canned(
        None, SHARED, "delivery", "Your order leaves our warehouse within two working days."
    )
    await anna.canned.save_canned(None, SHARED, "hours", "We are open Monday to Friday, 9 to 18.")
    await anna.canned.save_canned(None, PERSONAL, "thanks", "Thank you, {first_name}!")
    team.assign(scene.showcase, anna.me)
    window = create_desk_window(anna, business_name="Nordlicht Furniture")
    window.resize(1200, 760)
    window.move(0, 0)
    window.show()
    window.open_conversation(scene.showcase)
    pane = window.conversation
    await until(lambda: pane.detail is not None and pane.composer.is_allowed())
    await until(lambda: len(pane.panel.labels.chips) == 2)
    pane.composer.focus_editor()
    pane.composer.edit.insertPlainText("/")
    await until(lambda: len(pane.canned.shown) == 4)
    await asyncio.sleep(0.6)
    assert window.grab().save(str(out / "labels_queue_and_canned_picker.png"))
    pane.composer.edit.insertPlainText("de")
    await until(lambda: len(pane.canned.shown) == 1)
    await asyncio.sleep(0.3)
    assert pane.grab().save(str(out / "canned_picker_filtered.png"))
    pane.composer.edit.clear()
    window.queue.show_tab(QueueView.ALL_OPEN)
    window.queue.filter_by_label(vip)
    await until(lambda: 0 < window.queue.current_model.total < len(conversations))
    await asyncio.sleep(0.4)
    assert window.queue.grab().save(str(out / "queue_filtered_by_label.png"))
    labels = window.show_labels()
    assert labels is not None
    await until(lambda: labels.list.count() == 4)
    labels.list.setCurrentRow(3)
    await asyncio.sleep(0.4)
    assert labels.grab().save(str(out / "labels_dialog.png"))
    labels.close()
    canned = window.show_canned_replies()
    await until(lambda: canned.list.count() == 4)
    canned.list.setCurrentRow(1)
    await asyncio.sleep(0.4)
    assert canned.grab().save(str(out / "canned_replies_dialog.png"))
    canned.close()
    window.close()
    print(out)


def main() -> int:
    return run_shoot(_shoot)


if __name__ == "__main__":
    sys.exit(main())
