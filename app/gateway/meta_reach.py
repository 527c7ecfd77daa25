"""Whether the gateway reaches WhatsApp: the outcome of its latest calls to Meta's Graph API.

The gateway's beats carry it to the desks (`heartbeat`). Any answer from Meta counts as
reached, even one that refuses a message (the customer's window closed, say); no answer at all
(a refused connection, a timeout, Meta's "service unavailable") means replies cannot go out;
an answer that only an administrator can mend (an expired token, missing permissions) means
Meta refuses the gateway itself.
"""

from __future__ import annotations

from collections.abc import Callable

from app.domain.gateway_beat import WhatsAppLink
from app.domain.send_codes import NETWORK_ERROR, rule_for
from app.gateway.graph import SendResult
from app.gateway.number import GraphProblem, ProblemKind

_NO_ANSWER = frozenset({ProblemKind.NETWORK, ProblemKind.UNAVAILABLE})
_REFUSED = frozenset({ProblemKind.TOKEN_INVALID, ProblemKind.PERMISSION})


class MetaReach:
    """The link to Meta as the latest Graph call found it, and since when."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self.link = WhatsAppLink.UNKNOWN
        self.since = 0.0
        """When `link` last changed (the gateway's clock); 0 before the first call."""

    @property
    def failing(self) -> bool:
        return self.link in (WhatsAppLink.NO_ANSWER, WhatsAppLink.REFUSED)

    def sent(self, result: SendResult) -> None:
        """A send or upload call's answer."""
        if result.wamid is not None:
            self._now(WhatsAppLink.OK)
        elif result.error_code == NETWORK_ERROR:
            self._now(WhatsAppLink.NO_ANSWER)
        elif rule_for(result.error_code).kind.admin:
            self._now(WhatsAppLink.REFUSED)
        else:
            self._now(WhatsAppLink.OK)

    def read(self, problem: GraphProblem | None) -> None:
        """A read of the number's node: None when it was read."""
        if problem is None:
            self._now(WhatsAppLink.OK)
        elif problem.kind in _NO_ANSWER:
            self._now(WhatsAppLink.NO_ANSWER)
        elif problem.kind in _REFUSED:
            self._now(WhatsAppLink.REFUSED)
        else:
            self._now(WhatsAppLink.OK)

    def _now(self, link: WhatsAppLink) -> None:
        if link is not self.link:
            self.link = link
            self.since = self._clock()
