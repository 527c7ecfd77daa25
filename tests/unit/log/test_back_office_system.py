"""Back-office systems told to the team (kind 36): every admin's desk lists a system another
admin gave a token, and sees its revocation; members may not say so; the secret never travels."""

from __future__ import annotations

import pytest

from app.domain.errors import EnvelopeRejected
from app.domain.model import Role
from app.log.events import BackOfficeSystemNoted
from app.log.registry import check_role
from app.store.records import AppliedRecord
from app.store.replica import Replica
from app.sync import codec
from tests.unit.log.helpers import apply
from tests.unit.store.builders import ANNA, LogBuilder, conversation_of

TOKEN = b"t" * 16
OTHER = b"o" * 16


def _noted(log: LogBuilder, noted: BackOfficeSystemNoted) -> AppliedRecord:
    subject = conversation_of("sb.team.token")
    return log.record(noted, author=ANNA, conversation_id=subject, subject="sb.team.t")


def test_it_survives_the_wire_and_carries_no_secret() -> None:
    noted = BackOfficeSystemNoted(TOKEN, "Shop ERP", 1_767_225_600, revoked=True)
    wire = codec.encode(noted, conversation_of("x"), 7)
    assert codec.decode(wire).event == noted
    assert set(BackOfficeSystemNoted.__dataclass_fields__) == {
        "token_id",
        "name",
        "at",
        "revoked",
    }


def test_only_an_admin_may_tell_the_team() -> None:
    check_role(BackOfficeSystemNoted(TOKEN, "Shop", 1), Role.ADMIN)
    with pytest.raises(EnvelopeRejected, match="kind-for-role"):
        check_role(BackOfficeSystemNoted(TOKEN, "Shop", 1), Role.MEMBER)


@pytest.mark.asyncio
async def test_a_desk_lists_what_any_admin_granted_and_revoked(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, _noted(log, BackOfficeSystemNoted(TOKEN, "Shop ERP", 100)))
    await apply(replica, _noted(log, BackOfficeSystemNoted(OTHER, "Warehouse", 200)))
    await apply(replica, _noted(log, BackOfficeSystemNoted(OTHER, "Warehouse", 300, revoked=True)))
    # A later grant of a revoked id does not bring it back.
    await apply(replica, _noted(log, BackOfficeSystemNoted(OTHER, "Warehouse", 400)))
    listed = await replica.back_office_systems()
    assert [(s.name, s.created_at, s.revoked_at) for s in listed] == [
        ("Shop ERP", 100, None),
        ("Warehouse", 200, 300),
    ]
