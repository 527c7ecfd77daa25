"""A customer's pick from the menu labels their conversation (issue 12 item 5).

The menu's rows carry `route_id(label)`; the pick comes back as an ordinary list reply in a
`CustomerMessage`. Every desk folds it the same way, with no event of its own, so the label is
on the conversation on every desk even when nobody was online: a label unknown or deleted at
the reply's place in the log is not applied (as for `ConversationLabelled`), and a reply whose
id is no menu row changes nothing.
"""

from __future__ import annotations

from app.domain.content import Content
from app.domain.ids import ConversationId
from app.domain.menu import chosen_label
from app.log.state import BatchState, Keys


def add_keys(keys: Keys, content: Content) -> None:
    """A menu pick needs the team's labels loaded to check its label."""
    if chosen_label(content) is not None:
        keys.labels = True


def fold(state: BatchState, conversation_id: ConversationId, content: Content) -> bool:
    """Put the chosen label on the conversation; whether it was put."""
    label_id = chosen_label(content)
    if label_id is None:
        return False
    label = state.lists.labels.get(label_id)
    if label is None or label.deleted:
        return False
    state.lists.marks[(conversation_id, label_id)] = True
    state.touched.add(conversation_id)
    return True
