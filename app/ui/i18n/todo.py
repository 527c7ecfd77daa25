"""The texts still to translate, as a JSON file to fill in, and filling them into the catalog.

For translating without Qt Linguist (`scripts/i18n-update --todo FILE`, then `--fill FILE`):

    {"DeskWindow|&Quit": "", "notifications|%n unread conversations": ["", ""]}

Each key is `context|English source`; a plural (`%n`) takes a list of forms (German: singular,
plural). A suggestion from the same English text elsewhere is filled in already. `--fill` takes
the entries with a non-empty translation and marks them finished; empty ones stay to do.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from app.ui.i18n.catalog import source_file
from app.ui.i18n.update import Message, read_ts, write_ts


def _key(message: Message) -> str:
    return f"{message.context}|{message.source}"


def todo(language: str) -> dict[str, str | list[str]]:
    """Every unfinished text of `language`'s catalog, with its suggestion if any."""
    entries: dict[str, str | list[str]] = {}
    for message in read_ts(source_file(language)):
        if message.finished:
            continue
        if message.numerus:
            entries[_key(message)] = list(message.translations or ("", ""))
        else:
            entries[_key(message)] = message.translations[0] if message.translations else ""
    return entries


def fill(language: str, translations: dict[str, str | list[str]]) -> tuple[int, list[str]]:
    """Write `translations` into the catalog; returns how many were filled and the keys that
    match no text."""
    path = source_file(language)
    messages = read_ts(path)
    known = {_key(m) for m in messages}
    filled = 0
    result: list[Message] = []
    for message in messages:
        given = translations.get(_key(message))
        forms = tuple(given) if isinstance(given, list) else (given,) if given else ()
        if forms and all(forms) and len(forms) == (2 if message.numerus else 1):
            message = replace(message, translations=forms, finished=True)
            filled += 1
        result.append(message)
    write_ts(path, language, result)
    return filled, sorted(set(translations) - known)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/i18n-update", description=__doc__)
    parser.add_argument("--lang", default="de")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--todo", type=Path, help="write the texts to translate to this file")
    action.add_argument("--fill", type=Path, help="fill the translations in this file")
    args = parser.parse_args(argv)
    if args.todo is not None:
        entries = todo(args.lang)
        text = json.dumps(entries, ensure_ascii=False, indent=1)
        args.todo.write_text(text + "\n", encoding="utf-8")
        print(f"{len(entries)} texts to translate written to {args.todo}")
        return 0
    translations = json.loads(args.fill.read_text(encoding="utf-8"))
    filled, unknown = fill(args.lang, translations)
    print(f"{filled} translations filled in; {len(todo(args.lang))} left to translate")
    for key in unknown:
        print(f"  no such text: {key}", file=sys.stderr)
    return 1 if unknown else 0


if __name__ == "__main__":
    sys.exit(main())
