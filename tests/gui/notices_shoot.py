"""Screenshots of admins' notices: `python -m tests.gui.notices_shoot OUT_DIR [--lang de]`.

Renders, over the fake team of `tests/helpers/fake_team.py`: the "Notices from Meta" window
an admin opens (a paused and a rejected template, the number flagged, a restriction, a
category change, an unreadable webhook item; the newest unread in bold) and the desk's Desk
menu with its unread count. Run it under Xvfb to see what users see:
`xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb python -m
tests.gui.notices_shoot /tmp/shots/notices`.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMenu

from app.domain.admin_notice import CATEGORY_CHANGED, AdminNotice, NoticeTopic
from app.ui.app import create_desk_window
from app.ui.team.notices_panel import NoticesPanel
from app.ui.theme import apply_theme
from tests.gui.scene import build_scene
from tests.gui.shoot_cli import run_shoot
from tests.gui.team_shoot import NOW, _clock, team_world
from tests.helpers.wait import until

HOUR = 3600
EARLIER = (
    AdminNotice(
        NoticeTopic.TEMPLATE_STATUS,
        "REJECTED",
        "spring_offer",
        "de",
        reason="INCORRECT_CATEGORY",
        detail="Discount wording in a utility template.",
        advice="Resubmit as MARKETING.",
        at=NOW - 30 * HOUR,
    ),
    AdminNotice(
        NoticeTopic.TEMPLATE_CATEGORY,
        CATEGORY_CHANGED,
        "order_update",
        "en_US",
        previous="UTILITY",
        current="MARKETING",
        at=NOW - 26 * HOUR,
    ),
    AdminNotice(
        NoticeTopic.VALUE_ERROR,
        "",
        reason="Something went wrong",
        detail="Unsupported webhook payload",
        code=131000,
        at=NOW - 20 * HOUR,
    ),
)
NEW = (
    AdminNotice(
        NoticeTopic.TEMPLATE_STATUS,
        "PAUSED",
        "order_update",
        "de_DE",
        reason="LOW_QUALITY",
        at=NOW - 2 * HOUR,
    ),
    AdminNotice(
        NoticeTopic.ACCOUNT,
        "ACCOUNT_RESTRICTION",
        "4930555000",
        reason="RESTRICTED_BIZ_INITIATED_MESSAGING",
        until=NOW + 3 * 24 * HOUR,
        at=NOW - HOUR,
    ),
    AdminNotice(
        NoticeTopic.NUMBER_QUALITY, "FLAGGED", "4930555000", current="TIER_10K", at=NOW - 600
    ),
)


async def _shoot(out: Path) -> None:
    apply_theme(QApplication.instance())  # type: ignore[arg-type]
    world = team_world()
    admin = world.admin("Anna Schmidt")
    world.meta_tells_admins(*EARLIER)
    read = (await admin.admin_notices())[0].seq
    await admin.mark_admin_notices_read(read)  # Anna read these yesterday
    world.meta_tells_admins(*NEW)
    window = create_desk_window(
        build_scene(NOW).anna, business_name="Nordlicht Furniture", clock=_clock, team=admin
    )
    window.resize(1120, 740)
    window.show()
    await until(lambda: window.notice_watch.loaded > 0, timeout=5)
    menu = window.header.menu_button.menu()
    assert isinstance(menu, QMenu)
    menu.popup(window.mapToGlobal(window.rect().topLeft()))
    await asyncio.sleep(0.3)
    assert menu.grab().save(str(out / "notices-menu.png"))
    menu.close()
    panel = NoticesPanel(admin)
    panel.resize(680, 640)
    panel.show()
    await until(lambda: panel.loaded > 0, timeout=5)
    await asyncio.sleep(0.3)
    assert panel.grab().save(str(out / "notices-window.png"))
    panel.close()
    window.close()
    print(out)


def main() -> int:
    return run_shoot(_shoot)


if __name__ == "__main__":
    sys.exit(main())
