"""Business hours, for admins: the week, holidays, time zone, greeting and away texts.

Saving sends them to the gateway, which answers customers on its own from then on: a greeting
to a customer's first message inside the hours, an away message once per closed period outside
them (`app.domain.business_hours`). The panel shows what this desk last sent.
"""

from __future__ import annotations

import asyncio
import logging
import zoneinfo
from datetime import date, time

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QLocale, Qt, QTime, QTimeZone
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.business_hours import DAYS, BusinessHours, DayHours
from app.domain.errors import NotPermitted, SwitchboardError
from app.services.business_hours import HoursRefused
from app.services.team_api import TeamAdmin
from app.ui import wording
from app.ui.bridge import spawn

log = logging.getLogger(__name__)

_CONTEXT = "BusinessHoursPanel"
DEFAULT_DAY = DayHours(time(9), time(17))


_REFUSALS = {
    "hours-order": QT_TRANSLATE_NOOP(
        "BusinessHoursPanel", "Each open day must close after it opens."
    ),
    "hours-holidays": QT_TRANSLATE_NOOP(
        "BusinessHoursPanel", "There are too many holidays; remove some past ones."
    ),
    "hours-text-too-long": QT_TRANSLATE_NOOP(
        "BusinessHoursPanel", "The greeting and the away message may have 1024 characters each."
    ),
    "hours-text-empty": QT_TRANSLATE_NOOP(
        "BusinessHoursPanel", "Write the greeting or away message you switched on."
    ),
    "hours-zone": QT_TRANSLATE_NOOP("BusinessHoursPanel", "Choose a time zone from the list."),
}
_UNSAVED = QT_TRANSLATE_NOOP("BusinessHoursPanel", "These business hours cannot be saved.")


def refusal_text(code: str) -> str:
    """One sentence for a refusal code of `hours_refusal` (or "hours-zone")."""
    return QCoreApplication.translate(_CONTEXT, str(_REFUSALS.get(code, _UNSAVED)))


class DayRow:
    """One weekday: open or not, opening and closing time."""

    def __init__(self, weekday: int, parent: QWidget) -> None:
        self.open = QCheckBox(QLocale().dayName(weekday + 1), parent)
        self.opens = QTimeEdit(parent)
        self.closes = QTimeEdit(parent)
        for edit in (self.opens, self.closes):
            edit.setDisplayFormat("HH:mm")
        self.open.toggled.connect(self._enable)
        self.set(DEFAULT_DAY if weekday < 5 else None)

    def set(self, day: DayHours | None) -> None:
        shown = day or DEFAULT_DAY
        self.opens.setTime(QTime(shown.opens.hour, shown.opens.minute))
        self.closes.setTime(QTime(shown.closes.hour, shown.closes.minute))
        self.open.setChecked(day is not None)
        self._enable(day is not None)

    def value(self) -> DayHours | None:
        if not self.open.isChecked():
            return None
        opens, closes = self.opens.time(), self.closes.time()
        return DayHours(time(opens.hour(), opens.minute()), time(closes.hour(), closes.minute()))

    def _enable(self, on: bool) -> None:
        self.opens.setEnabled(on)
        self.closes.setEnabled(on)


class BusinessHoursPanel(QWidget):
    """The editor; `saved` counts successful saves and `loaded` loads (tests wait on them)."""

    def __init__(self, team: TeamAdmin, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.team = team
        self.title = QLabel(self.tr("Business hours"), self)
        self.title.setObjectName("PageTitle")
        self.explanation = QLabel(
            self.tr(
                "The gateway answers customers on its own: a greeting to a customer's first "
                "message, and an away message outside these hours, once per closed period. "
                "Both appear in the conversation as automatic."
            ),
            self,
        )
        self.explanation.setObjectName("Muted")
        self.explanation.setWordWrap(True)
        self.zone = QComboBox(self)
        self.zone.setEditable(True)
        self.zone.addItem("UTC")
        self.days = [DayRow(weekday, self) for weekday in range(DAYS)]
        self.holiday_date = QDateEdit(QDate.currentDate(), self)
        self.holiday_date.setCalendarPopup(True)
        self.add_holiday = QPushButton(self.tr("&Add holiday"), self)
        self.add_holiday.clicked.connect(self._add_holiday)
        self.holidays = QListWidget(self)
        self.remove_holiday = QPushButton(self.tr("&Remove"), self)
        self.remove_holiday.clicked.connect(self._remove_holiday)
        self.greeting_on = QCheckBox(self.tr("Send a &greeting to a customer's first message"))
        self.greeting = QPlainTextEdit(self)
        self.away_on = QCheckBox(self.tr("Send an a&way message outside business hours"))
        self.away = QPlainTextEdit(self)
        for text in (self.greeting, self.away):
            text.setMaximumHeight(70)
        self.save_button = QPushButton(self.tr("&Save"), self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.status = QLabel(self)
        self.status.setObjectName("Muted")
        self.error = QLabel(self)
        self.error.setObjectName("ErrorText")
        self.error.setWordWrap(True)
        self.error.hide()
        self.loaded = 0
        self.saved = 0
        self._build()
        spawn(self, self._load(), name="business-hours")

    def _build(self) -> None:
        zone_row = QHBoxLayout()
        zone_label = QLabel(self.tr("Time &zone:"), self)
        zone_label.setBuddy(self.zone)  # the & is its shortcut
        zone_row.addWidget(zone_label)
        zone_row.addWidget(self.zone, 1)
        week = QGridLayout()
        week.addWidget(QLabel(self.tr("Opens"), self), 0, 1)
        week.addWidget(QLabel(self.tr("Closes"), self), 0, 2)
        for row, day in enumerate(self.days, start=1):
            week.addWidget(day.open, row, 0)
            week.addWidget(day.opens, row, 1)
            week.addWidget(day.closes, row, 2)
        holidays = QVBoxLayout()
        holidays.addWidget(QLabel(self.tr("Holidays (closed all day):"), self))
        adding = QHBoxLayout()
        adding.addWidget(self.holiday_date, 1)
        adding.addWidget(self.add_holiday)
        holidays.addLayout(adding)
        holidays.addWidget(self.holidays, 1)
        holidays.addWidget(self.remove_holiday)
        middle = QHBoxLayout()
        week_column = QVBoxLayout()
        week_column.addLayout(week)
        week_column.addStretch(1)  # the days stay together at the top
        middle.addLayout(week_column, 3)
        middle.addSpacing(16)
        middle.addLayout(holidays, 2)
        below = QHBoxLayout()
        below.addWidget(self.status, 1)
        below.addWidget(self.save_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 16, 20, 16)
        column.addWidget(self.title)
        column.addWidget(self.explanation)
        column.addLayout(zone_row)
        column.addLayout(middle, 1)
        for widget in (self.greeting_on, self.greeting, self.away_on, self.away, self.error):
            column.addWidget(widget)
        column.addLayout(below)

    def value(self) -> BusinessHours:
        """The hours as the admin set them in the panel."""
        days = {
            self.holidays.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.holidays.count())
        }
        return BusinessHours(
            self.zone.currentText().strip(),
            tuple(day.value() for day in self.days),
            frozenset(date.fromisoformat(d) for d in days),
            self.greeting_on.isChecked(),
            self.greeting.toPlainText().strip(),
            self.away_on.isChecked(),
            self.away.toPlainText().strip(),
        )

    def show_hours(self, hours: BusinessHours) -> None:
        self.zone.setCurrentText(hours.zone)
        for row, day in zip(self.days, hours.week, strict=True):
            row.set(day)
        self.holidays.clear()
        for holiday in sorted(hours.holidays):
            self._list_holiday(holiday)
        self.greeting_on.setChecked(hours.greeting_on)
        self.greeting.setPlainText(hours.greeting)
        self.away_on.setChecked(hours.away_on)
        self.away.setPlainText(hours.away)

    def save(self) -> None:
        self.save_button.setEnabled(False)
        spawn(self, self._save(self.value()), name="save-business-hours")

    def _add_holiday(self) -> None:
        picked = self.holiday_date.date()
        day = date(picked.year(), picked.month(), picked.day())
        if day not in self.value().holidays:
            self._list_holiday(day)
            self.holidays.sortItems()

    def _list_holiday(self, day: date) -> None:
        shown = QLocale().toString(
            QDate(day.year, day.month, day.day), QLocale.FormatType.LongFormat
        )
        item = QListWidgetItem(shown, self.holidays)
        item.setData(Qt.ItemDataRole.UserRole, day.isoformat())

    def _remove_holiday(self) -> None:
        for item in self.holidays.selectedItems():
            self.holidays.takeItem(self.holidays.row(item))

    async def _load(self) -> None:
        # Reading the zone database touches hundreds of files: off the UI thread.
        zones = await asyncio.to_thread(lambda: sorted(zoneinfo.available_timezones()))
        self.zone.clear()
        self.zone.addItems(zones)
        self.zone.setCurrentText(_system_zone())
        try:
            hours = await self.team.business_hours()
        except NotPermitted:
            self._show_error(self.tr("Only admins set the business hours."))
            return
        except SwitchboardError as error:
            self._show_error(wording.describe_error(error))
            return
        if hours is not None:
            self.show_hours(hours)
        self.loaded += 1

    async def _save(self, hours: BusinessHours) -> None:
        try:
            await self.team.set_business_hours(hours)
        except HoursRefused as refused:
            self._show_error(refusal_text(refused.code))
        except SwitchboardError as error:
            self._show_error(wording.describe_error(error))
        else:
            self.error.hide()
            self.status.setText(self.tr("Saved: the gateway answers by these hours from now on."))
            self.saved += 1
        finally:
            self.save_button.setEnabled(True)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


def _system_zone() -> str:
    """The system's IANA zone name: the editor's suggestion before any hours were set."""
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "replace")
    return name or "UTC"
