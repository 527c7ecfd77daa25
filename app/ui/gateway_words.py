"""Words for the team's link to WhatsApp through its gateway, as the status bar shows it.

Every string is translatable in the `gateway` context. The states and thresholds come from the
services (`DeskApi.gateway_health`); this module only says them.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QDateTime

from app.domain.gateway_beat import GatewayHealth, GatewayState, WhatsAppLink
from app.ui.wording import clock_time

_DAY = 24 * 3600


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("gateway", text, None, n)


@dataclass(frozen=True, slots=True)
class GatewayWords:
    """One line for the status bar and the sentences behind it (the tooltip)."""

    line: str
    details: str


def gateway_words(health: GatewayHealth, now: float) -> GatewayWords | None:
    """What to tell the user about the gateway at `now`; None when there is nothing wrong."""
    if health.state is GatewayState.NOT_HEARD:
        return _not_heard(health, now)
    if health.state is GatewayState.CANNOT_REACH_WHATSAPP:
        if health.link is WhatsAppLink.REFUSED:
            return _refused(health, now)
        return _no_answer(health, now)
    return None


def _not_heard(health: GatewayHealth, now: float) -> GatewayWords:
    if health.last_heard is None:
        line = tr("WhatsApp link down: no word from the gateway since this desk started")
    else:
        line = tr("WhatsApp link down: no word from the gateway since %1")
        line = line.replace("%1", _moment(health.last_heard, now))
    details = tr(
        "The gateway passes messages between your team and WhatsApp, and it is not running or "
        "cannot reach the hub. Replies wait and go out by themselves once it is back; "
        "customers' messages arrive then too. Check that the gateway's computer is on and "
        "that the gateway runs there."
    )
    return GatewayWords(line, details)


def _no_answer(health: GatewayHealth, now: float) -> GatewayWords:
    line = tr("WhatsApp link down: the gateway cannot reach WhatsApp")
    if health.link_since:
        line = tr("WhatsApp link down: the gateway cannot reach WhatsApp since %1")
        line = line.replace("%1", _moment(health.link_since, now))
    details = tr(
        "The gateway runs, but WhatsApp does not answer it: Meta's servers or the gateway's "
        "internet connection are down. Replies wait and go out by themselves once it gets "
        "through."
    )
    return GatewayWords(line, _with_waiting(details, health))


def _refused(health: GatewayHealth, now: float) -> GatewayWords:
    line = tr("WhatsApp refuses the gateway: an administrator must renew its access")
    details = tr(
        "Meta refuses the gateway's access token or permissions, so replies cannot go out. "
        "An administrator connects the number again with a valid token (Desk ▸ Team… ▸ "
        "Connect the number). Replies wait until then."
    )
    if health.link_since:
        since = tr("Refused since %1.").replace("%1", _moment(health.link_since, now))
        details = f"{details} {since}"
    return GatewayWords(line, _with_waiting(details, health))


def _with_waiting(details: str, health: GatewayHealth) -> str:
    parts = [details]
    if health.waiting_sends:
        parts.append(tr("Replies waiting at the gateway: %n.", health.waiting_sends))
    return " ".join(parts)


def _moment(at: float, now: float) -> str:
    """A time of day, with the date when it is not within the last day."""
    if now - at < _DAY:
        return clock_time(int(at))
    return QDateTime.fromSecsSinceEpoch(int(at)).toString("ddd d MMM, hh:mm")
