"""`switchboard` without a sub-command: first run, unlock, then the desk window.

A new profile shows the first-run window (create or join a team) and opens the desk once the
team is ready; an enrolled profile whose key lives in a passphrase file asks for the passphrase
first (the dialog stays open while it is wrong); a damaged local store is put to the user
(`open_or_recover`). Closing the first-run window or cancelling the
passphrase ends the program without an error.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

import shiboken6
from PySide6.QtCore import Qt

from app.domain.errors import ReplicaDamaged
from app.services.team_api import DeskStart, OpenTeamDesk
from app.ui.app import UiOptions, create_first_run_window, run_desks
from app.ui.dialogs import ask
from app.ui.team.damaged_store_dialog import DamageChoice, ask_about_damage
from app.ui.team.passphrase_dialog import PassphraseDialog, PassphraseMode

log = logging.getLogger(__name__)


def run_profile_desk(start: DeskStart, options: UiOptions | None = None) -> int:
    """Run the desk of one profile until the user quits; returns the exit code."""

    async def build() -> Sequence[OpenTeamDesk]:
        await start.probe()
        if not start.enrolled:
            if not await first_run(start):
                return []
        elif start.needs_passphrase and not await unlock(start):
            return []
        return await open_or_recover(start)

    return run_desks(build, start.close, options)


async def open_or_recover(start: DeskStart) -> list[OpenTeamDesk]:
    """Open the enrolled desk; a damaged local store is put to the user, never replaced
    quietly (`DeskStart.fresh_copy`). [] when the user quits."""
    try:
        return [await start.open_desk()]
    except ReplicaDamaged as damage:
        choice = await ask_about_damage(damage)
        log.warning("local store damaged (%s): the user chose %s", damage.code, choice.value)
    if choice is DamageChoice.QUIT:
        return []
    if choice is DamageChoice.OPEN_ANYWAY:
        return [await start.open_desk(accept_damage=True)]
    opened = await start.fresh_copy()
    if opened is not None:
        return [opened]
    # The damaged file no longer said who this computer is: it joins the team again.
    return [await start.open_desk()] if await first_run(start) else []


async def first_run(start: DeskStart) -> bool:
    """Show the first-run window until the team is ready (True) or the window is closed."""
    window = create_first_run_window(start)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    outcome: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

    def settle(ready: bool) -> None:
        if not outcome.done():
            outcome.set_result(ready)

    window.team_ready.connect(lambda: settle(True))
    window.destroyed.connect(lambda: settle(False))
    window.show()
    try:
        ready = await outcome
    finally:  # also when the user quits (Ctrl-C, SIGTERM) while the window is open
        if shiboken6.isValid(window):
            window.close()
    log.info("first run %s", "finished" if ready else "left")
    return ready


async def unlock(start: DeskStart) -> bool:
    """Ask for the profile's passphrase until it opens the key file; False if cancelled."""
    dialog = PassphraseDialog(PassphraseMode.UNLOCK, lock=start)
    try:
        return await ask(dialog) == PassphraseDialog.DialogCode.Accepted
    finally:  # also when the user quits while the prompt is open
        dialog.close()
        dialog.deleteLater()
