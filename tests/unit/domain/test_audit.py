"""The audit trail's pure parts: which entries a filter lets through, and merging pages."""

from __future__ import annotations

from app.domain.audit import AuditAction, AuditEntry, AuditFilter, merge_newest
from app.domain.ids import ConversationId, DeviceId

ANNA, BEN = DeviceId(b"A" * 16), DeviceId(b"B" * 16)
CID = ConversationId(b"c" * 16)
CLAIM = AuditEntry(7, 1_000, ANNA, AuditAction.CLAIMED, CID)
INVITE = AuditEntry(3, 900, ANNA, AuditAction.INVITED, in_chain=True)


def test_a_filter_lets_through_what_every_field_allows() -> None:
    assert AuditFilter().admits(CLAIM)
    assert not AuditFilter(actor=BEN).admits(CLAIM)
    assert not AuditFilter(actions=frozenset({AuditAction.SENT})).admits(CLAIM)
    assert AuditFilter(since=1_000, until=1_001).admits(CLAIM)
    assert not AuditFilter(until=1_000).admits(CLAIM)  # `until` is exclusive
    assert not AuditFilter(conversation_id=CID).admits(INVITE)


def test_only_filters_that_can_match_the_chain_read_it() -> None:
    assert AuditFilter().wants_chain
    assert AuditFilter().wants_events
    assert not AuditFilter(conversation_id=CID).wants_chain
    invites = AuditFilter(actions=frozenset({AuditAction.INVITED}))
    assert invites.wants_chain
    assert not invites.wants_events
    assert not AuditFilter(actions=frozenset({AuditAction.SENT})).wants_chain


def test_pages_merge_newest_first_by_log_position() -> None:
    later = AuditEntry(9, 500, BEN, AuditAction.SENT, CID)  # an earlier clock, a later record
    assert merge_newest([[CLAIM], [later, INVITE]], 2) == [later, CLAIM]
