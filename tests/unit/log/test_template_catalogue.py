"""TemplateCatalogue: the gateway's template list survives the wire; desks keep the newest."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.crypto.encoding import Reader, Writer
from app.crypto.errors import DecodeError
from app.domain.ids import NO_CONVERSATION
from app.domain.templates import (
    MAX_TEMPLATES,
    ButtonKind,
    ParamFormat,
    TemplateButtonDef,
    TemplateDef,
)
from app.log.events import TemplateCatalogue
from app.log.kinds.template_catalogue import SPEC
from app.log.template_codec import write_def
from app.store.replica import Replica
from app.sync import codec
from tests.unit.log.helpers import apply
from tests.unit.store.builders import LogBuilder

ORDER = TemplateDef(
    "order_update",
    "en_US",
    "UTILITY",
    "APPROVED",
    ParamFormat.POSITIONAL,
    "TEXT",
    "Order {{1}}",
    "Hi {{1}}, your order {{2}} is on its way.",
    "Acme Support",
    (
        TemplateButtonDef(ButtonKind.URL, "Track", "https://t.example/{{1}}"),
        TemplateButtonDef(ButtonKind.QUICK_REPLY, "Stop"),
    ),
)
PROMO = TemplateDef(
    "spring", "de", "MARKETING", "PAUSED", ParamFormat.NAMED, "", "", "Hallo {{name}}", "", ()
)


def test_a_catalogue_survives_the_wire() -> None:
    event = TemplateCatalogue((ORDER, PROMO), 1_234)
    assert codec.decode(codec.encode(event, NO_CONVERSATION, 7)).event == event


def test_quality_scores_survive_the_wire_and_older_catalogues_still_read() -> None:
    rated = TemplateCatalogue((replace(ORDER, quality="YELLOW"), PROMO), 9)
    assert codec.decode(codec.encode(rated, NO_CONVERSATION, 7)).event == rated
    older = Writer().items(rated.templates, lambda t, out: write_def(out, t)).u64(9)
    assert SPEC.read(Reader(older.getvalue())) == TemplateCatalogue((ORDER, PROMO), 9)


def test_a_catalogue_longer_than_the_cap_is_refused() -> None:
    event = TemplateCatalogue((PROMO,) * (MAX_TEMPLATES + 1), 1)
    with pytest.raises(DecodeError):
        codec.decode(codec.encode(event, NO_CONVERSATION, 7))


@pytest.mark.asyncio
async def test_the_newest_catalogue_is_kept_whatever_the_order(
    replica: Replica, log: LogBuilder
) -> None:
    assert await replica.templates() == ()
    newer = log.record(TemplateCatalogue((ORDER, PROMO), 2_000))
    older = log.record(TemplateCatalogue((PROMO,), 1_000))
    await apply(replica, newer)
    assert await replica.templates() == (ORDER, PROMO)
    await apply(replica, older)  # arrives later in the log but was read earlier
    assert await replica.templates() == (ORDER, PROMO)
    rated = (replace(ORDER, quality="GREEN"), PROMO)
    await apply(replica, log.record(TemplateCatalogue(rated, 2_500)))
    assert await replica.templates() == rated
    await apply(replica, log.record(TemplateCatalogue((), 3_000)))
    assert await replica.templates() == ()


@pytest.mark.asyncio
async def test_a_new_catalogue_is_announced_as_a_change(replica: Replica, log: LogBuilder) -> None:
    changes = await replica.apply_batch([log.record(TemplateCatalogue((ORDER,), 5))], 1)
    assert changes.templates_changed
    stale = await replica.apply_batch([log.record(TemplateCatalogue((PROMO,), 4))], 2)
    assert not stale.templates_changed
