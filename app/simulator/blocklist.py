"""The business's block list (cloud-api.md §8 ``/{phone-id}/block_users``).

Blocked users' messages are dropped, never delivered to the webhook. As at Meta, only users
who wrote within the last 24 hours can be blocked; others land in ``failed_users`` with the
re-engagement error. Response shapes follow pywa's reading of Meta's reference (*pywa*).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from typing import Any

from app.simulator import checks, errors
from app.simulator.config import SimulatorConfig
from app.simulator.errors import invalid_parameter
from app.simulator.state import Customer, SimState

_SEPARATORS = re.compile(r"[\s\-()+]")
MAX_PAGE = 100


class BlockList:
    """Blocks and unblocks customers for the business."""

    def __init__(self, config: SimulatorConfig, state: SimState, clock: Callable[[], float]):
        """Work on the simulator's customers."""
        self._config = config
        self._state = state
        self._clock = clock

    def change(self, body: Any, *, block: bool) -> dict[str, Any]:
        """Handle ``POST`` (block) or ``DELETE`` (unblock) ``/{phone-id}/block_users``.

        Raises:
            GraphError: Code 100 for a malformed body.
        """
        done: list[dict[str, Any]] = []
        failed: list[dict[str, Any]] = []
        for raw, key in _entries(body):
            if key.startswith("+"):
                customer = self._state.by_wa_id(key[1:])
            else:
                customer = self._state.by_user_id(key)
            error = self._refusal(customer, block)
            if error is not None:
                failed.append({"input": raw, "errors": [_user_error(error)]})
                continue
            assert customer is not None
            self._state.flags(customer.user_id).blocked_by_business = block
            done.append(_echo(raw, customer))
        result: dict[str, Any] = {"added_users" if block else "removed_users": done}
        if failed:
            result["failed_users"] = failed
        return {"messaging_product": "whatsapp", "block_users": result}

    def listing(self, limit: str | None, after: str | None) -> dict[str, Any]:
        """``GET /{phone-id}/block_users``: one page of blocked users with cursors."""
        blocked = [
            c for c in self._state.customers() if self._state.flags(c.user_id).blocked_by_business
        ]
        start = _decode_cursor(after) if after else 0
        size = min(int(limit), MAX_PAGE) if limit and limit.isdigit() and int(limit) else 25
        page = blocked[start : start + size]
        data = []
        for customer in page:
            item: dict[str, Any] = {"messaging_product": "whatsapp"}
            if customer.wa_id is not None:
                item["wa_id"] = customer.wa_id
            item["user_id"] = customer.user_id
            data.append(item)
        result: dict[str, Any] = {"data": data}
        if page:
            cursors = {"before": _cursor(start), "after": _cursor(start + len(page))}
            result["paging"] = {"cursors": cursors}
        return result

    def _refusal(self, customer: Customer | None, block: bool) -> errors.GraphError | None:
        if customer is None:
            return errors.GraphError(
                errors.BLOCK_FAILED, "Failed to block/unblock user", "Invalid user."
            )
        last = self._state.last_inbound(customer.user_id)
        if block and (last is None or self._clock() - last > self._config.csw_seconds):
            return errors.reengagement()
        return None


def _entries(body: Any) -> list[tuple[str, str]]:
    """(input as given, lookup key): ``+digits`` for phone numbers, else the BSUID."""
    if not isinstance(body, dict) or body.get("messaging_product") != "whatsapp":
        raise errors.invalid_parameter("The parameter messaging_product is required.")
    checks.no_unknown_keys(body, {"messaging_product", "block_users"}, "$")
    users = checks.array(body.get("block_users"), "block_users", 1, 1000)
    entries = []
    for n, value in enumerate(users):
        entry = checks.obj(value, f"block_users[{n}]", {"user", "user_id"})
        if len(entry) != 1:
            raise invalid_parameter(f"Param block_users[{n}] needs exactly one of user, user_id.")
        if "user" in entry:
            raw = str(checks.text(entry["user"], f"block_users[{n}]['user']", 32))
            entries.append((raw, "+" + _SEPARATORS.sub("", raw)))
        else:
            raw = str(checks.text(entry["user_id"], f"block_users[{n}]['user_id']", 64))
            entries.append((raw, raw))
    return entries


def _echo(raw: str, customer: Customer) -> dict[str, Any]:
    if customer.wa_id is not None and raw != customer.user_id:
        return {"input": raw, "wa_id": customer.wa_id}
    return {"input": raw, "user_id": customer.user_id}


def _user_error(error: errors.GraphError) -> dict[str, Any]:
    return {
        "message": error.title,
        "code": error.code,
        "error_data": {"details": error.details or error.title},
    }


def _cursor(index: int) -> str:
    return base64.urlsafe_b64encode(f"idx:{index}".encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        return max(0, int(text.removeprefix("idx:")))
    except (ValueError, UnicodeDecodeError):
        raise errors.invalid_parameter("Param after is not a valid cursor.") from None
