"""Structural comparison of JSON values: the same keys and types, not the same ids."""

from __future__ import annotations

from typing import Any

CONSTANT_KEYS = frozenset(
    {
        "object", "field", "messaging_product", "type", "status", "category", "pricing_model",
        "billable", "code", "voice", "animated", "event", "decision", "value", "source_type",
        "media_type", "forwarded", "frequently_forwarded", "message_status", "success",
    }
)  # fmt: skip
"""Keys whose string or boolean values must be equal too: they select behaviour."""


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if value is None:
        return "null"
    return {str: "string", list: "array", dict: "object"}.get(type(value), type(value).__name__)


def mismatches(expected: Any, actual: Any, path: str = "$") -> list[str]:
    """Every structural difference between ``expected`` and ``actual``.

    Objects must have the same keys; arrays the same length, compared element by element;
    scalars the same JSON type; and the values of ``CONSTANT_KEYS`` must be equal.

    Returns:
        Human-readable differences, empty when the shapes agree.
    """
    if _kind(expected) != _kind(actual):
        return [f"{path}: expected {_kind(expected)}, got {_kind(actual)}"]
    if isinstance(expected, dict):
        problems = [f"{path}: missing key {k!r}" for k in expected.keys() - actual.keys()]
        problems += [f"{path}: unexpected key {k!r}" for k in actual.keys() - expected.keys()]
        for key in expected.keys() & actual.keys():
            sub = f"{path}.{key}"
            problems += mismatches(expected[key], actual[key], sub)
            constant = isinstance(expected[key], str | bool) and key in CONSTANT_KEYS
            if constant and expected[key] != actual[key]:
                problems.append(f"{sub}: expected {expected[key]!r}, got {actual[key]!r}")
        return sorted(problems)
    if isinstance(expected, list):
        if len(expected) != len(actual):
            return [f"{path}: expected {len(expected)} elements, got {len(actual)}"]
        return [
            p
            for n, (e, a) in enumerate(zip(expected, actual, strict=True))
            for p in mismatches(e, a, f"{path}[{n}]")
        ]
    return []
