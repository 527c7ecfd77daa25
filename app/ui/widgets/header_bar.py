"""The band across the top of a desk: the business as customers see it (name, blue check,
quality), the agent at this desk, and the hub state."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QToolButton, QWidget

from app.domain.model import HubState
from app.log.events import NumberStatus
from app.ui.resources import app_icon
from app.ui.theme import COLORS
from app.ui.widgets.business_badge import BusinessIdentity
from app.ui.widgets.conversation_header import Avatar

_COMPACT_BELOW = 760
"""Header width (px) under which the number's quality shows as a dot only."""

_STATE_COLORS = {
    HubState.ONLINE: COLORS.online,
    HubState.CONNECTING: COLORS.connecting,
    HubState.NOT_RESPONDING: COLORS.offline,
    HubState.CANNOT_STORE: COLORS.warning,
    HubState.OFFLINE: COLORS.offline,
}


class _Dot(QWidget):
    """A small status light."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(QSize(10, 10))
        self._color = QColor(COLORS.faint)

    def set_color(self, color: str) -> None:
        self._color = QColor(color)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._color)
        painter.drawEllipse(QRectF(self.rect()).adjusted(1, 1, -1, -1))


class HubIndicator(QWidget):
    """ONLINE / CONNECTING / NOT RESPONDING / CANNOT STORE / OFFLINE, as a coloured light
    and a word."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._dot = _Dot(self)
        self._label = QLabel(self)
        self._label.setObjectName("Muted")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self._dot)
        row.addWidget(self._label)
        self.state: HubState | None = None

    def set_state(self, state: HubState) -> None:
        self.state = state
        words = {
            HubState.ONLINE: self.tr("Online"),
            HubState.CONNECTING: self.tr("Connecting…"),
            HubState.NOT_RESPONDING: self.tr("Hub not responding"),
            HubState.CANNOT_STORE: self.tr("Hub cannot save"),
            HubState.OFFLINE: self.tr("Offline"),
        }
        self._dot.set_color(_STATE_COLORS[state])
        self._label.setText(words[state])
        self.setAccessibleName(self.tr("Hub connection: %1").replace("%1", words[state]))
        tips = {
            HubState.ONLINE: self.tr("Connected to the team hub; changes sync instantly."),
            HubState.CONNECTING: self.tr("Reaching the team hub…"),
            HubState.NOT_RESPONDING: self.tr(
                "The team hub is connected but does not answer. You can keep working; replies "
                "are sent once it answers again."
            ),
            HubState.CANNOT_STORE: self.tr(
                "The team hub cannot save new messages (its disk may be full). Your replies "
                "wait in the outbox and go out once it can; new customer messages arrive then "
                "too. Tell whoever runs the hub."
            ),
            HubState.OFFLINE: self.tr(
                "The team hub is unreachable. You can keep working; replies are sent on reconnect."
            ),
        }
        self.setToolTip(tips[state])

    def text(self) -> str:
        return self._label.text()


class HeaderBar(QWidget):
    """The business on the left; agent and hub connection on the right.

    Attributes:
        business: The number's name, badge and quality (`set_number_status` updates them).
    """

    def __init__(
        self, business_name: str, agent_name: str, agent_key: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("HeaderBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setFixedHeight(52)
        logo = QLabel(self)
        logo.setPixmap(app_icon().pixmap(QSize(26, 26)))
        self.business = BusinessIdentity(business_name, self)
        self._agent_key = agent_key
        self._agent_avatar = agent_avatar = Avatar(26, self)
        self._agent = agent = QLabel(self)
        self.set_agent(agent_name)
        # The agent's own Away (auto-assignment skips her) beside her name: "Online" on the
        # left of it is the hub's connection, not her availability.
        self.away_tag = QLabel(self.tr("Away"), self)
        self.away_tag.setObjectName("AwayTag")
        self.away_tag.setToolTip(self.tr("You are away: auto-assignment gives you nothing new."))
        self.away_tag.hide()
        self.hub = HubIndicator(self)
        self.menu_button = QToolButton(self)
        self.menu_button.setObjectName("HeaderMenu")
        self.menu_button.setText("⋮")
        self.menu_button.setAccessibleName(self.tr("Menu"))
        self.menu_button.setToolTip(self.tr("Menu"))
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_button.hide()
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 0, 18, 0)
        row.setSpacing(10)
        row.addWidget(logo)
        row.addWidget(self.business, 1)
        row.addSpacing(10)
        row.addWidget(self.hub)
        row.addSpacing(14)
        row.addWidget(agent_avatar)
        row.addWidget(agent)
        row.addWidget(self.away_tag, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.menu_button)

    def set_agent(self, name: str) -> None:
        """Who is signed in; a new desk learns its own name only as its first sync goes on."""
        self._agent_avatar.set_person(name, self._agent_key)
        self._agent.setText(name)
        self._agent.setAccessibleName(self.tr("Signed in as %1").replace("%1", name))

    def set_away(self, away: bool) -> None:
        """Show whether this agent set herself away."""
        self.away_tag.setVisible(away)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Two desks side by side leave ~640 px: the business name matters more than the word.
        self.business.set_compact(event.size().width() < _COMPACT_BELOW)

    def set_number_status(self, status: NumberStatus | None) -> None:
        """Show the business number's status (None: not reported yet)."""
        self.business.set_status(status)

    def set_menu(self, menu: QMenu) -> None:
        """Offer the window's menu from the header (where there is no global menu bar)."""
        self.menu_button.setMenu(menu)
        self.menu_button.show()
