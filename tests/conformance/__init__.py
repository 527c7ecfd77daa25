"""A conformance corpus for both sides of Meta's wire format, written from cloud-api.md.

Data only, no test logic: the simulator's tests check that it emits and answers exactly these
shapes, and the gateway's tests can feed the same envelopes to its parser. Ids, timestamps
and names are fake.

- ``webhooks/<name>.json``: one full webhook POST body (§3-§5, §9) per file.
- ``sends/<name>.json``: one ``/messages`` case or template creation (§17): ``description``,
  ``given`` (preconditions: ``window`` open/closed, ``customer`` phone/username, ``media``
  MIME type to upload first, ``blocked_business``, ``promotions``, ``behaviour`` switches,
  ``sends_before``, ``template_status``), ``request`` (``method``, ``path``, ``body``,
  optional ``headers``) and ``response`` (``status`` and a full example ``body``). Strings
  may hold placeholders: ``${phone_number_id}``, ``${waba_id}``, ``${to}``, ``${wa_id}``,
  ``${recipient}``, ``${media_id}``, ``${inbound_wamid}``.

``shape.mismatches`` compares two JSON values by structure (same keys and JSON types,
constants such as ``type`` and ``status`` equal; ids and timestamps may differ).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent

__all__ = ["ROOT", "all_sends", "all_webhooks", "load_send", "load_webhook"]


def _load(kind: str, name: str) -> dict[str, Any]:
    path = ROOT / kind / f"{name}.json"
    if not path.is_file():
        raise KeyError(f"no {kind} case named {name!r}")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def load_webhook(name: str) -> dict[str, Any]:
    """One webhook envelope, e.g. ``load_webhook("voice")`` (a fresh copy each call).

    Raises:
        KeyError: If there is no such file.
    """
    return _load("webhooks", name)


def load_send(name: str) -> dict[str, Any]:
    """One send case, e.g. ``load_send("error_131047_window")``.

    Raises:
        KeyError: If there is no such file.
    """
    return _load("sends", name)


@cache
def _names(kind: str) -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in (ROOT / kind).glob("*.json")))


def all_webhooks() -> dict[str, dict[str, Any]]:
    """Every webhook envelope by name."""
    return {name: load_webhook(name) for name in _names("webhooks")}


def all_sends() -> dict[str, dict[str, Any]]:
    """Every send case by name."""
    return {name: load_send(name) for name in _names("sends")}
