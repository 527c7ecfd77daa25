"""`switchboard notify --bulk`'s CSV: what a spreadsheet saves, read or refused in a sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli_args import UsageError
from app.gateway.notify_client import read_recipients


def test_a_header_and_two_recipients(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("number,name\n+49 151 1234567,Lena\n4915100000002,Jonas\n", encoding="utf-8")
    assert read_recipients(path) == [("491511234567", ["Lena"]), ("4915100000002", ["Jonas"])]


def test_a_file_saved_as_windows_1252_is_refused_in_words(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes("4915112345678,Müller\n".encode("cp1252"))
    with pytest.raises(UsageError, match="is not UTF-8 text: save it as UTF-8"):
        read_recipients(path)
