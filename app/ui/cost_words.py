"""Words for what Meta charges: the labels of cloud-api.md §18's table, the customer panel's
count and the costs report's columns. Every string is translatable in the `costs` context."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.domain.pricing import CostGroup, CostSummary


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("costs", text, None, n)


def group_label(group: CostGroup) -> str:
    """The desk's label for a group: "Marketing · charged", "Free · service window"."""
    return tr(str(_GROUPS[group]))


def summary_lines(summary: CostSummary) -> list[str]:
    """One line per group with messages ("2 × Marketing · charged"), charged groups first."""
    return [
        tr("%1 × %2").replace("%1", str(count)).replace("%2", group_label(group))
        for group, count in summary.counts
    ]


def summary_title(summary: CostSummary) -> str:
    """ "2 charged, 5 free" above the lines; a word of its own when nothing was priced."""
    if not summary.counts:
        return tr("Nothing Meta charges for has been sent yet.")
    charged = tr("%n charged", summary.charged) if summary.charged else tr("none charged")
    return tr("%1, %2 free").replace("%1", charged).replace("%2", str(summary.free))


def sender_name(name: str) -> str:
    """A report line's sender: the agent, or a word for a message this desk does not hold."""
    return name or tr("Unknown sender")


_GROUPS: dict[CostGroup, object] = {
    CostGroup.MARKETING: QT_TRANSLATE_NOOP("costs", "Marketing · charged"),
    CostGroup.UTILITY: QT_TRANSLATE_NOOP("costs", "Utility · charged"),
    CostGroup.AUTHENTICATION: QT_TRANSLATE_NOOP("costs", "Authentication · charged"),
    CostGroup.SERVICE: QT_TRANSLATE_NOOP("costs", "Service · charged"),
    CostGroup.OTHER_CHARGED: QT_TRANSLATE_NOOP("costs", "Other · charged"),
    CostGroup.FREE_SERVICE_WINDOW: QT_TRANSLATE_NOOP("costs", "Free · service window"),
    CostGroup.FREE_ENTRY_POINT: QT_TRANSLATE_NOOP("costs", "Free · ad or Page entry (72 h)"),
    CostGroup.OTHER_FREE: QT_TRANSLATE_NOOP("costs", "Free · other"),
}
