"""The routing rules of notifications, table by table (`app.domain.notify`)."""

from __future__ import annotations

import pytest

from app.domain.content import Activity, ActivityKind, Content, Note, Text, searchable_text
from app.domain.ids import ConversationId, DeviceId, EventId
from app.domain.model import DeliveryStatus, Direction, Message
from app.domain.notify import (
    Attention,
    Notice,
    NoticeKind,
    addressed_to,
    customer_notice_kind,
    notices_of,
    opens_conversation,
    should_alert,
)

ANNA = DeviceId(b"anna" * 4)
BEN = DeviceId(b"ben-" * 4)
CARL = DeviceId(b"carl" * 4)
CUSTOMER = None
HERE = ConversationId(b"conv-here-------")
ELSEWHERE = ConversationId(b"conv-elsewhere--")

K = NoticeKind


def notice(kind: NoticeKind, actor: DeviceId | None, target: DeviceId | None) -> Notice:
    return Notice(kind, HERE, actor, target, customer_name="Lena", text="hello")


# (kind, actor, target, me, addressed)
ADDRESSED = [
    # A new conversation: everyone but whoever caused it.
    (K.NEW_CONVERSATION, CUSTOMER, None, ANNA, True),
    (K.NEW_CONVERSATION, CUSTOMER, None, BEN, True),
    (K.NEW_CONVERSATION, ANNA, None, ANNA, False),
    (K.NEW_CONVERSATION, ANNA, None, BEN, True),
    # A customer's message: the assignee only.
    (K.CUSTOMER_MESSAGE, CUSTOMER, ANNA, ANNA, True),
    (K.CUSTOMER_MESSAGE, CUSTOMER, ANNA, BEN, False),
    (K.CUSTOMER_MESSAGE, CUSTOMER, BEN, ANNA, False),
    (K.CUSTOMER_MESSAGE, CUSTOMER, None, ANNA, False),
    # A mention: only the one named, never the author.
    (K.MENTION, BEN, ANNA, ANNA, True),
    (K.MENTION, BEN, ANNA, BEN, False),
    (K.MENTION, BEN, ANNA, CARL, False),
    (K.MENTION, ANNA, ANNA, ANNA, False),
    # A hand-over: the new holder, not the one handing over, not bystanders.
    (K.ASSIGNED_TO_YOU, BEN, ANNA, ANNA, True),
    (K.ASSIGNED_TO_YOU, BEN, ANNA, BEN, False),
    (K.ASSIGNED_TO_YOU, BEN, ANNA, CARL, False),
    (K.ASSIGNED_TO_YOU, ANNA, ANNA, ANNA, False),
    # A take-over: the former holder.
    (K.TAKEN_OVER, BEN, ANNA, ANNA, True),
    (K.TAKEN_OVER, BEN, ANNA, BEN, False),
    (K.TAKEN_OVER, BEN, ANNA, CARL, False),
    (K.TAKEN_OVER, BEN, None, ANNA, False),
]


@pytest.mark.parametrize(("kind", "actor", "target", "me", "expected"), ADDRESSED)
def test_who_a_notice_is_addressed_to(
    kind: NoticeKind,
    actor: DeviceId | None,
    target: DeviceId | None,
    me: DeviceId,
    expected: bool,
) -> None:
    assert addressed_to(notice(kind, actor, target), me) is expected


@pytest.mark.parametrize(("kind", "actor", "target", "me", "expected"), ADDRESSED)
def test_an_alert_follows_the_address_when_nothing_else_stands_in_the_way(
    kind: NoticeKind,
    actor: DeviceId | None,
    target: DeviceId | None,
    me: DeviceId,
    expected: bool,
) -> None:
    assert should_alert(notice(kind, actor, target), Attention(me, viewing=ELSEWHERE)) is expected


@pytest.mark.parametrize("kind", list(NoticeKind))
@pytest.mark.parametrize(
    ("do_not_disturb", "viewing", "expected"),
    [
        (False, None, True),
        (False, ELSEWHERE, True),
        (False, HERE, False),  # the person is reading that conversation already
        (True, None, False),  # do-not-disturb silences everything
        (True, ELSEWHERE, False),
        (True, HERE, False),
    ],
)
def test_do_not_disturb_and_the_open_conversation(
    kind: NoticeKind, do_not_disturb: bool, viewing: ConversationId | None, expected: bool
) -> None:
    target = None if kind is NoticeKind.NEW_CONVERSATION else ANNA
    attention = Attention(ANNA, do_not_disturb=do_not_disturb, viewing=viewing)
    assert should_alert(notice(kind, BEN, target), attention) is expected


@pytest.mark.parametrize(
    ("assignee", "opens", "expected"),
    [
        (None, True, K.NEW_CONVERSATION),
        (None, False, None),  # more words in the unassigned queue: no alert for anyone
        (ANNA, False, K.CUSTOMER_MESSAGE),
        (ANNA, True, K.CUSTOMER_MESSAGE),  # held from the start (a later rule may do so)
    ],
)
def test_what_a_customer_message_is(
    assignee: DeviceId | None, opens: bool, expected: NoticeKind | None
) -> None:
    assert customer_notice_kind(assignee=assignee, opens=opens) is expected


def test_the_words_stay_out_of_repr() -> None:
    shown = repr(notice(K.CUSTOMER_MESSAGE, CUSTOMER, ANNA))
    assert "hello" not in shown
    assert "Lena" not in shown
    assert "CUSTOMER_MESSAGE" in shown


def message(direction: Direction, content: Content, author: DeviceId | None) -> Message:
    return Message(
        event_id=EventId(b"event-----------"),
        conversation_id=HERE,
        direction=direction,
        text=searchable_text(content),
        at=0,
        author=author,
        wamid=None,
        status=DeliveryStatus.DELIVERED,
        error_code=0,
        position=7,
        content=content,
    )


def told(found: list[Notice]) -> list[tuple[NoticeKind, DeviceId | None, DeviceId | None]]:
    return [(n.kind, n.actor, n.target) for n in found]


A = ActivityKind
IN, NOTE, LINE, OUT = Direction.INBOUND, Direction.NOTE, Direction.ACTIVITY, Direction.OUTBOUND


@pytest.mark.parametrize(
    ("direction", "content", "author", "assignee", "opens", "expected"),
    [
        (IN, Text("hi"), CUSTOMER, None, True, [(K.NEW_CONVERSATION, None, None)]),
        (IN, Text("hi"), CUSTOMER, None, False, []),
        (IN, Text("hi"), CUSTOMER, ANNA, False, [(K.CUSTOMER_MESSAGE, None, ANNA)]),
        (OUT, Text("hello"), ANNA, ANNA, False, []),  # our replies tell nobody
        (NOTE, Note("see @Anna"), BEN, ANNA, False, []),  # a name in words is no mention
        (NOTE, Note("see", (ANNA,)), BEN, None, False, [(K.MENTION, BEN, ANNA)]),
        (
            NOTE,
            Note("both", (ANNA, CARL, ANNA)),
            BEN,
            BEN,
            False,
            [(K.MENTION, BEN, ANNA), (K.MENTION, BEN, CARL)],  # once each, in order
        ),
        (LINE, Activity(A.ASSIGNED, ANNA), BEN, ANNA, False, [(K.ASSIGNED_TO_YOU, BEN, ANNA)]),
        # The system acted, even when Anna's own desk wrote it: she hears of it.
        (
            LINE,
            Activity(A.AUTO_ASSIGNED, ANNA),
            ANNA,
            ANNA,
            False,
            [(K.ASSIGNED_TO_YOU, None, ANNA)],
        ),
        (
            LINE,
            Activity(A.TRANSFERRED, CARL, "VIP"),
            BEN,
            CARL,
            False,
            [(K.ASSIGNED_TO_YOU, BEN, CARL)],
        ),
        (LINE, Activity(A.TOOK_OVER, ANNA), BEN, BEN, False, [(K.TAKEN_OVER, BEN, ANNA)]),
        (LINE, Activity(A.CLAIMED), BEN, BEN, False, []),
        (LINE, Activity(A.RELEASED), BEN, None, False, []),
        (LINE, Activity(A.RESOLVED), BEN, ANNA, False, []),
    ],
)
def test_what_a_new_message_tells(
    direction: Direction,
    content: Content,
    author: DeviceId | None,
    assignee: DeviceId | None,
    opens: bool,
    expected: list[tuple[NoticeKind, DeviceId | None, DeviceId | None]],
) -> None:
    found = notices_of(
        message(direction, content, author), assignee=assignee, opens=opens, customer_name="Lena"
    )
    assert told(found) == expected
    for notice in found:
        assert notice.conversation_id == HERE
        assert notice.customer_name == "Lena"
        assert notice.event_id == EventId(b"event-----------")


def test_a_hand_over_note_travels_with_the_notice() -> None:
    [notice] = notices_of(
        message(LINE, Activity(A.TRANSFERRED, ANNA, "wants a call back"), BEN),
        assignee=ANNA,
        opens=False,
        customer_name="Lena",
    )
    assert notice.text == "wants a call back"
    assert addressed_to(notice, ANNA)
    assert not addressed_to(notice, BEN)


def line(kind: ActivityKind) -> Message:
    return message(LINE, Activity(kind), BEN)


CUSTOMER_SAID = message(IN, Text("hi"), CUSTOMER)
WE_SAID = message(OUT, Text("hello"), BEN)


@pytest.mark.parametrize(
    ("earlier", "expected"),
    [
        ([], True),  # the customer's first message
        ([CUSTOMER_SAID], False),
        ([CUSTOMER_SAID, WE_SAID], False),
        ([CUSTOMER_SAID, line(A.RESOLVED)], True),  # back after it was resolved
        ([CUSTOMER_SAID, line(A.RESOLVED), WE_SAID], True),
        ([CUSTOMER_SAID, line(A.SNOOZED)], True),
        ([CUSTOMER_SAID, line(A.PENDING)], True),
        ([CUSTOMER_SAID, line(A.RESOLVED), line(A.OPENED)], False),  # a colleague opened it
        ([CUSTOMER_SAID, line(A.SNOOZED), line(A.REOPENED)], False),  # the snooze ended
        ([CUSTOMER_SAID, line(A.RESOLVED), CUSTOMER_SAID], False),  # it reopened already
        ([CUSTOMER_SAID, line(A.RELEASED)], False),  # released, still open
        ([WE_SAID], False),  # the business wrote first (a template): not news
    ],
)
def test_when_a_customer_message_opens_the_conversation(
    earlier: list[Message], expected: bool
) -> None:
    assert opens_conversation(earlier) is expected
