"""What the headless demo showed of the team's tools, in figures: labels applied, canned replies
used, automatic greetings received, conversations resolved, and today's activity report as the
admin's desk computes it from its replica (Desk → Reports… shows the same figures)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import Any

from app.demo.agents import ScriptedAgent
from app.demo.hours import AWAY, GREETING
from app.domain.reports import Period, PeriodLine
from app.services.api import DeskApi

DAY = 86_400


def automatic_texts(received: Iterable[str]) -> tuple[list[str], list[str]]:
    """The customers' received texts split into the agents' replies and the gateway's
    automatic answers (the greeting and the away message)."""
    replies: list[str] = []
    automatic: list[str] = []
    for text in received:
        (automatic if text in (GREETING, AWAY) else replies).append(text)
    return replies, automatic


async def feature_figures(
    admin: DeskApi, agents: Sequence[ScriptedAgent], automatic: Sequence[str]
) -> dict[str, Any]:
    """The figures for the report's `features` and the final summary."""
    return {
        "labels_applied": sum(a.labels_applied for a in agents),
        "canned_replies": sum(a.canned_used for a in agents),
        "automatic_greetings": sum(text == GREETING for text in automatic),
        "automatic_away": sum(text == AWAY for text in automatic),
        "resolved": sum(a.handled["resolve"] for a in agents),
        "report_today": await _today(admin),
    }


async def _today(admin: DeskApi) -> dict[str, Any]:
    """Today's line of the activity report (UTC day, as the report counts), or zeros."""
    now = int(time.time())
    report = await admin.team_report(now - now % DAY, now + 1, Period.DAY)
    line = report.periods[-1] if report.periods else None
    return _line(line) if line is not None else {"opened": 0, "resolved": 0}


def _line(line: PeriodLine) -> dict[str, Any]:
    return {
        "day": line.period,
        "opened": line.opened,
        "resolved": line.resolved,
        "first_response_median_s": line.first_response.median,
        "resolution_median_s": line.resolution.median,
        "messages_in": line.messages_in,
        "messages_out": line.messages_out,
    }


def features_line(features: dict[str, Any]) -> str:
    """The figures as the final summary's sentence."""
    today = features["report_today"]
    return (
        f"the team's tools: {features['labels_applied']} labels applied, "
        f"{features['canned_replies']} canned replies used, "
        f"{features['automatic_greetings']} automatic greetings and "
        f"{features['automatic_away']} away messages sent, "
        f"{features['resolved']} conversations resolved; today's report: "
        f"{today['opened']} conversations opened, {today['resolved']} resolved"
    )
