"""Under German, no window shows English: every label, button, tooltip, placeholder, accessible
name, menu action, window title, tab, header and row text is translated.

A failure lists each English text and where it is. The fix is almost always: run
`scripts/i18n-update`, then translate the new texts in `app/ui/i18n/switchboard_de.ts`
(see CONTRIBUTING.md, "Languages").
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.crypto.enroll.sas import Sas
from app.domain.admin_notice import AdminNotice, NoticeTopic
from app.domain.ids import DeviceId
from app.domain.model import QueueView, Role
from app.domain.template_draft import TemplateDraft
from app.services.team_api import CloudApiSettings, Invite
from app.ui.about_dialog import AboutDialog
from app.ui.app import create_desk_window
from app.ui.crash import CrashDialog
from app.ui.desk_window import DeskWindow
from app.ui.i18n.language import LanguageSetting
from app.ui.team.back_office_panel import BackOfficePanel
from app.ui.team.first_run_window import FirstRunWindow
from app.ui.team.hours_panel import BusinessHoursPanel
from app.ui.team.invite_dialog import InviteDialog
from app.ui.team.menu_panel import MenuPanel
from app.ui.team.notices_panel import NoticesPanel
from app.ui.team.number_panel import NumberPanel
from app.ui.team.passphrase_dialog import PassphraseDialog, PassphraseMode
from app.ui.team.team_panel import TeamPanel
from app.ui.team.templates_panel import TemplatesPanel
from app.ui.theme import apply_theme
from app.ui.widgets.queue_pane import TABS
from tests.gui.scene import build_scene
from tests.helpers.fake_desk import FakeDesk
from tests.helpers.fake_lists import FakeLabelBook, FakeLists
from tests.helpers.fake_team import HUB, make_code
from tests.helpers.german import Catalog, english_left, german
from tests.helpers.wait import until
from tests.unit.ui.conftest import NOW
from tests.unit.ui.team_helpers import clock, team_world

SAS = Sas((25, 61, 41, 36, 14, 49, 44), (1000, 1000, 1000))


@pytest.fixture
def in_german(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    apply_theme(qapp)
    setting = LanguageSetting(tmp_path / "desk.ini")
    monkeypatch.setattr(LanguageSetting, "for_user", classmethod(lambda cls: setting))
    with german(tmp_path / "cache"):
        yield


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load()


def assert_german(catalog: Catalog, *widgets: QWidget) -> None:
    left = english_left(widgets, catalog)
    assert not left, (
        "English text under German (run scripts/i18n-update and translate the new texts in "
        "app/ui/i18n/switchboard_de.ts):\n  " + "\n  ".join(left)
    )


async def populated_desk(qtbot: QtBot) -> DeskWindow:
    scene = build_scene(NOW)
    window = create_desk_window(scene.anna, business_name="Nordlicht Furniture", clock=clock)
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    await until(lambda: window.queue.current_model.rowCount() > 0)
    window.queue.show_tab(QueueView.ALL_OPEN)
    await until(lambda: window.queue.current_model.row_of(scene.showcase) is not None)
    window.open_conversation(scene.showcase)
    await until(lambda: (m := window.conversation.model) is not None and m.rowCount() >= 10)
    return window


@pytest.mark.asyncio
@pytest.mark.usefixtures("in_german")
async def test_the_desk_window_speaks_german(qtbot: QtBot, catalog: Catalog) -> None:
    window = await populated_desk(qtbot)
    assert window.language_menu.title() == "&Sprache"  # the check itself can see German
    assert_german(catalog, window)
    for view in TABS:  # every tab, with its rows and its empty state
        window.queue.show_tab(view)
        assert_german(catalog, window)


@pytest.mark.asyncio
@pytest.mark.usefixtures("in_german")
async def test_an_empty_desk_speaks_german(qtbot: QtBot, catalog: Catalog) -> None:
    scene = build_scene(NOW)
    window = create_desk_window(scene.ben, business_name="Nordlicht Furniture", clock=clock)
    qtbot.addWidget(window)
    window.show()
    window.queue.show_tab(QueueView.MINE)
    assert_german(catalog, window)


@pytest.mark.asyncio
@pytest.mark.usefixtures("in_german")
async def test_the_first_run_window_speaks_german(qtbot: QtBot, catalog: Catalog) -> None:
    window = FirstRunWindow(team_world().setup())
    qtbot.addWidget(window)
    window.show()
    for show in (window.show_choice, window.show_create, window.show_join):
        show()
        assert_german(catalog, window)
    window.join_page.code.set_code(make_code("walk")[:9])
    window.sas.panel.set_sas(SAS)
    window.pages.setCurrentWidget(window.sas)
    assert_german(catalog, window)


@pytest.mark.asyncio
@pytest.mark.usefixtures("in_german")
async def test_the_team_windows_speak_german(qtbot: QtBot, catalog: Catalog) -> None:
    world = team_world()
    admin = world.admin("Anna Schmidt")
    team = TeamPanel(admin, clock)
    qtbot.addWidget(team)
    team.show()
    await until(lambda: team.tree.topLevelItemCount() == 3)
    assert_german(catalog, team)
    await admin.connect_number(CloudApiSettings("1", "2", "t", "s"))
    world.meta_calls_webhook()
    number = NumberPanel(admin, clock)
    qtbot.addWidget(number)
    number.show()
    await until(lambda: number.loaded > 0)
    assert_german(catalog, number)
    world.meta_tells_admins(AdminNotice(NoticeTopic.NUMBER_QUALITY, "FLAGGED", at=NOW))
    notices = NoticesPanel(admin)
    qtbot.addWidget(notices)
    notices.show()
    await until(lambda: notices.loaded > 0)
    assert_german(catalog, notices)
    assert notices.texts()[0].startswith("Die Nummer wurde wegen geringer Qualität markiert (neu)")
    draft = TemplateDraft("parcel_ready", "de", "UTILITY", "Hallo {{1}}", ("Lena",))
    await admin.create_template(draft)
    templates = TemplatesPanel(admin)
    qtbot.addWidget(templates)
    templates.show()
    await until(lambda: templates.loaded > 0)
    assert_german(catalog, templates)
    assert templates.rows() == [
        ("parcel_ready", "de", "Versorgung", "Wartet auf Prüfung", "Noch nicht bewertet")
    ]
    form = templates.open_form()
    form.body.setPlainText("Hallo {{1}}")
    form.send()  # no name, no example: the rules are said in German
    assert_german(catalog, form)
    systems = BackOfficePanel(admin)
    qtbot.addWidget(systems)
    systems.show()
    systems.name.setText("Shop")
    systems.create_token()
    await until(lambda: systems.loaded > 1 and systems.secret.isVisible())
    assert_german(catalog, systems)
    hours = BusinessHoursPanel(admin)
    qtbot.addWidget(hours)
    hours.show()
    await until(lambda: hours.loaded > 0)
    hours.away_on.setChecked(True)
    hours.save()  # switched on without a text: the refusal is said in German
    await until(hours.error.isVisible)
    assert_german(catalog, hours)
    lists = FakeLists(lambda changes: None, set)
    lists.define("Bestellungen", 0x3A7BD5)
    menu = MenuPanel(admin, FakeLabelBook(lists, DeviceId(b"A" * 16)))
    qtbot.addWidget(menu)
    menu.show()
    await until(lambda: menu.loaded > 0)
    menu.enabled.setChecked(True)
    menu.save()  # switched on without a text: the refusal is said in German
    await until(menu.error.isVisible)
    assert_german(catalog, menu)


@pytest.mark.asyncio
@pytest.mark.usefixtures("in_german")
async def test_the_dialogs_speak_german(qtbot: QtBot, catalog: Catalog) -> None:
    dialog = InviteDialog(team_world().admin("Anna Schmidt"), clock)
    qtbot.addWidget(dialog)
    dialog.show()
    assert_german(catalog, dialog)
    invite = Invite(make_code("i"), f"switchboard:join?hub={HUB}&code=X", Role.ADMIN, 1)
    dialog.invite = invite
    dialog.code_page.show_invite(invite, int(clock()))
    dialog.pages.setCurrentWidget(dialog.code_page)
    assert_german(catalog, dialog)
    for mode in PassphraseMode:
        passphrase = PassphraseDialog(mode)
        qtbot.addWidget(passphrase)
        passphrase.show()
        passphrase.first.setText("horse")
        assert_german(catalog, passphrase)
    about = AboutDialog(version="0.1.0")
    qtbot.addWidget(about)
    about.show()
    assert_german(catalog, about)
    crash = CrashDialog("Traceback: …")
    qtbot.addWidget(crash)
    crash.show()
    assert_german(catalog, crash)  # its Close button is Qt's own: qtbase_de says Schließen
    close = next(b for b in crash.findChildren(QAbstractButton) if b.text() != "Details kopieren")
    assert close.text() == "Schließen"


@pytest.mark.asyncio
async def test_the_check_finds_english(qtbot: QtBot, catalog: Catalog) -> None:
    """Without the German catalog the same walk fails: the test can fail."""
    window = await populated_desk(qtbot)
    left = english_left([window], catalog)
    assert any("'Unassigned'" in line for line in left), left


@pytest.mark.asyncio
@pytest.mark.usefixtures("in_german")
async def test_labels_and_canned_replies_speak_german(qtbot: QtBot, catalog: Catalog) -> None:
    from app.domain.canned import CannedScope

    window = await populated_desk(qtbot)
    desk = window.api
    assert isinstance(desk, FakeDesk)
    desk.team.lists.admins.add(desk.me)
    vip = await desk.labels.save_label(None, "VIP", 0xD93F3F)
    await desk.labels.set_label(window.conversation.current_conversation, vip, True)
    await desk.canned.save_canned(None, CannedScope.PERSONAL, "sig", "Anna")
    labels = window.conversation.panel.labels
    await until(lambda: len(labels.chips) == 1 and window.queue.label_filter.isVisible())
    assert_german(catalog, window)
    for dialog in (window.show_labels(), window.show_canned_replies()):
        assert dialog is not None
        qtbot.addWidget(dialog)
        await until(lambda d=dialog: d.list.count() == 1)
        dialog.list.setCurrentRow(0)
        assert_german(catalog, dialog)
