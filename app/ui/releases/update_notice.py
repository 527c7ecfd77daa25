"""A status-bar line when the team's admin announced a newer version than this desk runs.

Unobtrusive: one line, no pop-up, closed with its × for good (until a later announcement).
It never downloads anything: the admin's link opens in the browser only when clicked, and
only an https link is ever shown (`app.domain.releases`).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from app.domain.errors import SwitchboardError
from app.domain.releases import Release
from app.services.api import Changes
from app.services.releases_api import ReleasesApi
from app.ui.bridge import spawn
from app.ui.messages import MessageChannel


def release_line(release: Release) -> str:
    """What the status bar and the About dialog say, as rich text (the link, if any)."""
    text = tr("Switchboard %1 is available").replace("%1", escape(release.version))
    if not release.url:
        return tr("%1: ask your admin").replace("%1", text)
    download = tr("Download")
    link = f'<a href="{escape(release.url, quote=True)}">{download}</a>'
    return f"{text}: {link}"


def tr(text: str) -> str:
    return QCoreApplication.translate("UpdateNotice", text)


class UpdateNotice(QWidget):
    """Hidden until there is a newer version to tell of (`ReleasesApi.available`).

    Signals:
        release_changed(object): The release now shown (a `Release`), or None.
    """

    release_changed = Signal(object)

    def __init__(
        self, releases: ReleasesApi, messages: MessageChannel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("UpdateNotice")
        self._releases = releases
        self._messages = messages
        self.release: Release | None = None
        self._requests = 0
        self.label = QLabel(self)
        self.label.setOpenExternalLinks(True)  # the browser fetches it, at the user's click
        self.close_button = QToolButton(self)
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.setAccessibleName(self.tr("Dismiss the update notice"))
        self.close_button.setToolTip(self.tr("Do not show this version again"))
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.close_button)
        self.setVisible(False)

    def refresh(self) -> None:
        """Ask again what to show (off the UI thread's way: the answer comes later)."""
        self._requests += 1
        spawn(self, self._load(self._requests), name="update-notice")

    def apply_changes(self, changes: Changes) -> None:
        if changes.releases_changed:
            self.refresh()

    def dismiss(self) -> None:
        """The user closed the line: this version is not shown again on this desk."""
        if self.release is None:
            return
        version = self.release.version
        self._show(None)
        spawn(self, self._dismiss(version), name="update-notice-dismiss")

    async def _load(self, request: int) -> None:
        try:
            release = await self._releases.available()
        except SwitchboardError as error:
            self._messages.report(error, "update notice")
            return
        if request == self._requests:  # an older answer never overwrites a newer one
            self._show(release)

    async def _dismiss(self, version: str) -> None:
        try:
            await self._releases.dismiss(version)
        except SwitchboardError as error:
            self._messages.report(error, "dismiss update notice")

    def _show(self, release: Release | None) -> None:
        self.release = release
        if release is not None:
            self.label.setText(release_line(release))
            # The admin's words, as text: rich text so that Qt never guesses.
            self.label.setToolTip(f"<p>{escape(release.note)}</p>" if release.note else "")
            # Screen readers get words, not the link's markup.
            self.setAccessibleName(tr("Switchboard %1 is available").replace("%1", release.version))
        self.setVisible(release is not None)
        self.release_changed.emit(release)
