"""Every send error of cloud-api.md §7's table, answered as Meta does (simulator side).

The common codes also have real causes tested elsewhere (window, blocks, limits, templates);
here each row is forced for one customer, so every code's shape and HTTP status is checked.
"""

from __future__ import annotations

import aiohttp
import pytest

from app.simulator import Simulator
from app.simulator.catalogue import CATALOGUE
from tests.unit.simulator.conftest import send_text, talking_customer

# cloud-api.md §7, "Typical HTTP statuses": 401 auth, 403 permission/policy, 429 Graph call
# limits (Meta's OpenAPI examples), 5xx outages, 400 for everything else.
EXPECTED_HTTP = {190: 401, 0: 401, 3: 403, 10: 403, 200: 403, 299: 403, 368: 403, 131031: 403,
                 4: 429, 17: 429, 80007: 429, 1: 500, 131000: 500, 2: 503, 131016: 503}  # fmt: skip
TABLE_ROWS = [
    131047, 131026, 131049, 131050, 131051, 131052, 131053, 131056, 130429, 131048, 80007, 4,
    17, 132000, 132001, 132005, 132007, 132012, 132015, 132016, 131008, 131009, 100, 190, 0, 3,
    10, 200, 299, 368, 131031, 131042, 131021, 131030, 131000, 131016, 1, 2, 131057, 133010,
    130472, 130497, 135000,
]  # fmt: skip


def test_the_catalogue_has_every_row_of_the_table() -> None:
    assert sorted(CATALOGUE) == sorted(TABLE_ROWS)


@pytest.mark.asyncio
@pytest.mark.parametrize("code", TABLE_ROWS)
async def test_a_forced_error_is_answered_in_metas_shape(
    sim: Simulator, http: aiohttp.ClientSession, code: int
) -> None:
    customer = await talking_customer(sim)
    sim.configure_customer(customer.user_id, forced_error=code)
    status, body = await send_text(http, sim, str(customer.wa_id))
    assert status == EXPECTED_HTTP.get(code, 400)
    error = body["error"]
    assert error["code"] == code
    assert error["fbtrace_id"]
    assert error["message"]
    if code == 190:
        assert "error_data" not in error  # Meta sends no details with 190
    else:
        assert error["error_data"]["details"]
        assert error["error_data"]["messaging_product"] == "whatsapp"
    # Only that customer: another one still gets through.
    other = await talking_customer(sim, name="Jonas B", wa_id="4915199999999")
    status, body = await send_text(http, sim, str(other.wa_id))
    assert status == 200
    assert body["messages"][0]["id"]


def test_an_unknown_code_cannot_be_forced() -> None:
    with pytest.raises(ValueError, match="not a §7 send error"):
        Simulator().configure(forced_error=424242)
