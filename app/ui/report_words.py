"""Words for the activity report (issue 12, item 6): durations, periods and the summary line.
Every string is translatable in the `reports` context."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.domain.reports import Period, PeriodLine, Spread

_MINUTE, _HOUR, _DAY = 60, 3_600, 86_400


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("reports", text, None, n)


PERIODS: dict[Period, object] = {
    Period.DAY: QT_TRANSLATE_NOOP("reports", "Per day"),
    Period.WEEK: QT_TRANSLATE_NOOP("reports", "Per week"),
    Period.MONTH: QT_TRANSLATE_NOOP("reports", "Per month"),
}


def period_choice(period: Period) -> str:
    return tr(str(PERIODS[period]))


def duration(seconds: float | None) -> str:
    """A median or 90th percentile: "45 s", "12 min", "1 h 20 min", "2 d 3 h"; a dash when
    there was nothing to measure."""
    if seconds is None:
        return "–"
    whole = round(seconds)
    if whole < _MINUTE:
        return tr("%1 s").replace("%1", str(whole))
    if whole < _HOUR:
        return tr("%1 min").replace("%1", str(whole // _MINUTE))
    if whole < _DAY:
        hours, rest = divmod(whole, _HOUR)
        return tr("%1 h %2 min").replace("%1", str(hours)).replace("%2", str(rest // _MINUTE))
    days, rest = divmod(whole, _DAY)
    return tr("%1 d %2 h").replace("%1", str(days)).replace("%2", str(rest // _HOUR))


def spread(value: Spread) -> str:
    """ "2 min (90 %: 10 min)", the median and the 90th percentile together."""
    if value.median is None:
        return "–"
    return (
        tr("%1 (90 %: %2)").replace("%1", duration(value.median)).replace("%2", duration(value.p90))
    )


def summary(lines: tuple[PeriodLine, ...]) -> str:
    """The range in one sentence: conversations opened and resolved, messages in and out."""
    if not lines:
        return tr("Nothing happened in this range.")
    # English has no numerus forms without a catalogue of its own: the singular is spelled out.
    n = sum(line.opened for line in lines)
    opened = tr("1 conversation opened") if n == 1 else tr("%n conversations opened", n)
    resolved = tr("%n resolved", sum(line.resolved for line in lines))
    n = sum(line.messages_in for line in lines)
    received = tr("1 message received") if n == 1 else tr("%n messages received", n)
    sent = tr("%n sent", sum(line.messages_out for line in lines))
    return (
        tr("%1, %2 · %3, %4")
        .replace("%1", opened)
        .replace("%2", resolved)
        .replace("%3", received)
        .replace("%4", sent)
    )


def billable(counts: tuple[tuple[str, int], ...]) -> str:
    """Meta's billable messages by its own category words: "marketing 2, utility 1"."""
    return ", ".join(f"{category} {count}" for category, count in counts) or "–"
