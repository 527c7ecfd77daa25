"""The top of the conversation pane: who the customer is, how long the 24-hour reply window has
left, the Claim button, and an inline notice for things like a lost claim race.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain import rules
from app.domain.model import ConversationDetail
from app.ui import wording
from app.ui.icons import icon_pixmap
from app.ui.theme import COLORS, avatar_color
from app.ui.widgets.presence_view import PresenceLine

NOTICE_MS = 8000
"""How long an inline notice stays before it fades out of the way."""
_WINDOW_WARNING = 2 * 60 * 60
"""Under two hours left, the countdown turns amber."""
_STACK_BELOW = 520
"""Header width (px) under which the number and the countdown stack."""
_PRESENCE_IN_WORDS_FROM = 720
"""Header width (px) from which who else is there is said in a sentence, not first names."""


class Avatar(QWidget):
    """A coloured circle with initials."""

    def __init__(self, size: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(QSize(size, size))
        self._text = ""
        self._color = QColor(COLORS.faint)

    def set_person(self, name: str, key: str) -> None:
        self._text = wording.initials(name)
        self._color = avatar_color(key)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._color)
        painter.drawEllipse(QRectF(self.rect()))
        font = QFont(self.font())
        font.setWeight(QFont.Weight.DemiBold)
        font.setPixelSize(max(9, self.width() * 2 // 5))
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._text)


class InlineNotice(QWidget):
    """A dismissable, non-blocking notice inside the pane; hides itself after a while."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Notice"))
        box = QFrame(self)
        box.setObjectName("Notice")
        self._label = QLabel(box)
        self._label.setWordWrap(True)
        close = QPushButton("×", box)
        close.setObjectName("Flat")
        close.setAccessibleName(self.tr("Dismiss notice"))
        close.clicked.connect(self.hide)
        row = QHBoxLayout(box)
        row.setContentsMargins(12, 6, 6, 6)
        row.addWidget(self._label, 1)
        row.addWidget(close)
        # The margins belong to the notice, so a hidden notice leaves no gap behind.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 8, 16, 0)
        outer.addWidget(box)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def text(self) -> str:
        return self._label.text()

    def show_text(self, text: str, ms: int = NOTICE_MS) -> None:
        self._label.setText(text)
        self.setAccessibleDescription(text)
        self.show()
        self._timer.start(ms)


class ElidedLabel(QLabel):
    """A one-line label that shortens its text with "…" instead of clipping or widening."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setAccessibleName(text)
        self._elide()
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        # Layouts should offer the whole text, and may squeeze it down to minimumSizeHint.
        hint = super().sizeHint()
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self._full) + margins.left() + margins.right()
        return QSize(width + 1, hint.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("M…"), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        elided = self.fontMetrics().elidedText(
            self._full, Qt.TextElideMode.ElideRight, self.width()
        )
        self.setText(elided)
        self.setToolTip(self._full if elided != self._full else "")


class OptOutTag(QFrame):
    """A small tag saying the customer stopped marketing messages."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("OptOutTag")
        icon = QLabel(self)
        icon.setPixmap(icon_pixmap("no-marketing", 12, COLORS.warning, self.devicePixelRatioF()))
        self._label = QLabel(self.tr("No marketing"), self)
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(7, 1, 8, 1)
        self._row.setSpacing(4)
        self._row.addWidget(icon)
        self._row.addWidget(self._label)
        self.setAccessibleName(self.tr("Opted out of marketing messages"))
        self.setToolTip(
            self.tr(
                "This customer stopped marketing messages. Replies are fine; don't send them "
                "promotional templates."
            )
        )
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self._label.text()

    def set_compact(self, compact: bool) -> None:
        """Icon only (the words stay in the tooltip), for narrow desks."""
        self._label.setVisible(not compact)
        self._row.setContentsMargins(5 if compact else 7, 1, 5 if compact else 8, 1)


class ConversationHeader(QWidget):
    """Customer name, number or username, reply window countdown and the Claim button.

    Signals:
        claim_clicked(): The agent asked to claim the conversation.
    """

    claim_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ConversationHeader")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._avatar = Avatar(38, self)
        self._name = ElidedLabel(self)
        self._name.setObjectName("Title")
        # Both shorten rather than squeeze the Claim button when the desk is narrow.
        self._identity = ElidedLabel(self)
        self._identity.setObjectName("Muted")
        self._window = ElidedLabel(self)
        self._seconds_left = 0
        self._claim = QPushButton(self.tr("Claim"), self)
        self._claim.setObjectName("Primary")
        self._claim.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._claim.setAccessibleName(self.tr("Claim conversation"))
        self._claim.setToolTip(self.tr("Take this conversation (Ctrl+Shift+C)"))
        self._claim.clicked.connect(self.claim_clicked)
        self.opt_out = OptOutTag(self)
        self.opt_out.hide()
        self.presence = PresenceLine(self)
        """Who else is viewing or typing here; hidden while nobody is."""
        self._subtitle = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._lay_out()
        self._last_inbound_at: int | None = None

    def _lay_out(self) -> None:
        self._subtitle.setSpacing(14)
        self._subtitle.addWidget(self._identity)
        self._subtitle.addWidget(self._window)
        self._subtitle.addStretch(1)
        title = QHBoxLayout()
        title.setSpacing(8)
        title.addWidget(self._name)
        title.addWidget(self.opt_out, 0, Qt.AlignmentFlag.AlignVCenter)
        title.addWidget(self.presence, 0, Qt.AlignmentFlag.AlignVCenter)
        title.addStretch(1)
        self._title = title
        text = QVBoxLayout()
        text.setSpacing(1)
        text.addLayout(title)
        text.addLayout(self._subtitle)
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 10, 16, 10)
        row.setSpacing(12)
        row.addWidget(self._avatar, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text, 1)
        row.addWidget(self._claim, 0, Qt.AlignmentFlag.AlignVCenter)

    def add_tool(self, button: QWidget) -> None:
        """Put a small tool button (the customer panel's toggle) at the end of the name's line,
        where it takes room from the name (which shortens) and never from the countdown."""
        self._title.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)

    @property
    def claim_button(self) -> QPushButton:
        return self._claim

    def name_text(self) -> str:
        return self._name.full_text()

    def window_text(self) -> str:
        """The reply window countdown ("23 h 5 min left to reply", shorter when narrow)."""
        return self._window.full_text()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Number and countdown side by side, or stacked when a narrow desk has no room.
        narrow = event.size().width() < _STACK_BELOW
        direction = QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
        if self._subtitle.direction() != direction:
            self._subtitle.setDirection(direction)
            self._subtitle.setSpacing(0 if narrow else 14)
            self.opt_out.set_compact(narrow)
            self._show_window()
        # "Ben Okafor is typing…" must not squeeze the customer's name: first names till roomy.
        self.presence.set_compact(event.size().width() < _PRESENCE_IN_WORDS_FROM)

    def set_detail(self, detail: ConversationDetail, now: int) -> None:
        """Show a conversation's customer and reply window."""
        self._name.set_full_text(detail.customer_name or wording.phone(detail.customer_wa_id))
        self._identity.set_full_text(wording.phone(detail.customer_wa_id) or detail.customer_id)
        self._avatar.set_person(detail.customer_name, detail.customer_id)
        self.opt_out.setVisible(detail.marketing_opt_out)
        self._last_inbound_at = detail.last_inbound_at
        self.refresh_window(now)

    def refresh_window(self, now: int) -> None:
        """Update the 24-hour countdown (called every minute)."""
        self._seconds_left = rules.window_remaining(self._last_inbound_at, now)
        self._show_window()

    def _show_window(self) -> None:
        left = self._seconds_left
        compact = self._subtitle.direction() == QBoxLayout.Direction.TopToBottom
        self._window.set_full_text(wording.window_left(left, compact))
        warn = COLORS.warning if left else COLORS.danger
        self._window.setStyleSheet(f"color: {COLORS.accent if left > _WINDOW_WARNING else warn};")

    def set_claim_state(self, *, assignee_name: str, mine: bool, claiming: bool) -> None:
        """Show who holds the conversation on the Claim button, and whether it can be clicked."""
        if claiming:
            text, enabled = self.tr("Claiming…"), False
        elif mine:
            text, enabled = self.tr("Assigned to you"), False
        elif assignee_name:
            text, enabled = self.tr("Assigned to %1").replace("%1", assignee_name), False
        else:
            text, enabled = self.tr("Claim"), True
        self._claim.setText(text)
        self._claim.setEnabled(enabled)
        # An assigned conversation is a state, not an action: show it as a quiet label.
        self._claim.setObjectName("Primary" if enabled or claiming else "Assigned")
        self._claim.style().unpolish(self._claim)
        self._claim.style().polish(self._claim)
        self._claim.updateGeometry()  # the new text and style change its size
