"""Screenshots of the template manager: `python -m tests.gui.templates_shoot OUT_DIR [--lang de]`.

Renders, over the fake team of `tests/helpers/fake_team.py`: the "Message templates" window an
admin opens (templates approved, waiting for review, rejected and paused, with their quality),
the "New template" form filled in with its live preview, the form listing the rules a draft
breaks, and Meta's refusal of a duplicate. Run it under Xvfb to see what users see:
`xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb python -m
tests.gui.templates_shoot /tmp/shots/tmplmgr`.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from app.domain.template_draft import TemplateDraft
from app.ui.team.template_form import TemplateForm
from app.ui.team.templates_panel import TemplatesPanel
from app.ui.theme import apply_theme
from tests.gui.shoot_cli import run_shoot
from tests.gui.team_shoot import team_world
from tests.helpers.fake_team import FakeTeamWorld, pending_template
from tests.helpers.wait import until

TEMPLATES = (
    TemplateDraft("order_update", "en_US", "UTILITY", "Hi {{1}}, order {{2}} shipped.", ("a", "b")),
    TemplateDraft("order_update", "de", "UTILITY", "Hallo {{1}}, Bestellung {{2}}.", ("a", "b")),
    TemplateDraft("spring_offer", "de", "MARKETING", "Frühling: {{1}} Rabatt", ("20 %",)),
    TemplateDraft("delivery_window", "en_US", "UTILITY", "We deliver on {{1}}.", ("Monday",)),
    TemplateDraft("login_code", "en_US", "AUTHENTICATION", "{{1}} is your code.", ("123456",)),
)


def _world() -> FakeTeamWorld:
    world = team_world()
    world.templates = [pending_template(t) for t in TEMPLATES]
    world.meta_reviews("order_update", "en_US", "APPROVED", "GREEN")
    world.meta_reviews("order_update", "de", "PAUSED", "RED")
    world.meta_reviews("spring_offer", "de", "REJECTED")
    world.meta_reviews("login_code", "en_US", "APPROVED", "YELLOW")
    return world


async def _save(widget: QWidget, path: Path) -> None:
    await asyncio.sleep(0.3)
    assert widget.grab().save(str(path))


async def _shoot(out: Path) -> None:
    apply_theme(QApplication.instance())  # type: ignore[arg-type]
    world = _world()
    panel = TemplatesPanel(world.admin("Anna Schmidt"))
    panel.resize(760, 420)
    panel.show()
    await until(lambda: panel.loaded > 0, timeout=5)
    form = panel.open_form()
    form.name.setText("parcel_ready")
    form.language.setCurrentText("en_US")
    form.body.setPlainText("Hi {{1}}, your parcel {{2}} is ready for pick-up at our Altona shop.")
    form.examples[0].setText("Lena")
    form.examples[1].setText("A-1042")
    form.replies[0].setText("Thanks")
    form.replies[1].setText("Deliver instead")
    await _save(form, out / "template-form.png")
    _fill_every_part(form)
    await _save(form, out / "template-form-all-parts.png")
    form.send()
    await until(lambda: form.answered == 1, timeout=5)
    await until(lambda: panel.loaded > 1, timeout=5)
    await _save(form, out / "template-submitted.png")
    await _save(panel, out / "templates-window.png")
    form.close()
    broken = panel.open_form()
    broken.name.setText("Parcel Ready")
    broken.body.setPlainText("Hi {{1}}, parcel {{3}} is ready.")
    broken.replies[0].setText("Yes, please deliver it tomorrow")
    broken.footer.setText("Reply STOP {{1}}")
    broken.buttons.links[0].text.setText("Track")
    broken.buttons.links[0].url.setText("track.example.com/{{1}}")
    broken.send()
    await _save(broken, out / "template-form-problems.png")
    broken.close()
    duplicate = panel.open_form()
    duplicate.name.setText("order_update")
    duplicate.body.setPlainText("Your order is on its way.")
    duplicate.send()
    await until(lambda: duplicate.answered == 1, timeout=5)
    await _save(duplicate, out / "template-refused.png")
    duplicate.close()
    panel.close()
    print(out)


def _fill_every_part(form: TemplateForm) -> None:
    """Title with its example, footer, two links (one with a variable) and a call button."""
    form.header.setText("Parcel {{1}}")
    form.header_example.setText("A-1042")
    form.footer.setText("Nordlicht Furniture, Altona")
    track, opening_hours = form.buttons.links
    track.text.setText("Track parcel")
    track.url.setText("https://track.example.com/{{1}}")
    track.example.setText("A-1042")
    opening_hours.text.setText("Opening hours")
    opening_hours.url.setText("https://nordlicht.example/altona")
    form.buttons.call_text.setText("Call the shop")
    form.buttons.call_number.setText("+49 40 1234567")


def main() -> int:
    return run_shoot(_shoot)


if __name__ == "__main__":
    sys.exit(main())
