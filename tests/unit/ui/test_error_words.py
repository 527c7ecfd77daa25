"""Every error the services can raise reaches the agent as its own sentence (issue 7, item 11).

"Something went wrong (user)" reached agents because services raised bare `UserFault`s and
`describe_error` fell through to the code. This walks every `SwitchboardError` subclass the desk
can meet and every send outcome code, and fails on the generic fallbacks.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import app
from app.domain import send_codes
from app.domain.content import ContentKind
from app.domain.errors import DataFault, EnvironmentFault, SwitchboardError, UserFault
from app.domain.send_codes import SendOutcomeKind
from app.services.media_rules import FileRefused
from app.ui import wording

_DESK_PACKAGES = ("domain", "crypto", "log", "store", "sync", "services", "system", "desk")
"""Where errors an agent can meet are defined (not the gateway's or the simulator's own)."""

_BASES = (SwitchboardError, EnvironmentFault, DataFault, UserFault)
"""The abstract roots: never raised bare (see test_no_bare_base_is_raised)."""

_ARGUMENTS: dict[str, tuple[object, ...]] = {
    "EnvelopeRejected": ("parse",),
    "DecodeError": ("short",),
    "StaleWrite": ("sb.t.ev.x", 1, 2),
    "NewMessagesArrived": (7,),
    "FileTooLarge": (ContentKind.IMAGE, 5_000_000),
    "CaptionTooLong": (ContentKind.IMAGE,),
    # Refusals carry the rule they broke; each rule has its sentence (`handling_words`).
    "HandoverRefused": ("no-target",),
    "StateRefused": ("same-state",),
    "NoteRefused": ("note-empty",),
}


def _desk_error_classes() -> list[type[SwitchboardError]]:
    root = Path(app.__file__).parent
    for package in _DESK_PACKAGES:
        if not (root / package).is_dir():
            continue
        importlib.import_module(f"app.{package}")
        for module in pkgutil.walk_packages([str(root / package)], f"app.{package}."):
            importlib.import_module(module.name)
    found: list[type[SwitchboardError]] = []
    pending: list[type[SwitchboardError]] = [SwitchboardError]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls not in _BASES and cls.__module__.startswith("app."):
            found.append(cls)
    return sorted(set(found), key=lambda cls: cls.__qualname__)


def _instance(cls: type[SwitchboardError]) -> SwitchboardError:
    arguments = _ARGUMENTS.get(cls.__name__)
    if arguments is None and issubclass(cls, FileRefused):
        arguments = (ContentKind.IMAGE,)
    return cls(*(arguments or ("detail for the log",)))


def _fallbacks() -> set[str]:
    return {wording.describe_error(base("x")) for base in _BASES}


ERROR_CLASSES = _desk_error_classes()


def test_the_walk_finds_the_error_tree() -> None:
    names = {cls.__name__ for cls in ERROR_CLASSES}
    assert {"AlreadyClaimed", "ReplyInvalid", "ConversationUnknown", "StaleWrite"} <= names
    assert {"HubAccessDenied", "FileTooLarge", "MediaDamaged", "BadSignature"} <= names
    assert len(_fallbacks()) == len(_BASES)  # one sentence per root, none the same


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda cls: cls.__name__)
def test_every_error_has_its_own_sentence(cls: type[SwitchboardError]) -> None:
    text = wording.describe_error(_instance(cls))
    assert text not in _fallbacks(), f"{cls.__name__} ({cls.code}) reaches the agent as {text!r}"
    assert cls.code not in text  # a code is for the log, not for people
    assert text.endswith((".", "…"))
    assert len(text) > 20


def test_no_bare_base_is_raised() -> None:
    """A bare `UserFault("…")` has the code "user", which no sentence can explain."""
    bare = re.compile(r"raise (SwitchboardError|EnvironmentFault|DataFault|UserFault)\(")
    root = Path(app.__file__).parent
    offenders = [
        f"{path.relative_to(root.parent)}:{number}"
        for path in root.rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if bare.search(line)
    ]
    assert offenders == []


_GRAPH_CODES = sorted(set(send_codes._CODES) | {codes.start for codes, _rule in send_codes._RANGES})


@pytest.mark.parametrize("code", _GRAPH_CODES)
def test_every_known_send_code_says_why(code: int) -> None:
    text = wording.failure_reason(code)
    generic = wording.failure_reason(987_654)  # a code nobody knows
    assert text != generic.replace("987654", str(code))


@pytest.mark.parametrize(
    "kind", [k for k in SendOutcomeKind if k not in (SendOutcomeKind.ACCEPTED,)]
)
def test_every_send_outcome_kind_has_words(kind: SendOutcomeKind) -> None:
    codes = [code for code in _GRAPH_CODES if send_codes.rule_for(code).kind is kind]
    assert codes, f"no code of kind {kind.value} to check"
    for code in codes:
        assert not wording.failure_reason(code).startswith("Not delivered (error")
