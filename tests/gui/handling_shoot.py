"""Screenshots of hand-over, states and notes: `python -m tests.gui.handling_shoot DIR`.

Run under Xvfb with the xcb platform (see tests/gui/shoot.py). Shoots a thread with a private
note mentioning a colleague and the activity lines of a transfer and a snooze, the queue's six
tabs with counts, and the conversation menu open. `--lang de` shoots it in German.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from app.domain.handling import ConversationState, HandoverAction
from app.ui.app import create_desk_window
from tests.gui.scene import build_scene
from tests.gui.shoot_cli import run_shoot
from tests.helpers.wait import until


async def _shoot(out: Path) -> None:
    import time

    now = int(time.time())
    scene = build_scene(now)
    anna, ben = scene.anna, scene.ben
    cid = scene.showcase
    team = anna.team
    team.assign(cid, anna.me)
    await anna.add_note(
        cid, "@Ben Okafor she ordered twice — can you check the invoice?", (ben.me,)
    )
    await anna.hand_over(cid, HandoverAction.TRANSFER, ben.me, "Knows the order history")
    await ben.hand_over(cid, HandoverAction.TRANSFER, anna.me, "Invoice fixed, over to you")
    others = [c for c in team.conversations if c != cid]
    await anna.set_state(others[0], ConversationState.RESOLVED)
    await anna.set_state(others[1], ConversationState.PENDING)
    await anna.set_state(others[2], ConversationState.SNOOZED, now + 3 * 3600)
    window = create_desk_window(anna, business_name="Nordlicht Furniture")
    window.resize(1200, 760)
    window.move(0, 0)
    window.show()
    window.open_conversation(cid)
    pane = window.conversation
    await until(lambda: pane.model is not None and pane.model.rowCount() >= 8)
    await until(lambda: pane.detail is not None)
    pane.mode.set_note_mode(True)
    pane.composer.set_text("@Ben Okafor thanks!")
    await asyncio.sleep(0.6)
    assert window.grab().save(str(out / "thread_note_and_lines.png"))
    pane.handling._fill_menu()
    pane.handling.menu.popup(
        pane.handling.menu_button.mapToGlobal(pane.handling.menu_button.rect().bottomLeft())
    )
    await asyncio.sleep(0.4)
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.primaryScreen().grabWindow(0).save(str(out / "conversation_menu.png"))
    pane.handling.menu.hide()
    assert window.queue.grab().save(str(out / "queue_tabs.png"))
    window.close()
    print(out)


def main() -> int:
    return run_shoot(_shoot)


if __name__ == "__main__":
    sys.exit(main())
