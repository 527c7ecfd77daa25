"""Screenshots of sending templates: `python -m tests.gui.template_shoot OUT_DIR [--lang de]`.

Three pictures: the composer turned into the template picker (a conversation whose 24-hour
window closed), the same after sending (the template bubble with its ticks), and the
"New conversation" dialog. Run under Xvfb with the xcb platform:
`xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb \
    python -m tests.gui.template_shoot /tmp/shots/templates`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

import qasync
from PySide6.QtWidgets import QApplication

from app.domain.model import DeliveryStatus
from app.domain.templates import (
    ButtonKind,
    ParamFormat,
    TemplateButtonDef,
    TemplateDef,
)
from app.ui.app import create_desk_window
from tests.gui.scene import build_scene
from tests.helpers.wait import until

CATALOGUE = (
    TemplateDef(
        "order_update",
        "en_US",
        "UTILITY",
        "APPROVED",
        ParamFormat.POSITIONAL,
        "TEXT",
        "Order {{1}}",
        "Hi {{2}}, your order {{1}} is on its way and should arrive on {{3}}.",
        "Nordlicht Furniture",
        (
            TemplateButtonDef(ButtonKind.URL, "Track parcel", "https://track.example/{{1}}"),
            TemplateButtonDef(ButtonKind.QUICK_REPLY, "Stop updates"),
        ),
    ),
    TemplateDef(
        "order_update",
        "de_DE",
        "UTILITY",
        "APPROVED",
        ParamFormat.POSITIONAL,
        "",
        "",
        "Hallo {{1}}, Ihre Bestellung {{2}} ist unterwegs.",
        "Nordlicht Möbel",
        (),
    ),
    TemplateDef(
        "welcome_back",
        "en_US",
        "MARKETING",
        "APPROVED",
        ParamFormat.NAMED,
        "",
        "",
        "Hello {{first_name}}, we have new arrivals you might like!",
        "",
        (TemplateButtonDef(ButtonKind.QUICK_REPLY, "Show me"),),
    ),
    TemplateDef(
        "appointment_reminder",
        "en_US",
        "UTILITY",
        "APPROVED",
        ParamFormat.NAMED,
        "",
        "",
        "Reminder: your delivery slot is {{date}} between {{window}}.",
        "",
        (),
    ),
)

HOUR = 3600


async def _shoot(out: Path, width: int) -> None:
    now = int(time.time())
    scene = build_scene(now)
    team = scene.anna.team
    team.set_templates(CATALOGUE)
    cid = team.customer_writes(
        "Sofia Rossi", "Any news on my sofa order?", wa_id="393331234567", at=now - 30 * HOUR
    )
    team.assign(cid, scene.anna.me)
    window = create_desk_window(scene.anna, business_name="Nordlicht Furniture")
    window.resize(width, 760)
    window.move(0, 0)
    window.show()
    await until(lambda: window.queue.current_model.rowCount() > 0)
    window.open_conversation(cid)
    flow = window.conversation.templates
    await until(lambda: flow.showing and flow.picker.model.rowCount() == len(CATALOGUE))
    picker = flow.picker
    picker.choose(CATALOGUE[0].ref)
    typed = ("SO-5521", "SO-5521", "Sofia", "Friday, 14 March")
    for param, text in zip(picker.values(), typed, strict=False):
        picker.field(param).setText(text)
    await asyncio.sleep(0.4)
    _save(window.grab(), out / f"template_picker_{width}.png")
    link = list(picker.values())[-1]
    picker.field(link).setText("SO-5521")
    conversation = team.conversations[cid]
    before = len(conversation.messages)
    picker.submit()
    await until(lambda: len(conversation.messages) == before + 1)
    team.set_status(conversation.messages[-1].event_id, DeliveryStatus.DELIVERED)
    await asyncio.sleep(0.6)
    _save(window.grab(), out / f"template_sent_{width}.png")
    dialog = window.new_conversation()
    await until(lambda: dialog.picker.model.rowCount() == len(CATALOGUE))
    dialog.number.setText("+44 7700 900456")
    dialog.picker.choose(CATALOGUE[2].ref)
    dialog.picker.field(next(iter(dialog.picker.values()))).setText("Oliver")
    await asyncio.sleep(0.4)
    _save(dialog.grab(), out / "new_conversation.png")
    dialog.number.setText("0770 0900")
    await asyncio.sleep(0.2)
    _save(dialog.grab(), out / "new_conversation_bad_number.png")
    dialog.close()
    window.close()


def _save(pixmap: object, path: Path) -> None:
    assert pixmap.save(str(path)), path  # type: ignore[attr-defined]
    print(path)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--width", type=int, default=1200)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    try:
        loop.run_until_complete(_shoot(args.out, args.width))
    finally:
        loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
