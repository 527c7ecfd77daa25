"""`quick_init` builds the same values as the dataclass's own `__init__`, still frozen."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pytest

from app.domain.frozen import quick_init


def _both() -> tuple[type, type]:
    """The same class twice: once as `dataclass` made it, once with `quick_init`."""

    def make() -> type:
        @dataclass(frozen=True, slots=True)
        class Value:
            number: int
            items: list[int] = field(default_factory=list)
            scale: int = 3
            fixed: int = field(default=9, init=False)
            label: str = field(default="a", kw_only=True)

            def __post_init__(self) -> None:
                object.__setattr__(self, "scale", self.scale * 2)

        return Value

    return make(), quick_init(make())


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((1,), {}),
        ((1, [2], 4), {"label": "b"}),
        ((), {"number": 5, "scale": 1}),
        ((1,), {"items": [7, 8]}),
    ],
)
def test_the_same_fields_as_the_generated_init(
    args: tuple[object, ...], kwargs: dict[str, object]
) -> None:
    plain, quick = _both()
    expected = dataclasses.astuple(plain(*args, **kwargs))
    assert dataclasses.astuple(quick(*args, **kwargs)) == expected


def test_each_default_factory_runs_per_instance() -> None:
    _, quick = _both()
    first, second = quick(1), quick(2)
    assert first.items == []
    assert first.items is not second.items


def test_the_same_errors_for_wrong_arguments() -> None:
    plain, quick = _both()
    for cls in (plain, quick):
        with pytest.raises(TypeError):
            cls()  # the required field is missing
        with pytest.raises(TypeError):
            cls(1, [], 3, "b")  # `label` is keyword-only
        with pytest.raises(TypeError):
            cls(1, fixed=2)  # not a parameter


def test_instances_stay_frozen_and_replace_works() -> None:
    _, quick = _both()
    value = quick(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.number = 2
    assert dataclasses.replace(value, number=4).number == 4


def test_refuses_classes_it_cannot_serve() -> None:
    @dataclass(slots=True)
    class Mutable:
        number: int

    @dataclass(frozen=True)
    class NoSlots:
        number: int

    with pytest.raises(TypeError, match="frozen"):
        quick_init(Mutable)
    with pytest.raises(TypeError, match="slot"):
        quick_init(NoSlots)


def test_refuses_a_class_whose_init_is_not_the_generated_one() -> None:
    @dataclass(frozen=True, slots=True)
    class OwnInit:
        number: int

        def __init__(self, raw: str) -> None:
            object.__setattr__(self, "number", int(raw))

    @dataclass(frozen=True, slots=True, init=False)
    class NoInit:
        number: int = 1

    for cls in (OwnInit, NoInit):
        with pytest.raises(TypeError, match="generated __init__"):
            quick_init(cls)


def _family(quick: bool) -> type:
    """A parent and a child, both decorated or both not, like `AppliedRecord` and `Accepted`:
    the child adds defaulted fields, the parent sets a compare=False field after init."""
    wrap = quick_init if quick else (lambda cls: cls)

    @wrap
    @dataclass(frozen=True, slots=True)
    class Parent:
        raw: bytes
        digest: int = field(default=0, compare=False, init=False)

        def __post_init__(self) -> None:
            object.__setattr__(self, "digest", len(self.raw))

    @wrap
    @dataclass(frozen=True, slots=True)
    class Child(Parent):
        note: str | None = None
        extra: list[int] = field(default_factory=list)

    return Child


def test_a_decorated_child_of_a_decorated_parent_builds_the_same_values() -> None:
    plain, quick = _family(quick=False), _family(quick=True)
    for args, kwargs in (((b"abc",), {}), ((b"x", "n"), {"extra": [1]})):
        made, expected = quick(*args, **kwargs), plain(*args, **kwargs)
        assert dataclasses.astuple(made) == dataclasses.astuple(expected)
        assert made.digest == expected.digest == len(args[0])
