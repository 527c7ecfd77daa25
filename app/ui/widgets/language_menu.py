"""View → Language: choose the desk's language (system, English, Deutsch), from the next start.

Qt widgets set their texts once, when they are built, so a live switch would have to rebuild
every window; the choice is saved instead and the status line says when it applies.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from app.ui.i18n.language import ENGLISH, GERMAN, SYSTEM, LanguageSetting
from app.ui.messages import MessageChannel

ENDONYMS = {ENGLISH: "English", GERMAN: "Deutsch"}
"""Each language in its own words, never translated: whoever cannot read the current language
still finds theirs."""


class LanguageMenu(QMenu):
    """A menu of the language choices, the saved one checked."""

    def __init__(
        self, setting: LanguageSetting, messages: MessageChannel, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("&Language"), parent)
        self.setObjectName("LanguageMenu")
        self._setting = setting
        self._messages = messages
        self._group = QActionGroup(self)
        self._group.setExclusive(True)
        saved = setting.read()
        labels = {SYSTEM: self.tr("System language"), **ENDONYMS}
        for choice, label in labels.items():
            action = QAction(label, self)
            action.setCheckable(True)
            action.setChecked(choice == saved)
            action.setData(choice)
            self._group.addAction(action)
            self.addAction(action)
        self.addSeparator()
        note = self.addAction(self.tr("Applies when Switchboard starts again"))
        note.setEnabled(False)
        self._group.triggered.connect(self._chosen)

    def _chosen(self, action: QAction) -> None:
        choice = str(action.data())
        try:
            self._setting.write(choice)
        except OSError:
            self._messages.error(self.tr("The language setting could not be saved."))
            return
        self._messages.info(
            self.tr("The language changes to %1 when Switchboard starts again.").replace(
                "%1", action.text()
            )
        )
