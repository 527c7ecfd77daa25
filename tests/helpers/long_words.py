"""A pseudo-translation that makes every UI word about 50% longer, as German often is.

Install it to check that layouts hold with long strings: words grow, placeholders (`%1`, `%n`)
and symbols stay as they are.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QTranslator

_WORD = re.compile(r"(?<![%\w])([^\W\d_]{2,})")


def lengthen(text: str) -> str:
    """ "Remove device" → "Removeove deviceice"."""
    return _WORD.sub(lambda m: m.group(1) + m.group(1)[-(len(m.group(1)) // 2) :], text)


class LongTranslator(QTranslator):
    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return lengthen(source)

    def isEmpty(self) -> bool:
        return False


def install() -> LongTranslator:
    translator = LongTranslator()
    QCoreApplication.installTranslator(translator)
    return translator


def remove(translator: LongTranslator) -> None:
    QCoreApplication.removeTranslator(translator)
