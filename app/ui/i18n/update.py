"""Bring the `.ts` translation sources in step with the texts in `app/ui`.

`python -m app.ui.i18n.update` (what `scripts/i18n-update` runs) lets PySide6's `lupdate` find
every `self.tr(...)`, `QCoreApplication.translate(...)` and `QT_TRANSLATE_NOOP(...)` text, then
settles what lupdate's Python reader cannot know, and merges the result into each `.ts`:

- a bare `tr("...")` at module level belongs to the context of the module's `tr` helper
  (`wording.tr` translates in "wording"), not to lupdate's empty context;
- a text with `%n` is a plural (numerus) message, whichever way `n` reaches Qt;
- translations already made are kept; a new text starts unfinished (with the translation of the
  same English text elsewhere as a suggestion, if there is one); texts gone from the code are
  dropped and listed.

`extract()` is also what the i18n tests compare the committed `.ts` against.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import PySide6

from app.ui.i18n.catalog import CATALOG_DIR, source_file

UI_DIR = CATALOG_DIR.parent
LANGUAGES = ("de",)
"""The translated languages (English is the source)."""

_HELPER_CONTEXT = re.compile(r"""translate\(\s*["'](\w+)["']\s*,\s*text\b""")


@dataclass(frozen=True, slots=True)
class Message:
    """One translatable text: its key (`context`, `source`, `comment`) and its translation."""

    context: str
    source: str
    comment: str = ""
    numerus: bool = False
    translations: tuple[str, ...] = ()
    """One string, or one per plural form when `numerus`."""
    finished: bool = False
    locations: tuple[tuple[str, int], ...] = ()

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.context, self.source, self.comment)


@dataclass
class Problems:
    """Texts whose runtime context lupdate cannot tell; the developer must fix the call."""

    unknown_context: list[Message] = field(default_factory=list)


def ui_sources(root: Path = UI_DIR) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def lupdate() -> Path:
    name = "lupdate.exe" if sys.platform == "win32" else "lupdate"
    return Path(PySide6.__file__).resolve().parent / name


def extract(sources: Sequence[Path] | None = None) -> tuple[list[Message], Problems]:
    """Every text lupdate finds in `sources` (all of `app/ui`), with runtime contexts."""
    sources = list(sources) if sources is not None else ui_sources()
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "fresh.ts"
        subprocess.run(
            [str(lupdate()), "-silent", "-locations", "absolute", *map(str, sources)]
            + ["-ts", str(fresh)],
            check=True,
            capture_output=True,
        )
        found = read_ts(fresh, locations_from=fresh.parent)
    return _settle_contexts(found, sources)


def _settle_contexts(
    found: Iterable[Message], sources: Sequence[Path]
) -> tuple[list[Message], Problems]:
    helpers = _helper_contexts(sources)
    classes = _class_names(sources)
    problems = Problems()
    settled: dict[tuple[str, str, str], Message] = {}
    for message in found:
        context = message.context
        if context in helpers:  # `wording.tr(...)` from another module
            context = helpers[context]
        elif not context:  # a module's own bare `tr(...)`
            files = {Path(f).stem for f, _ in message.locations}
            owners = {helpers.get(stem, "") for stem in files} - {""}
            context = owners.pop() if len(owners) == 1 else ""
        elif context not in classes and not _explicit(message, context):
            context = ""
        located = replace(
            message,
            context=context,
            numerus=message.numerus or "%n" in message.source,
            locations=tuple((_relative(f), line) for f, line in message.locations),
        )
        if not context:
            problems.unknown_context.append(located)
            continue
        earlier = settled.get(located.key)
        if earlier is not None:
            located = replace(earlier, locations=earlier.locations + located.locations)
        settled[located.key] = located
    return sorted(settled.values(), key=_order), problems


def _helper_contexts(sources: Sequence[Path]) -> dict[str, str]:
    """Module stem → context of its `tr` helper, for modules that define or import one."""
    own: dict[str, str] = {}
    for path in sources:
        text = path.read_text(encoding="utf-8")
        match = _HELPER_CONTEXT.search(text)
        if match and re.search(r"^def tr\(", text, re.MULTILINE):
            own[path.stem] = match.group(1)
    for path in sources:
        imported = _tr_imported_from(path)
        if imported in own and path.stem not in own:
            own[path.stem] = own[imported]
    return own


def _tr_imported_from(path: Path) -> str | None:
    """The module stem `tr` comes from in `from app.ui.<…>.<stem> import tr`, if any."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.ImportFrom)
            and (node.module or "").startswith("app.ui.")
            and any(alias.name == "tr" and alias.asname is None for alias in node.names)
        ):
            return (node.module or "").rsplit(".", 1)[-1]
    return None


def _class_names(sources: Sequence[Path]) -> set[str]:
    names: set[str] = set()
    for path in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names.update(node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef))
    return names


def _explicit(message: Message, context: str) -> bool:
    """Whether the context was written out (`translate("sas", …)`), not guessed from `x.tr`."""
    for filename, line in message.locations:
        lines = Path(filename).read_text(encoding="utf-8").splitlines()
        nearby = "\n".join(lines[max(0, line - 3) : line + 1])
        if re.search(
            rf"""(translate|QT_TRANSLATE_NOOP)\(\s*["']{re.escape(context)}["']""", nearby
        ):
            return True
    return False


def _relative(filename: str) -> str:
    path = Path(filename)
    try:
        return path.resolve().relative_to(UI_DIR).as_posix()
    except ValueError:
        return path.as_posix()


def _order(message: Message) -> tuple[str, str, int, str]:
    first = message.locations[0] if message.locations else ("", 0)
    return (message.context, first[0], first[1], message.source)


def merge(
    found: Iterable[Message], existing: Iterable[Message]
) -> tuple[list[Message], list[Message]]:
    """The new catalog: `found` with the translations of `existing`; and what was dropped."""
    known = {m.key: m for m in existing}
    by_source = {m.source: m for m in known.values() if m.finished and any(m.translations)}
    merged: list[Message] = []
    for message in found:
        old = known.pop(message.key, None)
        if old is not None:
            merged.append(
                replace(
                    message,
                    translations=_forms(old.translations, message.numerus),
                    finished=old.finished and old.numerus == message.numerus,
                )
            )
            continue
        hint = by_source.get(message.source)
        suggestion = _forms(hint.translations, message.numerus) if hint else ()
        merged.append(replace(message, translations=suggestion, finished=False))
    return merged, list(known.values())


def _forms(translations: tuple[str, ...], numerus: bool) -> tuple[str, ...]:
    if not translations:
        return ()
    if numerus:
        return translations if len(translations) > 1 else (translations[0], translations[0])
    return translations[:1]


def read_ts(path: Path, locations_from: Path | None = None) -> list[Message]:
    """The messages of a `.ts` file, obsolete ones left out.

    Locations are relative to `app/ui`, as `write_ts` expects them; with `locations_from` (the
    folder of lupdate's own output) they are absolute paths instead.
    """
    root = ET.parse(path).getroot()
    messages: list[Message] = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for element in context.iter("message"):
            translation = element.find("translation")
            kind = translation.get("type", "") if translation is not None else "unfinished"
            if kind in ("obsolete", "vanished"):
                continue
            forms = translation.findall("numerusform") if translation is not None else []
            texts = tuple(f.text or "" for f in forms) if forms else (_text(translation),)
            messages.append(
                Message(
                    context=name,
                    source=element.findtext("source") or "",
                    comment=element.findtext("comment") or "",
                    numerus=element.get("numerus") == "yes",
                    translations=texts if any(texts) else (),
                    finished=kind == "",
                    locations=tuple(
                        (
                            _location(loc.get("filename", ""), locations_from),
                            int(loc.get("line", "0")),
                        )
                        for loc in element.iter("location")
                    ),
                )
            )
    return messages


def _location(filename: str, base: Path | None) -> str:
    """A location as a catalog writes it ("../widgets/x.py", beside `i18n/`) made relative to
    `app/ui` again, so that reading and writing a catalog leaves it unchanged; or, from lupdate's
    output in `base`, the absolute path."""
    if base is not None:
        return str((base / filename).resolve())
    return filename.removeprefix("../")


def _text(element: ET.Element | None) -> str:
    return (element.text or "") if element is not None else ""


def write_ts(path: Path, language: str, messages: Sequence[Message]) -> None:
    """Write `messages` as a Qt Linguist `.ts` file, in lupdate's layout."""
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        "<!DOCTYPE TS>",
        f'<TS version="2.1" language="{language}" sourcelanguage="en">',
    ]
    contexts = sorted({m.context for m in messages})
    for context in contexts:
        lines += ["<context>", f"    <name>{_escape(context)}</name>"]
        for message in (m for m in messages if m.context == context):
            lines += _message_lines(message)
        lines.append("</context>")
    lines.append("</TS>")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _message_lines(message: Message) -> list[str]:
    numerus = ' numerus="yes"' if message.numerus else ""
    lines = [f"    <message{numerus}>"]
    for filename, line in message.locations:
        lines.append(f'        <location filename="../{_escape(filename)}" line="{line}"/>')
    lines.append(f"        <source>{_escape(message.source)}</source>")
    if message.comment:
        lines.append(f"        <comment>{_escape(message.comment)}</comment>")
    state = "" if message.finished else ' type="unfinished"'
    if message.numerus:
        lines.append(f"        <translation{state}>")
        forms = message.translations or ("", "")
        lines += [f"            <numerusform>{_escape(f)}</numerusform>" for f in forms]
        lines.append("        </translation>")
    else:
        text = message.translations[0] if message.translations else ""
        lines.append(f"        <translation{state}>{_escape(text)}</translation>")
    lines.append("    </message>")
    return lines


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&apos;")
    )


def update(languages: Sequence[str] = LANGUAGES) -> int:
    """Update every `.ts`; prints what changed. Returns 1 if a text has no knowable context."""
    found, problems = extract()
    for message in problems.unknown_context:
        where = ", ".join(f"{f}:{line}" for f, line in message.locations)
        print(
            f"{where}: cannot tell the context of {message.source!r}: call self.tr() in the "
            'class, or QCoreApplication.translate("ClassName", ...)',
            file=sys.stderr,
        )
    for language in languages:
        path = source_file(language)
        existing = read_ts(path) if path.is_file() else []
        merged, dropped = merge(found, existing)
        write_ts(path, language, merged)
        todo = sum(not m.finished for m in merged)
        print(f"{path.name}: {len(merged)} texts, {todo} to translate, {len(dropped)} dropped")
        for message in dropped:
            print(f"  dropped [{message.context}] {message.source!r}")
    return 1 if problems.unknown_context else 0


if __name__ == "__main__":
    sys.exit(update())
