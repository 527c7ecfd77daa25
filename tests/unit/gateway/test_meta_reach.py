"""Whether the gateway reaches WhatsApp, from its Graph calls' answers."""

from __future__ import annotations

from app.domain.gateway_beat import WhatsAppLink
from app.domain.send_codes import NETWORK_ERROR
from app.gateway.graph import SendResult
from app.gateway.meta_reach import MetaReach
from app.gateway.number import GraphProblem, ProblemKind


def test_a_call_without_an_answer_fails_the_link_until_meta_answers_again() -> None:
    now = [100.0]
    reach = MetaReach(lambda: now[0])
    assert (reach.link, reach.failing) == (WhatsAppLink.UNKNOWN, False)

    reach.sent(SendResult(None, NETWORK_ERROR, "ClientConnectorError"))
    now[0] = 130.0
    reach.read(GraphProblem(ProblemKind.NETWORK))  # still down: the time it began stays
    assert (reach.link, reach.since, reach.failing) == (WhatsAppLink.NO_ANSWER, 100.0, True)

    reach.sent(SendResult(None, 131047))  # the window closed: Meta answered all the same
    assert (reach.link, reach.since, reach.failing) == (WhatsAppLink.OK, 130.0, False)


def test_answers_only_an_admin_can_mend_mean_meta_refuses_the_gateway() -> None:
    reach = MetaReach(lambda: 5.0)
    reach.sent(SendResult(None, 190))
    assert reach.link is WhatsAppLink.REFUSED

    reach.read(None)
    assert reach.link is WhatsAppLink.OK
    reach.read(GraphProblem(ProblemKind.PERMISSION, 10))
    assert reach.link is WhatsAppLink.REFUSED
    reach.read(GraphProblem(ProblemKind.UNAVAILABLE, 131016))
    assert reach.link is WhatsAppLink.NO_ANSWER
